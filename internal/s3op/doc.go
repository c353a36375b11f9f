// Package s3op is the closed set of S3 operations and the pure request
// classifier: from method, bucket, key and query it names the operation, and
// every operation declares the IAM action(s) and the kind of resource it
// acts on. Nothing reaches a handler without an entry here, and a test walks
// the table to prove each entry has an action and a resource.
//
// It is level 0: it imports only the standard library and apierr.
package s3op
