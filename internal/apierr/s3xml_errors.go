package apierr

// Errors of S3's tagging rules, raised by internal/s3xml. AWS answers an
// over-long tag set with the generic BadRequest code.
var (
	TooManyObjectTags    = def("BadRequest", 400, "Object tags cannot be greater than 10")
	TooManyBucketTags    = def("BadRequest", 400, "Bucket tag count cannot be greater than 50")
	InvalidTaggingHeader = def("InvalidArgument", 400, "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.")
)
