package apierr

// Errors raised by internal/sigv4 that the S3 catalogue lacked.
var (
	// MalformedTrailerError is S3's answer to an aws-chunked trailer section
	// that is not "name:value" lines, or names other than x-amz-trailer declared.
	MalformedTrailerError = def("MalformedTrailerError", 400, "The request contained trailing data that was not well-formed or did not conform to our published schema.")
)
