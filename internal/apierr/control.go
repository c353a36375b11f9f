package apierr

// New defines an error outside the S3 catalogue (S3 Control, KMS, ...).
// Like the catalogue entries, the value is a template: use With* copies.
func New(code string, status int, msg string) *Error { return def(code, status, msg) }
