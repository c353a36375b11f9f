package policy

import "testing"

func TestIsPublic(t *testing.T) {
	stmt := func(principal, cond string) string {
		s := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":` + principal + `,"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"`
		if cond != "" {
			s += `,"Condition":` + cond
		}
		return s + `}]}`
	}
	star := `"*"`
	tests := []struct {
		name string
		doc  string
		res  ResourceType
		want bool
	}{
		// AWS's own examples.
		{"star no condition", stmt(star, ""), ResourceBucket, true},
		{"AWS star", stmt(`{"AWS":"*"}`, ""), ResourceBucket, true},
		{"federated provider", stmt(`{"Federated":"graph.facebook.com"}`, ""), ResourceBucket, true},
		{"SourceVpc wildcard", stmt(star, `{"StringLike":{"aws:SourceVpc":"vpc-*"}}`), ResourceBucket, true},
		{"SourceVpc fixed", stmt(star, `{"StringEquals":{"aws:SourceVpc":"vpc-91237329"}}`), ResourceBucket, false},
		// Fixed principals.
		{"account", stmt(`{"AWS":"111122223333"}`, ""), ResourceBucket, false},
		{"user and role", stmt(`{"AWS":["arn:aws:iam::111122223333:user/a","arn:aws:iam::111122223333:role/r"]}`, ""), ResourceBucket, false},
		{"service", stmt(`{"Service":"cloudtrail.amazonaws.com"}`, ""), ResourceBucket, false},
		{"canonical", stmt(`{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}`, ""), ResourceBucket, false},
		{"star among fixed", stmt(`{"AWS":["111122223333","*"]}`, ""), ResourceBucket, true},
		// Each fixing key with a fixed value.
		{"SourceArn", stmt(star, `{"ArnEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/t"}}`), ResourceBucket, false},
		{"SourceArn wildcard", stmt(star, `{"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:111122223333:trail/*"}}`), ResourceBucket, true},
		{"SourceVpce", stmt(star, `{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}`), ResourceBucket, false},
		{"SourceOwner", stmt(star, `{"StringEquals":{"aws:SourceOwner":"111122223333"}}`), ResourceBucket, false},
		{"SourceAccount", stmt(star, `{"StringEquals":{"aws:SourceAccount":"111122223333"}}`), ResourceBucket, false},
		{"PrincipalOrgID", stmt(star, `{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}`), ResourceBucket, false},
		{"PrincipalAccount", stmt(star, `{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}`), ResourceBucket, false},
		{"PrincipalArn", stmt(star, `{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/r"}}`), ResourceBucket, false},
		{"PrincipalArn wildcard", stmt(star, `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}`), ResourceBucket, true},
		{"kms key id", stmt(star, `{"StringEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"arn:aws:kms:us-east-1:111122223333:key/k"}}`), ResourceBucket, false},
		{"userid fixed", stmt(star, `{"StringEquals":{"aws:userid":"AIDAEXAMPLE"}}`), ResourceBucket, false},
		{"userid role sessions", stmt(star, `{"StringLike":{"aws:userid":"AROAEXAMPLEID:*"}}`), ResourceBucket, false},
		{"userid wildcard", stmt(star, `{"StringLike":{"aws:userid":"AROA*"}}`), ResourceBucket, true},
		{"StringLike without wildcard is fixed", stmt(star, `{"StringLike":{"aws:SourceVpc":"vpc-1"}}`), ResourceBucket, false},
		{"IgnoreCase fixed", stmt(star, `{"StringEqualsIgnoreCase":{"aws:SourceVpc":"VPC-1"}}`), ResourceBucket, false},
		// Access point delegation.
		{"DataAccessPointAccount", stmt(star, `{"StringEquals":{"s3:DataAccessPointAccount":"111122223333"}}`), ResourceBucket, false},
		{"DataAccessPointArn fixed", stmt(star, `{"StringEquals":{"s3:DataAccessPointArn":"arn:aws:s3:us-west-2:111122223333:accesspoint/ap"}}`), ResourceBucket, false},
		{"DataAccessPointArn wildcard name in bucket policy", stmt(star, `{"StringLike":{"s3:DataAccessPointArn":"arn:aws:s3:us-west-2:111122223333:accesspoint/*"}}`), ResourceBucket, false},
		{"DataAccessPointArn wildcard account", stmt(star, `{"StringLike":{"s3:DataAccessPointArn":"arn:aws:s3:us-west-2:*:accesspoint/*"}}`), ResourceBucket, true},
		{"DataAccessPointArn in access point policy", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:us-west-2:111122223333:accesspoint/ap/object/*","Condition":{"StringLike":{"s3:DataAccessPointArn":"arn:aws:s3:us-west-2:111122223333:accesspoint/*"}}}]}`, ResourceAccessPoint, true},
		{"access point policy fixed principal", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:us-west-2:111122223333:accesspoint/ap/object/*"}]}`, ResourceAccessPoint, false},
		// Source IP ranges.
		{"SourceIp /24", stmt(star, `{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`), ResourceBucket, false},
		{"SourceIp /8", stmt(star, `{"IpAddress":{"aws:SourceIp":"11.0.0.0/8"}}`), ResourceBucket, false},
		{"SourceIp /7", stmt(star, `{"IpAddress":{"aws:SourceIp":"12.0.0.0/7"}}`), ResourceBucket, true},
		{"SourceIp /1", stmt(star, `{"IpAddress":{"aws:SourceIp":"0.0.0.0/1"}}`), ResourceBucket, true},
		{"SourceIp one broad among narrow", stmt(star, `{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","0.0.0.0/0"]}}`), ResourceBucket, true},
		{"SourceIp v6 /32", stmt(star, `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`), ResourceBucket, false},
		{"SourceIp v6 /31", stmt(star, `{"IpAddress":{"aws:SourceIp":"2001:db8::/31"}}`), ResourceBucket, true},
		{"NotIpAddress does not restrict", stmt(star, `{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`), ResourceBucket, true},
		// Operators that do not pin.
		{"IfExists", stmt(star, `{"StringEqualsIfExists":{"aws:SourceVpc":"vpc-1"}}`), ResourceBucket, true},
		{"negated", stmt(star, `{"StringNotEquals":{"aws:SourceVpc":"vpc-1"}}`), ResourceBucket, true},
		{"ForAllValues", stmt(star, `{"ForAllValues:StringEquals":{"aws:PrincipalOrgPaths":"o-a/r-b/"}}`), ResourceBucket, true},
		{"ForAnyValue fixed", stmt(star, `{"ForAnyValue:StringEquals":{"aws:PrincipalOrgPaths":"o-a/r-b/"}}`), ResourceBucket, false},
		{"Null", stmt(star, `{"Null":{"aws:SourceVpc":"false"}}`), ResourceBucket, true},
		{"variable", stmt(star, `{"StringEquals":{"aws:SourceAccount":"${aws:PrincipalAccount}"}}`), ResourceBucket, true},
		{"unrelated key", stmt(star, `{"StringEquals":{"s3:prefix":"home/"}}`), ResourceBucket, true},
		{"secure transport only", stmt(star, `{"Bool":{"aws:SecureTransport":"true"}}`), ResourceBucket, true},
		{"unrelated plus fixing", stmt(star, `{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"aws:SourceVpce":"vpce-1"}}`), ResourceBucket, false},
		// Deny statements grant nothing.
		{"deny star", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}`, ResourceBucket, false},
		{"deny notprincipal", `{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}`, ResourceBucket, false},
		{"mixed statements", `{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"},{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`, ResourceBucket, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseWith([]byte(tt.doc), KindResource, Options{Family: FamilyS3, Resource: tt.res})
			if err != nil {
				t.Fatal(err)
			}
			if got := p.IsPublic(); got != tt.want {
				t.Errorf("IsPublic = %v (%q), want %v", got, p.PublicReason(), tt.want)
			}
		})
	}
	p := mustParse(t, KindIdentity, allowAll)
	if p.IsPublic() {
		t.Error("identity policy public")
	}
	p, _ = ParseS3([]byte(`{"Statement":[{"Sid":"Pub","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`), KindResource)
	if r := p.PublicReason(); r != `statement 0 (Sid "Pub") allows everyone ("*") without a condition fixing the source or principal` {
		t.Errorf("PublicReason = %q", r)
	}
}
