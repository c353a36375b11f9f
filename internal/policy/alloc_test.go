package policy

import "testing"

const benchDoc = `{"Version":"2012-10-17","Statement":[
 {"Sid":"Home","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/home/${aws:username}/*",
  "Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"Bool":{"aws:SecureTransport":"true"},
   "StringLike":{"s3:prefix":["home/${aws:username}/*"]},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}},
 {"Sid":"Tags","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["secret"]},
   "StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"${aws:ResourceTag/team}"}}},
 {"Sid":"List","Effect":"Allow","NotAction":"s3:Delete*","NotResource":"arn:aws:s3:::private*"}]}`

func benchRequest(tb testing.TB) (*Policy, *Request) {
	p := mustParse(tb, KindIdentity, benchDoc)
	c := NewContext()
	c.SetPrincipal(alice)
	c.Set("aws:SourceIp", "10.1.2.3")
	c.Set("aws:SecureTransport", "true")
	c.Set("s3:prefix", "home/alice/docs/")
	c.Set("aws:CurrentTime", "2025-01-01T00:00:00Z")
	c.Set("aws:PrincipalTag/team", "blue")
	c.Set("aws:ResourceTag/team", "BLUE")
	c.SetMulti("aws:TagKeys", []string{"a", "b"})
	r := &Request{Principal: alice, Action: NewAction("s3:GetObject"),
		Resource: NewResource("arn:aws:s3:::b/home/alice/docs/x.txt"), Context: c}
	return p, r
}

func TestEvaluateDoesNotAllocate(t *testing.T) {
	p, r := benchRequest(t)
	if res := p.Evaluate(r); !res.Allowed || res.Denied {
		t.Fatalf("unexpected %+v", res)
	}
	n := testing.AllocsPerRun(200, func() {
		p.Evaluate(r)
		r.Resource = NewResource("arn:aws:s3:::b/home/alice/docs/y.txt")
		r.Action = NewAction("s3:getobject")
	})
	if n != 0 {
		t.Fatalf("Evaluate allocates %v times", n)
	}
	c := NewContext()
	k := MustKey("aws:SourceIp")
	tags := []string{"a"}
	n = testing.AllocsPerRun(200, func() {
		c.Reset()
		c.SetKey(k, "192.0.2.1")
		c.Set("aws:PrincipalTag/team", "x")
		c.Set("aws:SecureTransport", "true")
		c.SetMulti("aws:TagKeys", tags)
		c.SetPrincipal(alice)
	})
	if n != 0 {
		t.Fatalf("Context setters allocate %v times", n)
	}
}

func BenchmarkEvaluate(b *testing.B) {
	p, r := benchRequest(b)
	b.ReportAllocs()
	for b.Loop() {
		p.Evaluate(r)
	}
}

func BenchmarkParse(b *testing.B) {
	doc := []byte(benchDoc)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseIAM(doc, KindIdentity); err != nil {
			b.Fatal(err)
		}
	}
}
