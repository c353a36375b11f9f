package policy

import (
	"testing"
)

const acct = "111122223333"

var (
	alice = &Principal{Type: IAMUser, Account: acct, ARN: "arn:aws:iam::111122223333:user/div/alice",
		UserID: "AIDAALICEEXAMPLE0001", Username: "alice"}
	session = &Principal{Type: AssumedRole, Account: acct, ARN: "arn:aws:sts::111122223333:assumed-role/reader/s1",
		RoleARN: "arn:aws:iam::111122223333:role/reader", UserID: "AROAREADEREXAMPLE001:s1", SessionName: "s1"}
	rootP    = &Principal{Type: Root, Account: acct, ARN: "arn:aws:iam::111122223333:root", UserID: acct}
	outsider = &Principal{Type: IAMUser, Account: "444455556666", ARN: "arn:aws:iam::444455556666:user/eve",
		UserID: "AIDAEVEEXAMPLE000001", Username: "eve"}
	fed     = &Principal{Type: FederatedUser, Account: acct, ARN: "arn:aws:sts::111122223333:federated-user/fred", UserID: "111122223333:fred"}
	trail   = &Principal{Type: Service, ServiceName: "cloudtrail.amazonaws.com"}
	google  = &Principal{Type: WebIdentity, Federated: "accounts.google.com"}
	anon    = &Principal{Type: Anonymous}
	bounded = &Principal{Type: IAMUser, Account: acct, ARN: "arn:aws:iam::111122223333:user/div/alice",
		UserID: "AIDAALICEEXAMPLE0001", Username: "alice", HasBoundary: true}
)

func mustParse(t testing.TB, kind Kind, doc string) *Policy {
	t.Helper()
	p, err := ParseWith([]byte(doc), kind, Options{Family: FamilyIAM})
	if err != nil {
		t.Fatalf("parse %s: %v", doc, err)
	}
	return p
}

func req(p *Principal, action, resource string, c *Context) *Request {
	if c == nil {
		c = NewContext()
	}
	c.SetPrincipal(p)
	return &Request{Principal: p, Action: NewAction(action), Resource: NewResource(resource), Context: c}
}

