package iamapi

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
)

// span is where a statement sits in its policy document: 1-based line and
// column of its opening brace, and of the character after its closing one.
type span struct{ start, end positionXML }

// statementSpans locates each statement of a policy document, in order.
// It returns nil for a document it cannot read (positions are then zero).
func statementSpans(doc []byte) []span {
	dec := json.NewDecoder(bytes.NewReader(doc))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		name, _ := t.(string)
		if name != "Statement" {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		start := nextValue(doc, dec.InputOffset())
		if start >= len(doc) {
			return nil
		}
		if doc[start] == '{' {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			return []span{{position(doc, start), position(doc, int(dec.InputOffset()))}}
		}
		if _, err := dec.Token(); err != nil { // '['
			return nil
		}
		var out []span
		for dec.More() {
			s := nextValue(doc, dec.InputOffset())
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			out = append(out, span{position(doc, s), position(doc, int(dec.InputOffset()))})
		}
		return out
	}
	return nil
}

// nextValue skips whitespace and separators to the next value's first byte.
func nextValue(doc []byte, off int64) int {
	i := int(off)
	for i < len(doc) && strings.IndexByte(" \t\r\n,:", doc[i]) >= 0 {
		i++
	}
	return i
}

func position(doc []byte, off int) positionXML {
	if off > len(doc) {
		off = len(doc)
	}
	line := 1 + bytes.Count(doc[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(doc[:off], '\n')
	return positionXML{Line: line, Column: col}
}

// conditionKeys lists the condition keys of the statements of a document
// that apply to an action (Action matching it, or NotAction not matching
// it): the keys a simulation of that action may need.
func conditionKeys(doc []byte, action string) []string {
	var d struct {
		Statement json.RawMessage
	}
	if json.Unmarshal(doc, &d) != nil {
		return nil
	}
	type stmt struct {
		Action    json.RawMessage
		NotAction json.RawMessage
		Condition map[string]map[string]json.RawMessage
	}
	var stmts []stmt
	if json.Unmarshal(d.Statement, &stmts) != nil {
		var one stmt
		if json.Unmarshal(d.Statement, &one) != nil {
			return nil
		}
		stmts = []stmt{one}
	}
	var out []string
	for _, s := range stmts {
		applies := true
		if s.Action != nil {
			applies = matchesAny(s.Action, action)
		} else if s.NotAction != nil {
			applies = !matchesAny(s.NotAction, action)
		}
		if !applies {
			continue
		}
		for _, keys := range s.Condition {
			for k := range keys {
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func matchesAny(raw json.RawMessage, action string) bool {
	var list []string
	if json.Unmarshal(raw, &list) != nil {
		var one string
		if json.Unmarshal(raw, &one) != nil {
			return false
		}
		list = []string{one}
	}
	for _, p := range list {
		if glob(strings.ToLower(p), strings.ToLower(action)) {
			return true
		}
	}
	return false
}

// glob matches '*' (any run) and '?' (one character).
func glob(p, s string) bool {
	star, match := -1, 0
	i, j := 0, 0
	for j < len(s) {
		switch {
		case i < len(p) && (p[i] == '?' || p[i] == s[j]):
			i++
			j++
		case i < len(p) && p[i] == '*':
			star, match = i, j
			i++
		case star >= 0:
			i, match = star+1, match+1
			j = match
		default:
			return false
		}
	}
	for i < len(p) && p[i] == '*' {
		i++
	}
	return i == len(p)
}
