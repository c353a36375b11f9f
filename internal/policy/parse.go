package policy

import (
	"bytes"
	"errors"
	"strings"
)

// Size limits, in characters without whitespace, per AWS's quotas.
const (
	MaxBucketPolicySize   = 20480 // S3 bucket and access point policies (20 KB)
	MaxManagedPolicySize  = 6144  // IAM managed policy
	MaxUserInlineSize     = 2048  // all inline policies of a user together
	MaxRoleInlineSize     = 10240 // all inline policies of a role together
	MaxGroupInlineSize    = 5120  // all inline policies of a group together
	MaxTrustPolicySize    = 2048  // a role's trust policy (ACLSizePerRole)
	MaxKeyPolicySize      = 32768 // KMS key policy
	MaxEndpointPolicySize = 20480 // VPC endpoint policy
)

// Parse parses a policy of the given kind with the errors of the API family
// the kind implies: S3 for resource policies, IAM for all others.
func Parse(doc []byte, kind Kind) (*Policy, error) { return ParseWith(doc, kind, Options{}) }

// ParseIAM parses a policy received by the IAM or STS API.
func ParseIAM(doc []byte, kind Kind) (*Policy, error) {
	return ParseWith(doc, kind, Options{Family: FamilyIAM})
}

// ParseS3 parses a bucket (or access point) policy received by the S3 API.
func ParseS3(doc []byte, kind Kind) (*Policy, error) {
	return ParseWith(doc, kind, Options{Family: FamilyS3, Resource: ResourceBucket})
}

// ParseWith parses, validates and compiles a policy document. The error is
// always an *apierr.Error with AWS's code and message for the family.
func ParseWith(doc []byte, kind Kind, o Options) (*Policy, error) {
	fam := o.Family
	if fam == FamilyDefault {
		fam = FamilyIAM
		if kind == KindResource {
			fam = FamilyS3
		}
	}
	f := fail(fam)
	if fam == FamilyS3 && (len(doc) == 0 || doc[0] != '{') {
		return nil, f.notJSONStart()
	}
	if limit := sizeLimit(kind, fam, o.MaxSize); limit > 0 && Size(doc) > limit {
		if fam == FamilyIAM && kind == KindTrust {
			return nil, QuotaExceeded("ACLSizePerRole", limit)
		}
		return nil, f.tooLarge(limit)
	}
	root, err := parseJSON(doc)
	switch {
	case errors.Is(err, errDuplicate):
		return nil, f.syntax()
	case err != nil:
		return nil, f.invalidJSON()
	case root.kind != jObject:
		return nil, f.syntax()
	}
	p := &Policy{kind: kind, family: fam, resType: o.Resource, version: "2008-10-17",
		source: bytes.Clone(doc)}
	if p.resType == ResourceOther && fam == FamilyS3 && kind == KindResource {
		p.resType = ResourceBucket
	}
	var stmtVal *jval
	for _, m := range root.obj {
		switch m.name {
		case "Version":
			if m.val.kind != jString || (m.val.text != "2012-10-17" && m.val.text != "2008-10-17") {
				return nil, f.version()
			}
			p.version, p.hasVer = m.val.text, true
		case "Id":
			if m.val.kind != jString {
				return nil, f.syntax()
			}
			p.id, p.hasID = m.val.text, true
		case "Statement":
			stmtVal = m.val
		default:
			return nil, f.unknownField(m.name)
		}
	}
	p.variables = p.version == "2012-10-17"
	if stmtVal == nil {
		return nil, f.missing("Statement")
	}
	var items []*jval
	switch stmtVal.kind {
	case jArray:
		if len(stmtVal.arr) == 0 {
			return nil, f.emptyStatement()
		}
		items = stmtVal.arr
	case jObject:
		items, p.single = []*jval{stmtVal}, true
	default:
		return nil, f.syntax()
	}
	c := compiler{p: p, f: f, o: &o, sids: map[string]bool{}}
	for _, ka := range o.Actions {
		c.catalog = append(c.catalog, NewAction(ka.Name))
	}
	for _, it := range items {
		st, err := c.statement(it)
		if err != nil {
			return nil, err
		}
		p.stmts = append(p.stmts, st)
	}
	return p, nil
}