func TestActionAndResourceMatching(t *testing.T) {
	tests := []struct {
		name, stmt, action, resource string
		want                         bool
	}{
		{"exact", `"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/k"`, "s3:GetObject", "arn:aws:s3:::b/k", true},
		{"action case-insensitive", `"Action":"S3:getobject","Resource":"*"`, "s3:GetObject", "arn:aws:s3:::b/k", true},
		{"action prefix", `"Action":"s3:Get*","Resource":"*"`, "s3:GetObjectTagging", "arn:aws:s3:::b/k", true},
		{"action prefix miss", `"Action":"s3:Get*","Resource":"*"`, "s3:PutObject", "arn:aws:s3:::b/k", false},
		{"action ?", `"Action":"s3:?etObject","Resource":"*"`, "s3:GetObject", "arn:aws:s3:::b/k", true},
		{"action inner glob", `"Action":"s3:*Object*","Resource":"*"`, "s3:PutObjectAcl", "arn:aws:s3:::b/k", true},
		{"action service", `"Action":"s3:*","Resource":"*"`, "iam:GetUser", "*", false},
		{"action star", `"Action":"*","Resource":"*"`, "kms:Decrypt", "*", true},
		{"action list", `"Action":["iam:*","s3:PutObject"],"Resource":"*"`, "s3:PutObject", "arn:aws:s3:::b/k", true},
		{"NotAction excludes", `"NotAction":"s3:DeleteObject","Resource":"*"`, "s3:DeleteObject", "arn:aws:s3:::b/k", false},
		{"NotAction includes others", `"NotAction":"s3:DeleteObject","Resource":"*"`, "s3:GetObject", "arn:aws:s3:::b/k", true},
		{"NotAction other service", `"NotAction":"s3:*","Resource":"*"`, "iam:GetUser", "*", true},
		{"resource case-sensitive", `"Action":"s3:*","Resource":"arn:aws:s3:::B/*"`, "s3:GetObject", "arn:aws:s3:::b/k", false},
		{"resource prefix", `"Action":"s3:*","Resource":"arn:aws:s3:::b/home/*"`, "s3:GetObject", "arn:aws:s3:::b/home/a/b:c", true},
		{"resource bucket vs object", `"Action":"s3:*","Resource":"arn:aws:s3:::b"`, "s3:GetObject", "arn:aws:s3:::b/k", false},
		{"resource star field bound", `"Action":"s3:*","Resource":"arn:aws:s3:*:*:accesspoint/*"`, "s3:GetObject", "arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/k", true},
		{"resource star does not cross colon", `"Action":"s3:*","Resource":"arn:aws:*:::accesspoint/*"`, "s3:GetObject", "arn:aws:s3:us-east-1:111122223333:accesspoint/ap", false},
		{"resource region wildcard", `"Action":"kms:*","Resource":"arn:aws:kms:us-*:111122223333:key/*"`, "kms:Decrypt", "arn:aws:kms:us-west-2:111122223333:key/k", true},
		{"resource ? glob", `"Action":"s3:*","Resource":"arn:aws:s3:::b/?/x*y"`, "s3:GetObject", "arn:aws:s3:::b/a/x123y", true},
		{"resource for arn-less action", `"Action":"s3:*","Resource":"arn:aws:s3:::*"`, "s3:ListAllMyBuckets", "*", false},
		{"star resource for arn-less action", `"Action":"s3:*","Resource":"*"`, "s3:ListAllMyBuckets", "*", true},
		{"NotResource", `"Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"`, "s3:GetObject", "arn:aws:s3:::b/k", true},
		{"NotResource hit", `"Action":"s3:*","NotResource":["arn:aws:s3:::x","arn:aws:s3:::secret/*"]`, "s3:GetObject", "arn:aws:s3:::secret/k", false},
		{"resource variable", `"Action":"s3:*","Resource":"arn:aws:s3:::b/home/${aws:username}/*"`, "s3:GetObject", "arn:aws:s3:::b/home/alice/x", true},
		{"resource variable other user", `"Action":"s3:*","Resource":"arn:aws:s3:::b/home/${aws:username}/*"`, "s3:GetObject", "arn:aws:s3:::b/home/bob/x", false},
		{"resource variable exact", `"Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}"`, "s3:GetObject", "arn:aws:s3:::b/alice", true},
		{"resource account variable", `"Action":"s3:*","Resource":"arn:aws:s3:us-east-1:${aws:PrincipalAccount}:accesspoint/*"`, "s3:GetObject", "arn:aws:s3:us-east-1:111122223333:accesspoint/ap", true},
		{"resource account variable other", `"Action":"s3:*","Resource":"arn:aws:s3:us-east-1:${aws:PrincipalAccount}:accesspoint/*"`, "s3:GetObject", "arn:aws:s3:us-east-1:444455556666:accesspoint/ap", false},
		{"resource unresolved variable", `"Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team}/*"`, "s3:GetObject", "arn:aws:s3:::b//x", false},
		{"resource defaulted variable", `"Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*"`, "s3:GetObject", "arn:aws:s3:::b/shared/x", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow",`+tt.stmt+`}}`)
			if got := p.Evaluate(req(alice, tt.action, tt.resource, nil)).Allowed; got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestVariableInjection(t *testing.T) {
	p := mustParse(t, KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/dir}/*"}}`)
	c := NewContext()
	c.Set("aws:PrincipalTag/dir", "*")
	if p.Evaluate(req(alice, "s3:GetObject", "arn:aws:s3:::b/other/x", c)).Allowed {
		t.Error("a tag value '*' acted as a wildcard")
	}
	c = NewContext()
	c.Set("aws:PrincipalTag/dir", "*")
	if !p.Evaluate(req(alice, "s3:GetObject", "arn:aws:s3:::b/*/x", c)).Allowed {
		t.Error("a tag value '*' did not match itself")
	}
	// 2008-10-17: the variable is literal text.
	p = mustParse(t, KindIdentity, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*"}}`)
	if p.Evaluate(req(alice, "s3:GetObject", "arn:aws:s3:::b/alice/x", nil)).Allowed {
		t.Error("2008-10-17 substituted a variable")
	}
	if !p.Evaluate(req(alice, "s3:GetObject", "arn:aws:s3:::b/${aws:username}/x", nil)).Allowed {
		t.Error("2008-10-17 did not keep the variable literal")
	}
}

func TestPrincipalMatching(t *testing.T) {
	res := func(principal string) string {
		return `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":` + principal + `,"Action":"s3:*","Resource":"*"}}`
	}
	tests := []struct {
		name, principal string
		who             *Principal
		want            PrincipalMatch
	}{
		{"star anonymous", `"*"`, anon, MatchAny},
		{"star user", `"*"`, alice, MatchAny},
		{"AWS star anonymous", `{"AWS":"*"}`, anon, MatchAny},
		{"AWS star service", `{"AWS":"*"}`, trail, MatchAny},
		{"account id user", `{"AWS":"111122223333"}`, alice, MatchAccount},
		{"account id session", `{"AWS":"111122223333"}`, session, MatchAccount},
		{"account id root", `{"AWS":"111122223333"}`, rootP, MatchAccount},
		{"account id federated", `{"AWS":"111122223333"}`, fed, MatchAccount},
		{"account root arn", `{"AWS":"arn:aws:iam::111122223333:root"}`, alice, MatchAccount},
		{"account other", `{"AWS":"111122223333"}`, outsider, 0},
		{"account anonymous", `{"AWS":"111122223333"}`, anon, 0},
		{"account service", `{"AWS":"111122223333"}`, trail, 0},
		{"user arn", `{"AWS":"arn:aws:iam::111122223333:user/div/alice"}`, alice, MatchExact},
		{"user arn wrong path", `{"AWS":"arn:aws:iam::111122223333:user/alice"}`, alice, 0},
		{"user unique id", `{"AWS":"AIDAALICEEXAMPLE0001"}`, alice, MatchExact},
		{"role arn session", `{"AWS":"arn:aws:iam::111122223333:role/reader"}`, session, MatchRole},
		{"role unique id session", `{"AWS":"AROAREADEREXAMPLE001"}`, session, MatchRole},
		{"session arn", `{"AWS":"arn:aws:sts::111122223333:assumed-role/reader/s1"}`, session, MatchExact},
		{"other session", `{"AWS":"arn:aws:sts::111122223333:assumed-role/reader/s2"}`, session, 0},
		{"federated user arn", `{"AWS":"arn:aws:sts::111122223333:federated-user/fred"}`, fed, MatchExact},
		{"role arn does not match user", `{"AWS":"arn:aws:iam::111122223333:role/reader"}`, alice, 0},
		{"service", `{"Service":"cloudtrail.amazonaws.com"}`, trail, MatchService},
		{"service other", `{"Service":"config.amazonaws.com"}`, trail, 0},
		{"service vs user", `{"Service":"cloudtrail.amazonaws.com"}`, alice, 0},
		{"federated provider", `{"Federated":"accounts.google.com"}`, google, MatchFederated},
		{"canonical user", `{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}`,
			&Principal{Type: IAMUser, Account: acct, ARN: alice.ARN, CanonicalID: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, MatchAccount},
		{"union", `{"AWS":["111122223333","arn:aws:iam::111122223333:role/reader","arn:aws:sts::111122223333:assumed-role/reader/s1"]}`, session, MatchAccount | MatchRole | MatchExact},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, KindResource, res(tt.principal))
			r := p.Evaluate(req(tt.who, "s3:GetObject", "arn:aws:s3:::b/k", nil))
			if r.Grant != tt.want || r.Allowed != (tt.want != 0) {
				t.Errorf("got %+v, want grant %b", r, tt.want)
			}
		})
	}
}

func TestNotPrincipal(t *testing.T) {
	doc := func(list string) string {
		return `{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":` + list + `},"Action":"s3:*","Resource":"*"}}`
	}
	tests := []struct {
		name, list string
		who        *Principal
		denied     bool
	}{
		{"user and account listed", `["111122223333","arn:aws:iam::111122223333:user/div/alice"]`, alice, false},
		{"user without account", `["arn:aws:iam::111122223333:user/div/alice"]`, alice, true},
		{"account only", `["111122223333"]`, alice, true},
		{"root via account", `["111122223333"]`, rootP, false},
		{"other user denied", `["111122223333","arn:aws:iam::111122223333:user/div/alice"]`, outsider, true},
		{"anonymous denied", `["111122223333"]`, anon, true},
		{"session needs all three", `["111122223333","arn:aws:iam::111122223333:role/reader","arn:aws:sts::111122223333:assumed-role/reader/s1"]`, session, false},
		{"session without session arn", `["111122223333","arn:aws:iam::111122223333:role/reader"]`, session, true},
		{"boundary always denied", `["111122223333","arn:aws:iam::111122223333:user/div/alice"]`, bounded, true},
		{"star excludes everyone", `"*"`, anon, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, KindResource, doc(tt.list))
			if got := p.Evaluate(req(tt.who, "s3:GetObject", "arn:aws:s3:::b/k", nil)).Denied; got != tt.denied {
				t.Errorf("denied = %v, want %v", got, tt.denied)
			}
		})
	}
}

