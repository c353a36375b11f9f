package authz

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/policy"
)

// identityDoc builds a 10-statement identity policy whose statements touch
// other actions and buckets, with conditions, so that evaluation must look
// at every one of them.
func identityDoc(n int) string {
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := 0; i < 10; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		switch i % 5 {
		case 0:
			fmt.Fprintf(&b, `{"Sid":"P%dS%d","Effect":"Allow","Action":["s3:PutObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::bucket-%d-%d/*"}`, n, i, n, i)
		case 1:
			fmt.Fprintf(&b, `{"Sid":"P%dS%d","Effect":"Allow","Action":"s3:List*","Resource":"arn:aws:s3:::data","Condition":{"StringLike":{"s3:prefix":["home/${aws:username}/*"]}}}`, n, i)
		case 2:
			fmt.Fprintf(&b, `{"Sid":"P%dS%d","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`, n, i)
		case 3:
			fmt.Fprintf(&b, `{"Sid":"P%dS%d","Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::111122223333:user/${aws:username}"}`, n, i)
		case 4:
			fmt.Fprintf(&b, `{"Sid":"P%dS%d","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/home/${aws:username}/*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.0.2.0/24"]},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}`, n, i)
		}
	}
	b.WriteString(`]}`)
	return b.String()
}

// bucketDoc builds a 20-statement bucket policy with conditions.
func bucketDoc() string {
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := 0; i < 20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, `{"Sid":"B%d","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::data","arn:aws:s3:::data/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`, i)
		case 1:
			fmt.Fprintf(&b, `{"Sid":"B%d","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/r%d"},"Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::data/shared-%d/*"}`, i, i, i)
		case 2:
			fmt.Fprintf(&b, `{"Sid":"B%d","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::data/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}`, i)
		case 3:
			fmt.Fprintf(&b, `{"Sid":"B%d","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/public-%d/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc%d"},"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`, i, i, i)
		}
	}
	b.WriteString(`]}`)
	return b.String()
}

func benchInput(tb testing.TB) *Input {
	var ids []PolicyRef
	for n := 0; n < 3; n++ {
		ids = append(ids, PolicyRef{ID: fmt.Sprintf("arn:aws:iam::111122223333:policy/p%d", n), Policy: mustParse(tb, policy.KindIdentity, identityDoc(n))})
	}
	bp, err := policy.ParseS3([]byte(bucketDoc()), policy.KindResource)
	if err != nil {
		tb.Fatal(err)
	}
	c := policy.NewContext()
	c.SetPrincipal(alice)
	c.SetTime(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	c.Set("aws:SourceIp", "10.20.30.40")
	c.Set("aws:SecureTransport", "true")
	c.Set("aws:PrincipalOrgID", "o-abc3")
	return &Input{
		Principal:      alice,
		Action:         policy.NewAction("s3:GetObject"),
		Resource:       policy.NewResource("arn:aws:s3:::data/home/alice/report.pdf"),
		ResourceOwner:  owner,
		Context:        c,
		Identity:       ids,
		ResourcePolicy: &PolicyRef{ID: "bucket-policy", Policy: bp},
	}
}

func TestDecideDoesNotAllocate(t *testing.T) {
	in := benchInput(t)
	d := Decide(in)
	if !d.Allowed || d.PolicyType != TypeIdentity {
		t.Fatalf("benchmark scenario not allowed: %+v", d)
	}
	if n := testing.AllocsPerRun(200, func() { Decide(in) }); n != 0 {
		t.Fatalf("Decide allocates %v times", n)
	}
	in.Context.Set("aws:SecureTransport", "false")
	if d := Decide(in); d.Allowed || d.Reason != ReasonExplicitDeny {
		t.Fatalf("insecure transport not denied: %+v", d)
	}
	in.Context.Set("aws:SecureTransport", "true")
}

// BenchmarkDecide: 3 identity policies of 10 statements and a 20-statement
// bucket policy with conditions; every statement is examined.
func BenchmarkDecide(b *testing.B) {
	in := benchInput(b)
	b.ReportAllocs()
	for b.Loop() {
		Decide(in)
	}
}
