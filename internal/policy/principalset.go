package policy

import (
	"strings"

	"github.com/coffer-s3/coffer/internal/arn"
)

// PrincipalMatch says how a statement's Principal named the request's
// principal. The kind matters to the evaluation logic: naming an IAM user
// or a role session grants past permissions boundaries and session policies
// in the same account, naming a role does not, and naming an account only
// delegates to that account's own policies.
type PrincipalMatch uint8

// The ways a Principal element can name a request's principal (a bit set).
const (
	MatchAny       PrincipalMatch = 1 << iota // "*" or {"AWS": "*"}
	MatchAccount                              // account id, arn:...:root, or the account's canonical user
	MatchRole                                 // the role whose session is calling
	MatchExact                                // the IAM user, role session or federated user itself
	MatchService                              // the calling service principal
	MatchFederated                            // the calling identity provider (web identity, SAML)
)

type pKind uint8

const (
	pkAccount pKind = iota
	pkUser
	pkRole
	pkSession
	pkUserID
	pkRoleID
	pkService
	pkFederated
	pkCanonical
)

type pEntry struct {
	kind pKind
	val  string
}

// principalGroup is one member of the Principal object, kept for the
// canonical JSON form.
type principalGroup struct {
	typ    string // "AWS", "Service", "Federated", "CanonicalUser"
	values []string
	list   bool // written as an array
}

// principalSet is a compiled Principal or NotPrincipal element.
type principalSet struct {
	star    bool // written as the string "*"
	any     bool
	entries []pEntry
	groups  []principalGroup
}

// compilePrincipal validates and compiles a Principal value.
func compilePrincipal(v *jval, f fail, kind Kind) (principalSet, error) {
	var ps principalSet
	switch v.kind {
	case jString:
		if v.text != "*" || kind == KindTrust {
			return ps, f.principal("", v.text)
		}
		ps.star, ps.any = true, true
		return ps, nil
	case jObject:
	default:
		return ps, f.principal("", "")
	}
	if len(v.obj) == 0 {
		return ps, f.principal("", "")
	}
	for _, m := range v.obj {
		values, list, ok := stringList(m.val)
		if !ok || len(values) == 0 {
			return ps, f.principal(m.name, "")
		}
		for _, s := range values {
			e, any, ok := principalEntry(m.name, s)
			if !ok {
				return ps, f.principal(m.name, s)
			}
			if any {
				ps.any = true
				continue
			}
			ps.entries = append(ps.entries, e)
		}
		ps.groups = append(ps.groups, principalGroup{typ: m.name, values: values, list: list})
	}
	return ps, nil
}

// principalEntry classifies one principal string of a given type.
func principalEntry(typ, s string) (pEntry, bool, bool) {
	if s == "" || (s != "*" && strings.ContainsAny(s, "*?")) {
		return pEntry{}, false, false
	}
	switch typ {
	case "AWS":
		if s == "*" {
			return pEntry{}, true, true
		}
		e, ok := awsPrincipal(s)
		return e, false, ok
	case "Service":
		if s == "*" || !validHostLike(s) {
			return pEntry{}, false, false
		}
		return pEntry{kind: pkService, val: s}, false, true
	case "Federated":
		if s == "*" {
			return pEntry{}, false, false
		}
		return pEntry{kind: pkFederated, val: s}, false, true
	case "CanonicalUser":
		if !isHex(s, 64) {
			return pEntry{}, false, false
		}
		return pEntry{kind: pkCanonical, val: s}, false, true
	}
	return pEntry{}, false, false
}