func TestEvaluateResultAndMatches(t *testing.T) {
	p := mustParse(t, KindResource, `{"Version":"2012-10-17","Statement":[
		{"Sid":"A1","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"},
		{"Sid":"A2","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/div/alice"},"Action":"s3:Get*","Resource":"*"},
		{"Sid":"D1","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"},
		{"Sid":"A3","Effect":"Allow","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}`)
	r := p.Evaluate(req(alice, "s3:GetObject", "arn:aws:s3:::b/k", nil))
	if !r.Allowed || r.Denied || r.Grant != MatchAccount|MatchExact || r.AllowIndex != 0 || r.DenyIndex != -1 {
		t.Errorf("GetObject: %+v", r)
	}
	r = p.Evaluate(req(alice, "s3:DeleteObject", "arn:aws:s3:::b/k", nil))
	if !r.Denied || r.DenyIndex != 2 || p.Sid(r.DenyIndex) != "D1" {
		t.Errorf("DeleteObject: %+v", r)
	}
	m := p.Matches(req(alice, "s3:DeleteObject", "arn:aws:s3:::b/k", nil), nil)
	if len(m) != 3 || m[0].Sid != "A1" || m[1].Sid != "D1" || m[1].Effect != Deny || m[2].Sid != "A3" || m[2].Grant != MatchAny {
		t.Errorf("Matches = %+v", m)
	}
	var nilPolicy *Policy
	if r := nilPolicy.Evaluate(req(alice, "s3:GetObject", "*", nil)); r.Allowed || r.Denied {
		t.Errorf("nil policy: %+v", r)
	}
	// A nil principal is anonymous.
	r = p.Evaluate(&Request{Action: NewAction("s3:DeleteObject"), Resource: NewResource("arn:aws:s3:::b/k")})
	if !r.Denied {
		t.Errorf("anonymous: %+v", r)
	}
}

func TestTrustPolicyEvaluation(t *testing.T) {
	p := mustParse(t, KindTrust, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"xyz"}}}]}`)
	c := NewContext()
	c.Set("sts:ExternalId", "xyz")
	if r := p.Evaluate(req(outsider, "sts:AssumeRole", "arn:aws:iam::111122223333:role/r", c)); !r.Allowed || r.Grant != MatchAccount {
		t.Errorf("trust: %+v", r)
	}
	if r := p.Evaluate(req(outsider, "sts:AssumeRole", "arn:aws:iam::111122223333:role/r", nil)); r.Allowed {
		t.Errorf("trust without external id: %+v", r)
	}
}
