package iam

import (
	"context"

	"github.com/coffer-s3/coffer/internal/authz"
)

// Tag is a key/value tag of a user or role.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// PolicySet is what the authorizer needs about a principal's identity:
// its identity-based policies, its permissions boundary and its tags.
type PolicySet struct {
	Identity []authz.PolicyRef
	Boundary *authz.PolicyRef
	Tags     []Tag
}

// PolicySet returns the principal's policies. The root user's are empty:
// its permissions come from being root.
func (s *Service) PolicySet(ctx context.Context, p *Principal) (*PolicySet, error) {
	return &PolicySet{}, nil
}
