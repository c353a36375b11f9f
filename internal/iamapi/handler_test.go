package iamapi

import (
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
	"github.com/coffer-s3/coffer/internal/authn"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/meta/embedded"
	"github.com/coffer-s3/coffer/internal/sigv4"
)

const (
	acct   = "111111111111"
	rootAK = "AKIAROOT0000000000001"
	rootSK = "root-secret-0123456789abcdefghijklmnopqr"
)

type env struct {
	t   *testing.T
	h   *Handler
	iam *iam.Service
	now time.Time
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
	if _, err := svc.EnsureAccount(context.Background(), iam.Account{ID: acct, Name: "a"}, rootAK, rootSK); err != nil {
		t.Fatal(err)
	}
	e.iam = svc
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.h = New(Options{IAM: svc, Authn: authn.New(authn.Options{IAM: svc, Region: "us-east-1", Now: now}),
		Access: access.New(access.Options{IAM: svc, Logger: log}), Logger: log, Now: now})
	return e
}

type resp struct {
	status int
	body   string
}

// call signs a form as the SDKs do and returns the response.
func (e *env) call(ak, sk string, form url.Values) resp {
	e.t.Helper()
	body := form.Encode()
	r := httptest.NewRequest("POST", "http://127.0.0.1:9000/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if ak != "" {
		sum := sha256.Sum256([]byte(body))
		sigv4.SignV4(r, ak, sk, "", "us-east-1", "iam", hex.EncodeToString(sum[:]), e.now)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return resp{w.Code, w.Body.String()}
}

func (e *env) root(action string, kv ...string) resp {
	e.t.Helper()
	return e.call(rootAK, rootSK, form(action, kv...))
}

func form(action string, kv ...string) url.Values {
	v := url.Values{"Action": {action}, "Version": {"2010-05-08"}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// text returns the first element's text.
func (r resp) text(elem string) string {
	m := regexp.MustCompile("<" + elem + ">([^<]*)</" + elem + ">").FindStringSubmatch(r.body)
	if m == nil {
		return ""
	}
	return m[1]
}

func (r resp) all(elem string) []string {
	var out []string
	for _, m := range regexp.MustCompile("<"+elem+">([^<]*)</"+elem+">").FindAllStringSubmatch(r.body, -1) {
		out = append(out, m[1])
	}
	return out
}

func (e *env) ok(r resp) resp {
	e.t.Helper()
	if r.status != 200 {
		e.t.Fatalf("status %d: %s", r.status, r.body)
	}
	return r
}

func (e *env) fail(r resp, status int, code string) {
	e.t.Helper()
	if r.status != status || r.text("Code") != code {
		e.t.Fatalf("want %d %s, got %d: %s", status, code, r.status, r.body)
	}
	if !strings.Contains(r.body, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>`) {
		e.t.Fatalf("error envelope: %s", r.body)
	}
}

func TestProtocol(t *testing.T) {
	e := newEnv(t)
	e.fail(e.call("", "", form("ListUsers")), 403, "MissingAuthenticationToken")
	e.fail(e.call(rootAK, "wrong-secret-0123456789abcdefghijklmn", form("ListUsers")), 403, "SignatureDoesNotMatch")
	e.fail(e.call("AKIAUNKNOWN000000000", rootSK, form("ListUsers")), 403, "InvalidClientTokenId")
	r := e.root("Frobnicate")
	e.fail(r, 400, "InvalidAction")
	if r.text("Message") != "Could not find operation Frobnicate for version 2010-05-08" {
		t.Error(r.text("Message"))
	}
	v := form("ListUsers")
	v.Set("Version", "2011-06-15")
	e.fail(e.call(rootAK, rootSK, v), 400, "InvalidAction")
	r = e.ok(e.root("ListUsers"))
	if !strings.HasPrefix(r.body, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult><Users></Users><IsTruncated>false</IsTruncated></ListUsersResult><ResponseMetadata><RequestId>`) {
		t.Error(r.body)
	}
	e.fail(e.root("CreateUser"), 400, "ValidationError")
}

func TestUsersAndPaging(t *testing.T) {
	e := newEnv(t)
	r := e.ok(e.root("CreateUser", "UserName", "alice", "Path", "/eng/", "Tags.member.1.Key", "team", "Tags.member.1.Value", "x"))
	if r.text("Arn") != "arn:aws:iam::111111111111:user/eng/alice" || !strings.HasPrefix(r.text("UserId"), "AIDA") || r.text("Key") != "team" {
		t.Fatal(r.body)
	}
	e.fail(e.root("CreateUser", "UserName", "ALICE"), 409, "EntityAlreadyExists")
	for _, n := range []string{"bob", "carol", "dave"} {
		e.ok(e.root("CreateUser", "UserName", n))
	}
	var names []string
	marker := ""
	for i := 0; i < 5; i++ {
		kv := []string{"MaxItems", "3"}
		if marker != "" {
			kv = append(kv, "Marker", marker)
		}
		r := e.ok(e.root("ListUsers", kv...))
		names = append(names, r.all("UserName")...)
		marker = r.text("Marker")
		if (marker != "") != (r.text("IsTruncated") == "true") {
			t.Fatal(r.body)
		}
		if marker == "" {
			break
		}
	}
	if strings.Join(names, ",") != "alice,bob,carol,dave" {
		t.Fatal(names)
	}
	e.fail(e.root("ListUsers", "MaxItems", "0"), 400, "ValidationError")
	r = e.ok(e.root("GetUser"))
	if r.text("Arn") != "arn:aws:iam::111111111111:root" || r.text("UserId") != acct {
		t.Fatal(r.body)
	}
	r = e.root("GetUser", "UserName", "nobody")
	e.fail(r, 404, "NoSuchEntity")
	if r.text("Message") != "The user with name nobody cannot be found." {
		t.Error(r.body)
	}
}

func TestUserCallsNeedPolicies(t *testing.T) {
	e := newEnv(t)
	e.ok(e.root("CreateUser", "UserName", "dev"))
	r := e.ok(e.root("CreateAccessKey", "UserName", "dev"))
	ak, sk := r.text("AccessKeyId"), r.text("SecretAccessKey")
	if len(ak) != 20 || len(sk) != 40 || r.text("Status") != "Active" {
		t.Fatal(r.body)
	}
	r = e.call(ak, sk, form("ListUsers"))
	e.fail(r, 403, "AccessDenied")
	if !strings.Contains(r.text("Message"), "User: arn:aws:iam::111111111111:user/dev is not authorized to perform: iam:ListUsers") {
		t.Error(r.body)
	}
	e.ok(e.root("PutUserPolicy", "UserName", "dev", "PolicyName", "self",
		"PolicyDocument", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:*AccessKey*","iam:GetUser"],"Resource":"*"}]}`))
	e.ok(e.call(ak, sk, form("ListUsers")))
	// An IAM user's calls without UserName act on itself.
	r = e.ok(e.call(ak, sk, form("GetUser")))
	if r.text("UserName") != "dev" {
		t.Fatal(r.body)
	}
	r = e.ok(e.call(ak, sk, form("ListAccessKeys")))
	if r.text("AccessKeyId") != ak || r.text("UserName") != "dev" {
		t.Fatal(r.body)
	}
	e.ok(e.call(ak, sk, form("CreateAccessKey")))
	e.fail(e.call(ak, sk, form("CreateAccessKey")), 409, "LimitExceeded")
	e.fail(e.call(ak, sk, form("CreateUser", "UserName", "x")), 403, "AccessDenied")
	// A deactivated key stops working.
	e.ok(e.root("UpdateAccessKey", "UserName", "dev", "AccessKeyId", ak, "Status", "Inactive"))
	e.fail(e.call(ak, sk, form("ListUsers")), 403, "InvalidClientTokenId")
	// The key's last (successful) use is recorded by authentication.
	r = e.ok(e.root("GetAccessKeyLastUsed", "AccessKeyId", ak))
	if r.text("UserName") != "dev" || r.text("ServiceName") != "iam" || r.text("Region") != "us-east-1" {
		t.Fatal(r.body)
	}
}

func TestPoliciesXML(t *testing.T) {
	e := newEnv(t)
	doc := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`
	r := e.ok(e.root("CreatePolicy", "PolicyName", "read", "PolicyDocument", doc, "Description", "d"))
	a := r.text("Arn")
	if a != "arn:aws:iam::111111111111:policy/read" || r.text("DefaultVersionId") != "v1" || r.text("IsAttachable") != "true" {
		t.Fatal(r.body)
	}
	r = e.ok(e.root("GetPolicyVersion", "PolicyArn", a, "VersionId", "v1"))
	if got, _ := url.PathUnescape(r.text("Document")); got != doc {
		t.Fatalf("document %q", r.text("Document"))
	}
	e.ok(e.root("CreatePolicyVersion", "PolicyArn", a, "PolicyDocument", doc, "SetAsDefault", "true"))
	r = e.ok(e.root("ListPolicyVersions", "PolicyArn", a))
	if strings.Join(r.all("VersionId"), ",") != "v2,v1" || strings.Join(r.all("IsDefaultVersion"), ",") != "true,false" {
		t.Fatal(r.body)
	}
	r = e.ok(e.root("ListPolicies", "Scope", "AWS"))
	if strings.Join(r.all("PolicyName"), ",") != "AmazonS3FullAccess,AmazonS3ReadOnlyAccess" {
		t.Fatal(r.body)
	}
	e.fail(e.root("DeletePolicy", "PolicyArn", "arn:aws:iam::aws:policy/AmazonS3FullAccess"), 403, "AccessDenied")
	e.ok(e.root("GetPolicy", "PolicyArn", "arn:aws:iam::aws:policy/AmazonS3FullAccess"))
	e.ok(e.root("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}`))
	e.ok(e.root("AttachRolePolicy", "RoleName", "r", "PolicyArn", a))
	e.ok(e.root("PutRolePermissionsBoundary", "RoleName", "r", "PermissionsBoundary", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"))
	r = e.ok(e.root("GetRole", "RoleName", "r"))
	if r.text("PermissionsBoundaryArn") != "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" || r.text("MaxSessionDuration") != "3600" {
		t.Fatal(r.body)
	}
	r = e.ok(e.root("ListEntitiesForPolicy", "PolicyArn", a))
	if r.text("RoleName") != "r" || !strings.Contains(r.body, "<PolicyUsers></PolicyUsers>") {
		t.Fatal(r.body)
	}
	r = e.ok(e.root("GetAccountAuthorizationDetails"))
	if r.text("RoleName") != "r" || !strings.Contains(r.body, "<PolicyName>AmazonS3ReadOnlyAccess</PolicyName>") || strings.Contains(r.body, "AmazonS3FullAccess") {
		t.Fatal(r.body)
	}
	r = e.ok(e.root("GetAccountAuthorizationDetails", "Filter.member.1", "Role", "MaxItems", "1"))
	if r.text("IsTruncated") != "false" || len(r.all("RoleName")) != 1 || strings.Contains(r.body, "<PolicyName>read</PolicyName><PolicyId>") {
		t.Fatal(r.body)
	}
}

func TestSimulator(t *testing.T) {
	e := newEnv(t)
	e.ok(e.root("CreateUser", "UserName", "u"))
	doc := "{\n \"Version\": \"2012-10-17\",\n \"Statement\": [\n  {\"Sid\": \"Read\", \"Effect\": \"Allow\", \"Action\": \"s3:Get*\", \"Resource\": \"*\",\n   \"Condition\": {\"StringEquals\": {\"s3:prefix\": \"home/\"}}},\n  {\"Effect\": \"Deny\", \"Action\": \"s3:DeleteObject\", \"Resource\": \"*\"}\n ]\n}"
	e.ok(e.root("PutUserPolicy", "UserName", "u", "PolicyName", "p", "PolicyDocument", doc))
	v := form("SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::111111111111:user/u",
		"ActionNames.member.1", "s3:GetObject", "ActionNames.member.2", "s3:DeleteObject", "ActionNames.member.3", "s3:PutObject",
		"ResourceArns.member.1", "arn:aws:s3:::b/k",
		"ContextEntries.member.1.ContextKeyName", "s3:prefix", "ContextEntries.member.1.ContextKeyType", "string",
		"ContextEntries.member.1.ContextKeyValues.member.1", "home/")
	r := e.ok(e.call(rootAK, rootSK, v))
	if got := strings.Join(r.all("EvalDecision"), ","); got != "allowed,explicitDeny,implicitDeny" {
		t.Fatal(got, r.body)
	}
	if strings.Join(r.all("SourcePolicyId"), ",") != "p,p" || r.text("SourcePolicyType") != "user" {
		t.Fatal(r.body)
	}
	if !strings.Contains(r.body, "<StartPosition><Line>4</Line><Column>3</Column></StartPosition><EndPosition><Line>5</Line><Column>58</Column></EndPosition>") {
		t.Fatal(r.body)
	}
	// Without the context key the Allow does not apply and the key is missing.
	for _, k := range []string{"ContextKeyName", "ContextKeyType", "ContextKeyValues.member.1"} {
		v.Del("ContextEntries.member.1." + k)
	}
	r = e.ok(e.call(rootAK, rootSK, v))
	if r.text("EvalDecision") != "implicitDeny" || r.text("MissingContextValues") != "" || !strings.Contains(r.body, "<MissingContextValues><member>s3:prefix</member></MissingContextValues>") {
		t.Fatal(r.body)
	}
	r = e.ok(e.root("SimulateCustomPolicy", "PolicyInputList.member.1", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}}`,
		"ActionNames.member.1", "s3:PutObject", "ResourceArns.member.1", "arn:aws:s3:::b/x", "ResourceArns.member.2", "arn:aws:s3:::c/x"))
	if strings.Join(r.all("EvalDecision"), ",") != "allowed,implicitDeny" || r.text("SourcePolicyId") != "PolicyInputList.1" {
		t.Fatal(r.body)
	}
	e.fail(e.root("SimulateCustomPolicy", "PolicyInputList.member.1", `{"Version":"2012-10-17"}`, "ActionNames.member.1", "s3:PutObject"), 400, "MalformedPolicyDocument")
	e.fail(e.root("SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::111111111111:user/ghost", "ActionNames.member.1", "s3:GetObject"), 404, "NoSuchEntity")
}
