package authz

import "github.com/coffer-s3/coffer/internal/policy"

var anonymousPrincipal = policy.Principal{Type: policy.Anonymous}

// verdict is the combined result of a group of policies of one type.
type verdict struct {
	allowed bool
	denied  bool
	grant   policy.PrincipalMatch
	ref     *PolicyRef // deciding policy: the denying one, else the first allowing one
	index   int
}

// evalAll evaluates a group of policies (any allows; any deny wins).
func evalAll(refs []PolicyRef, r *policy.Request) verdict {
	v := verdict{index: -1}
	for i := range refs {
		res := refs[i].Policy.Evaluate(r)
		if res.Denied {
			return verdict{denied: true, ref: &refs[i], index: res.DenyIndex}
		}
		if res.Allowed {
			if !v.allowed {
				v.ref, v.index = &refs[i], res.AllowIndex
			}
			v.allowed = true
			v.grant |= res.Grant
		}
	}
	return v
}

func evalOne(ref *PolicyRef, r *policy.Request) verdict {
	if ref == nil || ref.Policy == nil {
		return verdict{index: -1}
	}
	res := ref.Policy.Evaluate(r)
	switch {
	case res.Denied:
		return verdict{denied: true, ref: ref, index: res.DenyIndex}
	case res.Allowed:
		return verdict{allowed: true, grant: res.Grant, ref: ref, index: res.AllowIndex}
	}
	return verdict{index: -1}
}

func deny(t PolicyType, v verdict) Decision {
	d := Decision{Reason: ReasonExplicitDeny, PolicyType: t}
	d.add(v.ref, v.index, policy.Deny)
	return d
}

func implicit(t PolicyType) Decision { return Decision{Reason: ReasonImplicitDeny, PolicyType: t} }

// isAccountPrincipal: the principal belongs to an AWS account (it can hold
// identity policies or be the account's root).
func isAccountPrincipal(p *policy.Principal) bool {
	switch p.Type {
	case policy.Root, policy.IAMUser, policy.AssumedRole, policy.FederatedUser:
		return true
	}
	return false
}

// Decide applies AWS's evaluation logic. It does not allocate.
//
// Order: an explicit Deny in any applicable policy wins (SCP, RCP, VPC
// endpoint, identity, boundary, session, access point, resource; except
// that an account's root user can always manage its own bucket's policy).
// Then SCPs, RCPs and the endpoint policy must allow. Then, per resource
// layer: in the owner's account one grant is enough (identity side, or a
// resource policy naming the principal, with the boundary and session
// nuances of AWS); across accounts both sides must allow; anonymous callers
// need a resource policy granting "*". A request through an access point
// must pass the access point layer and the bucket layer.
func Decide(in *Input) Decision {
	p := in.Principal
	if p == nil {
		p = &anonymousPrincipal
	}
	r := policy.Request{Principal: p, Action: in.Action, Resource: in.Resource, Context: in.Context}
	rb := r
	if in.ViaAccessPoint {
		rb.Resource = in.BucketResource
	}
	orgMember := isAccountPrincipal(p)

	// Explicit denies, and the verdicts they come with.
	var scp, rcp verdict
	if orgMember && len(in.SCP) > 0 {
		if scp = evalAll(in.SCP, &r); scp.denied {
			return deny(TypeSCP, scp)
		}
	}
	if len(in.RCP) > 0 {
		if rcp = evalAll(in.RCP, &rb); rcp.denied {
			return deny(TypeRCP, rcp)
		}
	}
	var ep, epb verdict
	if in.Endpoint != nil {
		if ep = evalOne(in.Endpoint, &r); ep.denied {
			return deny(TypeEndpoint, ep)
		}
		epb = ep
		if in.ViaAccessPoint {
			if epb = evalOne(in.Endpoint, &rb); epb.denied {
				return deny(TypeEndpoint, epb)
			}
		}
	}
	var id, bd, ss, idb verdict
	if orgMember && p.Type != policy.Root {
		if id = evalAll(in.Identity, &r); id.denied {
			return deny(TypeIdentity, id)
		}
		if in.Boundary != nil {
			if bd = evalOne(in.Boundary, &r); bd.denied {
				return deny(TypeBoundary, bd)
			}
		}
		if len(in.Session) > 0 {
			if ss = evalAll(in.Session, &r); ss.denied {
				return deny(TypeSession, ss)
			}
		}
		if in.ViaAccessPoint {
			if idb = evalAll(in.Identity, &rb); idb.denied {
				return deny(TypeIdentity, idb)
			}
		}
	}
	var ap verdict
	if in.ViaAccessPoint {
		if ap = evalOne(in.AccessPointPolicy, &r); ap.denied {
			return deny(TypeAccessPoint, ap)
		}
	}
	res := evalOne(in.ResourcePolicy, &rb)
	if res.denied && !isLockoutRecovery(p, in.Action, in.ResourceOwner) {
		return deny(TypeResource, res)
	}

	// ACL grants join the resource policy's allows; only the policy's own
	// grants are subject to RestrictPublicBuckets.
	restrictRes := in.RestrictPublicResource
	if in.ACLGrant != 0 {
		if !res.allowed || restricted(p, in.ResourceOwner, restrictRes) {
			res.grant = 0
		}
		res.grant |= in.ACLGrant
		res.allowed = true
		restrictRes = false
	}

	// Gates that must allow.
	if orgMember && len(in.SCP) > 0 && !scp.allowed {
		return implicit(TypeSCP)
	}
	if len(in.RCP) > 0 && !rcp.allowed {
		return implicit(TypeRCP)
	}
	if in.Endpoint != nil && (!ep.allowed || !epb.allowed) {
		return implicit(TypeEndpoint)
	}

	// The identity side: identity policies within the boundary and the
	// session policies. The root user needs no identity policy.
	side := identitySide{root: p.Type == policy.Root}
	if orgMember && !side.root {
		side.i = id.allowed
		side.b = in.Boundary == nil || bd.allowed
		side.s = len(in.Session) == 0 || ss.allowed
	}

	if !in.ViaAccessPoint {
		if res.denied { // root lock-out recovery
			d := Decision{Allowed: true, Reason: ReasonAllowed, PolicyType: TypeRoot}
			return d
		}
		return decideLayer(p, in.ResourceOwner, side, &id, &res, TypeResource,
			in.RequireResourcePolicy, restrictRes)
	}

	// Through an access point: the access point layer, then the bucket.
	apOwner := in.AccessPointOwner
	if apOwner == "" {
		apOwner = in.ResourceOwner
	}
	d := decideLayer(p, apOwner, side, &id, &ap, TypeAccessPoint, false, in.RestrictPublicAccessPoint)
	if !d.Allowed {
		return d
	}
	bgrant := res.grant
	if !res.allowed || restricted(p, in.ResourceOwner, restrictRes) {
		bgrant = 0
	}
	sameBucketOwner := orgMember && p.Account == in.ResourceOwner
	bucketSide := side
	bucketSide.i = idb.allowed
	switch {
	case res.denied:
		// root lock-out recovery: allowed
	case bgrant != 0:
		d.add(in.ResourcePolicy, res.index, policy.Allow)
	case sameBucketOwner && bucketSide.ok():
		d.add(idb.ref, idb.index, policy.Allow)
	default:
		return implicit(TypeResource)
	}
	return d
}

