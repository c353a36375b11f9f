package cors

import (
	"strconv"
	"strings"
)

// Header is one response header.
type Header struct{ Name, Value string }

// Vary is the Vary value S3 sends with CORS headers: the answer depends on
// these request headers, so caches must not share it across origins.
const Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"

// Match returns the first rule that allows origin to use method; for a
// preflight, every requested header must also be allowed. reqHeaders are
// lower-case names (see ParseRequestHeaders).
func (c *Config) Match(origin, method string, reqHeaders []string) *Rule {
	for i := range c.Rules {
		if r := &c.Rules[i]; r.matches(origin, method, reqHeaders) {
			return r
		}
	}
	return nil
}

func (r *Rule) matches(origin, method string, reqHeaders []string) bool {
	ok := false
	for _, m := range r.AllowedMethods {
		if m == method {
			ok = true
			break
		}
	}
	if !ok || !matchAny(r.AllowedOrigins, origin, false) {
		return false
	}
	for _, h := range reqHeaders {
		if !matchAny(r.AllowedHeaders, h, true) {
			return false
		}
	}
	return true
}

func matchAny(patterns []string, v string, fold bool) bool {
	for _, p := range patterns {
		if fold {
			p = strings.ToLower(p)
		}
		if wildcard(p, v) {
			return true
		}
	}
	return false
}

// wildcard matches v against a pattern with at most one '*', which stands
// for any run of characters, possibly empty; the pattern is anchored at
// both ends.
func wildcard(p, v string) bool {
	pre, suf, ok := strings.Cut(p, "*")
	if !ok {
		return p == v
	}
	return len(v) >= len(pre)+len(suf) && strings.HasPrefix(v, pre) && strings.HasSuffix(v, suf)
}

// ParseRequestHeaders splits Access-Control-Request-Headers into lower-case
// names, dropping empty entries.
func ParseRequestHeaders(v string) []string {
	var out []string
	for _, h := range strings.Split(v, ",") {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			out = append(out, h)
		}
	}
	return out
}

// Headers are the CORS response headers of a matched rule: the origin (or
// "*" when the rule allows any origin, without credentials), the rule's
// methods, the requested headers (preflight), the exposed headers, the
// max age, and Vary.
func (r *Rule) Headers(origin string, reqHeaders []string) []Header {
	out := make([]Header, 0, 7)
	anyOrigin := false
	for _, o := range r.AllowedOrigins {
		if o == "*" {
			anyOrigin = true
			break
		}
	}
	if anyOrigin {
		out = append(out, Header{"Access-Control-Allow-Origin", "*"})
	} else {
		out = append(out, Header{"Access-Control-Allow-Origin", origin},
			Header{"Access-Control-Allow-Credentials", "true"})
	}
	out = append(out, Header{"Access-Control-Allow-Methods", strings.Join(r.AllowedMethods, ", ")})
	if len(reqHeaders) > 0 {
		out = append(out, Header{"Access-Control-Allow-Headers", strings.Join(reqHeaders, ", ")})
	}
	if len(r.ExposeHeaders) > 0 {
		out = append(out, Header{"Access-Control-Expose-Headers", strings.Join(r.ExposeHeaders, ", ")})
	}
	if r.MaxAgeSeconds >= 0 {
		out = append(out, Header{"Access-Control-Max-Age", strconv.FormatInt(r.MaxAgeSeconds, 10)})
	}
	return append(out, Header{"Vary", Vary})
}
