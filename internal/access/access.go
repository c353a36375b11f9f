package access

import (
	"context"
	"log/slog"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
)

// Identities is what the authorizer needs from the identity store.
type Identities interface {
	PolicySet(ctx context.Context, p *iam.Principal) (*iam.PolicySet, error)
}

// Options configures an Authorizer.
type Options struct {
	IAM    Identities
	Logger *slog.Logger
}

// Authorizer decides requests with AWS's evaluation logic over the
// principal's identity policies, its permissions boundary and session
// policies, and the resource's policy.
type Authorizer struct {
	iam      Identities
	log      *slog.Logger
	buckets  *bucketPolicies
	sessions *sessionPolicies
	keyUse   *keyUse
}

// New returns an Authorizer.
func New(o Options) *Authorizer {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Authorizer{iam: o.IAM, log: o.Logger, buckets: newBucketPolicies(), sessions: newSessionPolicies(), keyUse: &keyUse{}}
}

// Request is one authorization question.
type Request struct {
	Principal *iam.Principal
	// Action is the IAM action as AWS spells it, e.g. s3:GetObject.
	Action string
	// Resource is the ARN the action applies to, or "*".
	Resource string
	// Owner is the account owning the resource; "" for account-wide
	// actions and for resources that do not exist yet (CreateBucket), which
	// belong to the caller's account.
	Owner string
	// Bucket is the bucket whose policy applies, if any.
	Bucket *meta.Bucket
	// ResourcePolicy is the resource's policy when it is not a bucket's: a
	// role's trust policy, a KMS key policy.
	ResourcePolicy *authz.PolicyRef
	// ObjectTags loads the tags of the object the request names; it is
	// called only when a policy that applies tests s3:ExistingObjectTag,
	// so other requests pay no extra metadata read.
	ObjectTags func() ([]meta.Tag, error)
	// AccessPoint is set for requests made through an S3 access point.
	AccessPoint *AccessPointRequest
	// RestrictPublicBuckets is the effective Block Public Access setting of
	// the request (account, bucket and access point levels ORed): a public
	// bucket or access point policy then grants only to the owner's
	// account.
	RestrictPublicBuckets bool
	// RequireResourcePolicy: the resource policy must allow by itself
	// (trust policies, key policies); identity policies count only where it
	// delegates to the account.
	RequireResourcePolicy bool
	// Context holds the request's condition keys; the authorizer adds the
	// principal's. nil means an empty context.
	Context *policy.Context
	// Endpoint is the VPC endpoint the request came through (EndpointFrom
	// of its context), nil for the public listener. Its policy is a gate
	// that must allow and whose deny wins.
	Endpoint *Endpoint
	// ACL is set for requests on buckets whose Object Ownership enables
	// S3 ACLs; nil when ACLs play no part.
	ACL *ACLInput
}

// AccessPointRequest describes the access point a request came through.
type AccessPointRequest struct {
	ARN    string
	Owner  string
	Policy *policy.Policy // nil when the access point has none
	// Public reports a public access point policy (never for VPC origin).
	Public bool
	// BucketResource is the bucket or object ARN the bucket policy is
	// evaluated on.
	BucketResource string
}

// Decide answers a request. The error is an internal failure (identity
// store), never a denial.
func (a *Authorizer) Decide(ctx context.Context, r *Request) (authz.Decision, error) {
	in := authz.Input{Action: Action(r.Action), Resource: policy.NewResource(r.Resource), ResourceOwner: r.Owner, Context: r.Context}
	p := r.Principal
	if in.ResourceOwner == "" && p != nil {
		in.ResourceOwner = p.Account
	}
	if p != nil && !p.IsAnonymous() {
		in.Principal = &p.Principal
		set, err := a.iam.PolicySet(ctx, p)
		if err != nil {
			return authz.Decision{}, err
		}
		if set != nil {
			in.Identity = set.Identity
			in.Boundary = set.Boundary
			if r.Context != nil {
				setPrincipalTags(r.Context, set.Tags)
			}
		}
		if p.Session != nil {
			if in.Session, err = a.sessions.get(p.Session); err != nil {
				return authz.Decision{}, err
			}
		}
	}
	if r.Context != nil {
		r.Context.SetPrincipal(in.Principal)
	}
	if r.Bucket != nil {
		e := a.buckets.get(r.Bucket)
		in.ResourcePolicy = e.ref
		in.RestrictPublicResource = r.RestrictPublicBuckets && e.public
	}
	if ap := r.AccessPoint; ap != nil {
		in.ViaAccessPoint = true
		in.AccessPointOwner = ap.Owner
		in.BucketResource = policy.NewResource(ap.BucketResource)
		in.RestrictPublicAccessPoint = r.RestrictPublicBuckets && ap.Public
		if ap.Policy != nil {
			in.AccessPointPolicy = &authz.PolicyRef{ID: "access-point-policy:" + ap.ARN, Policy: ap.Policy}
		}
	}
	if r.ResourcePolicy != nil {
		in.ResourcePolicy = r.ResourcePolicy
	}
	in.RequireResourcePolicy = r.RequireResourcePolicy
	if r.Endpoint != nil {
		in.Endpoint = r.Endpoint.Policy
	}
	if r.ObjectTags != nil && r.Context != nil && a.keyUse.any(existingTagKey, &in) {
		tags, err := r.ObjectTags()
		if err != nil {
			return authz.Decision{}, err
		}
		for _, t := range tags {
			r.Context.Set("s3:ExistingObjectTag/"+t.Key, t.Value)
		}
	}
	if r.ACL != nil {
		return decideACL(r, &in), nil
	}
	return authz.Decide(&in), nil
}

// Authorize returns nil when the request is allowed, else AccessDenied
// whose message explains the denial to callers of the resource's own
// account, as AWS does, and stays plain for everyone else.
func (a *Authorizer) Authorize(ctx context.Context, r *Request) error {
	d, err := a.Decide(ctx, r)
	if err != nil {
		return err
	}
	if d.Allowed {
		return nil
	}
	return a.denied(r, &d)
}

func (a *Authorizer) denied(r *Request, d *authz.Decision) error {
	p := r.Principal
	arn := "anonymous"
	if p != nil && !p.IsAnonymous() {
		arn = p.ARN
	}
	attrs := []any{"principal", arn, "action", r.Action, "resource", r.Resource, "decided_by", d.PolicyType.String()}
	for _, s := range d.Statements() {
		attrs = append(attrs, "statement", s.PolicyID+"#"+itoa(s.Index)+" sid="+s.Sid)
	}
	a.log.Info("access denied", attrs...)
	owner := r.Owner
	if owner == "" && p != nil {
		owner = p.Account
	}
	if p == nil || p.IsAnonymous() || p.Account != owner {
		return apierr.AccessDenied
	}
	return apierr.AccessDenied.WithMessage(d.Message(arn, r.Action, r.Resource))
}
