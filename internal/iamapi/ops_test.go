package iamapi

import (
	"sort"
	"strings"
	"testing"
)

// Every action must declare its IAM action, resource and handler: the
// handler authorizes with them before running anything.
func TestEveryActionHasActionAndResource(t *testing.T) {
	ops := operations()
	if len(ops) < 70 {
		t.Fatalf("only %d actions", len(ops))
	}
	names := make([]string, 0, len(ops))
	for name := range ops {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		o := ops[name]
		if o.action != "iam:"+name || o.resource == nil || o.run == nil {
			t.Errorf("%s: action %q resource %v run %v", name, o.action, o.resource != nil, o.run != nil)
		}
	}
	for _, want := range []string{"CreateUser", "PutRolePolicy", "ListAttachedGroupPolicies", "SimulatePrincipalPolicy",
		"GetAccountAuthorizationDetails", "DeleteRolePermissionsBoundary", "GetAccessKeyLastUsed", "ListEntitiesForPolicy"} {
		if _, ok := ops[want]; !ok {
			t.Errorf("missing %s", want)
		}
	}
	for name := range ops {
		if strings.ContainsAny(name, " :") {
			t.Errorf("bad action name %q", name)
		}
	}
}

func TestEncodeDoc(t *testing.T) {
	in := `{"Version": "2012-10-17", "Statement": [{"Effect":"Allow"}]}` + "\né~"
	want := "%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%5B%7B%22Effect%22%3A%22Allow%22%7D%5D%7D%0A%C3%A9~"
	if got := encodeDoc(in); got != want {
		t.Errorf("got %s", got)
	}
}

func TestStatementSpans(t *testing.T) {
	doc := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n    {\n      \"Effect\": \"Deny\",\n      \"Action\": \"s3:DeleteObject\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"
	spans := statementSpans([]byte(doc))
	want := []span{{positionXML{4, 5}, positionXML{4, 59}}, {positionXML{5, 5}, positionXML{9, 6}}}
	if len(spans) != 2 || spans[0] != want[0] || spans[1] != want[1] {
		t.Fatalf("spans %+v", spans)
	}
	one := statementSpans([]byte(`{"Statement":{"Effect":"Allow"},"Version":"2012-10-17"}`))
	if len(one) != 1 || one[0].start != (positionXML{1, 14}) || one[0].end != (positionXML{1, 32}) {
		t.Fatalf("object statement %+v", one)
	}
	for _, bad := range []string{"", "[]", `{"Statement":`, `{"Statement":[{]}`} {
		_ = statementSpans([]byte(bad))
	}
}

func TestConditionKeys(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[
	  {"Effect":"Allow","Action":"s3:Get*","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"a","aws:username":"b"}}},
	  {"Effect":"Allow","NotAction":"s3:Get*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},
	  {"Effect":"Allow","Action":["iam:*"],"Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`
	if got := conditionKeys([]byte(doc), "s3:GetObject"); strings.Join(got, ",") != "aws:username,s3:prefix" {
		t.Errorf("GetObject: %v", got)
	}
	if got := conditionKeys([]byte(doc), "s3:PutObject"); strings.Join(got, ",") != "aws:SecureTransport" {
		t.Errorf("PutObject: %v", got)
	}
	for p, s := range map[string]string{"s3:*": "s3:getobject", "s3:get?bject": "s3:getobject", "*": "x", "a*b*c": "aXbYc"} {
		if !glob(p, s) {
			t.Errorf("glob(%q, %q) false", p, s)
		}
	}
	if glob("s3:get", "s3:getobject") || glob("a*b", "ac") {
		t.Error("glob too lenient")
	}
}
