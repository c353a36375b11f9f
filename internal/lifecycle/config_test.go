package lifecycle

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
)

func doc(rules ...string) []byte {
	return []byte(`<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` + strings.Join(rules, "") + `</LifecycleConfiguration>`)
}

func rule(parts ...string) string { return "<Rule>" + strings.Join(parts, "") + "</Rule>" }

func el(name string, inner ...string) string {
	return "<" + name + ">" + strings.Join(inner, "") + "</" + name + ">"
}

var (
	enabled = el("Status", "Enabled")
	expire7 = el("Expiration", el("Days", "7"))
	all     = el("Filter")
)

func errOf(err error) string {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return ae.Code + ": " + ae.Message
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

func TestParseErrors(t *testing.T) {
	many := make([]string, MaxRules+1)
	for i := range many {
		many[i] = rule(all, enabled, expire7)
	}
	cases := []struct {
		name string
		doc  []byte
		want string
	}{
		{"no rules", doc(), "MalformedXML"},
		{"not XML", []byte("<Lifecycle"), "MalformedXML"},
		{"wrong root", []byte("<CORSConfiguration/>"), "MalformedXML"},
		{"too many rules", doc(many...), "InvalidRequest: The number of lifecycle rules must not exceed the allowed limit of 1000 rules."},
		{"long ID", doc(rule(el("ID", strings.Repeat("i", 256)), all, enabled, expire7)), "InvalidArgument: ID length should not exceed allowed limit of 255"},
		{"duplicate ID", doc(rule(el("ID", "a"), all, enabled, expire7), rule(el("ID", "a"), all, enabled, expire7)), "InvalidArgument: Rule ID must be unique. Found same ID for more than one rule"},
		{"bad status", doc(rule(all, el("Status", "On"), expire7)), "MalformedXML"},
		{"no status", doc(rule(all, expire7)), "MalformedXML"},
		{"no action", doc(rule(all, enabled)), "InvalidRequest: At least one action needs to be specified in a rule"},
		{"zero days", doc(rule(all, enabled, el("Expiration", el("Days", "0")))), "InvalidArgument: 'Days' for Expiration action must be a positive integer"},
		{"days not a number", doc(rule(all, enabled, el("Expiration", el("Days", "x")))), "MalformedXML"},
		{"date not midnight", doc(rule(all, enabled, el("Expiration", el("Date", "2030-01-01T10:00:00Z")))), "InvalidArgument: 'Date' must be at midnight GMT"},
		{"bad date", doc(rule(all, enabled, el("Expiration", el("Date", "tomorrow")))), "InvalidArgument: Invalid date provided"},
		{"days and date", doc(rule(all, enabled, el("Expiration", el("Days", "1"), el("Date", "2030-01-01T00:00:00Z")))), "MalformedXML"},
		{"marker with days", doc(rule(all, enabled, el("Expiration", el("Days", "1"), el("ExpiredObjectDeleteMarker", "true")))), "MalformedXML"},
		{"empty expiration", doc(rule(all, enabled, el("Expiration"))), "MalformedXML"},
		{"two filter parts", doc(rule(el("Filter", el("Prefix", "a"), el("ObjectSizeLessThan", "5")), enabled, expire7)), "MalformedXML"},
		{"and with one part", doc(rule(el("Filter", el("And", el("Prefix", "a"))), enabled, expire7)), "MalformedXML"},
		{"duplicate tag keys", doc(rule(el("Filter", el("And", el("Tag", el("Key", "k"), el("Value", "1")), el("Tag", el("Key", "k"), el("Value", "2")))), enabled, expire7)), "InvalidRequest: Duplicate Tag Keys are not allowed."},
		{"size bounds crossed", doc(rule(el("Filter", el("And", el("ObjectSizeGreaterThan", "10"), el("ObjectSizeLessThan", "10"))), enabled, expire7)), "InvalidRequest: 'ObjectSizeLessThan' has to be a value greater than 'ObjectSizeGreaterThan'."},
		{"prefix and filter", doc(rule(el("Prefix", "a"), all, enabled, expire7)), "MalformedXML"},
		{"abort with tag", doc(rule(el("Filter", el("Tag", el("Key", "k"), el("Value", "v"))), enabled, el("AbortIncompleteMultipartUpload", el("DaysAfterInitiation", "1")))), "InvalidRequest: AbortIncompleteMultipartUpload cannot be specified with Tags."},
		{"abort zero", doc(rule(all, enabled, el("AbortIncompleteMultipartUpload", el("DaysAfterInitiation", "0")))), "InvalidArgument: 'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer"},
		{"noncurrent zero", doc(rule(all, enabled, el("NoncurrentVersionExpiration", el("NoncurrentDays", "0")))), "InvalidArgument: 'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer"},
		{"newer out of range", doc(rule(all, enabled, el("NoncurrentVersionExpiration", el("NoncurrentDays", "1"), el("NewerNoncurrentVersions", "101")))), "InvalidArgument: NewerNoncurrentVersions must be between 1 and 100"},
		{"no filter", doc(rule(enabled, expire7)), "MalformedXML"},
		{"V1 and V2 mixed", doc(rule(el("Prefix", "a"), enabled, expire7), rule(all, enabled, expire7)), "InvalidRequest: Filter element can only be used in Lifecycle V2."},
		{"abort with size", doc(rule(el("Filter", el("ObjectSizeLessThan", "5")), enabled, el("AbortIncompleteMultipartUpload", el("DaysAfterInitiation", "1")))), "InvalidRequest: AbortIncompleteMultipartUpload cannot be specified with Object Size."},
		{"marker with tag", doc(rule(el("Filter", el("Tag", el("Key", "k"), el("Value", "v"))), enabled, el("Expiration", el("ExpiredObjectDeleteMarker", "true")))), "InvalidRequest: ExpiredObjectDeleteMarker cannot be specified with Tags."},
		{"transition", doc(rule(all, enabled, el("Transition", el("Days", "30"), el("StorageClass", "GLACIER")))), "NotImplemented: Lifecycle transitions are not supported: Coffer has one storage class"},
	}
	for _, tc := range cases {
		_, err := Parse(tc.doc)
		if got := errOf(err); got != tc.want && !(tc.want == "MalformedXML" && strings.HasPrefix(got, "MalformedXML")) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// What Parse accepts, Marshal renders as put, and it parses again to the
// same rules.
func TestRoundTrip(t *testing.T) {
	docs := [][]byte{
		doc(rule(el("ID", "tmp"), el("Filter", el("Prefix", "tmp/")), enabled, expire7)),
		doc(rule(el("ID", "legacy"), el("Prefix", "logs/"), el("Status", "Disabled"), el("Expiration", el("Date", "2030-01-01T00:00:00.000Z")))),
		doc(rule(all, enabled, el("Expiration", el("ExpiredObjectDeleteMarker", "true")),
			el("NoncurrentVersionExpiration", el("NoncurrentDays", "30"), el("NewerNoncurrentVersions", "3")),
			el("AbortIncompleteMultipartUpload", el("DaysAfterInitiation", "2")))),
		doc(rule(el("ID", "and"), el("Filter", el("And", el("Prefix", "p/"), el("Tag", el("Key", "k"), el("Value", "v")),
			el("ObjectSizeGreaterThan", "100"), el("ObjectSizeLessThan", "1000"))), enabled, expire7),
			rule(el("Filter", el("Tag", el("Key", "a"), el("Value", ""))), enabled, expire7),
			rule(el("Filter", el("ObjectSizeLessThan", "5")), enabled, expire7)),
	}
	for _, d := range docs {
		c, err := Parse(d)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		out := c.Marshal()
		c2, err := Parse(out)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", out, err)
		}
		if again := c2.Marshal(); !bytes.Equal(again, out) {
			t.Fatalf("not stable:\n%s\n%s", out, again)
		}
		if len(c2.Rules) != len(c.Rules) {
			t.Fatalf("rules lost: %s", out)
		}
	}
	c, _ := Parse(docs[1])
	if got := string(c.Marshal()); !strings.Contains(got, "<Prefix>logs/</Prefix><Status>Disabled</Status>") || !strings.Contains(got, "<Date>2030-01-01T00:00:00.000Z</Date>") {
		t.Fatalf("legacy rule rendered as %s", got)
	}
}
