package ec2api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/audit"
	"github.com/coffer-s3/coffer/internal/authn"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/meta/embedded"
	"github.com/coffer-s3/coffer/internal/netcfg"
	"github.com/coffer-s3/coffer/internal/sigv4"
	"github.com/coffer-s3/coffer/internal/vpce"
)

const (
	acctA, akA, skA = "111111111111", "AKIAAAAA000000000001", "a-secret-0123456789abcdefghijklmnopqrstu"
	acctB, akB, skB = "222222222222", "AKIABBBB000000000002", "b-secret-0123456789abcdefghijklmnopqrstu"
	ifaceID         = "vpce-0123456789abcdef0"
	gwID            = "vpce-0fedcba9876543210"
	otherID         = "vpce-11111111111111111"
)

const netDoc = `{"vpcs":[{"id":"vpc-0a1b2c3d","cidrs":["127.0.10.0/24"]},{"id":"vpc-0b1b2c3d","cidrs":["127.0.20.0/24"]}],"endpoints":[
 {"id":"` + ifaceID + `","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Interface","listen":"127.0.10.1:9100"},
 {"id":"` + gwID + `","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Gateway",
  "policy":{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}},
 {"id":"` + otherID + `","vpc":"vpc-0b1b2c3d","owner":"222222222222","type":"Gateway"}]}`

