package policy

import (
	"errors"
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
)

const (
	allowAll  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	bucketDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
)

func TestParseErrors(t *testing.T) {
	type tc struct {
		name    string
		family  Family
		kind    Kind
		doc     string
		code    string // "" = must parse
		message string
	}
	s3 := func(name, doc, msg string) tc {
		code := "MalformedPolicy"
		if msg == "" {
			code = ""
		}
		return tc{name, FamilyS3, KindResource, doc, code, msg}
	}
	iam := func(name string, kind Kind, doc, msg string) tc {
		code := "MalformedPolicyDocument"
		if msg == "" {
			code = ""
		}
		return tc{name, FamilyIAM, kind, doc, code, msg}
	}
	stmt := func(body string) string { return `{"Version":"2012-10-17","Statement":[` + body + `]}` }
	tests := []tc{
		// Document level.
		s3("s3 ok", bucketDoc, ""),
		s3("s3 leading space", " "+bucketDoc, "Policies must be valid JSON and the first byte must be '{'"),
		s3("s3 empty", ``, "Policies must be valid JSON and the first byte must be '{'"),
		s3("s3 array", `[]`, "Policies must be valid JSON and the first byte must be '{'"),
		s3("s3 bad json", `{"Version":`, "This policy contains invalid Json"),
		s3("s3 trailing data", bucketDoc+`{}`, "This policy contains invalid Json"),
		iam("iam leading whitespace ok", KindIdentity, "\n "+allowAll, ""),
		iam("iam bad json", KindIdentity, `{"Statement":[}`, "This policy contains invalid Json"),
		iam("iam not object", KindIdentity, `"x"`, "Syntax errors in policy."),
		iam("bad version", KindIdentity, `{"Version":"2012-10-18","Statement":[]}`, "The policy must contain a valid version string"),
		iam("version not string", KindIdentity, `{"Version":2012,"Statement":[]}`, "The policy must contain a valid version string"),
		iam("unknown top field", KindIdentity, `{"Version":"2012-10-17","Foo":1,"Statement":[]}`, "Unknown field Foo"),
		s3("s3 unknown top field", `{"Version":"2012-10-17","Condition":{},"Statement":[]}`, "Unknown field Condition"),
		iam("missing statement", KindIdentity, `{"Version":"2012-10-17"}`, "Missing required field Statement"),
		iam("empty statement", KindIdentity, `{"Version":"2012-10-17","Statement":[]}`, "Could not parse the policy: Statement is empty!"),
		iam("statement string", KindIdentity, `{"Version":"2012-10-17","Statement":"x"}`, "Syntax errors in policy."),
		iam("single statement object", KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, ""),
		iam("duplicate member", KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}}`, "Syntax errors in policy."),
		s3("s3 duplicate member", `{"Version":"2012-10-17","Version":"2012-10-17","Statement":[]}`, "Invalid policy syntax."),
		iam("no version is 2008", KindIdentity, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, ""),
		iam("Id", KindIdentity, `{"Id":"x","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, ""),
		iam("Id not string", KindIdentity, `{"Id":1,"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, "Syntax errors in policy."),
		// Statement elements.
		iam("unknown statement field", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Foo":"x"}`), "Unknown field Foo"),
		iam("lower-case element", KindIdentity, stmt(`{"effect":"Allow","Action":"s3:*","Resource":"*"}`), "Unknown field effect"),
		iam("missing effect", KindIdentity, stmt(`{"Action":"s3:*","Resource":"*"}`), "Missing required field Effect"),
		iam("bad effect", KindIdentity, stmt(`{"Effect":"allow","Action":"s3:*","Resource":"*"}`), "Invalid effect: allow"),
		s3("s3 bad effect", stmt(`{"Effect":"hello","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b"}`), "Invalid effect: hello"),
		iam("missing action", KindIdentity, stmt(`{"Effect":"Allow","Resource":"*"}`), "Policy statement must contain actions."),
		s3("s3 missing action", stmt(`{"Effect":"Allow","Principal":"*","Resource":"arn:aws:s3:::b"}`), "Missing required field Action"),
		iam("missing resource", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*"}`), "Policy statement must contain resources."),
		s3("s3 missing resource", stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:*"}`), "Missing required field Resource"),
		iam("action and notaction", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","NotAction":"s3:x","Resource":"*"}`), "Syntax errors in policy."),
		iam("action without vendor", KindIdentity, stmt(`{"Effect":"Allow","Action":"GetObject","Resource":"*"}`), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
		iam("action two colons", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:a:b","Resource":"*"}`), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
		iam("action empty list", KindIdentity, stmt(`{"Effect":"Allow","Action":[],"Resource":"*"}`), "Syntax errors in policy."),
		iam("action number", KindIdentity, stmt(`{"Effect":"Allow","Action":[1],"Resource":"*"}`), "Syntax errors in policy."),
		iam("resource not arn", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}`), `Resource bucket must be in ARN format or "*".`),
		iam("resource short arn", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3"}`), `Resource arn:aws:s3 must be in ARN format or "*".`),
		iam("resource unknown variable", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:nope}"}`), `Resource arn:aws:s3:::${aws:nope} must be in ARN format or "*".`),
		iam("resource multi-valued variable", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:TagKeys}"}`), `Resource arn:aws:s3:::${aws:TagKeys} must be in ARN format or "*".`),
		iam("resource 2008 variable literal", KindIdentity, `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:nope}"}]}`, ""),
		iam("NotResource", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","NotResource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}`), ""),
		// Principal rules per kind.
		iam("identity with principal", KindIdentity, stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}`), "Policy document should not specify a principal."),
		iam("identity with notprincipal", KindIdentity, stmt(`{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}`), "Policy document should not specify a principal."),
		iam("session with principal", KindSession, stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}`), "Policy document should not specify a principal."),
		s3("s3 missing principal", stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b"}`), "Missing required field Principal"),
		iam("trust missing principal", KindTrust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole"}`), "Missing required field Principal"),
		iam("trust resource", KindTrust, stmt(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Resource":"*"}`), "Has prohibited field Resource"),
		iam("trust ok", KindTrust, stmt(`{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}`), ""),
		iam("trust wildcard action", KindTrust, stmt(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole*"}`), ""),
		iam("trust non-sts action", KindTrust, stmt(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject"}`), "AssumeRole policy may only specify STS AssumeRole actions."),
		iam("trust star principal", KindTrust, stmt(`{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}`), `Invalid principal in policy: "*"`),
		iam("endpoint missing principal", KindEndpoint, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`), "Missing required field Principal"),
		s3("notprincipal allow", stmt(`{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"arn:aws:s3:::b"}`), "Invalid principal in policy"),
		tc{"iam notprincipal allow", FamilyIAM, KindResource, stmt(`{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}`), "MalformedPolicyDocument", "NotPrincipal is only supported with Deny"},
		s3("notprincipal deny", stmt(`{"Effect":"Deny","NotPrincipal":{"AWS":["111122223333","arn:aws:iam::111122223333:user/a"]},"Action":"s3:*","Resource":"arn:aws:s3:::b"}`), ""),
		// Principal values.
		s3("principal forms", stmt(`{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:user/p/alice","arn:aws:iam::111122223333:role/r","arn:aws:sts::111122223333:assumed-role/r/s","arn:aws:sts::111122223333:federated-user/f","AIDAJQABLZS4A3QDU576Q"],"Service":"cloudtrail.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be","Federated":"accounts.google.com"},"Action":"s3:*","Resource":"arn:aws:s3:::b"}`), ""),
		s3("principal AWS star", stmt(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"arn:aws:s3:::b"}`), ""),
		s3("principal bad account", stmt(`{"Effect":"Allow","Principal":{"AWS":"12345"},"Action":"s3:*","Resource":"arn:aws:s3:::b"}`), "Invalid principal in policy"),
		s3("principal wildcard arn", stmt(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/*"},"Action":"s3:*","Resource":"arn:aws:s3:::b"}`), "Invalid principal in policy"),
		s3("principal unknown type", stmt(`{"Effect":"Allow","Principal":{"aws":"111122223333"},"Action":"s3:*","Resource":"arn:aws:s3:::b"}`), "Invalid principal in policy"),
		s3("principal empty object", stmt(`{"Effect":"Allow","Principal":{},"Action":"s3:*","Resource":"arn:aws:s3:::b"}`), "Invalid principal in policy"),
		s3("principal empty list", stmt(`{"Effect":"Allow","Principal":{"AWS":[]},"Action":"s3:*","Resource":"arn:aws:s3:::b"}`), "Invalid principal in policy"),
		s3("principal service star", stmt(`{"Effect":"Allow","Principal":{"Service":"*"},"Action":"s3:*","Resource":"arn:aws:s3:::b"}`), "Invalid principal in policy"),
		s3("principal string not star", stmt(`{"Effect":"Allow","Principal":"111122223333","Action":"s3:*","Resource":"arn:aws:s3:::b"}`), "Invalid principal in policy"),
		s3("principal bad canonical", stmt(`{"Effect":"Allow","Principal":{"CanonicalUser":"abc"},"Action":"s3:*","Resource":"arn:aws:s3:::b"}`), "Invalid principal in policy"),
		tc{"iam principal message", FamilyIAM, KindTrust, stmt(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/g"},"Action":"sts:AssumeRole"}`), "MalformedPolicyDocument", `Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:group/g"`},
		tc{"kms principal message", FamilyKMS, KindResource, stmt(`{"Effect":"Allow","Principal":{"AWS":"nope"},"Action":"kms:*","Resource":"*"}`), "MalformedPolicyDocumentException", "Policy contains a statement with one or more invalid principals."},
		tc{"kms ok", FamilyKMS, KindResource, stmt(`{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}`), "", ""},
		// Sid.
		iam("iam sid chars", KindIdentity, stmt(`{"Sid":"my sid","Effect":"Allow","Action":"s3:*","Resource":"*"}`), "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"),
		s3("s3 sid with spaces", stmt(`{"Sid":"my sid","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`), ""),
		iam("duplicate sid", KindIdentity, stmt(`{"Sid":"a","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"a","Effect":"Deny","Action":"s3:*","Resource":"*"}`), "Statement IDs (SID) in a single policy must be unique."),
		iam("empty sids repeat", KindIdentity, stmt(`{"Sid":"","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"","Effect":"Deny","Action":"s3:*","Resource":"*"}`), ""),
		// S3-specific resource and action checks.
		s3("s3 resource star", stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}`), "Policy has invalid resource"),
		s3("s3 resource other service", stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:sqs:::q"}`), "Policy has invalid resource"),
		s3("s3 resource not arn", stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"b/*"}`), "Policy has invalid resource"),
		s3("s3 action other service", stmt(`{"Effect":"Allow","Principal":"*","Action":"iam:GetUser","Resource":"arn:aws:s3:::b"}`), "Policy has invalid action"),
		s3("s3 action star", stmt(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:s3:::b"}`), ""),
		// Conditions.
		iam("unknown operator", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"s3:prefix":"a"}}}`), "Invalid Condition type : StringEqualz"),
		iam("operator case", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"stringequals":{"s3:prefix":"a"}}}`), "Invalid Condition type : stringequals"),
		iam("NullIfExists", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"s3:prefix":"true"}}}`), "Invalid Condition type : NullIfExists"),
		iam("unknown key", KindIdentity, stmt(`{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceIP4":"a"}}}`), "Policy has an invalid condition key"),
		s3("s3 unknown key", stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b","Condition":{"StringEquals":{"s3:x-acl":"a"}}}`), "Policy has an invalid condition key"),
		iam("unknown variable in condition", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"${aws:bogus}"}}}`), "Policy has an invalid condition key"),
		iam("bad ip", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.300/8"}}}`), "Invalid IP address in Conditions"),
		s3("s3 bad ip", stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b","Condition":{"IpAddress":{"aws:SourceIp":"123"}}}`), "Invalid IP address in Conditions"),
		iam("bad number", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"ten"}}}`), "Syntax errors in policy."),
		iam("bad date", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"tomorrow"}}}`), "Syntax errors in policy."),
		iam("bad bool", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"yes"}}}`), "Syntax errors in policy."),
		iam("bad base64", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"BinaryEquals":{"s3:x-amz-content-sha256":"!!"}}}`), "Syntax errors in policy."),
		iam("condition value object", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"s3:prefix":{"a":1}}}}`), "Syntax errors in policy."),
		iam("condition value null", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"s3:prefix":null}}}`), "Syntax errors in policy."),
		iam("condition empty list", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"s3:prefix":[]}}}`), "Syntax errors in policy."),
		iam("condition not object", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":[]}`), "Syntax errors in policy."),
		iam("set qualifiers", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAllValues:StringLike":{"aws:TagKeys":["a*"]},"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"b"}}}`), ""),
		iam("bad qualifier", KindIdentity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForSomeValues:StringLike":{"aws:TagKeys":["a*"]}}}`), "Invalid Condition type : ForSomeValues:StringLike"),
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWith([]byte(tt.doc), tt.kind, Options{Family: tt.family})
			if tt.code == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var ae *apierr.Error
			if !errors.As(err, &ae) {
				t.Fatalf("error %v is not an *apierr.Error", err)
			}
			if ae.Code != tt.code || ae.Message != tt.message {
				t.Errorf("got %s %q, want %s %q", ae.Code, ae.Message, tt.code, tt.message)
			}
		})
	}
}