// awsPrincipal reads an "AWS" principal: an account id, an IAM or STS ARN,
// or an IAM unique id (which AWS shows after the named entity is deleted).
func awsPrincipal(s string) (pEntry, bool) {
	if isDigits(s, 12) {
		return pEntry{kind: pkAccount, val: s}, true
	}
	var f [6]string
	if !arn.Split(s, &f) {
		if len(s) >= 16 && isUpperAlnum(s) {
			switch s[:4] {
			case "AIDA":
				return pEntry{kind: pkUserID, val: s}, true
			case "AROA":
				return pEntry{kind: pkRoleID, val: s}, true
			}
		}
		return pEntry{}, false
	}
	if f[0] != "arn" || f[1] == "" || f[3] != "" || !isDigits(f[4], 12) {
		return pEntry{}, false
	}
	res := f[5]
	switch f[2] {
	case "iam":
		if res == "root" {
			return pEntry{kind: pkAccount, val: f[4]}, true
		}
		typ, rest, _ := strings.Cut(res, "/")
		if !validIAMPathName(rest) {
			return pEntry{}, false
		}
		switch typ {
		case "user":
			return pEntry{kind: pkUser, val: s}, true
		case "role":
			return pEntry{kind: pkRole, val: s}, true
		}
	case "sts":
		typ, rest, _ := strings.Cut(res, "/")
		switch typ {
		case "assumed-role":
			role, session, ok := strings.Cut(rest, "/")
			if ok && role != "" && session != "" && !strings.Contains(session, "/") {
				return pEntry{kind: pkSession, val: s}, true
			}
		case "federated-user":
			if rest != "" && !strings.Contains(rest, "/") {
				return pEntry{kind: pkSession, val: s}, true
			}
		}
	}
	return pEntry{}, false
}

func validIAMPathName(s string) bool {
	if s == "" || strings.HasSuffix(s, "/") || strings.Contains(s, "//") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isAlnum(c) || strings.IndexByte("+=,.@_-/", c) >= 0) {
			return false
		}
	}
	return true
}

func validHostLike(s string) bool {
	if !strings.Contains(s, ".") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isAlnum(c) || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func isUpperAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// isAccountPrincipal reports a principal that belongs to an account.
func isAccountPrincipal(p *Principal) bool {
	switch p.Type {
	case Root, IAMUser, AssumedRole, FederatedUser:
		return p.Account != ""
	}
	return false
}

// match returns how the set names p (0: it does not).
func (ps *principalSet) match(p *Principal) PrincipalMatch {
	var m PrincipalMatch
	if ps.any {
		m |= MatchAny
	}
	for i := range ps.entries {
		e := &ps.entries[i]
		switch e.kind {
		case pkAccount:
			if isAccountPrincipal(p) && p.Account == e.val {
				m |= MatchAccount
			}
		case pkCanonical:
			if isAccountPrincipal(p) && p.CanonicalID == e.val {
				m |= MatchAccount
			}
		case pkUser:
			if p.Type == IAMUser && p.ARN == e.val {
				m |= MatchExact
			}
		case pkUserID:
			if p.Type == IAMUser && p.UserID == e.val {
				m |= MatchExact
			}
		case pkRole:
			if p.Type == AssumedRole && p.RoleARN == e.val {
				m |= MatchRole
			}
		case pkRoleID:
			if p.Type == AssumedRole {
				if id, _, _ := strings.Cut(p.UserID, ":"); id == e.val {
					m |= MatchRole
				}
			}
		case pkSession:
			if (p.Type == AssumedRole || p.Type == FederatedUser) && p.ARN == e.val {
				m |= MatchExact
			}
		case pkService:
			if p.Type == Service && p.ServiceName == e.val {
				m |= MatchService
			}
		case pkFederated:
			if p.Type == WebIdentity && p.Federated == e.val {
				m |= MatchFederated
			}
		}
	}
	return m
}

// excludes reports whether NotPrincipal keeps p out of a Deny. AWS requires
// every level of the caller to be listed (the account, and the user, or the
// role and the session), and never excludes a principal that has a
// permissions boundary.
func (ps *principalSet) excludes(p *Principal) bool {
	if ps.any {
		return true
	}
	if p.HasBoundary {
		return false
	}
	m := ps.match(p)
	switch p.Type {
	case Root:
		return m&MatchAccount != 0
	case IAMUser, FederatedUser:
		return m&MatchAccount != 0 && m&MatchExact != 0
	case AssumedRole:
		return m&MatchAccount != 0 && m&MatchRole != 0 && m&MatchExact != 0
	case Service:
		return m&MatchService != 0
	case WebIdentity:
		return m&MatchFederated != 0
	}
	return false
}

// arns lists the ARNs (and unique ids) the set names, for the IAM service to
// check that they exist, as AWS does when a policy is written.
func (ps *principalSet) arns(dst []string) []string {
	for _, e := range ps.entries {
		switch e.kind {
		case pkUser, pkRole, pkSession, pkUserID, pkRoleID:
			dst = append(dst, e.val)
		}
	}
	return dst
}
