// Package acl is S3's legacy access control list model: grants of five
// permissions to canonical users and the predefined groups, the canned
// ACLs, the x-amz-grant-* request headers, the AccessControlPolicy XML
// document, the stored form kept with buckets and object versions, Object
// Ownership settings, "is this ACL public" (the Block Public Access
// analysis) and which ACL permission an IAM action needs.
//
// It decides nothing about requests: the authorizer (internal/access) turns
// a matching grant into an allow of the resource owner's context, beside
// policies. It is level 0: pure, no I/O, no clock. It imports only the
// standard library and internal/apierr; it must not import the policy
// engine, stores, the engine or HTTP handlers.
package acl
