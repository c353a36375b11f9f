package iamapi

import (
	"strconv"
	"strings"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/arn"
	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/queryapi"
)

// The policy simulator answers from authz.Decide, the evaluator that
// serves requests, with the same inputs the authorizer would gather.

type positionXML struct {
	Line   int
	Column int
}

type statementXML struct {
	SourcePolicyId   string
	SourcePolicyType string
	StartPosition    positionXML
	EndPosition      positionXML
}

type evalXML struct {
	EvalActionName       string
	EvalResourceName     string
	EvalDecision         string
	MatchedStatements    queryapi.List[statementXML]
	MissingContextValues queryapi.List[string]
	EvalDecisionDetails  *queryapi.List[queryapi.Entry] `xml:",omitempty"`
}

type simulateResult struct {
	EvaluationResults queryapi.List[evalXML]
	pageXML
}

// source describes a policy of a simulation for MatchedStatements.
type source struct {
	id, typ string
	doc     []byte
}

// simulation is everything one simulator call evaluates.
type simulation struct {
	principal *policy.Principal
	owner     string
	identity  []authz.PolicyRef
	boundary  *authz.PolicyRef
	resource  *authz.PolicyRef
	tags      []iam.Tag
	sources   map[string]source
}

func (s *simulation) add(ref authz.PolicyRef, id, typ string) authz.PolicyRef {
	s.sources[ref.ID] = source{id: id, typ: typ, doc: ref.Policy.Source()}
	return ref
}

func simulatePrincipalPolicy(c *call) (any, error) {
	src, err := c.required("PolicySourceArn")
	if err != nil {
		return nil, err
	}
	parsed, perr := arn.Parse(src)
	r, ok := parsed.IAM()
	if perr != nil || !ok || parsed.Account != c.acct {
		return nil, apierr.InvalidInput.WithMessage("Invalid ARN " + src)
	}
	var t iam.EntityType
	switch r.Type {
	case "user":
		t = iam.EntityUser
	case "group":
		t = iam.EntityGroup
	case "role":
		t = iam.EntityRole
	default:
		return nil, apierr.InvalidInput.WithMessage("Invalid ARN " + src)
	}
	set, err := c.h.iam.EntityPolicies(c.ctx, c.acct, t, r.Name)
	if err != nil {
		return nil, err
	}
	sim := &simulation{owner: c.acct, tags: set.Tags, sources: map[string]source{}}
	for _, ref := range set.Identity {
		id, typ := describeRef(ref.ID)
		sim.identity = append(sim.identity, sim.add(ref, id, typ))
	}
	if set.Boundary != nil {
		id, typ := describeRef(set.Boundary.ID)
		b := sim.add(*set.Boundary, id, typ)
		sim.boundary = &b
	}
	switch t {
	case iam.EntityUser:
		u, err := c.h.iam.GetUser(c.ctx, c.acct, r.Name)
		if err != nil {
			return nil, err
		}
		sim.principal = &policy.Principal{Type: policy.IAMUser, Account: c.acct, ARN: u.ARN(), UserID: u.ID, Username: u.Name,
			HasBoundary: u.Boundary != ""}
	case iam.EntityRole:
		ro, err := c.h.iam.GetRole(c.ctx, c.acct, r.Name)
		if err != nil {
			return nil, err
		}
		sim.principal = &policy.Principal{Type: policy.AssumedRole, Account: c.acct, RoleARN: ro.ARN(),
			ARN: arn.AssumedRole(c.acct, ro.Name, "SimulatedSession"), UserID: ro.ID + ":SimulatedSession",
			SessionName: "SimulatedSession", HasBoundary: ro.Boundary != ""}
	default:
		g, _, err := c.h.iam.GetGroup(c.ctx, c.acct, r.Name)
		if err != nil {
			return nil, err
		}
		sim.principal = &policy.Principal{Type: policy.IAMUser, Account: c.acct, ARN: g.ARN()}
	}
	return c.simulate(sim)
}

func simulateCustomPolicy(c *call) (any, error) {
	if len(c.v.Strings("PolicyInputList")) == 0 {
		return nil, validationNull("PolicyInputList")
	}
	sim := &simulation{owner: c.acct, sources: map[string]source{},
		principal: &policy.Principal{Type: policy.IAMUser, Account: c.acct}}
	return c.simulate(sim)
}

