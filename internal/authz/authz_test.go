package authz

import (
	"testing"

	"github.com/coffer-s3/coffer/internal/policy"
)

const (
	owner = "111122223333"
	other = "444455556666"
	obj   = "arn:aws:s3:::b/k"
)

var (
	alice = &policy.Principal{Type: policy.IAMUser, Account: owner, ARN: "arn:aws:iam::111122223333:user/alice",
		UserID: "AIDAALICEEXAMPLE0001", Username: "alice"}
	roleSession = &policy.Principal{Type: policy.AssumedRole, Account: owner,
		ARN: "arn:aws:sts::111122223333:assumed-role/app/s1", RoleARN: "arn:aws:iam::111122223333:role/app",
		UserID: "AROAAPPEXAMPLE000001:s1", SessionName: "s1"}
	fedUser = &policy.Principal{Type: policy.FederatedUser, Account: owner,
		ARN: "arn:aws:sts::111122223333:federated-user/fred", UserID: "111122223333:fred"}
	root    = &policy.Principal{Type: policy.Root, Account: owner, ARN: "arn:aws:iam::111122223333:root", UserID: owner}
	bob     = &policy.Principal{Type: policy.IAMUser, Account: other, ARN: "arn:aws:iam::444455556666:user/bob", UserID: "AIDABOBEXAMPLE000001", Username: "bob"}
	xroot   = &policy.Principal{Type: policy.Root, Account: other, ARN: "arn:aws:iam::444455556666:root", UserID: other}
	xrole   = &policy.Principal{Type: policy.AssumedRole, Account: other, ARN: "arn:aws:sts::444455556666:assumed-role/x/s", RoleARN: "arn:aws:iam::444455556666:role/x", UserID: "AROAXEXAMPLE00000001:s"}
	anon    = &policy.Principal{Type: policy.Anonymous}
	trail   = &policy.Principal{Type: policy.Service, ServiceName: "cloudtrail.amazonaws.com"}
	webUser = &policy.Principal{Type: policy.WebIdentity, Federated: "accounts.google.com"}
)

func mustParse(t testing.TB, kind policy.Kind, doc string) *policy.Policy {
	t.Helper()
	p, err := policy.ParseWith([]byte(doc), kind, policy.Options{Family: policy.FamilyIAM})
	if err != nil {
		t.Fatalf("parse %s: %v", doc, err)
	}
	return p
}

func ref(t testing.TB, id string, kind policy.Kind, doc string) *PolicyRef {
	t.Helper()
	return &PolicyRef{ID: id, Policy: mustParse(t, kind, doc)}
}

