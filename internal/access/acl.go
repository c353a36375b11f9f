package access

import (
	"github.com/coffer-s3/coffer/internal/acl"
	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/policy"
)

// ACLInput is what S3 access control lists contribute to a request on a
// bucket whose Object Ownership enables ACLs.
type ACLInput struct {
	// Bucket is the bucket's ACL.
	Bucket *acl.ACL
	// Object is the object the action names, when it exists.
	Object *ObjectACL
	// IgnorePublic is the effective Block Public Access IgnorePublicAcls:
	// grants to AllUsers and AuthenticatedUsers then count for nothing.
	IgnorePublic bool
}

// ObjectACL is an object's owner and ACL.
type ObjectACL struct {
	Owner string // account id
	ACL   *acl.ACL
}

// decideACL applies AWS's bucket and object contexts with ACLs.
//
// An ACL grant is an allow of its resource owner, beside the bucket
// policy: the bucket's ACL for bucket actions and object writes, the
// object's for reads of it and of its ACL. When another account owns the
// object, actions on it are decided in that owner's context: the bucket
// owner's policies can only deny, and the object owner's side (its
// account's identity policies, or the object's ACL for anyone else) must
// allow.
func decideACL(r *Request, in *authz.Input) authz.Decision {
	x := r.ACL
	need, onObject, grantable := acl.Need(r.Action)
	who := requester(r.Principal)
	obj := x.Object
	if obj == nil || obj.Owner == "" || obj.Owner == in.ResourceOwner || !acl.ObjectContext(r.Action) {
		var list *acl.ACL
		switch {
		case !grantable:
		case onObject && obj != nil:
			list = obj.ACL
		case !onObject:
			list = x.Bucket
		}
		if list != nil {
			in.ACLGrant = aclGrant(list.Match(need, who, x.IgnorePublic))
		}
		return authz.Decide(in)
	}

	// The object context. The bucket context may only deny.
	if d := authz.Decide(in); d.Reason == authz.ReasonExplicitDeny {
		return d
	}
	oc := *in
	oc.ResourcePolicy = nil
	oc.ResourceOwner = obj.Owner
	oc.RestrictPublicResource = false
	oc.ACLGrant = 0
	if grantable && onObject && obj.ACL != nil {
		oc.ACLGrant = aclGrant(obj.ACL.Match(need, who, x.IgnorePublic))
	}
	return authz.Decide(&oc)
}

func requester(p *iam.Principal) acl.Requester {
	if p == nil || p.IsAnonymous() || p.Account == "" {
		return acl.Requester{}
	}
	return acl.Requester{Account: p.Account, Authenticated: true}
}

// aclGrant says how a grant names the caller in policy terms: a grant to
// an account is like a bucket policy naming the account (its root and,
// with their identity policies, its users and roles); a grant to
// AllUsers, or to AuthenticatedUsers for a signed caller, is like "*".
func aclGrant(m acl.Match) policy.PrincipalMatch {
	var g policy.PrincipalMatch
	if m&acl.MatchAccount != 0 {
		g |= policy.MatchAccount
	}
	if m&(acl.MatchAllUsers|acl.MatchAuthenticated) != 0 {
		g |= policy.MatchAny
	}
	return g
}
