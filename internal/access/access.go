package access

import (
	"context"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/policy"
)

// Request is one authorization question.
type Request struct {
	Principal *iam.Principal
	Action    string // e.g. s3:GetObject
	Resource  string // ARN, or "*" for account-wide actions
	// Owner is the account owning the resource; "" for account-wide
	// actions and for resources that do not exist yet (CreateBucket).
	Owner string
}

// Decision is the outcome of Authorize.
type Decision struct {
	Allowed bool
	// Reason explains a denial for the operator's log.
	Reason string
}

// Authorizer decides requests. Until identity and resource policies land,
// S3 is private by default: an account's root user may do anything with its
// own resources (and create buckets, list its buckets); every other
// principal, anonymous included, is denied.
type Authorizer struct{}

// New returns an Authorizer.
func New() *Authorizer { return &Authorizer{} }

// Decide answers a request.
func (a *Authorizer) Decide(ctx context.Context, r *Request) Decision {
	p := r.Principal
	if p == nil || p.IsAnonymous() {
		return Decision{Reason: "anonymous requests are not allowed by any policy"}
	}
	if p.Type != policy.Root {
		return Decision{Reason: "no identity-based policy allows the " + r.Action + " action"}
	}
	if r.Owner == "" || r.Owner == p.Account {
		return Decision{Allowed: true}
	}
	return Decision{Reason: "the resource belongs to another account and no resource-based policy allows the " + r.Action + " action"}
}

// Authorize returns nil when allowed, else AccessDenied.
func (a *Authorizer) Authorize(ctx context.Context, r *Request) error {
	if a.Decide(ctx, r).Allowed {
		return nil
	}
	return apierr.AccessDenied
}
