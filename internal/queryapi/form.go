package queryapi

import (
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// Values is a decoded query-protocol form. Lists arrive as
// "Name.member.N", maps as "Name.entry.N.key"/".value" (or service-specific
// key and value names), structures as "Name.Field".
type Values struct{ m url.Values }

// NewValues wraps an already decoded form (tests, sub-structures).
func NewValues(m url.Values) Values { return Values{m: m} }

// Call is one decoded request.
type Call struct {
	Action  string
	Version string
	Values  Values
}

// Parse decodes a call from the request's query string and, for
// form-encoded (or untyped) bodies, the body, which the caller has read
// (it is also what the signature covers). Body parameters win over query
// parameters of the same name.
func Parse(r *http.Request, body []byte) (*Call, error) {
	form, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, apierr.MalformedQueryString
	}
	if len(body) > 0 {
		if ct := r.Header.Get("Content-Type"); ct != "" {
			mt, _, err := mime.ParseMediaType(ct)
			if err != nil || mt != "application/x-www-form-urlencoded" {
				return nil, apierr.UnsupportedContentType
			}
		}
		bf, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, apierr.MalformedQueryString
		}
		for k, vs := range bf {
			form[k] = vs
		}
	}
	v := Values{m: form}
	c := &Call{Action: v.Get("Action"), Version: v.Get("Version"), Values: v}
	if c.Action == "" {
		return nil, apierr.MissingAction
	}
	return c, nil
}

// UnknownAction is the error for an action the service does not have.
func UnknownAction(action, version string) error {
	return apierr.InvalidAction.WithMessage("Could not find operation " + action + " for version " + version)
}

// Get returns the first value of a parameter, or "".
func (v Values) Get(name string) string {
	if vs := v.m[name]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// Lookup reports whether a parameter is present, and its first value.
func (v Values) Lookup(name string) (string, bool) {
	vs, ok := v.m[name]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// Names returns every parameter name, sorted (diagnostics, tests).
func (v Values) Names() []string {
	out := make([]string, 0, len(v.m))
	for k := range v.m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// indexed collects the members "prefix<N>[rest]" by N, in ascending order.
// N must be a positive decimal without leading zeros.
func (v Values) indexed(prefix string) []int {
	seen := map[int]bool{}
	for k := range v.m {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		num, _, _ := strings.Cut(rest, ".")
		if n, ok := index(num); ok {
			seen[n] = true
		}
	}
	out := make([]int, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

func index(s string) (int, bool) {
	if s == "" || len(s) > 6 || s[0] == '0' {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

// Strings returns the list "name.member.N" in index order. An empty list
// ("name=" as the SDKs send it) and an absent one both give nil.
func (v Values) Strings(name string) []string {
	prefix := name + ".member."
	var out []string
	for _, n := range v.indexed(prefix) {
		if s, ok := v.Lookup(prefix + strconv.Itoa(n)); ok {
			out = append(out, s)
		}
	}
	return out
}

// Members returns the structures of the list "name.member.N.*", each as
// its own Values with the "name.member.N." prefix removed.
func (v Values) Members(name string) []Values {
	return v.sub(name + ".member.")
}

func (v Values) sub(prefix string) []Values {
	idx := v.indexed(prefix)
	if len(idx) == 0 {
		return nil
	}
	out := make([]Values, len(idx))
	pos := make(map[int]int, len(idx))
	for i, n := range idx {
		out[i] = Values{m: url.Values{}}
		pos[n] = i
	}
	for k, vs := range v.m {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		num, field, ok := strings.Cut(rest, ".")
		if !ok {
			continue
		}
		if n, ok := index(num); ok {
			out[pos[n]].m[field] = vs
		}
	}
	return out
}

// Struct returns the structure "name.*" with the prefix removed.
func (v Values) Struct(name string) Values {
	out := Values{m: url.Values{}}
	prefix := name + "."
	for k, vs := range v.m {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			out.m[rest] = vs
		}
	}
	return out
}

// Len returns the number of parameters.
func (v Values) Len() int { return len(v.m) }

// KV is one map entry.
type KV struct{ Key, Value string }

// Map returns the map "name.entry.N.<key>"/"name.entry.N.<value>" in index
// order; keyName and valueName are the shape's member names ("key" and
// "value" by default in the SDKs).
func (v Values) Map(name, keyName, valueName string) []KV {
	var out []KV
	for _, e := range v.sub(name + ".entry.") {
		out = append(out, KV{Key: e.Get(keyName), Value: e.Get(valueName)})
	}
	return out
}

// Bool reads a boolean parameter ("true"/"false", case-insensitive).
// Absent gives def.
func (v Values) Bool(name string, def bool) (bool, error) {
	s, ok := v.Lookup(name)
	if !ok || s == "" {
		return def, nil
	}
	switch strings.ToLower(s) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, apierr.Validation(Field(name), s, "Member must be a boolean")
}

// Int reads an integer parameter within [min, max]; absent gives (0,
// false, nil). Out-of-range values get AWS's ValidationError texts.
func (v Values) Int(name string, min, max int) (int, bool, error) {
	s, ok := v.Lookup(name)
	if !ok || s == "" {
		return 0, false, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, false, apierr.Validation(Field(name), s, "Member must be a number")
	}
	if n < min {
		return 0, false, apierr.Validation(Field(name), s, "Member must have value greater than or equal to "+strconv.Itoa(min))
	}
	if n > max {
		return 0, false, apierr.Validation(Field(name), s, "Member must have value less than or equal to "+strconv.Itoa(max))
	}
	return n, true, nil
}

// Field turns a member name into the lower-camel form AWS's validation
// messages use ("UserName" -> "userName", "MaxItems" -> "maxItems").
func Field(name string) string {
	if name == "" || name[0] < 'A' || name[0] > 'Z' {
		return name
	}
	return string(name[0]+'a'-'A') + name[1:]
}
