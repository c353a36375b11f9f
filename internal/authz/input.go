package authz

import "github.com/coffer-s3/coffer/internal/policy"

// PolicyRef is one applicable policy and the name diagnostics give it (a
// managed policy ARN, "user/alice/inline-name", "bucket-policy", ...).
type PolicyRef struct {
	ID     string
	Policy *policy.Policy
}

// Input is everything one authorization decision depends on. Slices are
// read, never kept.
type Input struct {
	Principal *policy.Principal // nil: anonymous
	Action    policy.Action
	// Resource is the ARN the request names: the access point ARN for a
	// request through an access point (identity policies, boundaries,
	// session policies and the access point policy are evaluated on it).
	Resource policy.Resource
	// ResourceOwner is the account that owns the resource (bucket owner,
	// key owner, the role's account for trust policies).
	ResourceOwner string
	Context       *policy.Context

	// Identity holds the principal's identity-based policies: a user's
	// inline, managed and group policies, or a role's.
	Identity []PolicyRef
	// Boundary is the user's or role's permissions boundary, if any.
	Boundary *PolicyRef
	// Session holds the session policies of a role or federated session
	// (inline and managed); empty means none were passed.
	Session []PolicyRef

	// ResourcePolicy is the bucket policy, key policy or role trust policy.
	ResourcePolicy *PolicyRef
	// RequireResourcePolicy is set for role trust policies and KMS key
	// policies: they must allow the request themselves; identity policies
	// count only where they delegate to the account.
	RequireResourcePolicy bool
	// RestrictPublicResource: the resource policy is public and Block
	// Public Access RestrictPublicBuckets applies. Grants from that policy
	// then reach only AWS service principals and the owner's account.
	RestrictPublicResource bool
	// ACLGrant says how the resource's S3 access control list names the
	// principal for the action (MatchAccount for a grant to its account,
	// MatchAny for the AllUsers group, or AuthenticatedUsers for a signed
	// caller). The caller matches the ACL; here a grant counts as an allow
	// of the resource owner's resource-based policy, beside
	// ResourcePolicy. RestrictPublicBuckets does not cut it (Block Public
	// Access IgnorePublicAcls is applied when matching).
	ACLGrant policy.PrincipalMatch

	// ViaAccessPoint marks a request made through an S3 access point.
	ViaAccessPoint bool
	// AccessPointPolicy is the access point's policy, if any.
	AccessPointPolicy *PolicyRef
	// AccessPointOwner is the access point's account (default ResourceOwner).
	AccessPointOwner string
	// BucketResource is the underlying bucket or object ARN, on which the
	// bucket policy (ResourcePolicy) is evaluated for access point requests.
	BucketResource policy.Resource
	// RestrictPublicAccessPoint is RestrictPublicResource for the access
	// point policy.
	RestrictPublicAccessPoint bool

	// Endpoint is the VPC endpoint policy when the request came through an
	// endpoint that has one: it must allow, and its denies win.
	Endpoint *PolicyRef

	// SCP and RCP are hooks for AWS Organizations service and resource
	// control policies; empty means not applied.
	SCP []PolicyRef
	RCP []PolicyRef
}

// lockoutActions are the actions an account's root user may always
// perform on its own bucket, whatever the bucket policy denies, so that a
// policy denying everyone cannot lock the owner out for good.
var lockoutActions = [...]policy.Action{
	policy.NewAction("s3:GetBucketPolicy"),
	policy.NewAction("s3:PutBucketPolicy"),
	policy.NewAction("s3:DeleteBucketPolicy"),
}

func isLockoutRecovery(p *policy.Principal, a policy.Action, owner string) bool {
	if p.Type != policy.Root || p.Account != owner {
		return false
	}
	for _, l := range lockoutActions {
		if l == a {
			return true
		}
	}
	return false
}
