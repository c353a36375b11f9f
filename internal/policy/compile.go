package policy

// compiler turns the statements of one document into their compiled form,
// checking each element as the receiving API does.
type compiler struct {
	p       *Policy
	f       fail
	o       *Options
	sids    map[string]bool
	catalog []Action // o.Actions, lower-cased once
}

var statementFields = [...]string{"Sid", "Effect", "Principal", "NotPrincipal",
	"Action", "NotAction", "Resource", "NotResource", "Condition"}

func (c *compiler) statement(v *jval) (statement, error) {
	var st statement
	f := c.f
	if v.kind != jObject {
		return st, f.syntax()
	}
	fields := map[string]*jval{}
	for _, m := range v.obj {
		known := false
		for _, n := range statementFields {
			if m.name == n {
				known = true
				break
			}
		}
		if !known {
			return st, f.unknownField(m.name)
		}
		fields[m.name] = m.val
	}
	for _, pair := range [...][2]string{{"Principal", "NotPrincipal"}, {"Action", "NotAction"}, {"Resource", "NotResource"}} {
		if fields[pair[0]] != nil && fields[pair[1]] != nil {
			return st, f.syntax()
		}
	}
	if err := c.sid(&st, fields["Sid"]); err != nil {
		return st, err
	}
	if err := c.effect(&st, fields["Effect"]); err != nil {
		return st, err
	}
	if err := c.principal(&st, fields); err != nil {
		return st, err
	}
	if err := c.actions(&st, fields); err != nil {
		return st, err
	}
	if err := c.resources(&st, fields); err != nil {
		return st, err
	}
	if err := c.applies(&st); err != nil {
		return st, err
	}
	if cv := fields["Condition"]; cv != nil {
		if err := c.conditions(&st, cv); err != nil {
			return st, err
		}
	}
	return st, nil
}

func (c *compiler) sid(st *statement, v *jval) error {
	if v == nil {
		return nil
	}
	if v.kind != jString {
		return c.f.syntax()
	}
	st.sid, st.hasSid = v.text, true
	if Family(c.f) == FamilyIAM && c.p.kind != KindResource && c.p.kind != KindEndpoint {
		for i := 0; i < len(v.text); i++ {
			if !isAlnum(v.text[i]) {
				return c.f.sidChars()
			}
		}
	}
	if v.text != "" {
		if c.sids[v.text] {
			return c.f.sidUnique()
		}
		c.sids[v.text] = true
	}
	return nil
}

func (c *compiler) effect(st *statement, v *jval) error {
	switch {
	case v == nil:
		return c.f.missing("Effect")
	case v.kind != jString:
		return c.f.syntax()
	case v.text == "Allow":
		st.effect = Allow
	case v.text == "Deny":
		st.effect = Deny
	default:
		return c.f.effect(v.text)
	}
	return nil
}

func (c *compiler) principal(st *statement, fields map[string]*jval) error {
	v, not := fields["Principal"], false
	if v == nil {
		v, not = fields["NotPrincipal"], true
	}
	switch c.p.kind {
	case KindIdentity, KindSession:
		if v != nil {
			return c.f.principalForbidden()
		}
		return nil
	}
	if v == nil {
		return c.f.missing("Principal")
	}
	if not && st.effect == Allow {
		return c.f.notPrincipalAllow()
	}
	ps, err := compilePrincipal(v, c.f, c.p.kind)
	if err != nil {
		return err
	}
	st.hasPrinc, st.notPrinc, st.principals = true, not, ps
	return nil
}

// trustActions are the actions a trust policy may name.
var trustActions = [...]string{"sts:assumerole", "sts:assumerolewithsaml",
	"sts:assumerolewithwebidentity", "sts:tagsession", "sts:setsourceidentity", "sts:setcontext"}

func (c *compiler) actions(st *statement, fields map[string]*jval) error {
	v := fields["Action"]
	if v == nil {
		v, st.notAction = fields["NotAction"], true
	}
	if v == nil {
		return c.f.missing("Action")
	}
	list, isList, ok := stringList(v)
	if !ok || len(list) == 0 {
		return c.f.syntax()
	}
	st.actionList = isList
	for _, a := range list {
		if !validAction(a) {
			return c.f.action(a)
		}
		ap := compileAction(a)
		if c.p.kind == KindTrust && !st.notAction && !matchesAny(&ap, trustActions[:]) {
			return c.f.trustAction()
		}
		if c.f.s3() && a != "*" {
			if NewAction(a).Service() != "s3" {
				return c.f.action(a)
			}
			if c.o.Actions != nil && c.known(&ap) == 0 {
				return c.f.action(a)
			}
		}
		st.actions = append(st.actions, ap)
	}
	return nil
}

func matchesAny(ap *actPat, names []string) bool {
	for _, n := range names {
		if ap.match(Action{s: n}) {
			return true
		}
	}
	return false
}

// known returns the resource kinds of the catalogue actions ap names (0: none).
func (c *compiler) known(ap *actPat) ResourceKinds {
	var k ResourceKinds
	for i, a := range c.catalog {
		if ap.match(a) {
			k |= c.o.Actions[i].Applies | 1<<7
		}
	}
	return k
}

func (c *compiler) resources(st *statement, fields map[string]*jval) error {
	v, name := fields["Resource"], "Resource"
	if v == nil {
		v, name, st.notRes = fields["NotResource"], "NotResource", true
	}
	if c.p.kind == KindTrust {
		if v != nil {
			return c.f.prohibited(name)
		}
		st.noRes = true
		return nil
	}
	if v == nil {
		return c.f.missing("Resource")
	}
	list, isList, ok := stringList(v)
	if !ok || len(list) == 0 {
		return c.f.syntax()
	}
	st.resList = isList
	for _, r := range list {
		if err := c.checkResource(r); err != nil {
			return err
		}
		rp, err := compileResource(r, c.p.variables)
		if err != nil {
			return c.f.resource(r)
		}
		st.resources = append(st.resources, rp)
	}
	return nil
}

func (c *compiler) conditions(st *statement, v *jval) error {
	if v.kind != jObject {
		return c.f.syntax()
	}
	for _, op := range v.obj {
		if op.val.kind != jObject {
			return c.f.syntax()
		}
		st.condOps = append(st.condOps, op.name)
		for _, k := range op.val.obj {
			cd, err := compileCondition(op.name, k.name, k.val, c.p.variables, c.f)
			if err != nil {
				return err
			}
			st.conds = append(st.conds, cd)
		}
	}
	return nil
}

// stringList reads an element that is a string or an array of strings.
func stringList(v *jval) ([]string, bool, bool) {
	switch v.kind {
	case jString:
		return []string{v.text}, false, true
	case jArray:
		out := make([]string, 0, len(v.arr))
		for _, e := range v.arr {
			if e.kind != jString {
				return nil, true, false
			}
			out = append(out, e.text)
		}
		return out, true, true
	}
	return nil, false, false
}

// scalarList reads condition values: a string, number or boolean, or an
// array of them.
func scalarList(v *jval) ([]*jval, bool, bool) {
	scalar := func(e *jval) bool { return e.kind == jString || e.kind == jNumber || e.kind == jBool }
	if scalar(v) {
		return []*jval{v}, false, true
	}
	if v.kind != jArray {
		return nil, false, false
	}
	for _, e := range v.arr {
		if !scalar(e) {
			return nil, true, false
		}
	}
	return v.arr, true, true
}
