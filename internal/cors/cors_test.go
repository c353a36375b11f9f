package cors

import (
	"errors"
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
)

func doc(rules ...string) []byte {
	return []byte(`<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` + strings.Join(rules, "") + `</CORSConfiguration>`)
}

func rule(parts ...string) string { return "<CORSRule>" + strings.Join(parts, "") + "</CORSRule>" }

func el(name, v string) string { return "<" + name + ">" + v + "</" + name + ">" }

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
	ok := el("AllowedMethod", "GET") + el("AllowedOrigin", "*")
	many := make([]string, MaxRules+1)
	for i := range many {
		many[i] = rule(ok)
	}
	cases := []struct {
		doc  []byte
		want string
	}{
		{doc(), "MalformedXML"},
		{[]byte("<CORSConfiguration>"), "MalformedXML"},
		{[]byte("<Other>" + rule(ok) + "</Other>"), "MalformedXML"},
		{doc(many...), "MalformedXML"},
		{doc(rule(el("AllowedMethod", "GET"))), "MalformedXML"},
		{doc(rule(el("AllowedOrigin", "*"))), "MalformedXML"},
		{doc(rule(ok, el("MaxAgeSeconds", "x"))), "MalformedXML"},
		{doc(rule(ok, el("MaxAgeSeconds", "1"), el("MaxAgeSeconds", "2"))), "MalformedXML"},
		{doc(rule(el("AllowedMethod", "PATCH"), el("AllowedOrigin", "*"))), "InvalidRequest: Found unsupported HTTP method in CORS config. Unsupported method is PATCH"},
		{doc(rule(el("AllowedMethod", "get"), el("AllowedOrigin", "*"))), "InvalidRequest: Found unsupported HTTP method in CORS config. Unsupported method is get"},
		{doc(rule(el("AllowedMethod", "GET"), el("AllowedOrigin", "*example*.com"))), `InvalidRequest: AllowedOrigin "*example*.com" can not have more than one wildcard.`},
		{doc(rule(ok, el("AllowedHeader", "x-*-*"))), `InvalidRequest: AllowedHeader "x-*-*" can not have more than one wildcard.`},
		{doc(rule(ok, el("ExposeHeader", "*"))), `InvalidRequest: ExposeHeader "*" contains wildcard. We currently do not support wildcard for ExposeHeader.`},
		{doc(rule(ok, el("ID", strings.Repeat("i", 256)))), "InvalidArgument: ID length should not exceed allowed limit of 255"},
	}
	for _, c := range cases {
		_, err := Parse(c.doc)
		if got := errOf(err); !strings.HasPrefix(got, c.want) {
			t.Errorf("%.80s: %s, want %s", c.doc, got, c.want)
		}
	}
}

func TestParseAndMarshal(t *testing.T) {
	in := []byte(`<CORSConfiguration><CORSRule><AllowedOrigin>https://a.example</AllowedOrigin><AllowedOrigin>http://*.b.example</AllowedOrigin>` +
		`<AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>X-Amz-*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>` +
		`<MaxAgeSeconds>3000</MaxAgeSeconds><ID>r1</ID></CORSRule><CORSRule><AllowedOrigin></AllowedOrigin><AllowedMethod>HEAD</AllowedMethod></CORSRule></CORSConfiguration>`)
	c, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	r := c.Rules[0]
	if r.ID != "r1" || r.MaxAgeSeconds != 3000 || strings.Join(r.AllowedMethods, ",") != "PUT,GET" || len(r.AllowedOrigins) != 2 {
		t.Fatalf("%+v", r)
	}
	if c.Rules[1].MaxAgeSeconds != -1 || c.Rules[1].AllowedOrigins[0] != "" {
		t.Fatalf("%+v", c.Rules[1])
	}
	out := c.Marshal()
	if !strings.Contains(string(out), `xmlns="http://s3.amazonaws.com/doc/2006-03-01/"`) || !strings.Contains(string(out), "<MaxAgeSeconds>3000</MaxAgeSeconds>") {
		t.Fatalf("%s", out)
	}
	c2, err := Parse(out)
	if err != nil || len(c2.Rules) != 2 || c2.Rules[0].ID != "r1" || c2.Rules[1].MaxAgeSeconds != -1 {
		t.Fatalf("round trip: %+v %v", c2, err)
	}
}

