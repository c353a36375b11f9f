package policy

import (
	"errors"
	"github.com/coffer-s3/coffer/internal/arn"
	"strings"
	"unicode/utf8"
)

// tokKind is one piece of a pattern: literal text, a wildcard, or a policy
// variable whose value is substituted at evaluation time as literal text
// (a '*' inside a user name never becomes a wildcard).
type tokKind uint8

const (
	tLit tokKind = iota
	tStar
	tQuest
	tVar
)

type token struct {
	kind   tokKind
	text   string // tLit: the text; tVar: the variable as written
	key    Key    // tVar
	def    string // tVar: default value
	hasDef bool
}

var (
	errUnknownVariable = errors.New("unknown policy variable")
)

// tokenize splits s into tokens. With vars (policy version 2012-10-17) it
// recognises ${key}, ${key, 'default'} and the escapes ${*}, ${?}, ${$};
// with wild, '*' and '?' are wildcards, else literal. An unterminated "${"
// is literal text.
func tokenize(s string, vars, wild bool) ([]token, error) {
	var toks []token
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			toks = append(toks, token{kind: tLit, text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case wild && c == '*':
			flush()
			toks = append(toks, token{kind: tStar})
			i++
		case wild && c == '?':
			flush()
			toks = append(toks, token{kind: tQuest})
			i++
		case vars && c == '$' && strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				lit.WriteByte(c)
				i++
				continue
			}
			body := s[i+2 : i+end]
			switch body {
			case "*", "?", "$":
				lit.WriteString(body)
				i += end + 1
				continue
			}
			t, err := parseVariable(body)
			if err != nil {
				return nil, err
			}
			t.text = s[i : i+end+1]
			flush()
			toks = append(toks, t)
			i += end + 1
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return toks, nil
}

// parseVariable reads "key" or "key, 'default'".
func parseVariable(body string) (token, error) {
	name, def, hasDef := strings.Cut(body, ",")
	name = strings.TrimSpace(name)
	k, ok := LookupKey(name)
	if !ok || k.MultiValued() {
		return token{}, errUnknownVariable
	}
	t := token{kind: tVar, key: k}
	if hasDef {
		def = strings.TrimSpace(def)
		if len(def) < 2 || def[0] != '\'' || def[len(def)-1] != '\'' {
			return token{}, errUnknownVariable
		}
		t.def, t.hasDef = def[1:len(def)-1], true
	}
	return t, nil
}

// resolve returns a variable's value for this request.
func (t *token) resolve(c *Context) (string, bool) {
	if v := c.lookup(t.key); v != nil && !v.isMul {
		return v.s, true
	}
	if t.hasDef {
		return t.def, true
	}
	return "", false
}

// patKind selects a matching strategy; the fast ones cover most policies.
type patKind uint8

const (
	pAll    patKind = iota // "*"
	pExact                 // no wildcard
	pPrefix                // one trailing '*'
	pSuffix                // one leading '*'
	pGlob                  // wildcards, no variables
	pTokens                // variables (or escaped wildcard characters)
)

// pat is a compiled pattern.
type pat struct {
	kind patKind
	text string
	toks []token
}

func compilePat(toks []token) pat {
	plain := true
	for _, t := range toks {
		if t.kind == tVar || (t.kind == tLit && strings.ContainsAny(t.text, "*?")) {
			plain = false
			break
		}
	}
	if !plain {
		return pat{kind: pTokens, toks: toks}
	}
	var b strings.Builder
	for _, t := range toks {
		switch t.kind {
		case tLit:
			b.WriteString(t.text)
		case tStar:
			b.WriteByte('*')
		case tQuest:
			b.WriteByte('?')
		}
	}
	g := b.String()
	switch {
	case g == "*":
		return pat{kind: pAll}
	case !strings.ContainsAny(g, "*?"):
		return pat{kind: pExact, text: g}
	case strings.IndexAny(g, "*?") == len(g)-1 && g[len(g)-1] == '*':
		return pat{kind: pPrefix, text: g[:len(g)-1]}
	case strings.LastIndexAny(g, "*?") == 0 && g[0] == '*' && (len(g) == 1 || utf8.RuneStart(g[1])):
		// A '*' only stops at character boundaries: the byte-wise suffix
		// test agrees with glob only when the suffix starts one.
		return pat{kind: pSuffix, text: g[1:]}
	}
	return pat{kind: pGlob, text: g}
}

// hasVars reports whether the pattern needs the request context.
func (p *pat) hasVars() bool { return p.kind == pTokens }

// match reports whether s matches; fold compares letters case-insensitively
// (only StringEqualsIgnoreCase, which has no wildcards, asks for it).
func (p *pat) match(s string, c *Context, fold bool) bool {
	switch p.kind {
	case pAll:
		return true
	case pExact:
		if fold {
			return strings.EqualFold(s, p.text)
		}
		return s == p.text
	case pPrefix:
		return strings.HasPrefix(s, p.text)
	case pSuffix:
		return strings.HasSuffix(s, p.text)
	case pGlob:
		return arn.Glob(p.text, s)
	}
	return matchTokens(p.toks, s, c, fold)
}

// matchTokens is glob over tokens, reading variables from the context. Any
// unresolvable variable without a default makes the pattern not match.
// Literal runs are compared whole: at a given alignment they match entirely
// or not at all, so backtracking to the latest '*' stays correct.
func matchTokens(toks []token, s string, c *Context, fold bool) bool {
	var buf [16]string
	var texts []string
	if len(toks) <= len(buf) {
		texts = buf[:len(toks)]
	} else {
		texts = make([]string, len(toks))
	}
	for i := range toks {
		switch toks[i].kind {
		case tVar:
			v, ok := toks[i].resolve(c)
			if !ok {
				return false
			}
			texts[i] = v
		case tLit:
			texts[i] = toks[i].text
		}
	}
	ti, sx := 0, 0
	starT, starS := -1, 0
	for {
		if ti < len(toks) {
			switch toks[ti].kind {
			case tStar:
				starT, starS = ti, sx
				ti++
				continue
			case tQuest:
				if sx < len(s) {
					_, n := utf8.DecodeRuneInString(s[sx:])
					sx += n
					ti++
					continue
				}
			default:
				t := texts[ti]
				if len(s)-sx >= len(t) {
					if seg := s[sx : sx+len(t)]; seg == t || (fold && strings.EqualFold(seg, t)) {
						sx += len(t)
						ti++
						continue
					}
				}
			}
		} else if sx == len(s) {
			return true
		}
		if starT < 0 || starS >= len(s) {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[starS:])
		starS += n
		ti, sx = starT+1, starS
	}
}
