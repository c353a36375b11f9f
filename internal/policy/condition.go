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
