// Package kmsapi serves the AWS KMS JSON API (X-Amz-Target:
// TrentService.<Operation>, application/x-amz-json-1.1, SigV4 scope "kms")
// on the shared listener: it decodes requests (size-capped, strict types),
// authenticates them, asks internal/kms for keys and key-policy decisions,
// and writes JSON results and AWS's JSON errors.
//
// Level 4: it must not import the engine, the S3 handler or storage
// packages directly.
package kmsapi
