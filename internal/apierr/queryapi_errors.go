package apierr

// Errors of the AWS query protocol itself (internal/queryapi), shared by
// the services that speak it (IAM, STS).
var (
	MissingAction          = def("MissingAction", 400, "The request must contain the parameter Action.")
	MalformedQueryString   = def("MalformedQueryString", 404, "The query string contains a syntax error.")
	RequestEntityTooLarge  = def("RequestEntityTooLarge", 413, "The request body is too large.")
	UnsupportedContentType = def("InvalidParameterValue", 400, "The request content type is not supported; use application/x-www-form-urlencoded.")
)

// ValidationError is the query services' answer to a parameter that fails
// its declared constraints (length, pattern, range).
var ValidationError = def("ValidationError", 400, "1 validation error detected")

// Validation builds AWS's ValidationError text for one failed constraint:
// "1 validation error detected: Value 'x' at 'userName' failed to satisfy
// constraint: Member must have length less than or equal to 64". field is
// the member name in lower camel case, as AWS reports it.
func Validation(field, value, constraint string) *Error {
	return ValidationError.WithMessage("1 validation error detected: Value '" + value + "' at '" + field +
		"' failed to satisfy constraint: " + constraint)
}

// ValidationNull is Validation for a required parameter that is missing.
func ValidationNull(field string) *Error {
	return ValidationError.WithMessage("1 validation error detected: Value null at '" + field +
		"' failed to satisfy constraint: Member must not be null")
}
