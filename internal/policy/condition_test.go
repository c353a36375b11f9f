package policy

import (
	"testing"
	"time"
)

// kv is one request context value for a test; multi marks a list.
type kv struct {
	k     string
	v     string
	multi []string
}

func ctxOf(t testing.TB, vals []kv) *Context {
	t.Helper()
	c := NewContext()
	for _, x := range vals {
		ok := false
		if x.multi != nil {
			ok = c.SetMulti(x.k, x.multi)
		} else {
			ok = c.Set(x.k, x.v)
		}
		if !ok {
			t.Fatalf("unknown key %s", x.k)
		}
	}
	return c
}

// condAllows evaluates an identity policy whose single Allow statement
// carries the given Condition block.
func condAllows(t testing.TB, version, condition string, vals []kv) bool {
	t.Helper()
	doc := `{"Version":"` + version + `","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":` + condition + `}}`
	p, err := ParseIAM([]byte(doc), KindIdentity)
	if err != nil {
		t.Fatalf("parse %s: %v", doc, err)
	}
	r := Request{Action: NewAction("s3:GetObject"), Resource: NewResource("arn:aws:s3:::b/k"), Context: ctxOf(t, vals)}
	return p.Evaluate(&r).Allowed
}

func TestConditionOperators(t *testing.T) {
	type tc struct {
		name string
		cond string
		ctx  []kv
		want bool
	}
	ip := func(s string) []kv { return []kv{{k: "aws:SourceIp", v: s}} }
	tests := []tc{
		// String operators: case-sensitive values, OR across values.
		{"StringEquals match", `{"StringEquals":{"s3:prefix":"home/"}}`, []kv{{k: "s3:prefix", v: "home/"}}, true},
		{"StringEquals case", `{"StringEquals":{"s3:prefix":"Home/"}}`, []kv{{k: "s3:prefix", v: "home/"}}, false},
		{"StringEquals OR values", `{"StringEquals":{"s3:prefix":["a","home/"]}}`, []kv{{k: "s3:prefix", v: "home/"}}, true},
		{"StringEquals star literal", `{"StringEquals":{"s3:prefix":"h*"}}`, []kv{{k: "s3:prefix", v: "home/"}}, false},
		{"StringEquals absent", `{"StringEquals":{"s3:prefix":"a"}}`, nil, false},
		{"StringNotEquals", `{"StringNotEquals":{"s3:prefix":["a","b"]}}`, []kv{{k: "s3:prefix", v: "c"}}, true},
		{"StringNotEquals hit", `{"StringNotEquals":{"s3:prefix":["a","b"]}}`, []kv{{k: "s3:prefix", v: "b"}}, false},
		{"StringNotEquals absent", `{"StringNotEquals":{"s3:prefix":"a"}}`, nil, true},
		{"StringEqualsIgnoreCase", `{"StringEqualsIgnoreCase":{"s3:x-amz-acl":"PRIVATE"}}`, []kv{{k: "s3:x-amz-acl", v: "private"}}, true},
		{"StringNotEqualsIgnoreCase", `{"StringNotEqualsIgnoreCase":{"s3:x-amz-acl":"PRIVATE"}}`, []kv{{k: "s3:x-amz-acl", v: "private"}}, false},
		{"StringNotEqualsIgnoreCase absent", `{"StringNotEqualsIgnoreCase":{"s3:x-amz-acl":"x"}}`, nil, true},
		{"StringLike", `{"StringLike":{"s3:prefix":"home/*"}}`, []kv{{k: "s3:prefix", v: "home/alice/"}}, true},
		{"StringLike ?", `{"StringLike":{"s3:prefix":"a?c"}}`, []kv{{k: "s3:prefix", v: "abc"}}, true},
		{"StringLike miss", `{"StringLike":{"s3:prefix":"home/*"}}`, []kv{{k: "s3:prefix", v: "etc/"}}, false},
		{"StringLike empty value", `{"StringLike":{"s3:prefix":""}}`, []kv{{k: "s3:prefix", v: ""}}, true},
		{"StringNotLike", `{"StringNotLike":{"s3:prefix":"home/*"}}`, []kv{{k: "s3:prefix", v: "etc/"}}, true},
		{"StringNotLike absent", `{"StringNotLike":{"s3:prefix":"home/*"}}`, nil, true},
		{"key name case-insensitive", `{"StringEquals":{"S3:PREFIX":"x"}}`, []kv{{k: "s3:prefix", v: "x"}}, true},
		// Numeric.
		{"NumericEquals", `{"NumericEquals":{"s3:max-keys":"10"}}`, []kv{{k: "s3:max-keys", v: "10"}}, true},
		{"NumericEquals JSON number", `{"NumericEquals":{"s3:max-keys":10}}`, []kv{{k: "s3:max-keys", v: "10.0"}}, true},
		{"NumericNotEquals", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, []kv{{k: "s3:max-keys", v: "11"}}, true},
		{"NumericNotEquals absent", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, nil, true},
		{"NumericLessThan", `{"NumericLessThan":{"s3:max-keys":"10"}}`, []kv{{k: "s3:max-keys", v: "9"}}, true},
		{"NumericLessThan eq", `{"NumericLessThan":{"s3:max-keys":"10"}}`, []kv{{k: "s3:max-keys", v: "10"}}, false},
		{"NumericLessThanEquals", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, []kv{{k: "s3:max-keys", v: "10"}}, true},
		{"NumericGreaterThan", `{"NumericGreaterThan":{"s3:max-keys":"10"}}`, []kv{{k: "s3:max-keys", v: "10.5"}}, true},
		{"NumericGreaterThanEquals", `{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}`, []kv{{k: "s3:max-keys", v: "9"}}, false},
		{"Numeric garbage request", `{"NumericLessThan":{"s3:max-keys":"10"}}`, []kv{{k: "s3:max-keys", v: "x"}}, false},
		{"Numeric absent", `{"NumericLessThan":{"s3:max-keys":"10"}}`, nil, false},
		// Date: ISO 8601 and epoch seconds on both sides.
		{"DateLessThan", `{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}`, []kv{{k: "aws:CurrentTime", v: "2029-12-31T23:59:59Z"}}, true},
		{"DateLessThan epoch policy", `{"DateLessThan":{"aws:CurrentTime":"1893456000"}}`, []kv{{k: "aws:CurrentTime", v: "2029-12-31T23:59:59Z"}}, true},
		{"DateGreaterThan epoch key", `{"DateGreaterThan":{"aws:EpochTime":"2020-01-01T00:00:00Z"}}`, []kv{{k: "aws:EpochTime", v: "1600000000"}}, true},
		{"DateEquals", `{"DateEquals":{"aws:TokenIssueTime":"2024-05-01T10:00:00+02:00"}}`, []kv{{k: "aws:TokenIssueTime", v: "2024-05-01T08:00:00Z"}}, true},
		{"DateNotEquals", `{"DateNotEquals":{"aws:TokenIssueTime":"2024-05-01"}}`, []kv{{k: "aws:TokenIssueTime", v: "2024-05-01T00:00:00Z"}}, false},
		{"DateNotEquals absent", `{"DateNotEquals":{"aws:TokenIssueTime":"2024-05-01"}}`, nil, true},
		{"DateLessThanEquals", `{"DateLessThanEquals":{"aws:CurrentTime":"2024-05-01T00:00:00Z"}}`, []kv{{k: "aws:CurrentTime", v: "2024-05-01T00:00:00Z"}}, true},
		{"DateGreaterThanEquals", `{"DateGreaterThanEquals":{"aws:CurrentTime":"2024-05-01T00:00:00.5Z"}}`, []kv{{k: "aws:CurrentTime", v: "2024-05-01T00:00:00Z"}}, false},
		{"Date far future", `{"DateLessThan":{"aws:CurrentTime":"9999-01-01T00:00:00Z"}}`, []kv{{k: "aws:CurrentTime", v: "2500-01-01T00:00:00Z"}}, true},
		// Bool.
		{"Bool true", `{"Bool":{"aws:SecureTransport":"true"}}`, []kv{{k: "aws:SecureTransport", v: "true"}}, true},
		{"Bool JSON false", `{"Bool":{"aws:SecureTransport":false}}`, []kv{{k: "aws:SecureTransport", v: "true"}}, false},
		{"Bool absent", `{"Bool":{"aws:SecureTransport":"false"}}`, nil, false},
		{"BoolIfExists absent", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, nil, true},
		{"BoolIfExists present", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, []kv{{k: "aws:MultiFactorAuthPresent", v: "true"}}, false},
		// Binary.
		{"BinaryEquals", `{"BinaryEquals":{"s3:x-amz-content-sha256":"aGVsbG8="}}`, []kv{{k: "s3:x-amz-content-sha256", v: "hello"}}, true},
		{"BinaryEquals miss", `{"BinaryEquals":{"s3:x-amz-content-sha256":"aGVsbG8="}}`, []kv{{k: "s3:x-amz-content-sha256", v: "hellO"}}, false},
		// IP addresses, v4 and v6, CIDRs and plain addresses.
		{"IpAddress v4 CIDR", `{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, ip("192.0.2.77"), true},
		{"IpAddress v4 miss", `{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, ip("192.0.3.1"), false},
		{"IpAddress plain", `{"IpAddress":{"aws:SourceIp":"192.0.2.7"}}`, ip("192.0.2.7"), true},
		{"IpAddress v6", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, ip("2001:db8:1::5"), true},
		{"IpAddress v6 vs v4", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, ip("192.0.2.1"), false},
		{"IpAddress mapped", `{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, ip("::ffff:192.0.2.9"), true},
		{"IpAddress list", `{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.0.2.0/24"]}}`, ip("10.9.9.9"), true},
		{"NotIpAddress", `{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, ip("203.0.113.1"), true},
		{"NotIpAddress hit", `{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, ip("192.0.2.1"), false},
		{"NotIpAddress absent (VPC endpoint)", `{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, nil, true},
		{"IpAddress absent", `{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}`, nil, false},
		// ARN operators: field-wise wildcards.
		{"ArnEquals", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:topic"}}`, []kv{{k: "aws:SourceArn", v: "arn:aws:sns:us-east-1:123456789012:topic"}}, true},
		{"ArnLike", `{"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:111122223333:trail/*"}}`, []kv{{k: "aws:SourceArn", v: "arn:aws:cloudtrail:us-east-2:111122223333:trail/t1"}}, true},
		{"ArnLike field bound", `{"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:trail/*"}}`, []kv{{k: "aws:SourceArn", v: "arn:aws:cloudtrail:us-east-2:111122223333:trail/t1"}}, false},
		{"ArnEquals wildcard", `{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}`, []kv{{k: "aws:PrincipalArn", v: "arn:aws:iam::111122223333:role/x"}}, true},
		{"ArnNotEquals", `{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/admin"}}`, []kv{{k: "aws:PrincipalArn", v: "arn:aws:iam::111122223333:role/x"}}, true},
		{"ArnNotLike hit", `{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}`, []kv{{k: "aws:PrincipalArn", v: "arn:aws:iam::111122223333:role/x"}}, false},
		{"ArnNotLike absent", `{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}`, nil, true},
		// Null tests presence.
		{"Null true absent", `{"Null":{"aws:TokenIssueTime":"true"}}`, nil, true},
		{"Null true present", `{"Null":{"aws:TokenIssueTime":"true"}}`, []kv{{k: "aws:TokenIssueTime", v: "2024-01-01T00:00:00Z"}}, false},
		{"Null false present", `{"Null":{"aws:TokenIssueTime":false}}`, []kv{{k: "aws:TokenIssueTime", v: "2024-01-01T00:00:00Z"}}, true},
		{"Null false empty set", `{"Null":{"aws:TagKeys":"false"}}`, []kv{{k: "aws:TagKeys", multi: []string{}}}, false},
		// IfExists.
		{"StringEqualsIfExists absent", `{"StringEqualsIfExists":{"s3:x-amz-storage-class":"STANDARD"}}`, nil, true},
		{"StringEqualsIfExists present miss", `{"StringEqualsIfExists":{"s3:x-amz-storage-class":"STANDARD"}}`, []kv{{k: "s3:x-amz-storage-class", v: "GLACIER"}}, false},
		{"NumericLessThanIfExists absent", `{"NumericLessThanIfExists":{"s3:max-keys":"5"}}`, nil, true},
		{"ArnLikeIfExists absent", `{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:s3:::x"}}`, nil, true},
		{"IpAddressIfExists absent", `{"IpAddressIfExists":{"aws:SourceIp":"192.0.2.0/24"}}`, nil, true},
		// AND across operators and keys.
		{"AND both", `{"StringEquals":{"s3:prefix":"a","s3:delimiter":"/"},"Bool":{"aws:SecureTransport":"true"}}`,
			[]kv{{k: "s3:prefix", v: "a"}, {k: "s3:delimiter", v: "/"}, {k: "aws:SecureTransport", v: "true"}}, true},
		{"AND one fails", `{"StringEquals":{"s3:prefix":"a","s3:delimiter":"/"},"Bool":{"aws:SecureTransport":"true"}}`,
			[]kv{{k: "s3:prefix", v: "a"}, {k: "s3:delimiter", v: "/"}, {k: "aws:SecureTransport", v: "false"}}, false},
		// Set operators on multivalued keys.
		{"ForAllValues subset", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, []kv{{k: "aws:TagKeys", multi: []string{"a"}}}, true},
		{"ForAllValues not subset", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, []kv{{k: "aws:TagKeys", multi: []string{"a", "c"}}}, false},
		{"ForAllValues absent", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a"]}}`, nil, true},
		{"ForAllValues empty", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a"]}}`, []kv{{k: "aws:TagKeys", multi: []string{}}}, true},
		{"ForAnyValue hit", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["x","b"]}}`, []kv{{k: "aws:TagKeys", multi: []string{"a", "b"}}}, true},
		{"ForAnyValue miss", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["x"]}}`, []kv{{k: "aws:TagKeys", multi: []string{"a", "b"}}}, false},
		{"ForAnyValue absent", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["x"]}}`, nil, false},
		{"ForAnyValue like", `{"ForAnyValue:StringLike":{"s3:RequestObjectTagKeys":"team-*"}}`, []kv{{k: "s3:RequestObjectTagKeys", multi: []string{"x", "team-a"}}}, true},
		{"ForAllValues negated", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, []kv{{k: "aws:TagKeys", multi: []string{"a", "b"}}}, true},
		{"ForAllValues negated hit", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, []kv{{k: "aws:TagKeys", multi: []string{"a", "secret"}}}, false},
		{"ForAnyValue negated", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["secret"]}}`, []kv{{k: "aws:TagKeys", multi: []string{"secret", "b"}}}, true},
		{"ForAnyValue negated none", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["secret"]}}`, []kv{{k: "aws:TagKeys", multi: []string{"secret"}}}, false},
		{"ForAnyValue IfExists absent", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["x"]}}`, nil, true},
		{"ForAllValues on single-valued key", `{"ForAllValues:StringEquals":{"s3:prefix":["a"]}}`, []kv{{k: "s3:prefix", v: "a"}}, true},
		{"ForAllValues on single-valued key miss", `{"ForAllValues:StringEquals":{"s3:prefix":["a"]}}`, []kv{{k: "s3:prefix", v: "b"}}, false},
		// A single-valued operator on a multivalued key: any value for
		// positive operators, none for negated ones.
		{"plain op on multivalued key", `{"StringEquals":{"aws:TagKeys":"a"}}`, []kv{{k: "aws:TagKeys", multi: []string{"b", "a"}}}, true},
		{"plain negated op on multivalued key", `{"StringNotEquals":{"aws:TagKeys":"a"}}`, []kv{{k: "aws:TagKeys", multi: []string{"b", "a"}}}, false},
		// Tag key families.
		{"PrincipalTag", `{"StringEquals":{"aws:PrincipalTag/team":"blue"}}`, []kv{{k: "aws:PrincipalTag/team", v: "blue"}}, true},
		{"PrincipalTag key case", `{"StringEquals":{"aws:PrincipalTag/Team":"blue"}}`, []kv{{k: "aws:PrincipalTag/team", v: "blue"}}, true},
		{"ExistingObjectTag key case-sensitive", `{"StringEquals":{"s3:ExistingObjectTag/Team":"blue"}}`, []kv{{k: "s3:ExistingObjectTag/team", v: "blue"}}, false},
		{"ResourceTag absent", `{"StringEquals":{"aws:ResourceTag/env":"prod"}}`, []kv{{k: "aws:ResourceTag/other", v: "prod"}}, false},
		{"EncryptionContext", `{"StringEquals":{"kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::b/k"}}`, []kv{{k: "kms:EncryptionContext:aws:s3:arn", v: "arn:aws:s3:::b/k"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := condAllows(t, "2012-10-17", tt.cond, tt.ctx); got != tt.want {
				t.Errorf("%s with %v = %v, want %v", tt.cond, tt.ctx, got, tt.want)
			}
		})
	}
}

func TestPolicyVariablesInConditions(t *testing.T) {
	user := []kv{{k: "aws:username", v: "alice"}, {k: "s3:prefix", v: "home/alice/"}}
	tests := []struct {
		name, version, cond string
		ctx                 []kv
		want                bool
	}{
		{"substituted", "2012-10-17", `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`, user, true},
		{"other user", "2012-10-17", `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`, []kv{{k: "aws:username", v: "bob"}, {k: "s3:prefix", v: "home/alice/"}}, false},
		{"2008 literal", "2008-10-17", `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`, user, false},
		{"2008 literal matches literally", "2008-10-17", `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, []kv{{k: "s3:prefix", v: "${aws:username}"}}, true},
		{"unresolved", "2012-10-17", `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`, []kv{{k: "s3:prefix", v: "home//x"}}, false},
		{"default", "2012-10-17", `{"StringEquals":{"s3:prefix":"${aws:username, 'nobody'}"}}`, []kv{{k: "s3:prefix", v: "nobody"}}, true},
		{"default unused", "2012-10-17", `{"StringEquals":{"s3:prefix":"${aws:username,'nobody'}"}}`, user[:1], false},
		{"escapes", "2012-10-17", `{"StringEquals":{"s3:prefix":"a${*}b${?}c${$}"}}`, []kv{{k: "s3:prefix", v: "a*b?c$"}}, true},
		{"escaped star is literal in StringLike", "2012-10-17", `{"StringLike":{"s3:prefix":"a${*}"}}`, []kv{{k: "s3:prefix", v: "abc"}}, false},
		{"injection: value with star stays literal", "2012-10-17", `{"StringLike":{"s3:prefix":"${aws:PrincipalTag/p}x"}}`,
			[]kv{{k: "aws:PrincipalTag/p", v: "*"}, {k: "s3:prefix", v: "abcx"}}, false},
		{"injected star matches only a star", "2012-10-17", `{"StringLike":{"s3:prefix":"${aws:PrincipalTag/p}x"}}`,
			[]kv{{k: "aws:PrincipalTag/p", v: "*"}, {k: "s3:prefix", v: "*x"}}, true},
		{"tag variable", "2012-10-17", `{"StringEquals":{"aws:ResourceTag/owner":"${aws:PrincipalTag/owner}"}}`,
			[]kv{{k: "aws:PrincipalTag/owner", v: "bob"}, {k: "aws:ResourceTag/owner", v: "bob"}}, true},
		{"ignorecase variable", "2012-10-17", `{"StringEqualsIgnoreCase":{"s3:prefix":"${aws:username}"}}`,
			[]kv{{k: "aws:username", v: "Alice"}, {k: "s3:prefix", v: "ALICE"}}, true},
		{"arn variable", "2012-10-17", `{"ArnLike":{"aws:SourceArn":"arn:aws:iam::${aws:PrincipalAccount}:*"}}`,
			[]kv{{k: "aws:PrincipalAccount", v: "111122223333"}, {k: "aws:SourceArn", v: "arn:aws:iam::111122223333:role/x"}}, true},
		{"negated unresolved", "2012-10-17", `{"StringNotEquals":{"s3:prefix":"${aws:username}"}}`, []kv{{k: "s3:prefix", v: "x"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := condAllows(t, tt.version, tt.cond, tt.ctx); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestContextTimeAndPrincipal(t *testing.T) {
	c := NewContext()
	c.SetTime(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	if v, _ := c.Get("aws:CurrentTime"); v != "2025-03-01T12:00:00Z" {
		t.Errorf("CurrentTime = %q", v)
	}
	if v, _ := c.Get("aws:EpochTime"); v != "1740830400" {
		t.Errorf("EpochTime = %q", v)
	}
	c.SetPrincipal(&Principal{Type: AssumedRole, Account: "111122223333",
		ARN: "arn:aws:sts::111122223333:assumed-role/r/s", RoleARN: "arn:aws:iam::111122223333:role/p/r",
		UserID: "AROAEXAMPLE:s", Username: "ignored"})
	want := map[string]string{
		"aws:PrincipalArn": "arn:aws:iam::111122223333:role/p/r", "aws:PrincipalAccount": "111122223333",
		"aws:userid": "AROAEXAMPLE:s", "aws:PrincipalType": "AssumedRole", "aws:PrincipalIsAWSService": "false",
	}
	for k, v := range want {
		if got, _ := c.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if _, ok := c.Get("aws:username"); ok {
		t.Error("aws:username set for a role session")
	}
	c.Reset()
	if _, ok := c.Get("aws:PrincipalArn"); ok {
		t.Error("Reset kept values")
	}
	if c.Set("aws:NoSuchKey", "x") {
		t.Error("unknown key accepted")
	}
}

func TestLookupKey(t *testing.T) {
	for _, n := range []string{"aws:SourceIp", "AWS:SOURCEIP", "aws:PrincipalTag/x", "kms:EncryptionContext:a:b", "kms:EncryptionContextKeys", "s3:object-lock-mode"} {
		if _, ok := LookupKey(n); !ok {
			t.Errorf("LookupKey(%q) failed", n)
		}
	}
	for _, n := range []string{"aws:PrincipalTag/", "aws:Nope", "s3:x-amz-grant-*", "kms:EncryptionContext:", ""} {
		if k, ok := LookupKey(n); ok {
			t.Errorf("LookupKey(%q) = %v", n, k.Name())
		}
	}
	if k := MustKey("kms:EncryptionContextKeys"); !k.MultiValued() || k.Name() != "kms:EncryptionContextKeys" {
		t.Errorf("MustKey = %+v", k)
	}
	if k := MustKey("aws:sourceip"); k.Type() != TypeIP || k.Name() != "aws:SourceIp" {
		t.Errorf("MustKey = %+v", k)
	}
}
