package authz

import "github.com/coffer-s3/coffer/internal/policy"

// PolicyType names the kind of policy that decided.
type PolicyType uint8

// The policy types of AWS's evaluation logic.
const (
	TypeNone PolicyType = iota
	TypeIdentity
	TypeResource
	TypeBoundary
	TypeSession
	TypeAccessPoint
	TypeEndpoint
	TypeSCP
	TypeRCP
	TypeRoot // the account root user acting on its own account
)

// String returns the policy type as AWS's messages name it.
func (t PolicyType) String() string {
	switch t {
	case TypeIdentity:
		return "identity-based policy"
	case TypeResource, TypeAccessPoint:
		return "resource-based policy"
	case TypeBoundary:
		return "permissions boundary"
	case TypeSession:
		return "session policy"
	case TypeEndpoint:
		return "VPC endpoint policy"
	case TypeSCP:
		return "service control policy"
	case TypeRCP:
		return "resource control policy"
	case TypeRoot:
		return "root user"
	}
	return "policy"
}

func (t PolicyType) article() string {
	if t == TypeIdentity {
		return "an "
	}
	return "a "
}

// Reason says why the decision came out as it did.
type Reason uint8

// The reasons.
const (
	ReasonAllowed      Reason = iota // an allow in PolicyType decided
	ReasonExplicitDeny               // a Deny statement in PolicyType matched
	ReasonImplicitDeny               // no PolicyType policy allows
)

// StatementRef locates one statement for diagnostics and audit logs.
type StatementRef struct {
	PolicyID string
	Index    int
	Sid      string
	Effect   policy.Effect
}

// Decision is the outcome of Decide together with its diagnostic.
type Decision struct {
	Allowed    bool
	Reason     Reason
	PolicyType PolicyType // which policy type decided
	refs       [4]StatementRef
	n          int
}

// Statements returns the deciding statements: the explicit Deny, or the
// Allow statements that granted (identity and resource side).
func (d *Decision) Statements() []StatementRef { return d.refs[:d.n] }

func (d *Decision) add(ref *PolicyRef, index int, e policy.Effect) {
	if d.n == len(d.refs) || ref == nil || index < 0 {
		return
	}
	d.refs[d.n] = StatementRef{PolicyID: ref.ID, Index: index, Sid: ref.Policy.Sid(index), Effect: e}
	d.n++
}

// Message renders AWS's AccessDenied text for a denial, e.g.
//
//	User: arn:aws:iam::123456789012:user/alice is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::bucket/key" because no identity-based policy allows the s3:GetObject action
//
// AWS shows this enhanced text only to callers of the resource owner's own
// account (or organisation); others get the plain "Access Denied", which
// is the server's choice, not this method's. For an allowed decision it
// returns "".
func (d Decision) Message(principalARN, action, resource string) string {
	if d.Allowed {
		return ""
	}
	head := "User: " + principalARN + " is not authorized to perform: " + action + " on resource: \"" + resource + "\" "
	if d.Reason == ReasonExplicitDeny {
		return head + "with an explicit deny in " + d.PolicyType.article() + d.PolicyType.String()
	}
	return head + "because no " + d.PolicyType.String() + " allows the " + action + " action"
}