// describeRef turns a PolicyRef id from internal/iam into the simulator's
// SourcePolicyId and SourcePolicyType.
func describeRef(id string) (string, string) {
	if strings.HasPrefix(id, "arn:") {
		name := id[strings.LastIndexByte(id, '/')+1:]
		if strings.HasPrefix(id, "arn:aws:iam::aws:") {
			return name, "aws-managed"
		}
		return name, "user-managed"
	}
	// kind/entity/inline/name
	parts := strings.SplitN(id, "/", 4)
	if len(parts) == 4 {
		return parts[3], parts[0]
	}
	return id, "none"
}

func (c *call) simulate(sim *simulation) (any, error) {
	actions := c.v.Strings("ActionNames")
	if len(actions) == 0 {
		return nil, validationNull("ActionNames")
	}
	resources := c.v.Strings("ResourceArns")
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	for i, doc := range c.v.Strings("PolicyInputList") {
		p, err := policy.ParseWith([]byte(doc), policy.KindIdentity, policy.Options{Family: policy.FamilyIAM, MaxSize: -1})
		if err != nil {
			return nil, err
		}
		id := "PolicyInputList." + strconv.Itoa(i+1)
		sim.identity = append(sim.identity, sim.add(authz.PolicyRef{ID: id, Policy: p}, id, "IAM Policy"))
	}
	if docs := c.v.Strings("PermissionsBoundaryPolicyInputList"); len(docs) > 0 {
		if len(docs) > 1 {
			return nil, apierr.InvalidInput.WithMessage("Only one permissions boundary policy can be simulated.")
		}
		p, err := policy.ParseWith([]byte(docs[0]), policy.KindIdentity, policy.Options{Family: policy.FamilyIAM, MaxSize: -1})
		if err != nil {
			return nil, err
		}
		const id = "PermissionsBoundaryPolicyInputList.1"
		b := sim.add(authz.PolicyRef{ID: id, Policy: p}, id, "IAM Policy")
		sim.boundary = &b
		sim.principal.HasBoundary = true
	}
	if doc := c.str("ResourcePolicy"); doc != "" {
		p, err := policy.ParseWith([]byte(doc), policy.KindResource, policy.Options{Family: policy.FamilyIAM})
		if err != nil {
			return nil, err
		}
		r := sim.add(authz.PolicyRef{ID: "ResourcePolicy", Policy: p}, "ResourcePolicy", "resource")
		sim.resource = &r
	}
	if o := c.str("ResourceOwner"); o != "" {
		parsed, err := arn.Parse(o)
		switch {
		case err == nil && parsed.Account != "":
			sim.owner = parsed.Account
		case arn.IsAccountID(o):
			sim.owner = o
		default:
			return nil, apierr.InvalidInput.WithMessage("Invalid ResourceOwner " + o)
		}
	}
	if ca := c.str("CallerArn"); ca != "" {
		parsed, err := arn.Parse(ca)
		r, ok := parsed.IAM()
		if err != nil || !ok || r.Type != "user" {
			return nil, apierr.InvalidInput.WithMessage("Invalid CallerArn " + ca + ": it must be an IAM user ARN.")
		}
		sim.principal.ARN, sim.principal.Account, sim.principal.Username = ca, parsed.Account, r.Name
		if u, err := c.h.iam.GetUser(c.ctx, parsed.Account, r.Name); err == nil && u.ARN() == ca {
			sim.principal.UserID = u.ID
		}
	}
	entries, err := contextEntries(c.v)
	if err != nil {
		return nil, err
	}
	page, err := queryapi.ReadPage(c.v)
	if err != nil {
		return nil, err
	}
	type pair struct {
		i        int
		action   string
		resource string
	}
	var pairs []pair
	for _, a := range actions {
		if !strings.Contains(a, ":") {
			return nil, apierr.InvalidInput.WithMessage("Invalid action name " + a + ": it must be prefaced by a service, e.g. s3:GetObject.")
		}
		for _, r := range resources {
			pairs = append(pairs, pair{len(pairs), a, r})
		}
	}
	pairs, next, err := queryapi.Paginate(pairs, func(p pair) string { return key(p.i) }, page)
	if err != nil {
		return nil, err
	}
	out := &simulateResult{pageXML: pageOf(next)}
	for _, p := range pairs {
		out.EvaluationResults.Member = append(out.EvaluationResults.Member, c.evaluate(sim, entries, p.action, p.resource))
	}
	return out, nil
}