type env struct {
	t     *testing.T
	h     *Handler
	iam   *iam.Service
	eps   *vpce.Service
	now   time.Time
	audit bytes.Buffer
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	m, _, err := keys.LoadOrCreate(filepath.Join(dir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := embedded.Open(filepath.Join(dir, "meta"), embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{t: t, now: time.Now().UTC()}
	now := func() time.Time { return e.now }
	svc, err := iam.New(context.Background(), st, m, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range [][3]string{{acctA, akA, skA}, {acctB, akB, skB}} {
		if _, err := svc.EnsureAccount(context.Background(), iam.Account{ID: a[0], Name: "n" + a[0][:1]}, a[1], a[2]); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := netcfg.Parse([]byte(netDoc))
	if err != nil {
		t.Fatal(err)
	}
	eps, err := vpce.New(context.Background(), vpce.Options{Store: st, Now: now}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.iam, e.eps = svc, eps
	e.h = New(Options{Authn: authn.New(authn.Options{IAM: svc, Region: "us-east-1", Now: now}),
		Access: access.New(access.Options{IAM: svc, Logger: log}), Endpoints: eps, Region: "us-east-1",
		Audit: audit.NewJSONLines(&e.audit), Logger: log, Now: now})
	return e
}

type resp struct {
	status int
	body   string
}

func (e *env) call(ak, sk string, kv ...string) resp {
	e.t.Helper()
	form := url.Values{"Version": {"2016-11-15"}}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Set(kv[i], kv[i+1])
	}
	body := form.Encode()
	r := httptest.NewRequest("POST", "http://127.0.0.1:9000/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if ak != "" {
		sum := sha256.Sum256([]byte(body))
		sigv4.SignV4(r, ak, sk, "", "us-east-1", "ec2", hex.EncodeToString(sum[:]), e.now)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return resp{w.Code, w.Body.String()}
}

func (r resp) all(elem string) []string {
	var out []string
	for _, m := range regexp.MustCompile("<"+elem+">([^<]*)</"+elem+">").FindAllStringSubmatch(r.body, -1) {
		out = append(out, m[1])
	}
	return out
}

func (e *env) wantError(r resp, status int, code string) {
	e.t.Helper()
	if r.status != status || !strings.Contains(r.body, "<Response><Errors><Error><Code>"+code+"</Code>") || !strings.Contains(r.body, "<RequestID>") {
		e.t.Fatalf("want %d %s, got %d %s", status, code, r.status, r.body)
	}
}

func TestDescribe(t *testing.T) {
	e := newEnv(t)
	r := e.call(akA, skA, "Action", "DescribeVpcEndpoints")
	if r.status != 200 || !strings.HasPrefix(r.body, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<DescribeVpcEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>`) {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if ids := r.all("vpcEndpointId"); len(ids) != 2 || ids[0] != ifaceID || ids[1] != gwID {
		t.Fatalf("ids %v", ids)
	}
	if got := r.all("serviceName"); got[0] != "com.amazonaws.us-east-1.s3" {
		t.Fatalf("service %v", got)
	}
	if got := r.all("policyDocument"); !strings.Contains(got[0], `&#34;Action&#34;:&#34;*&#34;`) || !strings.Contains(got[1], "s3:GetObject") {
		t.Fatalf("policies %v", got)
	}
	if !strings.Contains(r.body, "<dnsEntrySet><item><dnsName>127.0.10.1:9100</dnsName></item></dnsEntrySet>") || !strings.Contains(r.body, "<routeTableIdSet></routeTableIdSet>") {
		t.Fatalf("shape: %s", r.body)
	}
	cases := []struct {
		name string
		kv   []string
		want []string
	}{
		{"by id", []string{"VpcEndpointId.1", gwID}, []string{gwID}},
		{"filter type", []string{"Filter.1.Name", "vpc-endpoint-type", "Filter.1.Value.1", "Interface"}, []string{ifaceID}},
		{"filter wildcard", []string{"Filter.1.Name", "vpc-endpoint-id", "Filter.1.Value.1", "vpce-0f*"}, []string{gwID}},
		{"filters and", []string{"Filter.1.Name", "vpc-id", "Filter.1.Value.1", "vpc-0a1b2c3d", "Filter.2.Name", "vpc-endpoint-type", "Filter.2.Value.1", "Gateway"}, []string{gwID}},
		{"filter values or", []string{"Filter.1.Name", "vpc-endpoint-type", "Filter.1.Value.1", "Gateway", "Filter.1.Value.2", "Interface"}, []string{ifaceID, gwID}},
		{"filter no match", []string{"Filter.1.Name", "service-name", "Filter.1.Value.1", "com.amazonaws.us-east-1.dynamodb"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.call(akA, skA, append([]string{"Action", "DescribeVpcEndpoints"}, tc.kv...)...)
			if got := r.all("vpcEndpointId"); r.status != 200 || strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("%d %v", r.status, r.body)
			}
		})
	}
	// Another account's endpoint does not exist for this caller.
	e.wantError(e.call(akA, skA, "Action", "DescribeVpcEndpoints", "VpcEndpointId.1", otherID), 400, "InvalidVpcEndpointId.NotFound")
	e.wantError(e.call(akA, skA, "Action", "DescribeVpcEndpoints", "VpcEndpointId.1", "vpce-1"), 400, "InvalidVpcEndpointId.Malformed")
	e.wantError(e.call(akA, skA, "Action", "DescribeVpcEndpoints", "Filter.1.Name", "tag:x", "Filter.1.Value.1", "y"), 400, "InvalidParameterValue")
	e.wantError(e.call(akA, skA, "Action", "DescribeVpcEndpoints", "MaxResults", "2"), 400, "InvalidParameterValue")
	if ids := e.call(akB, skB, "Action", "DescribeVpcEndpoints").all("vpcEndpointId"); len(ids) != 1 || ids[0] != otherID {
		t.Fatalf("account B sees %v", ids)
	}
}

func TestDescribePages(t *testing.T) {
	e := newEnv(t)
	doc := `{"vpcs":[{"id":"vpc-0a1b2c3d","cidrs":["127.0.10.0/24"]}],"endpoints":[`
	for i := 0; i < 7; i++ {
		if i > 0 {
			doc += ","
		}
		doc += `{"id":"vpce-0000000000000000` + string(rune('0'+i)) + `","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Interface","listen":"127.0.10.1:91` + string(rune('0'+i)) + `0"}`
	}
	cfg, err := netcfg.Parse([]byte(doc + "]}"))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.eps.Apply(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	var seen []string
	token := ""
	for range 3 {
		kv := []string{"Action", "DescribeVpcEndpoints", "MaxResults", "5"}
		if token != "" {
			kv = append(kv, "NextToken", token)
		}
		r := e.call(akA, skA, kv...)
		seen = append(seen, r.all("vpcEndpointId")...)
		next := r.all("nextToken")
		if len(next) == 0 {
			break
		}
		token = next[0]
	}
	if len(seen) != 7 {
		t.Fatalf("paged: %v", seen)
	}
}

func TestModify(t *testing.T) {
	e := newEnv(t)
	pol := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::only/*"}]}`
	r := e.call(akA, skA, "Action", "ModifyVpcEndpoint", "VpcEndpointId", ifaceID, "PolicyDocument", pol)
	if r.status != 200 || !strings.Contains(r.body, "<return>true</return>") || !strings.Contains(r.body, `<ModifyVpcEndpointResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">`) {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if e.eps.Current().Policy(ifaceID) == nil {
		t.Fatal("policy not in force")
	}
	if got := e.eps.Current().Describe(acctA)[0].PolicyDoc; got != pol {
		t.Fatalf("stored %s", got)
	}
	e.wantError(e.call(akA, skA, "Action", "ModifyVpcEndpoint", "VpcEndpointId", ifaceID, "PolicyDocument", `{"Statement":[]}`), 400, "InvalidPolicyDocument")
	e.wantError(e.call(akA, skA, "Action", "ModifyVpcEndpoint", "VpcEndpointId", otherID, "PolicyDocument", pol), 400, "InvalidVpcEndpointId.NotFound")
	e.wantError(e.call(akA, skA, "Action", "ModifyVpcEndpoint", "VpcEndpointId", otherID), 400, "InvalidVpcEndpointId.NotFound")
	e.wantError(e.call(akA, skA, "Action", "ModifyVpcEndpoint", "VpcEndpointId", "nope"), 400, "InvalidVpcEndpointId.Malformed")
	e.wantError(e.call(akA, skA, "Action", "ModifyVpcEndpoint"), 400, "MissingParameter")
	e.wantError(e.call(akA, skA, "Action", "ModifyVpcEndpoint", "VpcEndpointId", ifaceID, "AddRouteTableId.1", "rtb-1"), 400, "UnsupportedOperation")
	e.wantError(e.call(akA, skA, "Action", "ModifyVpcEndpoint", "VpcEndpointId", ifaceID, "ResetPolicy", "true", "PolicyDocument", pol), 400, "InvalidParameterCombination")
	e.wantError(e.call(akA, skA, "Action", "ModifyVpcEndpoint", "VpcEndpointId", ifaceID, "ResetPolicy", "true", "DryRun", "true"), 412, "DryRunOperation")
	if e.eps.Current().Policy(ifaceID) == nil {
		t.Fatal("dry run changed the policy")
	}
	if r := e.call(akA, skA, "Action", "ModifyVpcEndpoint", "VpcEndpointId", ifaceID, "ResetPolicy", "true"); r.status != 200 {
		t.Fatalf("reset: %d %s", r.status, r.body)
	}
	if e.eps.Current().Policy(ifaceID) != nil {
		t.Fatal("reset kept the policy")
	}
}

func TestAuthAndAuthorization(t *testing.T) {
	e := newEnv(t)
	e.wantError(e.call("", "", "Action", "DescribeVpcEndpoints"), 401, "AuthFailure")
	e.wantError(e.call(akA, "wrong-secret-0123456789abcdefghijklmnopq", "Action", "DescribeVpcEndpoints"), 401, "AuthFailure")
	e.wantError(e.call("AKIAUNKNOWN000000000", skA, "Action", "DescribeVpcEndpoints"), 401, "AuthFailure")
	e.wantError(e.call(akA, skA, "Action", "DescribeInstances"), 400, "InvalidAction")
	// An IAM user without an identity policy is refused.
	ctx := context.Background()
	if _, err := e.iam.CreateUser(ctx, acctA, iam.UserInput{Name: "carol"}); err != nil {
		t.Fatal(err)
	}
	k, secret, err := e.iam.CreateAccessKey(ctx, acctA, "carol")
	if err != nil {
		t.Fatal(err)
	}
	r := e.call(k.ID, secret, "Action", "DescribeVpcEndpoints")
	e.wantError(r, 403, "UnauthorizedOperation")
	if !strings.Contains(r.body, "You are not authorized to perform this operation. User: arn:aws:iam::111111111111:user/carol is not authorized to perform: ec2:DescribeVpcEndpoints") {
		t.Fatalf("message: %s", r.body)
	}
	e.wantError(e.call(k.ID, secret, "Action", "ModifyVpcEndpoint", "VpcEndpointId", ifaceID, "ResetPolicy", "true"), 403, "UnauthorizedOperation")
	// Audit records: one per call, naming the decision.
	lines := strings.Split(strings.TrimSpace(e.audit.String()), "\n")
	if len(lines) != 6 || !strings.Contains(lines[4], `"decision":"Deny"`) || !strings.Contains(lines[4], `"eventSource":"ec2"`) {
		t.Fatalf("audit: %q", lines)
	}
}

func TestGlob(t *testing.T) {
	cases := []struct {
		pat, s string
		ok     bool
	}{
		{"", "", true}, {"*", "", true}, {"*", "abc", true}, {"a?c", "abc", true}, {"a?c", "ac", false},
		{"vpce-*", "vpce-01", true}, {"*01", "vpce-01", true}, {"*0*1*", "vpce-01", true}, {"x*", "vpce", false},
		{"a*b*c", "aXbYbZc", true}, {"a*b", "aXbYc", false}, {"abc", "abcd", false},
	}
	for _, tc := range cases {
		if glob(tc.pat, tc.s) != tc.ok {
			t.Errorf("glob(%q, %q) != %v", tc.pat, tc.s, tc.ok)
		}
	}
}