func sizeLimit(kind Kind, fam Family, override int) int {
	switch {
	case override < 0:
		return 0
	case override > 0:
		return override
	case fam == FamilyS3:
		return MaxBucketPolicySize
	case fam == FamilyKMS:
		return MaxKeyPolicySize
	case kind == KindTrust:
		return MaxTrustPolicySize
	case kind == KindEndpoint:
		return MaxEndpointPolicySize
	}
	// Identity policies: the limit depends on where the policy goes
	// (managed, or inline summed over the entity), so IAM passes MaxSize or
	// checks the sum itself.
	return 0
}

// Size counts a document's characters outside whitespace between JSON
// tokens, the measure of IAM's size quotas.
func Size(doc []byte) int {
	n, inStr, esc := 0, false, false
	for _, r := range string(doc) {
		switch {
		case inStr:
			n++
			switch {
			case esc:
				esc = false
			case r == '\\':
				esc = true
			case r == '"':
				inStr = false
			}
		case r == '"':
			inStr = true
			n++
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
		default:
			n++
		}
	}
	return n
}

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

// checkResource enforces the ARN form, and for S3 that the resource lies in
// the bucket (or access point) the policy is attached to.
func (c *compiler) checkResource(r string) error {
	if r == "*" {
		if c.f.s3() {
			return c.f.resource(r)
		}
		return nil
	}
	var fl [6]string
	if !splitARN(r, &fl) || fl[0] != "arn" || fl[1] == "" || fl[2] == "" || fl[5] == "" {
		return c.f.resource(r)
	}
	if !c.f.s3() {
		return nil
	}
	if fl[2] != "s3" {
		return c.f.resource(r)
	}
	switch c.p.resType {
	case ResourceBucket:
		if fl[3] != "" || fl[4] != "" {
			return c.f.resource(r)
		}
		if c.o.Bucket != "" {
			bucket, _, _ := strings.Cut(fl[5], "/")
			if !strings.Contains(bucket, "${") && !glob(bucket, c.o.Bucket) && !glob(fl[5], c.o.Bucket) {
				return c.f.resource(r)
			}
		}
	case ResourceAccessPoint:
		if !strings.HasPrefix(fl[5], "accesspoint/") && !strings.HasPrefix(fl[5], "accesspoint*") && fl[5] != "*" {
			return c.f.resource(r)
		}
	}
	return nil
}

// applies rejects, for S3 with a catalogue, actions that apply to none of
// the statement's resources.
func (c *compiler) applies(st *statement) error {
	if !c.f.s3() || c.o.Actions == nil || st.notAction || st.notRes {
		return nil
	}
	var have ResourceKinds
	for i := range st.resources {
		have |= resourceShapes(st.resources[i].raw)
	}
	for i := range st.actions {
		if st.actions[i].raw == "*" {
			continue
		}
		if c.known(&st.actions[i])&have == 0 {
			return c.f.actionResourceMismatch()
		}
	}
	return nil
}

// resourceShapes returns which S3 resource shapes a Resource pattern can name.
func resourceShapes(r string) ResourceKinds {
	var f [6]string
	if !splitARN(r, &f) {
		return AppliesBucket | AppliesObject | AppliesAccessPoint | AppliesAccessPointObject | AppliesOther
	}
	res := f[5]
	if f[3] == "" && f[4] == "" {
		bucket, key, hasKey := strings.Cut(res, "/")
		var k ResourceKinds
		if !hasKey {
			k |= AppliesBucket
		}
		if hasKey || strings.Contains(bucket, "*") {
			k |= AppliesObject
		}
		if hasKey && key == "*" && bucket == "*" {
			k |= AppliesBucket
		}
		return k
	}
	name, rest, hasRest := strings.Cut(strings.TrimPrefix(res, "accesspoint/"), "/")
	var k ResourceKinds
	if !hasRest {
		k |= AppliesAccessPoint
		if strings.Contains(name, "*") {
			k |= AppliesAccessPointObject
		}
	} else if strings.HasPrefix(rest, "object/") || strings.HasPrefix(rest, "*") {
		k |= AppliesAccessPointObject
	}
	if strings.Contains(name, "*") && hasRest {
		k |= AppliesAccessPoint
	}
	return k
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
