package authz

import (
	"testing"

	"github.com/coffer-s3/coffer/internal/policy"
)

// S3 ACL grants, matched by the caller, act as allows of the resource
// owner's resource-based policy.
func TestACLGrant(t *testing.T) {
	get := policy.NewAction("s3:GetObject")
	allowID := idp(t, "Allow", "s3:GetObject", "arn:aws:s3:::b/*")
	denyRes := rp(t, "Deny", `"*"`)
	publicRes := rp(t, "Allow", `"*"`)
	cases := []struct {
		name     string
		who      *policy.Principal
		identity *PolicyRef
		resource *PolicyRef
		grant    policy.PrincipalMatch
		restrict bool
		allowed  bool
	}{
		{"cross-account root, grant to its account", xroot, nil, nil, policy.MatchAccount, false, true},
		{"cross-account root, no grant", xroot, nil, nil, 0, false, false},
		{"cross-account user, grant but no identity policy", bob, nil, nil, policy.MatchAccount, false, false},
		{"cross-account user, grant and identity policy", bob, allowID, nil, policy.MatchAccount, false, true},
		{"anonymous, AllUsers", anon, nil, nil, policy.MatchAny, false, true},
		{"anonymous, grant to an account", anon, nil, nil, policy.MatchAccount, false, false},
		{"same-account user, grant to its own account delegates", alice, nil, nil, policy.MatchAccount, false, false},
		{"same-account user, AllUsers", alice, nil, nil, policy.MatchAny, false, true},
		{"explicit deny in the bucket policy wins", xroot, nil, denyRes, policy.MatchAccount, false, false},
		{"RestrictPublicBuckets cuts the public policy, not the ACL", xroot, nil, publicRes, policy.MatchAccount, true, true},
		{"RestrictPublicBuckets without an ACL grant", xroot, nil, publicRes, 0, true, false},
	}
	for _, c := range cases {
		in := Input{Principal: c.who, Action: get, Resource: policy.NewResource(obj), ResourceOwner: owner,
			Identity: one(c.identity), ResourcePolicy: c.resource, ACLGrant: c.grant, RestrictPublicResource: c.restrict}
		if c.who == anon {
			in.Principal = nil
		}
		if d := Decide(&in); d.Allowed != c.allowed {
			t.Errorf("%s: allowed = %v (%v, %s)", c.name, d.Allowed, d.Reason, d.PolicyType)
		}
	}
}
