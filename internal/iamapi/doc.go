// Package iamapi is the IAM HTTP handler: the AWS query protocol on the
// shared listener (SigV4 scope "iam"). Each call is read (bounded),
// authenticated, decoded, authorized once through the one authorizer with
// the action and resource its table entry declares, and only then run
// against internal/iam; results and errors are written as IAM's XML.
//
// It works on the caller's own account. It must not import the S3
// handler, the engine or storage packages; identities go through
// internal/iam, decisions through internal/access (and, for the policy
// simulator, the same evaluator internal/authz).
package iamapi
