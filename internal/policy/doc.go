// Package policy is the IAM policy language: it parses and validates policy
// documents once (with the error codes and messages of the API that received
// them: IAM, STS, S3 or KMS), compiles them into a form that evaluates
// without allocating, evaluates one policy against one request, and answers
// S3's question "is this policy public?".
//
// Combining several policies into an access decision (identity policies,
// boundaries, session policies, resource policies, ...) is internal/authz's
// job, not this package's.
//
// It is level 0: pure, no I/O, no clock (the request time arrives in the
// Context). It imports only the standard library and internal/apierr; in
// particular it does not import internal/arn, so that the two vocabularies
// stay independent (it splits ARNs itself, which is a few lines).
//
// Performance contract: Context setters, NewResource and Evaluate do not
// allocate in steady state (a reused Context); NewAction allocates only when
// its argument has upper-case letters, so callers intern their actions once.
package policy
