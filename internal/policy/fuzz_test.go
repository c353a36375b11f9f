package policy

import (
	"bytes"
	"github.com/coffer-s3/coffer/internal/arn"
	"testing"
)

// FuzzParsePolicy: parsing never panics, every error is an API error, and a
// parsed policy's canonical JSON parses to the same policy.
func FuzzParsePolicy(f *testing.F) {
	for _, d := range roundTripDocs {
		f.Add([]byte(d), uint8(0))
		f.Add([]byte(d), uint8(1))
	}
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username, 'x'}/*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}]}`), uint8(1))
	f.Add([]byte(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*","Condition":{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":"a${*}"},"Null":{"aws:TokenIssueTime":"true"},"BinaryEquals":{"s3:x-amz-content-sha256":"aGk="},"ArnNotLike":{"aws:SourceArn":"arn:aws:*:*:*:*"}}}]}`), uint8(3))
	f.Add([]byte(`{"Statement":{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity"}}`), uint8(2))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[]}`), uint8(0))
	f.Add([]byte(`{"a":`), uint8(0))
	f.Fuzz(func(t *testing.T, doc []byte, sel uint8) {
		kind := Kind(sel % 5)
		fam := Family(sel/5%3 + 1)
		o := Options{Family: fam, MaxSize: -1}
		p, err := ParseWith(doc, kind, o)
		if err != nil {
			if _, ok := err.(interface{ Error() string }); !ok {
				t.Fatal("error without text")
			}
			return
		}
		j := p.JSON()
		p2, err := ParseWith(j, kind, o)
		if err != nil {
			t.Fatalf("canonical form %s of %q does not parse: %v", j, doc, err)
		}
		if !bytes.Equal(p2.JSON(), j) {
			t.Fatalf("canonical form not stable:\n%s\n%s", j, p2.JSON())
		}
		if p.IsPublic() != p2.IsPublic() || p.Len() != p2.Len() {
			t.Fatalf("reparsed policy differs")
		}
		// Evaluation never panics.
		c := NewContext()
		c.Set("aws:SourceIp", "10.1.2.3")
		c.Set("aws:username", "alice")
		c.SetMulti("aws:TagKeys", []string{"a*", "b"})
		r := Request{Principal: alice, Action: NewAction("s3:GetObject"), Resource: NewResource("arn:aws:s3:::b/alice/k"), Context: c}
		p.Evaluate(&r)
		p.Matches(&r, nil)
	})
}

// FuzzPattern checks the three wildcard matchers (fast paths, glob, the
// token matcher used with variables) against each other.
func FuzzPattern(f *testing.F) {
	for _, s := range [][2]string{{"a*b?c", "axxbyc"}, {"*", ""}, {"*.jpg", "x.jpg"}, {"home/*", "home/a/b"},
		{"?é*", "aé"}, {"*a*a*b", "aaaaab"}, {"", ""}, {"a**", "a"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, p, s string) {
		toks, err := tokenize(p, false, true)
		if err != nil {
			t.Fatal(err)
		}
		want := arn.Glob(p, s)
		cp := compilePat(toks)
		if got := cp.match(s, nil, false); got != want {
			t.Fatalf("compiled %q (kind %d) on %q = %v, glob = %v", p, cp.kind, s, got, want)
		}
		if got := matchTokens(toks, s, nil, false); got != want {
			t.Fatalf("tokens %q on %q = %v, glob = %v", p, s, got, want)
		}
	})
}
