package iam

import (
	"context"
	"github.com/coffer-s3/coffer/internal/arn"

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

// PrincipalExists reports whether a principal ARN that a resource policy
// names (a bucket or access point policy) is an account of this server, or
// a user or role that exists, as AWS requires ("Invalid principal in
// policy").
func (s *Service) PrincipalExists(a string) bool {
	snap := s.snap.Load()
	if parsed, err := arn.Parse(a); err == nil {
		if _, ok := snap.accounts[parsed.Account]; !ok && parsed.Account != "aws" {
			return false
		}
	} else if len(a) == 12 && allDigits(a) {
		_, ok := snap.accounts[a]
		return ok
	}
	return principalExists(snap.dir, a)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
