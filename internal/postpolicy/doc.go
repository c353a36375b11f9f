// Package postpolicy holds the pure pieces of S3's browser POST upload: the
// streaming multipart/form-data reader that stops at the file part (fields
// before it are bounded, as S3 bounds them; the file is never buffered), the
// POST policy document parser (S3's JSON dialect: "\$" and "\v" escapes,
// simple and list conditions), the condition matcher with S3's messages
// ("Invalid according to Policy: ..."), and the SigV4 and SigV2 policy
// signatures.
//
// It is level 0: no clock (callers pass now), no storage, no secret lookup
// (callers pass the derived signing key or the secret). It imports only the
// standard library and internal/apierr; every error that can reach a client
// is an *apierr.Error.
package postpolicy
