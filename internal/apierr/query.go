package apierr

// Errors of the query-protocol services (IAM, STS) shared with S3 names.
var (
	InvalidClientTokenID       = def("InvalidClientTokenId", 403, "The security token included in the request is invalid.")
	MissingAuthenticationToken = def("MissingAuthenticationToken", 403, "Request is missing Authentication Token")
	InvalidAction              = def("InvalidAction", 400, "Could not find operation")
)

// STS errors.
var (
	PackedPolicyTooLarge  = def("PackedPolicyTooLarge", 400, "Packed size of consumed sessions policies exceeds the limit.")
	InvalidParameterValue = def("InvalidParameterValue", 400, "An invalid or out-of-range value was supplied for the input parameter.")
	RegionDisabled        = def("RegionDisabledException", 403, "STS is not activated in this region.")
)

// MissingParameter is the query services' error for a required parameter.
var MissingParameter = def("MissingParameter", 400, "A required parameter for the specified action is not supplied.")