// identity policy with one statement.
func idp(t testing.TB, effect, action, resource string) *PolicyRef {
	return ref(t, "id-"+effect, policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Sid":"S`+effect+`","Effect":"`+effect+`","Action":"`+action+`","Resource":"`+resource+`"}]}`)
}

// resource policy granting (or denying) s3:GetObject on b/* to a principal.
func rp(t testing.TB, effect, principal string) *PolicyRef {
	return ref(t, "bucket-policy", policy.KindResource, `{"Version":"2012-10-17","Statement":[{"Sid":"R`+effect+`","Effect":"`+effect+`","Principal":`+principal+`,"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`)
}

func one(r *PolicyRef) []PolicyRef {
	if r == nil {
		return nil
	}
	return []PolicyRef{*r}
}

func TestEvaluationMatrix(t *testing.T) {
	allowID := idp(t, "Allow", "s3:GetObject", "arn:aws:s3:::b/*")
	denyID := idp(t, "Deny", "s3:GetObject", "*")
	otherID := idp(t, "Allow", "s3:PutObject", "*")
	bAllow := idp(t, "Allow", "s3:*", "*")
	bOther := idp(t, "Allow", "s3:PutObject", "*")
	bDeny := idp(t, "Deny", "s3:GetObject", "*")

	type tc struct {
		name     string
		who      *policy.Principal
		identity *PolicyRef
		boundary *PolicyRef
		session  *PolicyRef
		resource *PolicyRef
		allowed  bool
		typ      PolicyType
		reason   Reason
	}
	tests := []tc{
		// Same account: one grant is enough.
		{"same: identity allows", alice, allowID, nil, nil, nil, true, TypeIdentity, ReasonAllowed},
		{"same: nothing allows", alice, nil, nil, nil, nil, false, TypeIdentity, ReasonImplicitDeny},
		{"same: other action only", alice, otherID, nil, nil, nil, false, TypeIdentity, ReasonImplicitDeny},
		{"same: resource names user", alice, nil, nil, nil, rp(t, "Allow", `{"AWS":"arn:aws:iam::111122223333:user/alice"}`), true, TypeResource, ReasonAllowed},
		{"same: resource star", alice, nil, nil, nil, rp(t, "Allow", `"*"`), true, TypeResource, ReasonAllowed},
		{"same: resource account only delegates", alice, nil, nil, nil, rp(t, "Allow", `{"AWS":"111122223333"}`), false, TypeIdentity, ReasonImplicitDeny},
		{"same: account delegation + identity", alice, allowID, nil, nil, rp(t, "Allow", `{"AWS":"111122223333"}`), true, TypeIdentity, ReasonAllowed},
		{"same: identity deny wins", alice, denyID, nil, nil, rp(t, "Allow", `"*"`), false, TypeIdentity, ReasonExplicitDeny},
		{"same: resource deny wins", alice, allowID, nil, nil, rp(t, "Deny", `"*"`), false, TypeResource, ReasonExplicitDeny},
		{"same: resource other principal", alice, nil, nil, nil, rp(t, "Allow", `{"AWS":"arn:aws:iam::111122223333:user/carol"}`), false, TypeIdentity, ReasonImplicitDeny},
		// Permissions boundary.
		{"boundary allows + identity", alice, allowID, bAllow, nil, nil, true, TypeIdentity, ReasonAllowed},
		{"boundary does not allow", alice, allowID, bOther, nil, nil, false, TypeBoundary, ReasonImplicitDeny},
		{"boundary deny", alice, allowID, bDeny, nil, nil, false, TypeBoundary, ReasonExplicitDeny},
		{"boundary alone grants nothing", alice, nil, bAllow, nil, nil, false, TypeIdentity, ReasonImplicitDeny},
		{"boundary: user ARN grant escapes it", alice, nil, bOther, nil, rp(t, "Allow", `{"AWS":"arn:aws:iam::111122223333:user/alice"}`), true, TypeResource, ReasonAllowed},
		{"boundary: role ARN grant bounded", roleSession, nil, bOther, nil, rp(t, "Allow", `{"AWS":"arn:aws:iam::111122223333:role/app"}`), false, TypeBoundary, ReasonImplicitDeny},
		{"boundary: role ARN grant within boundary", roleSession, nil, bAllow, nil, rp(t, "Allow", `{"AWS":"arn:aws:iam::111122223333:role/app"}`), true, TypeResource, ReasonAllowed},
		{"boundary: session ARN grant escapes it", roleSession, nil, bOther, nil, rp(t, "Allow", `{"AWS":"arn:aws:sts::111122223333:assumed-role/app/s1"}`), true, TypeResource, ReasonAllowed},
		{"boundary: star grant to session bounded", roleSession, nil, bOther, nil, rp(t, "Allow", `"*"`), false, TypeBoundary, ReasonImplicitDeny},
		{"boundary: identity without boundary allow (role)", roleSession, allowID, bOther, nil, rp(t, "Allow", `{"AWS":"arn:aws:iam::111122223333:role/app"}`), false, TypeBoundary, ReasonImplicitDeny},
		{"boundary: account grant bounded", roleSession, allowID, bOther, nil, rp(t, "Allow", `{"AWS":"111122223333"}`), false, TypeBoundary, ReasonImplicitDeny},
		// Session policies.
		{"session allows + identity", roleSession, allowID, nil, bAllow, nil, true, TypeIdentity, ReasonAllowed},
		{"session does not allow", roleSession, allowID, nil, bOther, nil, false, TypeSession, ReasonImplicitDeny},
		{"session deny", roleSession, allowID, nil, bDeny, nil, false, TypeSession, ReasonExplicitDeny},
		{"session: session ARN grant escapes it", roleSession, nil, nil, bOther, rp(t, "Allow", `{"AWS":"arn:aws:sts::111122223333:assumed-role/app/s1"}`), true, TypeResource, ReasonAllowed},
		{"session: role ARN grant bounded", roleSession, nil, nil, bOther, rp(t, "Allow", `{"AWS":"arn:aws:iam::111122223333:role/app"}`), false, TypeSession, ReasonImplicitDeny},
		{"session: role ARN grant within session", roleSession, nil, nil, bAllow, rp(t, "Allow", `{"AWS":"arn:aws:iam::111122223333:role/app"}`), true, TypeResource, ReasonAllowed},
		{"federated user ARN grant escapes session", fedUser, nil, nil, bOther, rp(t, "Allow", `{"AWS":"arn:aws:sts::111122223333:federated-user/fred"}`), true, TypeResource, ReasonAllowed},
		// Cross account: both sides.
		{"cross: identity only", bob, allowID, nil, nil, nil, false, TypeResource, ReasonImplicitDeny},
		{"cross: resource only", bob, nil, nil, nil, rp(t, "Allow", `{"AWS":"arn:aws:iam::444455556666:user/bob"}`), false, TypeIdentity, ReasonImplicitDeny},
		{"cross: both", bob, allowID, nil, nil, rp(t, "Allow", `{"AWS":"arn:aws:iam::444455556666:user/bob"}`), true, TypeIdentity, ReasonAllowed},
		{"cross: account delegation + identity", bob, allowID, nil, nil, rp(t, "Allow", `{"AWS":"444455556666"}`), true, TypeIdentity, ReasonAllowed},
		{"cross: star + identity", bob, allowID, nil, nil, rp(t, "Allow", `"*"`), true, TypeIdentity, ReasonAllowed},
		{"cross: wrong account", bob, allowID, nil, nil, rp(t, "Allow", `{"AWS":"111122223333"}`), false, TypeResource, ReasonImplicitDeny},
		{"cross: boundary limits", bob, allowID, bOther, nil, rp(t, "Allow", `{"AWS":"arn:aws:iam::444455556666:user/bob"}`), false, TypeBoundary, ReasonImplicitDeny},
		{"cross: session ARN does not escape", xrole, nil, nil, nil, rp(t, "Allow", `{"AWS":"arn:aws:sts::444455556666:assumed-role/x/s"}`), false, TypeIdentity, ReasonImplicitDeny},
		{"cross: role session both", xrole, allowID, nil, bAllow, rp(t, "Allow", `{"AWS":"arn:aws:iam::444455556666:role/x"}`), true, TypeIdentity, ReasonAllowed},
		{"cross: resource deny", bob, allowID, nil, nil, rp(t, "Deny", `{"AWS":"444455556666"}`), false, TypeResource, ReasonExplicitDeny},
		// Root users.
		{"root: own account without policies", root, nil, nil, nil, nil, true, TypeRoot, ReasonAllowed},
		{"root: bucket policy deny applies", root, nil, nil, nil, rp(t, "Deny", `"*"`), false, TypeResource, ReasonExplicitDeny},
		{"root: identity policies ignored", root, denyID, nil, nil, nil, true, TypeRoot, ReasonAllowed},
		{"root: other account needs grant", xroot, nil, nil, nil, nil, false, TypeResource, ReasonImplicitDeny},
		{"root: other account with delegation", xroot, nil, nil, nil, rp(t, "Allow", `{"AWS":"444455556666"}`), true, TypeRoot, ReasonAllowed},
		// Anonymous and services.
		{"anonymous: star", anon, nil, nil, nil, rp(t, "Allow", `"*"`), true, TypeResource, ReasonAllowed},
		{"anonymous: AWS star", anon, nil, nil, nil, rp(t, "Allow", `{"AWS":"*"}`), true, TypeResource, ReasonAllowed},
		{"anonymous: account grant", anon, nil, nil, nil, rp(t, "Allow", `{"AWS":"111122223333"}`), false, TypeResource, ReasonImplicitDeny},
		{"anonymous: no policy", anon, allowID, nil, nil, nil, false, TypeResource, ReasonImplicitDeny},
		{"anonymous: deny", anon, nil, nil, nil, rp(t, "Deny", `"*"`), false, TypeResource, ReasonExplicitDeny},
		{"service: named", trail, nil, nil, nil, rp(t, "Allow", `{"Service":"cloudtrail.amazonaws.com"}`), true, TypeResource, ReasonAllowed},
		{"service: other", trail, nil, nil, nil, rp(t, "Allow", `{"Service":"config.amazonaws.com"}`), false, TypeResource, ReasonImplicitDeny},
		{"web identity", webUser, nil, nil, nil, rp(t, "Allow", `{"Federated":"accounts.google.com"}`), true, TypeResource, ReasonAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Principal: tt.who, Action: policy.NewAction("s3:GetObject"), Resource: policy.NewResource(obj),
				ResourceOwner: owner, Context: policy.NewContext(), Identity: one(tt.identity), Boundary: tt.boundary,
				Session: one(tt.session), ResourcePolicy: tt.resource}
			in.Context.SetPrincipal(tt.who)
			d := Decide(&in)
			if d.Allowed != tt.allowed || d.PolicyType != tt.typ || d.Reason != tt.reason {
				t.Errorf("got allowed=%v type=%v reason=%v, want %v %v %v", d.Allowed, d.PolicyType, d.Reason, tt.allowed, tt.typ, tt.reason)
			}
		})
	}
}

