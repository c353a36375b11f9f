package policy

import (
	"strings"

	"github.com/coffer-s3/coffer/internal/arn"
)

// Resource is a request's resource ARN, split once so that every statement
// compares fields instead of re-parsing.
type Resource struct {
	s   string
	f   [6]string
	arn bool
}

// head returns the text before the resource field ("arn:aws:s3:::").
func (r *Resource) head() string { return r.s[:len(r.s)-len(r.f[5])] }

// NewResource prepares a resource ARN (or "*" for actions without one).
func NewResource(s string) Resource {
	r := Resource{s: s}
	r.arn = arn.Split(s, &r.f) && r.f[0] == "arn"
	return r
}

// String returns the ARN.
func (r Resource) String() string { return r.s }

// resPat is a compiled Resource/NotResource entry (or an ARN condition
// value). IAM matches ARNs field by field: a '*' in partition, service,
// region or account never crosses a ':', while the resource field's '*'
// spans ':' and '/'.
type resPat struct {
	raw    string
	whole  pat
	arn    bool // pattern is ARN-shaped: match field by field
	fast   bool // whole-string match is equivalent to the field-wise one
	fields [6]pat
	// head is set when the first five fields are literal: the request's
	// text before its resource field must then equal it.
	head string
}

func compileResource(raw string, vars bool) (resPat, error) {
	toks, err := tokenize(raw, vars, true)
	if err != nil {
		return resPat{}, err
	}
	rp := resPat{raw: raw, whole: compilePat(toks)}
	if rp.whole.kind == pAll {
		rp.fast = true
		return rp, nil
	}
	parts, ok := splitTokens(toks)
	if !ok || !strings.HasPrefix(raw, "arn:") {
		rp.fast = true
		return rp, nil
	}
	rp.arn = true
	for i := range parts {
		rp.fields[i] = compilePat(parts[i])
	}
	exact := true
	var head strings.Builder
	for i := 0; i < 5; i++ {
		if rp.fields[i].kind != pExact {
			exact = false
			break
		}
		head.WriteString(rp.fields[i].text)
		head.WriteByte(':')
	}
	if exact {
		rp.head = head.String()
	}
	switch rp.whole.kind {
	case pExact:
		rp.fast = true
	case pPrefix:
		// A single trailing '*' after all five colons stays in the resource field.
		rp.fast = strings.Count(rp.whole.text, ":") >= 5
	}
	return rp, nil
}

// splitTokens cuts a token list at the first five literal colons.
func splitTokens(toks []token) ([6][]token, bool) {
	var out [6][]token
	field := 0
	for _, t := range toks {
		if t.kind != tLit || field == 5 {
			out[field] = append(out[field], t)
			continue
		}
		s := t.text
		for field < 5 {
			j := strings.IndexByte(s, ':')
			if j < 0 {
				break
			}
			if j > 0 {
				out[field] = append(out[field], token{kind: tLit, text: s[:j]})
			}
			field++
			s = s[j+1:]
		}
		if s != "" {
			out[field] = append(out[field], token{kind: tLit, text: s})
		}
	}
	return out, field == 5
}

// match reports whether the request resource matches. Apart from "*", an
// ARN-shaped pattern never matches a value that is not, nor the reverse:
// a pattern with fewer than six fields cannot let a '*' swallow colons.
func (p *resPat) match(r *Resource, c *Context) bool {
	if p.whole.kind == pAll {
		return true
	}
	if p.arn != r.arn {
		return false
	}
	if p.fast || !p.arn {
		return p.whole.match(r.s, c, false)
	}
	if p.head != "" {
		return r.head() == p.head && p.fields[5].match(r.f[5], c, false)
	}
	for i := range p.fields {
		if !p.fields[i].match(r.f[i], c, false) {
			return false
		}
	}
	return true
}

// matchString matches an ARN held in a string (ArnLike conditions).
func (p *resPat) matchString(s string, c *Context) bool {
	r := NewResource(s)
	return p.match(&r, c)
}
