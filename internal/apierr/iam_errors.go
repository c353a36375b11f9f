package apierr

// Errors of the IAM API (internal/iam, internal/iamapi). Statuses are the
// ones IAM sends; messages are the generic texts, replaced with AWS's
// specific wording (naming the entity) where the error is raised.
var (
	NoSuchEntity           = def("NoSuchEntity", 404, "The request was rejected because it referenced a resource entity that does not exist.")
	EntityAlreadyExists    = def("EntityAlreadyExists", 409, "The request was rejected because it attempted to create a resource that already exists.")
	DeleteConflict         = def("DeleteConflict", 409, "The request was rejected because it attempted to delete a resource that has attached subordinate entities.")
	InvalidInput           = def("InvalidInput", 400, "The request was rejected because an invalid or out-of-range value was supplied for an input parameter.")
	UnmodifiableEntity     = def("UnmodifiableEntity", 400, "The request was rejected because service-linked roles are protected AWS resources.")
	PolicyNotAttachable    = def("PolicyNotAttachable", 400, "The request failed because AWS service role policies can only be attached to the service-linked role for that service.")
	ConcurrentModification = def("ConcurrentModification", 409, "The request was rejected because multiple requests to change this object were submitted simultaneously. Wait a few minutes and submit your request again.")
	ServiceFailure         = def("ServiceFailure", 500, "The request processing has failed because of an unknown error, exception or failure.")
	PolicyEvaluation       = def("PolicyEvaluation", 500, "The request failed because a provided policy could not be successfully evaluated.")
)