func TestRequireResourcePolicy(t *testing.T) {
	trust := func(principal string) *PolicyRef {
		return ref(t, "trust", policy.KindTrust, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":`+principal+`,"Action":"sts:AssumeRole"}]}`)
	}
	assume := idp(t, "Allow", "sts:AssumeRole", "*")
	roleARN := "arn:aws:iam::111122223333:role/target"
	tests := []struct {
		name     string
		who      *policy.Principal
		identity *PolicyRef
		trust    *PolicyRef
		allowed  bool
		typ      PolicyType
	}{
		{"identity alone is not enough", alice, assume, trust(`{"AWS":"arn:aws:iam::111122223333:user/bob"}`), false, TypeResource},
		{"no trust policy", alice, assume, nil, false, TypeResource},
		{"trust names user", alice, nil, trust(`{"AWS":"arn:aws:iam::111122223333:user/alice"}`), true, TypeResource},
		{"trust names account, no identity", alice, nil, trust(`{"AWS":"111122223333"}`), false, TypeIdentity},
		{"trust names account + identity", alice, assume, trust(`{"AWS":"111122223333"}`), true, TypeIdentity},
		{"cross account needs identity", bob, nil, trust(`{"AWS":"444455556666"}`), false, TypeIdentity},
		{"cross account both", bob, assume, trust(`{"AWS":"444455556666"}`), true, TypeIdentity},
		{"service", &policy.Principal{Type: policy.Service, ServiceName: "ec2.amazonaws.com"}, nil, trust(`{"Service":"ec2.amazonaws.com"}`), true, TypeResource},
		{"root needs key policy", root, nil, nil, false, TypeResource},
		{"root with delegation", root, nil, trust(`{"AWS":"arn:aws:iam::111122223333:root"}`), true, TypeResource},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Principal: tt.who, Action: policy.NewAction("sts:AssumeRole"), Resource: policy.NewResource(roleARN),
				ResourceOwner: owner, Identity: one(tt.identity), ResourcePolicy: tt.trust, RequireResourcePolicy: true}
			d := Decide(&in)
			if d.Allowed != tt.allowed || d.PolicyType != tt.typ {
				t.Errorf("got %v %v, want %v %v", d.Allowed, d.PolicyType, tt.allowed, tt.typ)
			}
		})
	}
}