// contextEntry is one ContextEntries member.
type contextEntry struct {
	name, typ string
	values    []string
}

var contextTypes = map[string]bool{"string": true, "stringList": true, "numeric": true, "numericList": true,
	"boolean": true, "booleanList": true, "ip": true, "ipList": true, "binary": true, "binaryList": true,
	"date": true, "dateList": true}

func contextEntries(v queryapi.Values) ([]contextEntry, error) {
	var out []contextEntry
	for i, m := range v.Members("ContextEntries") {
		e := contextEntry{name: m.Get("ContextKeyName"), typ: m.Get("ContextKeyType"), values: m.Strings("ContextKeyValues")}
		field := "contextEntries." + strconv.Itoa(i+1) + ".member."
		if e.name == "" {
			return nil, apierr.ValidationNull(field + "contextKeyName")
		}
		if e.typ != "" && !contextTypes[e.typ] {
			return nil, apierr.Validation(field+"contextKeyType", e.typ,
				"Member must satisfy enum value set: [string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList]")
		}
		out = append(out, e)
	}
	return out, nil
}

func (c *call) evaluate(sim *simulation, entries []contextEntry, action, resource string) evalXML {
	pc := policy.NewContext()
	pc.SetTime(c.h.now())
	pc.SetPrincipal(sim.principal)
	for _, t := range sim.tags {
		pc.Set("aws:PrincipalTag/"+t.Key, t.Value)
	}
	given := map[string]bool{}
	for _, e := range entries {
		if strings.HasSuffix(e.typ, "List") || len(e.values) > 1 {
			pc.SetMulti(e.name, e.values)
		} else if len(e.values) == 1 {
			pc.Set(e.name, e.values[0])
		}
		given[lower(e.name)] = true
	}
	in := authz.Input{Principal: sim.principal, Action: access.Action(action), Resource: policy.NewResource(resource),
		ResourceOwner: sim.owner, Context: pc, Identity: sim.identity, Boundary: sim.boundary, ResourcePolicy: sim.resource}
	d := authz.Decide(&in)
	out := evalXML{EvalActionName: action, EvalResourceName: resource, EvalDecision: "implicitDeny"}
	switch {
	case d.Allowed:
		out.EvalDecision = "allowed"
	case d.Reason == authz.ReasonExplicitDeny:
		out.EvalDecision = "explicitDeny"
	}
	out.MatchedStatements.Member = []statementXML{}
	for _, st := range d.Statements() {
		src := sim.sources[st.PolicyID]
		m := statementXML{SourcePolicyId: src.id, SourcePolicyType: src.typ}
		if spans := statementSpans(src.doc); st.Index < len(spans) {
			m.StartPosition, m.EndPosition = spans[st.Index].start, spans[st.Index].end
		}
		out.MatchedStatements.Member = append(out.MatchedStatements.Member, m)
	}
	out.MissingContextValues.Member = []string{}
	seen := map[string]bool{}
	all := append(append([]authz.PolicyRef(nil), sim.identity...), refs(sim.boundary, sim.resource)...)
	for _, ref := range all {
		for _, k := range conditionKeys(ref.Policy.Source(), action) {
			lk := lower(k)
			if seen[lk] || given[lk] {
				continue
			}
			seen[lk] = true
			if _, ok := pc.Get(k); !ok {
				out.MissingContextValues.Member = append(out.MissingContextValues.Member, k)
			}
		}
	}
	if sim.resource != nil {
		details := []queryapi.Entry{{Key: "ResourcePolicy", Value: resourceDecision(sim, pc, action, resource)}}
		out.EvalDecisionDetails = &queryapi.List[queryapi.Entry]{Member: details}
	}
	return out
}

func refs(rs ...*authz.PolicyRef) []authz.PolicyRef {
	var out []authz.PolicyRef
	for _, r := range rs {
		if r != nil {
			out = append(out, *r)
		}
	}
	return out
}

// resourceDecision is the resource policy's own verdict, for
// EvalDecisionDetails.
func resourceDecision(sim *simulation, pc *policy.Context, action, resource string) string {
	r := sim.resource.Policy.Evaluate(&policy.Request{Principal: sim.principal, Action: access.Action(action),
		Resource: policy.NewResource(resource), Context: pc})
	switch {
	case r.Denied:
		return "explicitDeny"
	case r.Allowed:
		return "allowed"
	}
	return "implicitDeny"
}
