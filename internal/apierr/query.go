package apierr

// Errors of the query-protocol services (IAM, STS) shared with S3 names.
var (
	InvalidClientTokenID       = def("InvalidClientTokenId", 403, "The security token included in the request is invalid.")
	MissingAuthenticationToken = def("MissingAuthenticationToken", 403, "Request is missing Authentication Token")
	InvalidAction              = def("InvalidAction", 400, "Could not find operation")
)
