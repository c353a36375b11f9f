// Package cors is S3's bucket CORS: the CORSConfiguration document (parsed
// and validated as PutBucketCors does, with S3's errors, and rendered for
// GetBucketCors), and the matching of a request against its rules: the
// first rule whose origin, method and (for a preflight) requested headers
// match decides, and yields the Access-Control-* response headers S3 sends.
//
// It is level 0: pure, no I/O, no clock. It imports only the standard
// library, internal/apierr and internal/s3xml (the strict XML decoder); it
// must not import HTTP handlers, the engine or stores.
package cors
