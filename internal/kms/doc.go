// Package kms is the built-in key management service behind both the AWS
// KMS JSON API (internal/kmsapi) and S3's SSE-KMS (internal/s3api and the
// engine): it resolves key ids, ARNs and aliases, evaluates key policies
// through the one authorizer (internal/access) with AWS's rule that a key
// policy must allow by itself, checks key states, creates AWS managed keys
// (aws/s3) on first use, and makes and opens data keys.
//
// Level 3: it may import keys, access, iam, policy, arn and apierr; it must
// not import HTTP handler packages or the engine.
package kms
