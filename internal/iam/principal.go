package iam

import (
	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/policy"
)

// Principal is who a request acts as: the policy language's principal plus
// what authentication learned about the credential.
type Principal struct {
	policy.Principal
	// AccessKey is the access key id that signed the request.
	AccessKey string
	// Session is set for temporary credentials (role sessions): the session
	// policies and expiry that travel with the session token.
	Session *Session
}

// Session is what a session token carries beyond the principal.
type Session struct {
	// Compiled are the session policies, compiled when the token was
	// opened (inline Policy and PolicyArns); empty means none were passed.
	Compiled       []authz.PolicyRef
	Policies       []byte // the inline session policy document, if any
	PolicyARNs     []string
	IssuedAt       int64 // unix seconds (aws:TokenIssueTime)
	Expires        int64 // unix seconds
	SourceIdentity string
}

// AnonymousPrincipal is the principal of unsigned requests.
var AnonymousPrincipal = Principal{Principal: policy.Principal{Type: policy.Anonymous}}

// IsRootOf reports whether p is the root user of the account.
func (p *Principal) IsRootOf(account string) bool {
	return p.Type == policy.Root && p.Account == account
}

// IsAnonymous reports whether p is the anonymous principal.
func (p *Principal) IsAnonymous() bool { return p.Type == policy.Anonymous }
