package acl

import (
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// Resolver finds the accounts behind grantees when an ACL is written. A
// grant must name an existing canonical user or e-mail address.
type Resolver struct {
	// ByID returns the account whose canonical user id is id.
	ByID func(id string) (account string, ok bool)
	// ByEmail returns the canonical users of the accounts registered with
	// the address (compared case-insensitively).
	ByEmail func(addr string) []Grantee
}

func (r Resolver) user(id, argName string) (Grantee, error) {
	if id == ExecReadID {
		return Grantee{ID: id}, nil
	}
	if r.ByID != nil {
		if acct, ok := r.ByID(id); ok {
			return User(id, acct), nil
		}
	}
	return Grantee{}, apierr.InvalidArgument.WithMessage("Invalid id").With("ArgumentName", argName).With("ArgumentValue", id)
}

func (r Resolver) email(addr string) (Grantee, error) {
	var found []Grantee
	if r.ByEmail != nil && addr != "" {
		found = r.ByEmail(addr)
	}
	switch len(found) {
	case 0:
		return Grantee{}, apierr.UnresolvableGrantByEmailAddress
	case 1:
		return found[0], nil
	}
	return Grantee{}, apierr.AmbiguousGrantByEmailAddress
}

// GrantHeaders are the x-amz-grant-* headers with the permission each
// grants, in the order S3 documents them.
var GrantHeaders = [...]struct {
	Name       string // canonical MIME form
	Permission Permission
}{
	{"X-Amz-Grant-Read", Read},
	{"X-Amz-Grant-Write", Write},
	{"X-Amz-Grant-Read-Acp", ReadACP},
	{"X-Amz-Grant-Write-Acp", WriteACP},
	{"X-Amz-Grant-Full-Control", FullControl},
}

// Header reads one header of a request: its values joined by commas, and
// whether it was present.
type Header func(name string) (value string, present bool)

// Request describes the ACL a request sets with headers.
type Request struct {
	// ACL is the ACL the headers set; nil when they set none.
	ACL *ACL
	// Canned is the x-amz-acl value, if the request used one.
	Canned string
}

// FromHeaders reads the ACL a request sets through x-amz-acl or the
// x-amz-grant-* headers. owner is the owner of the resource the ACL will
// belong to, bucketOwner its bucket's owner. A canned ACL and grant headers
// together are refused, as S3 does. Explicit grants are the whole ACL: the
// owner gets nothing it is not granted.
func FromHeaders(h Header, t Target, owner, bucketOwner Grantee, r Resolver) (Request, error) {
	canned, hasCanned := h("X-Amz-Acl")
	hasGrants := false
	for _, gh := range GrantHeaders {
		if _, ok := h(gh.Name); ok {
			hasGrants = true
		}
	}
	switch {
	case hasCanned && hasGrants:
		return Request{}, apierr.InvalidRequest.WithMessage("Specifying both Canned ACLs and Header Grants is not allowed")
	case hasCanned:
		a, err := Canned(canned, t, owner, bucketOwner)
		return Request{ACL: a, Canned: canned}, err
	case !hasGrants:
		return Request{}, nil
	}
	a := &ACL{}
	for _, gh := range GrantHeaders {
		v, ok := h(gh.Name)
		if !ok {
			continue
		}
		grantees, err := ParseGrantHeader(strings.ToLower(gh.Name), v, r)
		if err != nil {
			return Request{}, err
		}
		for _, g := range grantees {
			a.add(g, gh.Permission)
		}
	}
	if len(a.Grants) > MaxGrants {
		return Request{}, tooManyGrants
	}
	return Request{ACL: a}, nil
}

// ParseGrantHeader reads one x-amz-grant-* value: a comma-separated list of
// id="canonical-id", uri="group-uri" and emailAddress="address", the value
// quoted or not.
func ParseGrantHeader(name, value string, r Resolver) ([]Grantee, error) {
	var out []Grantee
	rest := value
	for {
		item, next, err := nextItem(rest)
		bad := apierr.InvalidArgument.WithMessage("Argument format not recognized").With("ArgumentName", name).With("ArgumentValue", strings.TrimSpace(item))
		if err != nil {
			return nil, bad
		}
		k, v, ok := strings.Cut(item, "=")
		k = strings.TrimSpace(k)
		v = strings.TrimSpace(v)
		if unq, isQuoted := unquote(v); isQuoted {
			v = unq
		}
		if !ok || v == "" {
			return nil, bad
		}
		var g Grantee
		switch {
		case k == "id":
			g, err = r.user(v, "id")
		case k == "uri":
			grp, ok := ParseGroupURI(v)
			if !ok {
				return nil, apierr.InvalidArgument.WithMessage("Invalid group uri").With("ArgumentName", "uri").With("ArgumentValue", v)
			}
			g = Grantee{Group: grp}
		case strings.EqualFold(k, "emailAddress"):
			g, err = r.email(v)
		default:
			return nil, bad
		}
		if err != nil {
			return nil, err
		}
		out = append(out, g)
		if len(out) > MaxGrants {
			return nil, tooManyGrants
		}
		if next < 0 {
			return out, nil
		}
		rest = rest[next:]
	}
}

// nextItem cuts the first item of a grant list: up to a comma outside
// double quotes. next is where the rest starts, -1 at the end.
func nextItem(s string) (item string, next int, err error) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				return s[:i], i + 1, nil
			}
		}
	}
	if quoted {
		return s, -1, apierr.InvalidArgument
	}
	return s, -1, nil
}

func unquote(v string) (string, bool) {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return v[1 : len(v)-1], true
	}
	return v, false
}
