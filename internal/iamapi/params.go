package iamapi

import (
	"sort"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/arn"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/queryapi"
)

func (c *call) str(name string) string { return c.v.Get(name) }

// required returns a parameter that must be present and not empty.
func (c *call) required(name string) (string, error) {
	s := c.v.Get(name)
	if s == "" {
		return "", apierr.ValidationNull(queryapi.Field(name))
	}
	return s, nil
}

// tags reads "Tags.member.N.Key/Value".
func (c *call) tags() []iam.Tag {
	var out []iam.Tag
	for _, m := range c.v.Members("Tags") {
		out = append(out, iam.Tag{Key: m.Get("Key"), Value: m.Get("Value")})
	}
	return out
}

// selfUser resolves an optional UserName: absent means the caller, which
// must then be an IAM user or the root user ("" is the root user).
func (c *call) selfUser() (string, error) {
	if u := c.str("UserName"); u != "" {
		return u, nil
	}
	switch c.p.Type {
	case policy.IAMUser:
		return c.p.Username, nil
	case policy.Root:
		return "", nil
	}
	return "", apierr.ValidationError.WithMessage("Must specify userName when calling with non-User credentials")
}

// Resource ARNs. Existing entities are named with their path; an entity
// that does not exist (yet) with the path the call gives, else "/".

func (c *call) userARN(name string) string {
	if name == "" {
		return c.p.ARN
	}
	if u, err := c.h.iam.GetUser(c.ctx, c.acct, name); err == nil {
		return u.ARN()
	}
	return arn.User(c.acct, pathOr(c.str("Path")), name)
}

func (c *call) groupARN(name string) string {
	if g, _, err := c.h.iam.GetGroup(c.ctx, c.acct, name); err == nil {
		return g.ARN()
	}
	return arn.Group(c.acct, pathOr(c.str("Path")), name)
}

func (c *call) roleARN(name string) string {
	if r, err := c.h.iam.GetRole(c.ctx, c.acct, name); err == nil {
		return r.ARN()
	}
	return arn.Role(c.acct, pathOr(c.str("Path")), name)
}

func (c *call) entityARN(t iam.EntityType, name string) string {
	switch t {
	case iam.EntityUser:
		return c.userARN(name)
	case iam.EntityGroup:
		return c.groupARN(name)
	}
	return c.roleARN(name)
}

func pathOr(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// policyOwner is the account owning a policy ARN: AWS managed policies
// belong to no customer account, so changing one is a cross-account
// request that the authorizer denies, while reading one is open to anyone
// the caller's own policies allow.
func (c *call) policyOwner(param string, change bool) string {
	parsed, err := arn.Parse(c.str(param))
	if err != nil || (parsed.Account == "aws" && !change) || parsed.Account == "" {
		return c.acct
	}
	return parsed.Account
}

// encodeDoc URL-encodes a policy document as IAM returns it (RFC 3986:
// everything but unreserved characters, spaces as %20).
func encodeDoc(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_' || ch == '.' || ch == '~' {
			b.WriteByte(ch)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[ch>>4])
		b.WriteByte(hex[ch&15])
	}
	return b.String()
}

func validationNull(name string) error { return apierr.ValidationNull(queryapi.Field(name)) }

func sortItems[T any](items []T, key func(T) string) {
	sort.Slice(items, func(i, j int) bool { return key(items[i]) < key(items[j]) })
}