func TestParseS3Catalogue(t *testing.T) {
	cat := []KnownAction{
		{Name: "s3:GetObject", Applies: AppliesObject | AppliesAccessPointObject},
		{Name: "s3:PutObject", Applies: AppliesObject | AppliesAccessPointObject},
		{Name: "s3:ListBucket", Applies: AppliesBucket | AppliesAccessPoint},
	}
	stmt := func(action, resource string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":` + action + `,"Resource":` + resource + `}]}`
	}
	tests := []struct {
		name, doc, bucket string
		res               ResourceType
		msg               string
	}{
		{"object action on object", stmt(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`), "b", ResourceBucket, ""},
		{"object action on bucket", stmt(`"s3:PutObject"`, `"arn:aws:s3:::b"`), "b", ResourceBucket, "Action does not apply to any resource(s) in statement"},
		{"mixed resources", stmt(`["s3:GetObject","s3:ListBucket"]`, `["arn:aws:s3:::b","arn:aws:s3:::b/*"]`), "b", ResourceBucket, ""},
		{"bucket action on objects", stmt(`"s3:ListBucket"`, `"arn:aws:s3:::b/*"`), "b", ResourceBucket, "Action does not apply to any resource(s) in statement"},
		{"wildcard action", stmt(`"s3:Get*"`, `"arn:aws:s3:::b/*"`), "b", ResourceBucket, ""},
		{"unknown action", stmt(`"s3:GetWidget"`, `"arn:aws:s3:::b/*"`), "b", ResourceBucket, "Policy has invalid action"},
		{"unknown wildcard", stmt(`"s3:Frob*"`, `"arn:aws:s3:::b/*"`), "b", ResourceBucket, "Policy has invalid action"},
		{"other bucket", stmt(`"s3:GetObject"`, `"arn:aws:s3:::other/*"`), "b", ResourceBucket, "Policy has invalid resource"},
		{"bucket wildcard", stmt(`"s3:GetObject"`, `"arn:aws:s3:::*/*"`), "b", ResourceBucket, ""},
		{"bucket variable", stmt(`"s3:GetObject"`, `"arn:aws:s3:::${aws:username}/*"`), "b", ResourceBucket, ""},
		{"bucket with region", stmt(`"s3:GetObject"`, `"arn:aws:s3:us-east-1::b/*"`), "b", ResourceBucket, "Policy has invalid resource"},
		{"access point object", stmt(`"s3:GetObject"`, `"arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*"`), "", ResourceAccessPoint, ""},
		{"access point bucket action", stmt(`"s3:ListBucket"`, `"arn:aws:s3:us-east-1:111122223333:accesspoint/ap"`), "", ResourceAccessPoint, ""},
		{"access point object action on ap", stmt(`"s3:GetObject"`, `"arn:aws:s3:us-east-1:111122223333:accesspoint/ap"`), "", ResourceAccessPoint, "Action does not apply to any resource(s) in statement"},
		{"access point policy with bucket arn", stmt(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`), "", ResourceAccessPoint, "Policy has invalid resource"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWith([]byte(tt.doc), KindResource, Options{Family: FamilyS3, Resource: tt.res, Bucket: tt.bucket, Actions: cat})
			got := ""
			if err != nil {
				got = apierr.As(err).Message
			}
			if got != tt.msg {
				t.Errorf("got %q, want %q", got, tt.msg)
			}
		})
	}
}

