package arn

import (
	"strings"
	"unicode/utf8"
)

// Glob reports whether s matches pattern, where '*' matches any run of
// characters (including none) and '?' exactly one character. Matching is
// case-sensitive and does not allocate. It backtracks only to the latest '*',
// so it runs in O(len(pattern)*len(s)) at worst and linearly in practice.
func Glob(pattern, s string) bool {
	px, sx := 0, 0
	starP, starS := -1, 0
	for sx < len(s) {
		if px < len(pattern) {
			switch c := pattern[px]; c {
			case '*':
				starP, starS = px, sx
				px++
				continue
			case '?':
				_, n := utf8.DecodeRuneInString(s[sx:])
				px++
				sx += n
				continue
			default:
				if s[sx] == c {
					px++
					sx++
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		// Let the last '*' swallow one more character and retry.
		_, n := utf8.DecodeRuneInString(s[starS:])
		starS += n
		px, sx = starP+1, starS
	}
	for px < len(pattern) && pattern[px] == '*' {
		px++
	}
	return px == len(pattern)
}

// HasWildcard reports whether s contains '*' or '?'.
func HasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// Match reports whether the ARN s matches pattern the way IAM matches a
// Resource element: "*" matches anything; otherwise the first five fields
// are matched one by one, so a '*' there never crosses a ':', while the
// resource field may hold ':' and '/' and its '*' spans them. An
// ARN-shaped pattern (arn: and five colons) never matches a value that is
// not, nor the reverse; two non-ARN strings are globbed whole. No
// allocation.
func Match(pattern, s string) bool {
	if pattern == "*" {
		return true
	}
	var pf, sf [6]string
	pa := Split(pattern, &pf) && pf[0] == "arn"
	sa := Split(s, &sf) && sf[0] == "arn"
	if pa != sa {
		return false
	}
	if !pa {
		return Glob(pattern, s)
	}
	for i := range pf {
		if !Glob(pf[i], sf[i]) {
			return false
		}
	}
	return true
}

// Pattern is a precompiled ARN pattern; Match on it is faster than the
// function of the same name for patterns used many times.
type Pattern struct {
	all    bool
	arn    bool
	fields [6]field
	whole  field
}

type fieldKind uint8

const (
	fAny fieldKind = iota
	fExact
	fPrefix
	fSuffix
	fGlob
)

type field struct {
	kind fieldKind
	text string // literal part, or the full glob
}

func compileField(p string) field {
	switch {
	case p == "*":
		return field{kind: fAny}
	case !HasWildcard(p):
		return field{kind: fExact, text: p}
	case strings.IndexAny(p, "*?") == len(p)-1 && p[len(p)-1] == '*':
		return field{kind: fPrefix, text: p[:len(p)-1]}
	case strings.LastIndexAny(p, "*?") == 0 && p[0] == '*' && (len(p) == 1 || utf8.RuneStart(p[1])):
		// A '*' only ever stops at a character boundary, so the byte-wise
		// suffix test is the same only when the suffix starts one.
		return field{kind: fSuffix, text: p[1:]}
	}
	return field{kind: fGlob, text: p}
}

func (f field) match(s string) bool {
	switch f.kind {
	case fAny:
		return true
	case fExact:
		return s == f.text
	case fPrefix:
		return strings.HasPrefix(s, f.text)
	case fSuffix:
		return strings.HasSuffix(s, f.text)
	}
	return Glob(f.text, s)
}

// Compile precompiles pattern for repeated matching.
func Compile(pattern string) Pattern {
	if pattern == "*" {
		return Pattern{all: true}
	}
	var pf [6]string
	if !Split(pattern, &pf) || pf[0] != "arn" {
		return Pattern{whole: compileField(pattern)}
	}
	p := Pattern{arn: true, whole: compileField(pattern)}
	for i := range pf {
		p.fields[i] = compileField(pf[i])
	}
	return p
}

// Match reports whether s matches the compiled pattern (see Match).
func (p *Pattern) Match(s string) bool {
	if p.all {
		return true
	}
	var sf [6]string
	sa := Split(s, &sf) && sf[0] == "arn"
	if p.arn != sa {
		return false
	}
	if !p.arn {
		return p.whole.match(s)
	}
	for i := range p.fields {
		if !p.fields[i].match(sf[i]) {
			return false
		}
	}
	return true
}
