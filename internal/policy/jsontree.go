package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// jkind is the JSON type of a parsed value.
type jkind uint8

const (
	jString jkind = iota
	jNumber
	jBool
	jNull
	jArray
	jObject
)

// jval is an ordered JSON value: objects keep their members in document
// order (so the canonical form keeps the author's order) and duplicate names
// are detected, which encoding/json's maps would hide.
type jval struct {
	kind jkind
	text string // string value, number literal, or "true"/"false"
	arr  []*jval
	obj  []jmember
}

type jmember struct {
	name string
	val  *jval
}

var (
	errJSON      = errors.New("invalid json")
	errDuplicate = errors.New("duplicate member")
)

// maxDepth bounds nesting; a policy needs four levels (document, statement,
// Condition, operator) plus arrays.
const maxDepth = 16

// parseJSON parses one JSON document with no trailing data.
func parseJSON(doc []byte) (*jval, error) {
	if !utf8.Valid(doc) {
		return nil, errJSON
	}
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	r := reader{d: d}
	v, err := r.value(0)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errJSON
	}
	if r.dup {
		// Reported only once the whole document proved to be JSON, so that
		// invalid JSON wins over a duplicate name.
		return v, errDuplicate
	}
	return v, nil
}

type reader struct {
	d   *json.Decoder
	dup bool
}

func (r *reader) value(depth int) (*jval, error) {
	d := r.d
	if depth > maxDepth {
		return nil, errJSON
	}
	tok, err := d.Token()
	if err != nil {
		return nil, errJSON
	}
	switch t := tok.(type) {
	case string:
		return &jval{kind: jString, text: t}, nil
	case json.Number:
		return &jval{kind: jNumber, text: t.String()}, nil
	case bool:
		if t {
			return &jval{kind: jBool, text: "true"}, nil
		}
		return &jval{kind: jBool, text: "false"}, nil
	case nil:
		return &jval{kind: jNull}, nil
	case json.Delim:
		switch t {
		case '[':
			v := &jval{kind: jArray, arr: []*jval{}}
			for d.More() {
				e, err := r.value(depth + 1)
				if err != nil {
					return nil, err
				}
				v.arr = append(v.arr, e)
			}
			if _, err := d.Token(); err != nil {
				return nil, errJSON
			}
			return v, nil
		case '{':
			v := &jval{kind: jObject}
			for d.More() {
				nt, err := d.Token()
				if err != nil {
					return nil, errJSON
				}
				name, ok := nt.(string)
				if !ok {
					return nil, errJSON
				}
				e, err := r.value(depth + 1)
				if err != nil {
					return nil, err
				}
				if v.get(name) != nil {
					r.dup = true
				}
				v.obj = append(v.obj, jmember{name: name, val: e})
			}
			if _, err := d.Token(); err != nil {
				return nil, errJSON
			}
			return v, nil
		}
	}
	return nil, errJSON
}

func (v *jval) get(name string) *jval {
	for i := range v.obj {
		if v.obj[i].name == name {
			return v.obj[i].val
		}
	}
	return nil
}

// writeJSONString appends s as a JSON string, escaping only what JSON needs.
func writeJSONString(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}
