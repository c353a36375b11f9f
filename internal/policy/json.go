package policy

import "strings"

// JSON returns the policy's canonical form: compact, elements in a fixed
// order (Version, Id, Statement; Sid, Effect, Principal, Action, Resource,
// Condition), values as they were written (a string stays a string, a list a
// list, condition numbers and booleans keep their JSON type). Parsing it
// yields the same policy.
func (p *Policy) JSON() []byte {
	var b strings.Builder
	b.WriteByte('{')
	sep := ""
	if p.hasVer {
		b.WriteString(`"Version":`)
		writeJSONString(&b, p.version)
		sep = ","
	}
	if p.hasID {
		b.WriteString(sep + `"Id":`)
		writeJSONString(&b, p.id)
		sep = ","
	}
	b.WriteString(sep + `"Statement":`)
	if !p.single {
		b.WriteByte('[')
	}
	for i := range p.stmts {
		if i > 0 {
			b.WriteByte(',')
		}
		p.stmts[i].writeJSON(&b)
	}
	if !p.single {
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return []byte(b.String())
}

func (st *statement) writeJSON(b *strings.Builder) {
	b.WriteByte('{')
	if st.hasSid {
		b.WriteString(`"Sid":`)
		writeJSONString(b, st.sid)
		b.WriteByte(',')
	}
	b.WriteString(`"Effect":`)
	writeJSONString(b, st.effect.String())
	if st.hasPrinc {
		if st.notPrinc {
			b.WriteString(`,"NotPrincipal":`)
		} else {
			b.WriteString(`,"Principal":`)
		}
		st.principals.writeJSON(b)
	}
	if st.notAction {
		b.WriteString(`,"NotAction":`)
	} else {
		b.WriteString(`,"Action":`)
	}
	raws := make([]string, len(st.actions))
	for i := range st.actions {
		raws[i] = st.actions[i].raw
	}
	writeStrings(b, raws, st.actionList)
	if !st.noRes {
		if st.notRes {
			b.WriteString(`,"NotResource":`)
		} else {
			b.WriteString(`,"Resource":`)
		}
		raws = raws[:0]
		for i := range st.resources {
			raws = append(raws, st.resources[i].raw)
		}
		writeStrings(b, raws, st.resList)
	}
	if st.condOps != nil {
		b.WriteString(`,"Condition":{`)
		for i, op := range st.condOps {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, op)
			b.WriteString(":{")
			n := 0
			for j := range st.conds {
				c := &st.conds[j]
				if c.opName != op {
					continue
				}
				if n > 0 {
					b.WriteByte(',')
				}
				n++
				writeJSONString(b, c.keyName)
				b.WriteByte(':')
				c.writeValues(b)
			}
			b.WriteByte('}')
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
}

func (c *cond) writeValues(b *strings.Builder) {
	if c.rawList {
		b.WriteByte('[')
	}
	for i, v := range c.raw {
		if i > 0 {
			b.WriteByte(',')
		}
		if v.kind == jString {
			writeJSONString(b, v.text)
		} else {
			b.WriteString(v.text)
		}
	}
	if c.rawList {
		b.WriteByte(']')
	}
}

func (ps *principalSet) writeJSON(b *strings.Builder) {
	if ps.star {
		b.WriteString(`"*"`)
		return
	}
	b.WriteByte('{')
	for i, g := range ps.groups {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(b, g.typ)
		b.WriteByte(':')
		writeStrings(b, g.values, g.list)
	}
	b.WriteByte('}')
}

func writeStrings(b *strings.Builder, vs []string, list bool) {
	if !list && len(vs) == 1 {
		writeJSONString(b, vs[0])
		return
	}
	b.WriteByte('[')
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(b, v)
	}
	b.WriteByte(']')
}
