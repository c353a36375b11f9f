package postpolicy

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// Op is a condition's matching type.
type Op uint8

// Condition matching types.
const (
	OpEq Op = iota + 1
	OpStartsWith
	OpRange // content-length-range
)

func (o Op) String() string {
	switch o {
	case OpEq:
		return "eq"
	case OpStartsWith:
		return "starts-with"
	case OpRange:
		return "content-length-range"
	}
	return ""
}

// Condition is one entry of a policy's conditions.
type Condition struct {
	Op Op
	// Name is the field the condition tests, lower-cased and without the
	// "$" ("" when the policy named it without "$": such a condition
	// matches nothing, as in S3).
	Name string
	// Field is the field as the policy wrote it ("$Content-Type"), for
	// messages.
	Field string
	Value string
	// Min and Max bound the file size of a content-length-range; Args are
	// its operands as written, and Numeric says whether both are integers
	// (a range over non-numbers always fails, with a Condition failed).
	Min, Max int64
	Args     [2]string
	Numeric  bool
}

// Policy is a parsed POST policy document.
type Policy struct {
	Expiration time.Time
	Conditions []Condition
}

// MaxPolicySize bounds the decoded document; S3 bounds the whole form
// before the file to 20 KB, so a longer policy never arrives.
const MaxPolicySize = 64 << 10

func invalid(msg string) *apierr.Error {
	return apierr.InvalidPolicyDocument.WithMessage("Invalid Policy: " + msg)
}

var errInvalidJSON = invalid("Invalid JSON.")

// Parse decodes the base64 policy field and parses the document as S3 does.
// Errors are InvalidPolicyDocument with S3's "Invalid Policy: ..." messages.
func Parse(b64 string) (*Policy, error) {
	if base64.StdEncoding.DecodedLen(len(b64)) > MaxPolicySize {
		return nil, invalid("Policy is too large.")
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil {
		return nil, invalid("invalid Base64 encoding.")
	}
	return ParseDocument(raw)
}

// ParseDocument parses a decoded policy document.
func ParseDocument(doc []byte) (*Policy, error) {
	dec := json.NewDecoder(bytes.NewReader(unescapeAWS(doc)))
	dec.UseNumber()
	members, err := objectMembers(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		// Trailing data after the document.
		return nil, errInvalidJSON
	}
	var exp, conds json.RawMessage
	for _, m := range members {
		switch m.name {
		case "expiration":
			exp = m.value
		case "conditions":
			conds = m.value
		default:
			return nil, invalid("Unexpected: '" + strings.ToLower(m.name) + "'")
		}
	}
	if exp == nil {
		return nil, invalid("Policy missing expiration.")
	}
	if conds == nil {
		return nil, invalid("Policy missing conditions.")
	}
	p := &Policy{}
	if p.Expiration, err = parseExpiration(exp); err != nil {
		return nil, err
	}
	if p.Conditions, err = parseConditions(conds); err != nil {
		return nil, err
	}
	return p, nil
}

type member struct {
	name  string
	value json.RawMessage
}

// objectMembers reads a top-level JSON object keeping its members' order
// and exact (case-sensitive) names.
func objectMembers(dec *json.Decoder) ([]member, error) {
	t, err := dec.Token()
	if d, ok := t.(json.Delim); err != nil || !ok || d != '{' {
		return nil, errInvalidJSON
	}
	var out []member
	for dec.More() {
		t, err := dec.Token()
		name, ok := t.(string)
		if err != nil || !ok {
			return nil, errInvalidJSON
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, errInvalidJSON
		}
		out = append(out, member{name, v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, errInvalidJSON
	}
	return out, nil
}

// expirationLayout is ISO 8601 in UTC with optional fractional seconds;
// S3 refuses offsets and a space for the "T".
const expirationLayout = "2006-01-02T15:04:05.999999999Z"

func parseExpiration(raw json.RawMessage) (time.Time, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return time.Time{}, invalid("Invalid 'expiration' value: '" + string(raw) + "'")
	}
	t, err := time.Parse(expirationLayout, s)
	if err != nil {
		return time.Time{}, invalid("Invalid 'expiration' value: '" + s + "'")
	}
	return t, nil
}

// unescapeAWS rewrites the two escapes S3's policy dialect adds to JSON,
// "\$" (a dollar sign) and "\v" (vertical tab), into standard JSON. Any other
// escape is copied as is, so "\\$" stays a backslash followed by "$".
func unescapeAWS(doc []byte) []byte {
	if !bytes.Contains(doc, []byte(`\$`)) && !bytes.Contains(doc, []byte(`\v`)) {
		return doc
	}
	out := make([]byte, 0, len(doc)+8)
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		if c != '\\' || i+1 == len(doc) {
			out = append(out, c)
			continue
		}
		i++
		switch doc[i] {
		case '$':
			out = append(out, '$')
		case 'v':
			out = append(out, `\u000b`...)
		default:
			out = append(out, '\\', doc[i])
		}
	}
	return out
}
