package policy

import (
	"bytes"
	"testing"
)

var roundTripDocs = []string{
	allowAll,
	bucketDoc,
	`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
	`{"Version":"2012-10-17","Id":"P1","Statement":[{"Sid":"S 1","Effect":"Deny","NotPrincipal":{"AWS":["111122223333","arn:aws:iam::111122223333:user/a"]},"NotAction":["s3:Get*"],"NotResource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:max-keys":[10,"20"]},"StringLike":{"s3:prefix":["a*","b\"c\\d\u0001é"],"aws:PrincipalTag/x":"${aws:username}"}}}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"],"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}`,
}

func TestJSONRoundTrip(t *testing.T) {
	kinds := []Kind{KindIdentity, KindResource, KindIdentity, KindResource, KindTrust}
	for i, doc := range roundTripDocs {
		p, err := ParseWith([]byte(doc), kinds[i], Options{Family: FamilyIAM})
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		j := p.JSON()
		p2, err := ParseWith(j, kinds[i], Options{Family: FamilyIAM})
		if err != nil {
			t.Fatalf("%d: reparse %s: %v", i, j, err)
		}
		if !bytes.Equal(p2.JSON(), j) {
			t.Errorf("%d: not stable:\n%s\n%s", i, j, p2.JSON())
		}
		if !bytes.Equal(p.Source(), []byte(doc)) {
			t.Errorf("%d: Source changed", i)
		}
	}
	p, _ := ParseIAM([]byte("{ \"Version\" : \"2012-10-17\",\n \"Statement\" : { \"Effect\":\"Allow\", \"Action\":[\"s3:*\"], \"Resource\":\"*\" } }"), KindIdentity)
	if got := string(p.JSON()); got != `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*"],"Resource":"*"}}` {
		t.Errorf("JSON = %s", got)
	}
}