func TestSizeLimits(t *testing.T) {
	pad := func(n int) string { return strings.Repeat("a", n) }
	big := `{"Version":"2012-10-17","Id":"` + pad(MaxBucketPolicySize) + `","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	_, err := ParseS3([]byte(big), KindResource)
	if ae := apierr.As(err); ae.Code != "PolicyTooLarge" {
		t.Errorf("bucket policy: %v", err)
	}
	// Whitespace does not count.
	spaced := strings.Replace(bucketDoc, ",", ",\n"+strings.Repeat(" ", 30000), -1)
	if _, err := ParseS3([]byte("{"+spaced[1:]), KindResource); err != nil {
		t.Errorf("whitespace counted: %v", err)
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Sid":"` + pad(MaxTrustPolicySize) + `","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}`
	_, err = ParseIAM([]byte(trust), KindTrust)
	if ae := apierr.As(err); ae.Code != "LimitExceeded" || ae.Status != 409 || ae.Message != "Cannot exceed quota for ACLSizePerRole: 2048" {
		t.Errorf("trust policy: %v", err)
	}
	managed := `{"Version":"2012-10-17","Statement":[{"Sid":"` + pad(MaxManagedPolicySize) + `","Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	if _, err := ParseIAM([]byte(managed), KindIdentity); err != nil {
		t.Errorf("identity policies have no default limit: %v", err)
	}
	_, err = ParseWith([]byte(managed), KindIdentity, Options{MaxSize: MaxManagedPolicySize})
	if ae := apierr.As(err); ae.Code != "LimitExceeded" || ae.Message != "Cannot exceed quota for PolicySize: 6144" {
		t.Errorf("managed policy: %v", err)
	}
	if got := Size([]byte("{ \"a b\" :\n [ 1 ] }")); got != 11 {
		t.Errorf("Size = %d, want 11", got)
	}
	if e := apierr.As(InlinePolicyTooLarge("user", "bob", MaxUserInlineSize)); e.Message != "Maximum policy size of 2048 bytes exceeded for user bob" || e.Code != "LimitExceeded" {
		t.Errorf("InlinePolicyTooLarge = %v", e)
	}
}

func TestPrincipalARNs(t *testing.T) {
	p, err := ParseS3([]byte(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:user/a","arn:aws:iam::111122223333:role/r"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`), KindResource)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(p.PrincipalARNs(), " ")
	if got != "arn:aws:iam::111122223333:user/a arn:aws:iam::111122223333:role/r" {
		t.Errorf("PrincipalARNs = %q", got)
	}
	if p.Version() != "2008-10-17" || p.Kind() != KindResource || p.Len() != 1 || p.StatementEffect(0) != Allow {
		t.Errorf("accessors: %q %v %d", p.Version(), p.Kind(), p.Len())
	}
}
