// Package sigv4 verifies AWS request signatures in every form S3 clients
// use — Signature Version 4 in the Authorization header, presigned query
// strings, aws-chunked streaming bodies (signed chunks, signed and unsigned
// trailers) and the legacy Signature Version 2 — and signs requests the same
// way for tests and tools.
//
// It is pure (level 0): no I/O beyond reading the body stream it is handed,
// no clock (callers pass now), no storage and no secret lookup (callers pass
// the secret or the derived signing key, which they cache per key and day).
// It imports only the standard library and internal/apierr; every error that
// can reach a client is an *apierr.Error carrying AWS's code, message and
// extra elements.
//
// Canonicalisation follows S3, not the generic SigV4 rules: the path is
// encoded once and never normalised ("." and ".." and "//" are kept), and
// the same code builds canonical requests for the verifier and the signer.
//
// Must not import: any other internal package, net/http handlers' packages,
// storage, logging or metrics.
package sigv4
