package policy

import "net/netip"

// eval applies the condition to the request context. The rules for an
// absent key are AWS's: ...IfExists and ForAllValues are true, ForAnyValue
// and positive operators false, negated operators true; Null tests presence.
func (c *cond) eval(ctx *Context) bool {
	v := ctx.lookup(c.key)
	absent := v == nil || (v.isMul && len(v.multi) == 0)
	if c.fam == oNull {
		for i := range c.vals {
			if c.vals[i].b == absent {
				return true
			}
		}
		return false
	}
	if absent {
		switch {
		case c.ifExists, c.set == setAll:
			return true
		case c.set == setAny:
			return false
		}
		return c.negate
	}
	if !v.isMul {
		return c.matchAny(v, v.s, ctx) != c.negate
	}
	switch c.set {
	case setAll:
		for _, s := range v.multi {
			if c.matchAny(nil, s, ctx) == c.negate {
				return false
			}
		}
		return true
	case setAny:
		for _, s := range v.multi {
			if c.matchAny(nil, s, ctx) != c.negate {
				return true
			}
		}
		return false
	}
	// No set operator on a multivalued key: a positive operator holds when
	// any request value matches, a negated one when none does.
	for _, s := range v.multi {
		if c.matchAny(nil, s, ctx) {
			return !c.negate
		}
	}
	return c.negate
}

// matchAny reports whether the request value (pre-parsed in v when v is not
// nil) matches any of the condition's values, in the positive sense.
func (c *cond) matchAny(v *value, s string, ctx *Context) bool {
	switch c.fam {
	case oString, oStringLike:
		for i := range c.vals {
			if c.vals[i].p.match(s, ctx, false) {
				return true
			}
		}
	case oStringIC:
		for i := range c.vals {
			if c.vals[i].p.match(s, ctx, true) {
				return true
			}
		}
	case oArn:
		for i := range c.vals {
			if c.vals[i].arn.matchString(s, ctx) {
				return true
			}
		}
	case oNumeric:
		n, ok := 0.0, false
		if v != nil && v.numOK {
			n, ok = v.num, true
		} else {
			n, ok = parseNumber(s)
		}
		if !ok {
			return false
		}
		for i := range c.vals {
			if compare(cmpFloat(n, c.vals[i].num), c.cmp) {
				return true
			}
		}
	case oDate:
		var t instant
		ok := false
		if v != nil && v.tOK {
			t, ok = v.t, true
		} else {
			t, ok = parseDate(s)
		}
		if !ok {
			return false
		}
		for i := range c.vals {
			if compare(t.cmp(c.vals[i].t), c.cmp) {
				return true
			}
		}
	case oBool:
		bl := int8(-1)
		if v != nil && keyTable[c.key.ID].typ == TypeBool {
			bl = v.bl
		} else {
			bl = parseBool(s)
		}
		if bl < 0 {
			return false
		}
		b := bl == 1
		for i := range c.vals {
			if c.vals[i].b == b {
				return true
			}
		}
	case oBinary:
		for i := range c.vals {
			if c.vals[i].bin == s {
				return true
			}
		}
	case oIP:
		var a netip.Addr
		if v != nil && v.ip.IsValid() {
			a = v.ip
		} else if p, err := netip.ParseAddr(s); err == nil {
			a = p.Unmap()
		} else {
			return false
		}
		for i := range c.vals {
			if c.vals[i].ip.Contains(a) {
				return true
			}
		}
	}
	return false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func compare(r int, op cmpOp) bool {
	switch op {
	case cmpLt:
		return r < 0
	case cmpLe:
		return r <= 0
	case cmpGt:
		return r > 0
	case cmpGe:
		return r >= 0
	}
	return r == 0
}
