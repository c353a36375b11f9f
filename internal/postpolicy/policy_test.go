package postpolicy

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

const exp = `"expiration": "2030-01-01T00:00:00.000Z"`

func TestParseErrors(t *testing.T) {
	cases := []struct{ doc, msg string }{
		{`not json`, "Invalid Policy: Invalid JSON."},
		{`[]`, "Invalid Policy: Invalid JSON."},
		{`{` + exp + `, "conditions": []} trailing`, "Invalid Policy: Invalid JSON."},
		{`{"conditions": []}`, "Invalid Policy: Policy missing expiration."},
		{`{` + exp + `}`, "Invalid Policy: Policy missing conditions."},
		{`{"EXPIRATION": "2030-01-01T00:00:00Z", "conditions": []}`, "Invalid Policy: Unexpected: 'expiration'"},
		{`{"Version": "x", "Statement": []}`, "Invalid Policy: Unexpected: 'version'"},
		{`{"expiration": "2030-01-01 00:00:00", "conditions": []}`, "Invalid Policy: Invalid 'expiration' value: '2030-01-01 00:00:00'"},
		{`{"expiration": "2011-09-13T07:52:58+02:00", "conditions": []}`, "Invalid Policy: Invalid 'expiration' value: '2011-09-13T07:52:58+02:00'"},
		{`{"expiration": 5, "conditions": []}`, "Invalid Policy: Invalid 'expiration' value: '5'"},
		{`{` + exp + `, "conditions": {}}`, "Invalid Policy: Invalid 'conditions' value: must be a List."},
		{`{` + exp + `, "conditions": null}`, "Invalid Policy: Invalid 'conditions' value: must be a List."},
		{`{` + exp + `, "conditions": [{}]}`, "Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified."},
		{`{` + exp + `, "conditions": [{"a": "1", "b": "2"}]}`, "Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified."},
		{`{` + exp + `, "conditions": [{"Content-Length": 6199034}]}`, "Invalid Policy: Invalid Simple-Condition: value must be a string."},
		{`{` + exp + `, "conditions": [{"success_action_redirect": null}]}`, "Invalid Policy: Invalid JSON."},
		{`{` + exp + `, "conditions": [[]]}`, "Invalid Policy: Invalid Condition: missing operation identifier."},
		{`{` + exp + `, "conditions": [["ends-with", "$key", "x"]]}`, "Invalid Policy: Invalid Condition: unknown operation 'ends-with'."},
		{`{` + exp + `, "conditions": [["eq", "$key"]]}`, "Invalid Policy: Invalid eq: wrong number of arguments."},
		{`{` + exp + `, "conditions": [["content-length-range", 0]]}`, "Invalid Policy: Invalid content-length-range: wrong number of arguments."},
		{`{` + exp + `, "conditions": [["content-length-range", -1, 0]]}`, "Invalid Policy: Invalid content-length-range: negative value."},
		{`{` + exp + `, "conditions": [["content-length-range", 0, 512.0]]}`, "Invalid Policy: Invalid JSON."},
		{`{` + exp + `, "conditions": [5]}`, "Invalid Policy: Invalid condition test: must be a List or Object."},
		{`{` + exp + `, "conditions": [["eq", "$key", 5]]}`, "Invalid Policy: Invalid JSON."},
	}
	for _, c := range cases {
		_, err := Parse(b64(c.doc))
		var ae *apierr.Error
		if !errors.As(err, &ae) || ae.Code != "InvalidPolicyDocument" || ae.Message != c.msg {
			t.Errorf("%s:\n got %v\nwant InvalidPolicyDocument %q", c.doc, err, c.msg)
		}
	}
	if _, err := Parse("!!!"); err == nil || !strings.Contains(err.Error(), "Base64") {
		t.Errorf("bad base64: %v", err)
	}
}

func TestParse(t *testing.T) {
	doc := `{ "expiration": "2015-12-30T12:00:00.000Z",
	  "conditions": [
	    {"bucket": "b"},
	    ["starts-with", "$key", "user/\$x\v"],
	    ["StArTs-WiTh", "$CoNtEnT-TyPe", "image/"],
	    ["EQ", "$acl", "private"],
	    ["content-length-range", "5", 10],
	    ["eq", "success_action_status", "201"]
	  ]}`
	p, err := Parse(b64(doc))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Expiration.Equal(time.Date(2015, 12, 30, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("expiration %v", p.Expiration)
	}
	want := []Condition{
		{Op: OpEq, Name: "bucket", Field: "$bucket", Value: "b"},
		{Op: OpStartsWith, Name: "key", Field: "$key", Value: "user/$x\v"},
		{Op: OpStartsWith, Name: "content-type", Field: "$CoNtEnT-TyPe", Value: "image/"},
		{Op: OpEq, Name: "acl", Field: "$acl", Value: "private"},
		{Op: OpRange, Field: "content-length-range", Min: 5, Max: 10, Args: [2]string{`"5"`, "10"}, Numeric: true},
		{Op: OpEq, Name: "", Field: "success_action_status", Value: "201"},
	}
	if len(p.Conditions) != len(want) {
		t.Fatalf("%d conditions, want %d", len(p.Conditions), len(want))
	}
	for i := range want {
		if p.Conditions[i] != want[i] {
			t.Errorf("condition %d: %+v, want %+v", i, p.Conditions[i], want[i])
		}
	}
	// No fraction, as botocore writes it; "\\$" stays a backslash.
	p, err = Parse(b64(`{"expiration": "2030-01-01T00:00:00Z", "conditions": [["starts-with", "$key", "\\$foo"]]}`))
	if err != nil || p.Conditions[0].Value != `\$foo` {
		t.Fatalf("%+v %v", p, err)
	}
}

func TestConditionString(t *testing.T) {
	cases := []struct {
		c    Condition
		want string
	}{
		{Condition{Op: OpEq, Field: "$key", Value: "a"}, `["eq", "$key", "a"]`},
		{Condition{Op: OpStartsWith, Field: "$Content-Disposition", Value: `filename="t.png"`}, `["starts-with", "$Content-Disposition", "filename=\"t.png\""]`},
		{Condition{Op: OpRange, Args: [2]string{`"test"`, `"10"`}}, `["content-length-range", "test", "10"]`},
	}
	for _, c := range cases {
		if got := c.c.String(); got != c.want {
			t.Errorf("got %s, want %s", got, c.want)
		}
	}
}
