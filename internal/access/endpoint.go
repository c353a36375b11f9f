package access

import (
	"context"

	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/policy"
)

// Endpoint is the VPC endpoint a request came through, as the authorizer
// and the condition keys need it. Values are shared between requests and
// never changed: a reload or a policy change builds new ones.
type Endpoint struct {
	ID    string // vpce-...
	VPC   string // vpc-...
	Owner string // the account owning the endpoint
	// Policy is the endpoint policy in force; nil means full access (the
	// default policy), so no gate is evaluated.
	Policy *authz.PolicyRef
}

// NewEndpoint describes an endpoint with its policy in force (nil: full
// access).
func NewEndpoint(id, vpc, owner string, p *policy.Policy) *Endpoint {
	e := &Endpoint{ID: id, VPC: vpc, Owner: owner}
	if p != nil {
		e.Policy = &authz.PolicyRef{ID: "vpc-endpoint-policy:" + id, Policy: p}
	}
	return e
}

type endpointKey struct{}

// WithEndpoint marks a request context as having come through e. Only the
// server's listeners call it, from the connection and the source address:
// no header a client sends can put a request into an endpoint.
func WithEndpoint(ctx context.Context, e *Endpoint) context.Context {
	if e == nil {
		return ctx
	}
	return context.WithValue(ctx, endpointKey{}, e)
}

// EndpointFrom returns the endpoint a request came through, or nil for the
// public listener.
func EndpointFrom(ctx context.Context) *Endpoint {
	e, _ := ctx.Value(endpointKey{}).(*Endpoint)
	return e
}
