package apierr

// Errors of S3 ACLs and Object Ownership
// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html).
var (
	UnresolvableGrantByEmailAddress            = def("UnresolvableGrantByEmailAddress", 400, "The email address you provided does not match any account on record.")
	AmbiguousGrantByEmailAddress               = def("AmbiguousGrantByEmailAddress", 400, "The email address you provided is associated with more than one account.")
	InvalidBucketAclWithObjectOwnership        = def("InvalidBucketAclWithObjectOwnership", 400, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting")
	InvalidBucketAclWithBlockPublicAccessError = def("InvalidBucketAclWithBlockPublicAccessError", 400, "Bucket cannot have public ACLs set with BlockPublicAccess enabled")
)
