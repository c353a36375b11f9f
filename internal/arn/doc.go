// Package arn parses, formats and wildcard-matches Amazon Resource Names
// (arn:partition:service:region:account:resource) and knows the shapes Coffer
// serves: S3 buckets, objects and access points, IAM entities, STS sessions
// and KMS keys and aliases.
//
// It is level 0 vocabulary: pure, no I/O, no clock. It imports only the
// standard library (not even internal/apierr: callers decide which API error
// a malformed ARN becomes, since S3, IAM and KMS word it differently).
// Parsing and matching do not allocate: parsed fields are substrings of the
// input.
package arn
