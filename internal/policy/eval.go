package policy

// Request is what one policy is evaluated against. The server fills it
// once per request (and per resource ARN when several apply).
type Request struct {
	Principal *Principal // nil is treated as anonymous
	Action    Action
	Resource  Resource
	Context   *Context
}

// Result is one policy's verdict on a request.
type Result struct {
	// Denied: a Deny statement matched. Evaluation stops at the first one,
	// so when Denied is set, Allowed and Grant describe only the statements
	// before it.
	Denied bool
	// Allowed: an Allow statement matched.
	Allowed bool
	// Grant is the union of how matching Allow statements named the
	// principal (resource-style policies; 0 for identity policies).
	Grant PrincipalMatch
	// DenyIndex and AllowIndex are the first matching Deny and Allow
	// statements, or -1.
	DenyIndex  int
	AllowIndex int
}

// Match is one statement that applies to a request (for the policy
// simulator's MatchedStatements and for audit logs).
type Match struct {
	Index  int
	Sid    string
	Effect Effect
	Grant  PrincipalMatch
}

var anonymous = Principal{Type: Anonymous}

// Evaluate decides this policy alone. It does not allocate.
func (p *Policy) Evaluate(r *Request) Result {
	res := Result{DenyIndex: -1, AllowIndex: -1}
	if p == nil {
		return res
	}
	pr := r.Principal
	if pr == nil {
		pr = &anonymous
	}
	for i := range p.stmts {
		st := &p.stmts[i]
		g, ok := st.matches(r, pr)
		if !ok {
			continue
		}
		if st.effect == Deny {
			res.Denied, res.DenyIndex = true, i
			return res
		}
		res.Allowed = true
		res.Grant |= g
		if res.AllowIndex < 0 {
			res.AllowIndex = i
		}
	}
	return res
}

// Matches appends every statement that applies to the request to dst.
func (p *Policy) Matches(r *Request, dst []Match) []Match {
	if p == nil {
		return dst
	}
	pr := r.Principal
	if pr == nil {
		pr = &anonymous
	}
	for i := range p.stmts {
		st := &p.stmts[i]
		if g, ok := st.matches(r, pr); ok {
			dst = append(dst, Match{Index: i, Sid: st.sid, Effect: st.effect, Grant: g})
		}
	}
	return dst
}

// matches checks action, resource, principal and conditions, cheapest first.
func (st *statement) matches(r *Request, pr *Principal) (PrincipalMatch, bool) {
	hit := false
	for i := range st.actions {
		if st.actions[i].match(r.Action) {
			hit = true
			break
		}
	}
	if hit == st.notAction {
		return 0, false
	}
	if !st.noRes {
		hit = false
		for i := range st.resources {
			if st.resources[i].match(&r.Resource, r.Context) {
				hit = true
				break
			}
		}
		if hit == st.notRes {
			return 0, false
		}
	}
	var g PrincipalMatch
	if st.hasPrinc {
		if st.notPrinc {
			if st.principals.excludes(pr) {
				return 0, false
			}
			g = MatchAny
		} else if g = st.principals.match(pr); g == 0 {
			return 0, false
		}
	}
	for i := range st.conds {
		if !st.conds[i].eval(r.Context) {
			return 0, false
		}
	}
	return g, true
}