func TestMatch(t *testing.T) {
	c, err := Parse(doc(
		rule(el("AllowedMethod", "GET"), el("AllowedOrigin", "*suffix"), el("AllowedOrigin", "start*end")),
		rule(el("AllowedMethod", "PUT"), el("AllowedMethod", "GET"), el("AllowedOrigin", "https://app.example"), el("AllowedHeader", "content-type"), el("AllowedHeader", "X-Amz-*"), el("MaxAgeSeconds", "30")),
		rule(el("AllowedMethod", "POST"), el("AllowedOrigin", "*"), el("ExposeHeader", "ETag"), el("ExposeHeader", "x-amz-version-id")),
	))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		origin, method, headers string
		rule                    int // -1: none
	}{
		{"foo.suffix", "GET", "", 0},
		{"suffix", "GET", "", 0},
		{"startend", "GET", "", 0},
		{"start12end", "GET", "", 0},
		{"0start12end", "GET", "", -1},
		{"foo.suffix.get", "GET", "", -1},
		{"https://app.example", "PUT", "Content-Type, x-amz-meta-a", 1},
		{"https://app.example", "PUT", "content-type,authorization", -1},
		{"https://app.example/", "PUT", "", -1},
		{"http://app.example", "PUT", "", -1},
		{"https://app.example", "DELETE", "", -1},
		{"http://anything", "POST", "", 2},
		{"http://anything", "POST", "x-custom", -1},
	}
	for _, cs := range cases {
		r := c.Match(cs.origin, cs.method, ParseRequestHeaders(cs.headers))
		got := -1
		for i := range c.Rules {
			if r == &c.Rules[i] {
				got = i
			}
		}
		if got != cs.rule {
			t.Errorf("%s %s [%s]: rule %d, want %d", cs.origin, cs.method, cs.headers, got, cs.rule)
		}
	}
}

func TestHeaders(t *testing.T) {
	c, _ := Parse(doc(
		rule(el("AllowedMethod", "GET"), el("AllowedMethod", "PUT"), el("AllowedOrigin", "https://a"), el("MaxAgeSeconds", "3000"), el("AllowedHeader", "*")),
		rule(el("AllowedMethod", "GET"), el("AllowedOrigin", "*"), el("ExposeHeader", "ETag"), el("ExposeHeader", "x-amz-id-2")),
	))
	got := c.Rules[0].Headers("https://a", []string{"x-amz-date", "content-type"})
	want := []Header{{"Access-Control-Allow-Origin", "https://a"}, {"Access-Control-Allow-Credentials", "true"},
		{"Access-Control-Allow-Methods", "GET, PUT"}, {"Access-Control-Allow-Headers", "x-amz-date, content-type"},
		{"Access-Control-Max-Age", "3000"}, {"Vary", Vary}}
	if !equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	got = c.Rules[1].Headers("http://x", nil)
	want = []Header{{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Methods", "GET"},
		{"Access-Control-Expose-Headers", "ETag, x-amz-id-2"}, {"Vary", Vary}}
	if !equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

func equal(a, b []Header) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FuzzParse: any document is accepted or refused with an S3 error, never a
// panic; an accepted one survives Marshal and matching.
func FuzzParse(f *testing.F) {
	f.Add(doc(rule(el("AllowedMethod", "GET"), el("AllowedOrigin", "http://*.a"), el("AllowedHeader", "*"), el("MaxAgeSeconds", "5"))))
	f.Add(doc(rule(el("AllowedMethod", "PUT"), el("AllowedOrigin", "*"), el("ExposeHeader", "ETag"), el("ID", "x"))))
	f.Add([]byte(`<CORSConfiguration><CORSRule/></CORSConfiguration>`))
	f.Add([]byte(`<!DOCTYPE x><CORSConfiguration/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			var ae *apierr.Error
			if !errors.As(err, &ae) {
				t.Fatalf("non-S3 error %v", err)
			}
			return
		}
		c2, err := Parse(c.Marshal())
		if err != nil || len(c2.Rules) != len(c.Rules) {
			t.Fatalf("marshalled config does not parse back: %v", err)
		}
		for _, r := range c.Rules {
			for _, o := range r.AllowedOrigins {
				if c.Match(strings.ReplaceAll(o, "*", "x"), r.AllowedMethods[0], nil) == nil {
					t.Fatalf("origin %q does not match its own rule", o)
				}
			}
		}
	})
}