func TestRootLockoutRecovery(t *testing.T) {
	denyAll := ref(t, "bucket-policy", policy.KindResource, `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]}`)
	cases := []struct {
		who     *policy.Principal
		action  string
		allowed bool
	}{
		{root, "s3:PutBucketPolicy", true},
		{root, "s3:DeleteBucketPolicy", true},
		{root, "s3:GetBucketPolicy", true},
		{root, "s3:GetObject", false},
		{alice, "s3:DeleteBucketPolicy", false},
		{xroot, "s3:DeleteBucketPolicy", false},
	}
	for _, c := range cases {
		in := Input{Principal: c.who, Action: policy.NewAction(c.action), Resource: policy.NewResource("arn:aws:s3:::b"),
			ResourceOwner: owner, ResourcePolicy: denyAll, Identity: one(idp(t, "Allow", "s3:*", "*"))}
		if d := Decide(&in); d.Allowed != c.allowed {
			t.Errorf("%s %s: allowed=%v, want %v", c.who.ARN, c.action, d.Allowed, c.allowed)
		}
	}
}

func TestAccessPoints(t *testing.T) {
	apARN := "arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/k"
	apAllowUser := ref(t, "ap-policy", policy.KindResource, `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*"}]}`)
	apDeny := ref(t, "ap-policy", policy.KindResource, `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*"}]}`)
	apCross := ref(t, "ap-policy", policy.KindResource, `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*"}]}`)
	delegate := ref(t, "bucket-policy", policy.KindResource, `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"StringEquals":{"s3:DataAccessPointAccount":"111122223333"}}}]}`)
	bucketUser := rp(t, "Allow", `{"AWS":"arn:aws:iam::111122223333:user/alice"}`)
	idOnAP := idp(t, "Allow", "s3:GetObject", "arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*")
	idOnBucket := idp(t, "Allow", "s3:GetObject", "arn:aws:s3:::b/*")
	idBoth := ref(t, "id", policy.KindIdentity, `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*","arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*"]}]}`)

	tests := []struct {
		name     string
		who      *policy.Principal
		identity *PolicyRef
		ap       *PolicyRef
		bucket   *PolicyRef
		allowed  bool
		typ      PolicyType
	}{
		{"identity on AP + bucket delegation", alice, idOnAP, nil, delegate, true, TypeIdentity},
		{"identity on AP, no bucket grant", alice, idOnAP, nil, nil, false, TypeResource},
		{"identity on bucket only", alice, idOnBucket, nil, delegate, false, TypeIdentity},
		{"identity on both, same account, no bucket policy", alice, idBoth, nil, nil, true, TypeIdentity},
		{"AP policy + bucket delegation", alice, nil, apAllowUser, delegate, true, TypeAccessPoint},
		{"AP policy + bucket names user", alice, nil, apAllowUser, bucketUser, true, TypeAccessPoint},
		{"AP policy without bucket", alice, nil, apAllowUser, nil, false, TypeResource},
		{"AP deny", alice, idOnAP, apDeny, delegate, false, TypeAccessPoint},
		{"bucket policy deny applies through AP", alice, idOnAP, nil, rp(t, "Deny", `"*"`), false, TypeResource},
		{"cross-account AP: identity + AP + delegation", bob, idOnAP, apCross, delegate, true, TypeIdentity},
		{"cross-account AP: no identity", bob, nil, apCross, delegate, false, TypeIdentity},
		{"cross-account AP: no AP grant", bob, idOnAP, nil, delegate, false, TypeAccessPoint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := policy.NewContext()
			c.SetPrincipal(tt.who)
			c.Set("s3:DataAccessPointAccount", owner)
			c.Set("s3:DataAccessPointArn", "arn:aws:s3:us-east-1:111122223333:accesspoint/ap")
			in := Input{Principal: tt.who, Action: policy.NewAction("s3:GetObject"), Resource: policy.NewResource(apARN),
				ResourceOwner: owner, Context: c, Identity: one(tt.identity), ViaAccessPoint: true,
				AccessPointPolicy: tt.ap, BucketResource: policy.NewResource(obj), ResourcePolicy: tt.bucket}
			d := Decide(&in)
			if d.Allowed != tt.allowed || d.PolicyType != tt.typ {
				t.Errorf("got %v %v, want %v %v", d.Allowed, d.PolicyType, tt.allowed, tt.typ)
			}
		})
	}
}

