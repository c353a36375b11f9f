package postpolicy

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// maxConditions bounds the work of one policy; a 20 KB form holds fewer.
const maxConditions = 1000

func parseConditions(raw json.RawMessage) ([]Condition, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil || bytes.TrimSpace(raw)[0] != '[' {
		return nil, invalid("Invalid 'conditions' value: must be a List.")
	}
	if len(items) > maxConditions {
		return nil, invalid("Too many conditions.")
	}
	out := make([]Condition, 0, len(items))
	for _, it := range items {
		c, err := parseCondition(it)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func parseCondition(raw json.RawMessage) (Condition, error) {
	switch bytes.TrimSpace(raw)[0] {
	case '{':
		return parseSimple(raw)
	case '[':
		return parseList(raw)
	}
	return Condition{}, invalid("Invalid condition test: must be a List or Object.")
}

// parseSimple reads {"field": "value"}, an exact match.
func parseSimple(raw json.RawMessage) (Condition, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	members, err := objectMembers(dec)
	if err != nil {
		return Condition{}, err
	}
	if len(members) != 1 {
		return Condition{}, invalid("Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.")
	}
	m := members[0]
	if string(bytes.TrimSpace(m.value)) == "null" {
		return Condition{}, errInvalidJSON
	}
	var v string
	if err := json.Unmarshal(m.value, &v); err != nil {
		return Condition{}, invalid("Invalid Simple-Condition: value must be a string.")
	}
	return Condition{Op: OpEq, Name: strings.ToLower(m.name), Field: "$" + m.name, Value: v}, nil
}

// parseList reads ["eq"|"starts-with", "$field", "value"] and
// ["content-length-range", min, max].
func parseList(raw json.RawMessage) (Condition, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return Condition{}, errInvalidJSON
	}
	if len(items) == 0 {
		return Condition{}, invalid("Invalid Condition: missing operation identifier.")
	}
	var op string
	if err := json.Unmarshal(items[0], &op); err != nil {
		return Condition{}, invalid("Invalid Condition: missing operation identifier.")
	}
	var c Condition
	switch strings.ToLower(op) {
	case "eq":
		c.Op = OpEq
	case "starts-with":
		c.Op = OpStartsWith
	case "content-length-range":
		c.Op = OpRange
	default:
		return Condition{}, invalid("Invalid Condition: unknown operation '" + op + "'.")
	}
	if len(items) != 3 {
		return Condition{}, invalid("Invalid " + c.Op.String() + ": wrong number of arguments.")
	}
	if c.Op == OpRange {
		return parseRange(items[1], items[2])
	}
	if err := json.Unmarshal(items[1], &c.Field); err != nil {
		return Condition{}, errInvalidJSON
	}
	if err := json.Unmarshal(items[2], &c.Value); err != nil || isNull(items[2]) {
		return Condition{}, errInvalidJSON
	}
	if name, ok := strings.CutPrefix(c.Field, "$"); ok && name != "" {
		c.Name = strings.ToLower(name)
	}
	return c, nil
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// parseRange reads the bounds of a content-length-range: integers or
// strings of digits. Fractions are not JSON integers ("Invalid JSON." in
// S3); strings that are not numbers make the condition fail when checked.
func parseRange(lo, hi json.RawMessage) (Condition, error) {
	c := Condition{Op: OpRange, Field: "content-length-range", Numeric: true}
	for i, raw := range []json.RawMessage{lo, hi} {
		var n int64
		var text string
		switch {
		case json.Unmarshal(raw, &text) == nil && !isNull(raw):
			c.Args[i] = quoteJSON(text)
			v, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
			if err != nil {
				c.Numeric = false
			}
			n = v
		default:
			var num json.Number
			if err := json.Unmarshal(raw, &num); err != nil {
				return Condition{}, errInvalidJSON
			}
			v, err := strconv.ParseInt(num.String(), 10, 64)
			if err != nil {
				return Condition{}, errInvalidJSON
			}
			c.Args[i], n = num.String(), v
		}
		if c.Numeric && n < 0 {
			return Condition{}, invalid("Invalid content-length-range: negative value.")
		}
		if i == 0 {
			c.Min = n
		} else {
			c.Max = n
		}
	}
	return c, nil
}

// String renders a condition as S3 quotes it in "Policy Condition failed"
// messages: a JSON list with ", " separators, simple conditions as "eq".
func (c *Condition) String() string {
	var b strings.Builder
	b.WriteString(`["`)
	b.WriteString(c.Op.String())
	b.WriteString(`", `)
	if c.Op == OpRange {
		b.WriteString(c.Args[0])
		b.WriteString(", ")
		b.WriteString(c.Args[1])
	} else {
		writeJSONString(&b, c.Field)
		b.WriteString(", ")
		writeJSONString(&b, c.Value)
	}
	b.WriteString("]")
	return b.String()
}

func quoteJSON(s string) string {
	var b strings.Builder
	writeJSONString(&b, s)
	return b.String()
}

func writeJSONString(b *strings.Builder, s string) {
	const hexd = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hexd[c>>4])
			b.WriteByte(hexd[c&15])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}
