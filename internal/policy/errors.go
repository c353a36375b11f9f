package policy

import (
	"strconv"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// Family is the API whose error codes and messages a rejected policy gets:
// IAM and STS answer MalformedPolicyDocument, S3 answers MalformedPolicy,
// KMS answers MalformedPolicyDocumentException, each with its own wording.
type Family uint8

// The API families. FamilyDefault picks by Kind: S3 for resource policies,
// IAM for everything else.
const (
	FamilyDefault Family = iota
	FamilyIAM
	FamilyS3
	FamilyKMS
)

// fail builds the family's error with AWS's message for one fault. The
// messages differ between IAM and S3 even for the same fault, as in AWS.
type fail Family

func (f fail) err(msg string) error {
	switch Family(f) {
	case FamilyS3:
		return apierr.MalformedPolicy.WithMessage(msg)
	case FamilyKMS:
		return apierr.KMSMalformedPolicyDocument.WithMessage(msg)
	}
	return apierr.MalformedPolicyDocument.WithMessage(msg)
}

func (f fail) s3() bool { return Family(f) == FamilyS3 }

func (f fail) notJSONStart() error {
	return f.err("Policies must be valid JSON and the first byte must be '{'")
}

func (f fail) invalidJSON() error { return f.err("This policy contains invalid Json") }

func (f fail) syntax() error {
	if f.s3() {
		return f.err("Invalid policy syntax.")
	}
	return f.err("Syntax errors in policy.")
}

func (f fail) unknownField(name string) error { return f.err("Unknown field " + name) }

func (f fail) version() error { return f.err("The policy must contain a valid version string") }

func (f fail) missing(field string) error {
	if !f.s3() {
		switch field {
		case "Action":
			return f.err("Policy statement must contain actions.")
		case "Resource":
			return f.err("Policy statement must contain resources.")
		}
	}
	return f.err("Missing required field " + field)
}

func (f fail) emptyStatement() error { return f.err("Could not parse the policy: Statement is empty!") }

func (f fail) effect(e string) error { return f.err("Invalid effect: " + e) }

func (f fail) principalForbidden() error {
	return f.err("Policy document should not specify a principal.")
}

func (f fail) prohibited(field string) error { return f.err("Has prohibited field " + field) }

func (f fail) principal(typ, value string) error {
	switch Family(f) {
	case FamilyS3:
		return f.err("Invalid principal in policy")
	case FamilyKMS:
		return f.err("Policy contains a statement with one or more invalid principals.")
	}
	if typ == "" {
		return f.err("Invalid principal in policy: " + strconv.Quote(value))
	}
	return f.err("Invalid principal in policy: " + strconv.Quote(typ) + ":" + strconv.Quote(value))
}

func (f fail) notPrincipalAllow() error {
	if f.s3() {
		return f.err("Invalid principal in policy")
	}
	return f.err("NotPrincipal is only supported with Deny")
}

func (f fail) action(a string) error {
	if f.s3() {
		return f.err("Policy has invalid action")
	}
	return f.err("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")
}

func (f fail) trustAction() error {
	return f.err("AssumeRole policy may only specify STS AssumeRole actions.")
}

func (f fail) resource(r string) error {
	if f.s3() {
		return f.err("Policy has invalid resource")
	}
	return f.err("Resource " + r + " must be in ARN format or \"*\".")
}

func (f fail) actionResourceMismatch() error {
	return f.err("Action does not apply to any resource(s) in statement")
}

func (f fail) conditionType(op string) error { return f.err("Invalid Condition type : " + op) }

func (f fail) conditionKey(k string) error { return f.err("Policy has an invalid condition key") }

func (f fail) ipAddress() error { return f.err("Invalid IP address in Conditions") }

func (f fail) sidChars() error {
	return f.err("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*")
}

func (f fail) sidUnique() error {
	return f.err("Statement IDs (SID) in a single policy must be unique.")
}

func (f fail) tooLarge(limit int) error {
	switch Family(f) {
	case FamilyS3:
		return apierr.PolicyTooLarge
	case FamilyKMS:
		return f.err("The key policy exceeds the maximum size of " + strconv.Itoa(limit) + " bytes.")
	}
	return QuotaExceeded("PolicySize", limit)
}

// QuotaExceeded is IAM's LimitExceeded for a size quota, as in
// "Cannot exceed quota for PolicySize: 6144" or
// "Cannot exceed quota for ACLSizePerRole: 2048" (a role's trust policy).
func QuotaExceeded(quota string, limit int) error {
	return apierr.LimitExceeded.WithMessage("Cannot exceed quota for " + quota + ": " + strconv.Itoa(limit))
}

// InlinePolicyTooLarge is IAM's LimitExceeded when the inline policies of a
// user, role or group together pass their quota (entity is "user", "role"
// or "group"), e.g. "Maximum policy size of 2048 bytes exceeded for user bob".
func InlinePolicyTooLarge(entity, name string, limit int) error {
	return apierr.LimitExceeded.WithMessage("Maximum policy size of " + strconv.Itoa(limit) + " bytes exceeded for " + entity + " " + name)
}
