package apierr

// Errors of the EC2 API (internal/ec2api: DescribeVpcEndpoints,
// ModifyVpcEndpoint). EC2 has its own codes for failures other services
// name differently: AuthFailure for credentials it cannot validate,
// UnauthorizedOperation for a denied action.
var (
	EC2AuthFailure                 = def("AuthFailure", 401, "AWS was not able to validate the provided access credentials")
	EC2UnauthorizedOperation       = def("UnauthorizedOperation", 403, "You are not authorized to perform this operation.")
	EC2RequestExpired              = def("RequestExpired", 400, "Request has expired.")
	EC2InvalidAction               = def("InvalidAction", 400, "The action is not valid for this web service.")
	EC2MissingParameter            = def("MissingParameter", 400, "A required parameter is missing.")
	EC2InvalidParameterValue       = def("InvalidParameterValue", 400, "A parameter value is not valid.")
	EC2InvalidParameterCombination = def("InvalidParameterCombination", 400, "The parameters cannot be used together.")
	EC2UnsupportedOperation        = def("UnsupportedOperation", 400, "The operation is not supported.")
	EC2DryRunOperation             = def("DryRunOperation", 412, "Request would have succeeded, but DryRun flag is set.")
	EC2InvalidPolicyDocument       = def("InvalidPolicyDocument", 400, "The Policy Document is not valid.")
	EC2VpcEndpointNotFound         = def("InvalidVpcEndpointId.NotFound", 400, "The Vpc Endpoint Id does not exist")
	EC2VpcEndpointMalformed        = def("InvalidVpcEndpointId.Malformed", 400, "The Vpc Endpoint Id is malformed")
	EC2InternalError               = def("InternalError", 500, "An internal error has occurred.")
)
