package apierr

// AWS KMS errors (JSON protocol: the code is the __type). KMS answers 400
// for nearly everything, AccessDeniedException included.
var (
	KMSNotFound            = def("NotFoundException", 400, "")
	KMSDisabled            = def("DisabledException", 400, "")
	KMSInvalidState        = def("KMSInvalidStateException", 400, "")
	KMSInvalidCiphertext   = def("InvalidCiphertextException", 400, "")
	KMSAccessDenied        = def("AccessDeniedException", 400, "")
	KMSAlreadyExists       = def("AlreadyExistsException", 400, "")
	KMSValidation          = def("ValidationException", 400, "")
	KMSInvalidAliasName    = def("InvalidAliasNameException", 400, "")
	KMSUnsupportedOp       = def("UnsupportedOperationException", 400, "")
	KMSInvalidArn          = def("InvalidArnException", 400, "")
	KMSUnknownOperation    = def("UnknownOperationException", 400, "")
	KMSSerialization       = def("SerializationException", 400, "")
	KMSInvalidKeyUsage     = def("InvalidKeyUsageException", 400, "")
	KMSLimitExceeded       = def("LimitExceededException", 400, "")
	KMSUnrecognizedClient  = def("UnrecognizedClientException", 400, "The security token included in the request is invalid.")
	KMSMissingAuth         = def("MissingAuthenticationTokenException", 400, "Missing Authentication Token")
	KMSInvalidSignature    = def("InvalidSignatureException", 400, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
	KMSIncompleteSignature = def("IncompleteSignatureException", 400, "")
	KMSInternal            = def("KMSInternalException", 500, "An internal error occurred.")
	KMSTag                 = def("TagException", 400, "")
	KMSInvalidMarker       = def("InvalidMarkerException", 400, "")
)

// KMSIncorrectKey is Decrypt's answer when KeyId does not name the key of
// the ciphertext.
var KMSIncorrectKey = def("IncorrectKeyException", 400, "")
