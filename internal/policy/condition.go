package policy

import (
	"encoding/base64"
	"net/netip"
	"strings"
)

// opFamily groups condition operators by how they compare values.
type opFamily uint8

const (
	oString opFamily = iota
	oStringIC
	oStringLike
	oNumeric
	oDate
	oBool
	oBinary
	oIP
	oArn
	oNull
)

type cmpOp uint8

const (
	cmpEq cmpOp = iota
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

type opDef struct {
	name   string
	fam    opFamily
	cmp    cmpOp
	negate bool
}

// operators are IAM's condition operators (before set qualifiers and the
// IfExists suffix). Names are case-sensitive, as in AWS.
var operators = [...]opDef{
	{"StringEquals", oString, cmpEq, false},
	{"StringNotEquals", oString, cmpEq, true},
	{"StringEqualsIgnoreCase", oStringIC, cmpEq, false},
	{"StringNotEqualsIgnoreCase", oStringIC, cmpEq, true},
	{"StringLike", oStringLike, cmpEq, false},
	{"StringNotLike", oStringLike, cmpEq, true},
	{"NumericEquals", oNumeric, cmpEq, false},
	{"NumericNotEquals", oNumeric, cmpEq, true},
	{"NumericLessThan", oNumeric, cmpLt, false},
	{"NumericLessThanEquals", oNumeric, cmpLe, false},
	{"NumericGreaterThan", oNumeric, cmpGt, false},
	{"NumericGreaterThanEquals", oNumeric, cmpGe, false},
	{"DateEquals", oDate, cmpEq, false},
	{"DateNotEquals", oDate, cmpEq, true},
	{"DateLessThan", oDate, cmpLt, false},
	{"DateLessThanEquals", oDate, cmpLe, false},
	{"DateGreaterThan", oDate, cmpGt, false},
	{"DateGreaterThanEquals", oDate, cmpGe, false},
	{"Bool", oBool, cmpEq, false},
	{"BinaryEquals", oBinary, cmpEq, false},
	{"IpAddress", oIP, cmpEq, false},
	{"NotIpAddress", oIP, cmpEq, true},
	{"ArnEquals", oArn, cmpEq, false},
	{"ArnLike", oArn, cmpEq, false},
	{"ArnNotEquals", oArn, cmpEq, true},
	{"ArnNotLike", oArn, cmpEq, true},
	{"Null", oNull, cmpEq, false},
}

type setKind uint8

const (
	setNone setKind = iota
	setAll          // ForAllValues:
	setAny          // ForAnyValue:
)

// cond is one operator/key pair of a Condition block, with its values
// pre-parsed for the operator.
type cond struct {
	opName   string
	keyName  string
	fam      opFamily
	cmp      cmpOp
	negate   bool
	set      setKind
	ifExists bool
	key      Key
	vals     []cval
	raw      []*jval
	rawList  bool
}

type cval struct {
	p    pat    // string operators
	arn  resPat // ARN operators
	num  float64
	t    instant
	ip   netip.Prefix
	b    bool
	bin  string
	vars bool
}

// parseOperator splits "ForAnyValue:StringLikeIfExists" into its parts.
func parseOperator(name string) (opDef, setKind, bool, bool) {
	set := setNone
	rest := name
	if r, ok := strings.CutPrefix(rest, "ForAllValues:"); ok {
		set, rest = setAll, r
	} else if r, ok := strings.CutPrefix(rest, "ForAnyValue:"); ok {
		set, rest = setAny, r
	}
	base, ifExists := strings.CutSuffix(rest, "IfExists")
	for _, d := range operators {
		if d.name == base {
			if ifExists && d.fam == oNull {
				break
			}
			return d, set, ifExists, true
		}
	}
	return opDef{}, 0, false, false
}

// compileCondition builds one cond; vars says whether policy variables apply.
func compileCondition(opName, keyName string, v *jval, vars bool, f fail) (cond, error) {
	d, set, ifExists, ok := parseOperator(opName)
	if !ok {
		return cond{}, f.conditionType(opName)
	}
	k, ok := LookupKey(keyName)
	if !ok {
		return cond{}, f.conditionKey(keyName)
	}
	c := cond{opName: opName, keyName: keyName, fam: d.fam, cmp: d.cmp, negate: d.negate,
		set: set, ifExists: ifExists, key: k}
	raws, list, ok := scalarList(v)
	if !ok || len(raws) == 0 {
		return cond{}, f.syntax()
	}
	c.raw, c.rawList = raws, list
	for _, r := range raws {
		cv, err := compileCondValue(d.fam, r.text, vars, f)
		if err != nil {
			return cond{}, err
		}
		c.vals = append(c.vals, cv)
	}
	return c, nil
}

func compileCondValue(fam opFamily, s string, vars bool, f fail) (cval, error) {
	var cv cval
	switch fam {
	case oString, oStringIC, oStringLike:
		toks, err := tokenize(s, vars, fam == oStringLike)
		if err != nil {
			return cv, f.conditionKey(s)
		}
		cv.p = compilePat(toks)
		cv.vars = cv.p.hasVars()
	case oArn:
		rp, err := compileResource(s, vars)
		if err != nil {
			return cv, f.conditionKey(s)
		}
		cv.arn = rp
		cv.vars = rp.whole.hasVars()
	case oNumeric:
		n, ok := parseNumber(s)
		if !ok {
			return cv, f.syntax()
		}
		cv.num = n
	case oDate:
		t, ok := parseDate(s)
		if !ok {
			return cv, f.syntax()
		}
		cv.t = t
	case oBool, oNull:
		switch {
		case strings.EqualFold(s, "true"):
			cv.b = true
		case strings.EqualFold(s, "false"):
		default:
			return cv, f.syntax()
		}
	case oBinary:
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return cv, f.syntax()
		}
		cv.bin = string(b)
	case oIP:
		p, ok := parseCIDR(s)
		if !ok {
			return cv, f.ipAddress()
		}
		cv.ip = p
	}
	return cv, nil
}

// parseCIDR reads a CIDR block or a plain address (a /32 or /128).
func parseCIDR(s string) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		if p.Addr().Is4In6() {
			if p.Bits() < 96 {
				return netip.Prefix{}, false
			}
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}

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