func TestEndpointPolicy(t *testing.T) {
	ep := func(doc string) *PolicyRef { return ref(t, "vpce-1", policy.KindEndpoint, doc) }
	allowAll := ep(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`)
	onlyPut := ep(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"*"}]}`)
	denyBob := ep(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":{"AWS":"444455556666"},"Action":"*","Resource":"*"}]}`)
	onlyAlice := ep(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"*","Resource":"*"}]}`)
	allowID := idp(t, "Allow", "s3:GetObject", "*")
	bucketBob := rp(t, "Allow", `{"AWS":"444455556666"}`)
	tests := []struct {
		name    string
		who     *policy.Principal
		ep      *PolicyRef
		allowed bool
		typ     PolicyType
		reason  Reason
	}{
		{"allow all", alice, allowAll, true, TypeIdentity, ReasonAllowed},
		{"endpoint does not allow action", alice, onlyPut, false, TypeEndpoint, ReasonImplicitDeny},
		{"endpoint denies principal", bob, denyBob, false, TypeEndpoint, ReasonExplicitDeny},
		{"endpoint names principal", alice, onlyAlice, true, TypeIdentity, ReasonAllowed},
		{"endpoint does not name principal", bob, onlyAlice, false, TypeEndpoint, ReasonImplicitDeny},
		{"endpoint alone grants nothing", anon, allowAll, false, TypeResource, ReasonImplicitDeny},
		{"no endpoint", bob, nil, true, TypeIdentity, ReasonAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Principal: tt.who, Action: policy.NewAction("s3:GetObject"), Resource: policy.NewResource(obj),
				ResourceOwner: owner, Identity: one(allowID), ResourcePolicy: bucketBob, Endpoint: tt.ep}
			d := Decide(&in)
			if d.Allowed != tt.allowed || d.PolicyType != tt.typ || d.Reason != tt.reason {
				t.Errorf("got %v %v %v, want %v %v %v", d.Allowed, d.PolicyType, d.Reason, tt.allowed, tt.typ, tt.reason)
			}
		})
	}
}

func TestRestrictPublicBuckets(t *testing.T) {
	// Public because of the "*" statement: RestrictPublicBuckets then cuts
	// every grant of this policy for outsiders, the named account included.
	public := ref(t, "bucket-policy", policy.KindResource, `{"Statement":[
		{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
		{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
		{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`)
	if !public.Policy.IsPublic() {
		t.Fatal("policy should be public")
	}
	allowID := idp(t, "Allow", "s3:GetObject", "*")
	tests := []struct {
		name     string
		who      *policy.Principal
		identity *PolicyRef
		restrict bool
		allowed  bool
	}{
		{"anonymous without BPA", anon, nil, false, true},
		{"anonymous with BPA", anon, nil, true, false},
		{"cross-account without BPA", bob, allowID, false, true},
		{"cross-account with BPA", bob, allowID, true, false},
		{"service with BPA", trail, nil, true, true},
		{"same account via star with BPA", alice, nil, true, true},
		{"same account identity with BPA", alice, allowID, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Principal: tt.who, Action: policy.NewAction("s3:GetObject"), Resource: policy.NewResource(obj),
				ResourceOwner: owner, Identity: one(tt.identity), ResourcePolicy: public, RestrictPublicResource: tt.restrict}
			if d := Decide(&in); d.Allowed != tt.allowed {
				t.Errorf("allowed = %v, want %v (%v)", d.Allowed, tt.allowed, d.PolicyType)
			}
		})
	}
}

func TestOrganizationHooks(t *testing.T) {
	allowS3 := ref(t, "scp-1", policy.KindIdentity, `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)
	denyGet := ref(t, "scp-2", policy.KindIdentity, `{"Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}`)
	onlyIAM := ref(t, "scp-3", policy.KindIdentity, `{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}`)
	allowID := idp(t, "Allow", "s3:GetObject", "*")
	run := func(scp, rcp []PolicyRef) Decision {
		in := Input{Principal: alice, Action: policy.NewAction("s3:GetObject"), Resource: policy.NewResource(obj),
			ResourceOwner: owner, Identity: one(allowID), SCP: scp, RCP: rcp}
		return Decide(&in)
	}
	if d := run([]PolicyRef{*allowS3}, nil); !d.Allowed {
		t.Errorf("SCP allow: %+v", d)
	}
	if d := run([]PolicyRef{*allowS3, *denyGet}, nil); d.Allowed || d.PolicyType != TypeSCP || d.Reason != ReasonExplicitDeny {
		t.Errorf("SCP deny: %+v", d)
	}
	if d := run([]PolicyRef{*onlyIAM}, nil); d.Allowed || d.PolicyType != TypeSCP || d.Reason != ReasonImplicitDeny {
		t.Errorf("SCP no allow: %+v", d)
	}
	if d := run(nil, []PolicyRef{*denyGet}); d.Allowed || d.PolicyType != TypeRCP {
		t.Errorf("RCP deny: %+v", d)
	}
}

func TestDiagnostics(t *testing.T) {
	idDoc := ref(t, "arn:aws:iam::111122223333:policy/readers", policy.KindIdentity, `{"Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"NoSecrets","Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/secret/*"}]}`)
	in := Input{Principal: alice, Action: policy.NewAction("s3:GetObject"), Resource: policy.NewResource("arn:aws:s3:::b/secret/x"),
		ResourceOwner: owner, Identity: []PolicyRef{*idDoc}}
	d := Decide(&in)
	st := d.Statements()
	if d.Allowed || len(st) != 1 || st[0].PolicyID != idDoc.ID || st[0].Index != 1 || st[0].Sid != "NoSecrets" || st[0].Effect != policy.Deny {
		t.Fatalf("deny diagnostic: %+v %+v", d, st)
	}
	want := `User: arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/secret/x" with an explicit deny in an identity-based policy`
	if got := d.Message(alice.ARN, "s3:GetObject", "arn:aws:s3:::b/secret/x"); got != want {
		t.Errorf("Message =\n%s\nwant\n%s", got, want)
	}
	in.Resource = policy.NewResource("arn:aws:s3:::b/public/x")
	d = Decide(&in)
	if st := d.Statements(); !d.Allowed || len(st) != 1 || st[0].Sid != "Read" || d.Message("", "", "") != "" {
		t.Errorf("allow diagnostic: %+v %+v", d, st)
	}
	msgs := []struct {
		d    Decision
		want string
	}{
		{Decision{Reason: ReasonImplicitDeny, PolicyType: TypeIdentity}, "because no identity-based policy allows the s3:GetObject action"},
		{Decision{Reason: ReasonImplicitDeny, PolicyType: TypeResource}, "because no resource-based policy allows the s3:GetObject action"},
		{Decision{Reason: ReasonImplicitDeny, PolicyType: TypeBoundary}, "because no permissions boundary allows the s3:GetObject action"},
		{Decision{Reason: ReasonImplicitDeny, PolicyType: TypeSession}, "because no session policy allows the s3:GetObject action"},
		{Decision{Reason: ReasonImplicitDeny, PolicyType: TypeEndpoint}, "because no VPC endpoint policy allows the s3:GetObject action"},
		{Decision{Reason: ReasonImplicitDeny, PolicyType: TypeSCP}, "because no service control policy allows the s3:GetObject action"},
		{Decision{Reason: ReasonExplicitDeny, PolicyType: TypeResource}, "with an explicit deny in a resource-based policy"},
		{Decision{Reason: ReasonExplicitDeny, PolicyType: TypeAccessPoint}, "with an explicit deny in a resource-based policy"},
		{Decision{Reason: ReasonExplicitDeny, PolicyType: TypeBoundary}, "with an explicit deny in a permissions boundary"},
		{Decision{Reason: ReasonExplicitDeny, PolicyType: TypeSession}, "with an explicit deny in a session policy"},
		{Decision{Reason: ReasonExplicitDeny, PolicyType: TypeEndpoint}, "with an explicit deny in a VPC endpoint policy"},
		{Decision{Reason: ReasonExplicitDeny, PolicyType: TypeSCP}, "with an explicit deny in a service control policy"},
		{Decision{Reason: ReasonExplicitDeny, PolicyType: TypeRCP}, "with an explicit deny in a resource control policy"},
	}
	head := `User: arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" `
	for _, m := range msgs {
		if got := m.d.Message(alice.ARN, "s3:GetObject", obj); got != head+m.want {
			t.Errorf("Message = %q, want %q", got, head+m.want)
		}
	}
}
