package policy

import "strings"

// Action is a request's action ("s3:GetObject"), lower-cased once so that
// matching against the policy's lower-cased patterns is a plain comparison.
type Action struct {
	s string
}

// NewAction prepares an action. It allocates only when s has upper-case
// letters; servers intern their actions once at start-up.
func NewAction(s string) Action { return Action{s: lowerASCII(s)} }

// String returns the lower-cased action.
func (a Action) String() string { return a.s }

// Service returns the part before the colon ("s3").
func (a Action) Service() string {
	svc, _, _ := strings.Cut(a.s, ":")
	return svc
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// validAction reports whether s has IAM's "service:name" form (or is "*"):
// a service of letters, digits and '-', one colon, and a name of letters,
// digits and wildcards.
func validAction(s string) bool {
	if s == "*" {
		return true
	}
	svc, name, ok := strings.Cut(s, ":")
	if !ok || svc == "" || name == "" || strings.IndexByte(name, ':') >= 0 {
		return false
	}
	for i := 0; i < len(svc); i++ {
		c := svc[i]
		if !(isAlnum(c) || c == '-') {
			return false
		}
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(isAlnum(c) || c == '*' || c == '?' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// actPat is a compiled Action/NotAction entry.
type actPat struct {
	raw string
	p   pat
}

func compileAction(raw string) actPat {
	toks, _ := tokenize(lowerASCII(raw), false, true)
	return actPat{raw: raw, p: compilePat(toks)}
}

func (p *actPat) match(a Action) bool {
	if p.p.kind == pExact {
		return a.s == p.p.text
	}
	return p.p.match(a.s, nil, false)
}
