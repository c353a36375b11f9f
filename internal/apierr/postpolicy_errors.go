package apierr

// Errors of browser POST uploads and CORS as S3 sends them on the wire.
// Where S3's error table and its observed answers differ, these follow the
// answers: a non-multipart POST is 412 PreconditionFailed with a Condition
// element, the pre-file limit's code lacks the table's "Error" suffix (and
// its message keeps S3's spelling), and a form without a file is
// InvalidArgument naming "file".
var (
	// PostNotMultipart is the answer to a bucket POST that is not
	// multipart/form-data.
	PostNotMultipart = def("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold")
	// MaxPostPreDataLengthExceeded: the fields before the file part passed
	// S3's 20 KB limit.
	MaxPostPreDataLengthExceeded = def("MaxPostPreDataLengthExceeded", 400, "Your POST request fields preceeding the upload file was too large.")
	// PostPolicyDenied is the 403 of a form that breaks its policy; the
	// message says how ("Invalid according to Policy: ...").
	PostPolicyDenied = def("AccessDenied", 403, "Invalid according to Policy")
	// PostEntityTooLarge and PostEntityTooSmall break content-length-range.
	PostEntityTooLarge = def("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size")
	PostEntityTooSmall = def("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed size")

	// AccessForbidden is a refused CORS preflight; the message names why.
	AccessForbidden = def("AccessForbidden", 403, "CORSResponse: This CORS request is not allowed.")
	// BadRequest is S3's generic 400 (a preflight without Origin).
	BadRequest = def("BadRequest", 400, "Bad Request")
)
