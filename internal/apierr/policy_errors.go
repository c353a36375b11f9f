package apierr

// Errors of the IAM policy language, as the IAM, STS, S3 and KMS APIs return
// them when a policy document is rejected. The message is the generic one;
// internal/policy replaces it with AWS's specific text.
var (
	// IAM and STS (CreatePolicy, PutUserPolicy, CreateRole, AssumeRole Policy=...).
	MalformedPolicyDocument = def("MalformedPolicyDocument", 400, "Syntax errors in policy.")
	// IAM quotas (policy size), HTTP 409 as IAM sends it.
	LimitExceeded = def("LimitExceeded", 409, "Cannot exceed quota for PolicySize: 6144")
	// S3 PutBucketPolicy / PutAccessPointPolicy with a document over 20 KB.
	PolicyTooLarge = def("PolicyTooLarge", 400, "Policy exceeds the maximum allowed document size.")
	// KMS CreateKey / PutKeyPolicy.
	KMSMalformedPolicyDocument = def("MalformedPolicyDocumentException", 400, "The policy document is malformed.")
)
