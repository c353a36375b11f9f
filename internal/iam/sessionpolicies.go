package iam

import (
	"context"

	"github.com/coffer-s3/coffer/internal/authz"
)

// ManagedPolicyRefs returns the compiled default versions of managed
// policies of an account (or AWS-managed ones), for the PolicyArns of a
// session: they narrow a session's permissions like an inline session
// policy. A missing policy is an error: a session must not gain by losing
// one of its limits.
func (s *Service) ManagedPolicyRefs(ctx context.Context, account string, arns []string) ([]authz.PolicyRef, error) {
	if len(arns) == 0 {
		return nil, nil
	}
	snap := s.snap.Load()
	b := &setBuilder{s: s, d: snap.dir(account), acct: account, seen: map[string]bool{}}
	out := make([]authz.PolicyRef, 0, len(arns))
	for _, a := range arns {
		if ref := b.ref(a); ref != nil {
			out = append(out, *ref)
		}
	}
	return out, b.err
}
