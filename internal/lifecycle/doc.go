// Package lifecycle is S3's bucket lifecycle: the LifecycleConfiguration
// document (parsed and validated as PutBucketLifecycleConfiguration does,
// with S3's errors, and rendered for GetBucketLifecycleConfiguration), and
// the decisions it implies: which rules match an object, when an object
// expires (for the x-amz-expiration header), and which versions, delete
// markers and multipart uploads are due for removal at a given time.
//
// It is level 0: pure, no I/O, no clock (the caller passes the time and
// the length of a day). It imports only the standard library,
// internal/apierr and internal/s3xml; the engine applies its decisions.
package lifecycle