type identitySide struct {
	root    bool
	i, b, s bool
}

func (s identitySide) ok() bool { return s.root || (s.i && s.b && s.s) }

// failing names the identity-side policy type that did not allow.
func (s identitySide) failing() PolicyType {
	switch {
	case !s.i:
		return TypeIdentity
	case !s.b:
		return TypeBoundary
	}
	return TypeSession
}

// restricted: RestrictPublicBuckets cuts the policy's grants for callers
// outside the owner's account (AWS service principals excepted).
func restricted(p *policy.Principal, owner string, restrictPublic bool) bool {
	if !restrictPublic || p.Type == policy.Service {
		return false
	}
	return !isAccountPrincipal(p) || p.Account != owner
}

// decideLayer decides one resource with its resource-based policy (which
// may be absent: res is then a zero verdict).
func decideLayer(p *policy.Principal, owner string, side identitySide, id, res *verdict,
	resType PolicyType, requireRes, restrictPublic bool) Decision {
	grant := res.grant
	if !res.allowed || restricted(p, owner, restrictPublic) {
		grant = 0
	}
	allowRes := func() Decision {
		d := Decision{Allowed: true, Reason: ReasonAllowed, PolicyType: resType}
		d.add(res.ref, res.index, policy.Allow)
		return d
	}
	allowID := func() Decision {
		if side.root {
			return Decision{Allowed: true, Reason: ReasonAllowed, PolicyType: TypeRoot}
		}
		d := Decision{Allowed: true, Reason: ReasonAllowed, PolicyType: TypeIdentity}
		d.add(id.ref, id.index, policy.Allow)
		return d
	}

	switch p.Type {
	case policy.Anonymous:
		if grant&policy.MatchAny != 0 {
			return allowRes()
		}
		return implicit(resType)
	case policy.Service:
		if grant&(policy.MatchService|policy.MatchAny) != 0 {
			return allowRes()
		}
		return implicit(resType)
	case policy.WebIdentity:
		if grant&(policy.MatchFederated|policy.MatchAny) != 0 {
			return allowRes()
		}
		return implicit(resType)
	}

	if p.Account != owner {
		// Cross-account: both the caller's account and the resource owner.
		switch {
		case !side.ok():
			return implicit(side.failing())
		case grant == 0:
			return implicit(resType)
		}
		d := allowID()
		d.add(res.ref, res.index, policy.Allow)
		return d
	}

	// Same account. A grant naming the IAM user or the role session itself
	// ("*" counts as naming an IAM user) escapes the boundary and session
	// policies; one naming the role is bounded by them; one naming the
	// account only delegates to the identity side.
	session := p.Type == policy.AssumedRole || p.Type == policy.FederatedUser
	direct := grant&policy.MatchExact != 0 || (grant&policy.MatchAny != 0 && !session)
	roleLike := grant&policy.MatchRole != 0 || (grant&policy.MatchAny != 0 && session)
	switch {
	case side.root && grant != 0:
		return allowRes()
	case direct:
		return allowRes()
	case roleLike && (side.root || (side.b && side.s)):
		return allowRes()
	case grant&policy.MatchAccount != 0 && side.ok():
		d := allowID()
		d.add(res.ref, res.index, policy.Allow)
		return d
	case requireRes:
		switch {
		case grant == 0:
			return implicit(resType)
		case roleLike && !side.b:
			return implicit(TypeBoundary)
		case roleLike && !side.s:
			return implicit(TypeSession)
		}
		return implicit(side.failing())
	case side.ok():
		return allowID()
	case roleLike && !side.b:
		return implicit(TypeBoundary)
	case roleLike && !side.s:
		return implicit(TypeSession)
	}
	return implicit(side.failing())
}
