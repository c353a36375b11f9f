package arn

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    ARN
		wantErr bool
	}{
		{in: "arn:aws:s3:::bucket", want: ARN{"aws", "s3", "", "", "bucket"}},
		{in: "arn:aws:s3:::bucket/a/b:c", want: ARN{"aws", "s3", "", "", "bucket/a/b:c"}},
		{in: "arn:aws:iam::123456789012:user/div/alice", want: ARN{"aws", "iam", "", "123456789012", "user/div/alice"}},
		{in: "arn:aws:kms:us-east-1:123456789012:key/abc", want: ARN{"aws", "kms", "us-east-1", "123456789012", "key/abc"}},
		{in: "arn:aws-cn:s3:::b", want: ARN{"aws-cn", "s3", "", "", "b"}},
		{in: "arn:aws:s3:::", wantErr: true},
		{in: "arn::s3:::b", wantErr: true},
		{in: "arn:aws::::b", wantErr: true},
		{in: "arx:aws:s3:::b", wantErr: true},
		{in: "arn:aws:s3::b", wantErr: true},
		{in: "", wantErr: true},
		{in: "*", wantErr: true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if tt.wantErr {
			if err == nil || !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse(%q) = %+v, %v; want ErrInvalid", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		if got.String() != tt.in {
			t.Errorf("String() = %q, want %q", got.String(), tt.in)
		}
	}
}

func TestBuilders(t *testing.T) {
	tests := []struct{ got, want string }{
		{Bucket("b"), "arn:aws:s3:::b"},
		{Object("b", "k/x y"), "arn:aws:s3:::b/k/x y"},
		{AccessPoint("us-east-1", "123456789012", "ap"), "arn:aws:s3:us-east-1:123456789012:accesspoint/ap"},
		{AccessPointObject("us-east-1", "123456789012", "ap", "k"), "arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/k"},
		{Root("123456789012"), "arn:aws:iam::123456789012:root"},
		{User("123456789012", "", "alice"), "arn:aws:iam::123456789012:user/alice"},
		{User("123456789012", "/div/", "alice"), "arn:aws:iam::123456789012:user/div/alice"},
		{Role("123456789012", "/", "r"), "arn:aws:iam::123456789012:role/r"},
		{Group("123456789012", "/g/", "devs"), "arn:aws:iam::123456789012:group/g/devs"},
		{Policy("aws", "/", "ReadOnlyAccess"), "arn:aws:iam::aws:policy/ReadOnlyAccess"},
		{AssumedRole("123456789012", "r", "s"), "arn:aws:sts::123456789012:assumed-role/r/s"},
		{FederatedUser("123456789012", "bob"), "arn:aws:sts::123456789012:federated-user/bob"},
		{Key("eu-west-1", "123456789012", "k1"), "arn:aws:kms:eu-west-1:123456789012:key/k1"},
		{Alias("eu-west-1", "123456789012", "alias/a"), "arn:aws:kms:eu-west-1:123456789012:alias/a"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestS3(t *testing.T) {
	tests := []struct {
		in   string
		want S3Resource
		ok   bool
	}{
		{"arn:aws:s3:::b", S3Resource{Kind: S3Bucket, Bucket: "b"}, true},
		{"arn:aws:s3:::b/k/l", S3Resource{Kind: S3Object, Bucket: "b", Key: "k/l"}, true},
		{"arn:aws:s3:::b/", S3Resource{}, false},
		{"arn:aws:s3:us-east-1:123456789012:accesspoint/ap", S3Resource{Kind: S3AccessPoint, AccessPoint: "ap"}, true},
		{"arn:aws:s3:us-east-1:123456789012:accesspoint:ap", S3Resource{Kind: S3AccessPoint, AccessPoint: "ap"}, true},
		{"arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/a/b", S3Resource{Kind: S3AccessPointObject, AccessPoint: "ap", Key: "a/b"}, true},
		{"arn:aws:s3:us-east-1:123456789012:accesspoint/ap/other/a", S3Resource{}, false},
		{"arn:aws:s3:us-east-1:12345:accesspoint/ap", S3Resource{}, false},
		{"arn:aws:s3:us-east-1:123456789012:job/1", S3Resource{}, false},
		{"arn:aws:iam::123456789012:root", S3Resource{}, false},
	}
	for _, tt := range tests {
		a, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		got, ok := a.S3()
		if ok != tt.ok || got != tt.want {
			t.Errorf("S3(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIAMSTSKMS(t *testing.T) {
	iamTests := []struct {
		in   string
		want IAMResource
		ok   bool
	}{
		{"arn:aws:iam::123456789012:root", IAMResource{Type: "root"}, true},
		{"arn:aws:iam::123456789012:user/alice", IAMResource{"user", "/", "alice"}, true},
		{"arn:aws:iam::123456789012:role/a/b/r", IAMResource{"role", "/a/b/", "r"}, true},
		{"arn:aws:iam::aws:policy/ReadOnlyAccess", IAMResource{"policy", "/", "ReadOnlyAccess"}, true},
		{"arn:aws:iam::aws:user/x", IAMResource{}, false},
		{"arn:aws:iam::123456789012:user/", IAMResource{}, false},
		{"arn:aws:iam::123456789012:user//x", IAMResource{}, false},
		{"arn:aws:iam:us-east-1:123456789012:user/x", IAMResource{}, false},
	}
	for _, tt := range iamTests {
		a, _ := Parse(tt.in)
		got, ok := a.IAM()
		if ok != tt.ok || got != tt.want {
			t.Errorf("IAM(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	stsTests := []struct {
		in   string
		want STSResource
		ok   bool
	}{
		{"arn:aws:sts::123456789012:assumed-role/r/s", STSResource{Type: "assumed-role", RoleName: "r", Session: "s"}, true},
		{"arn:aws:sts::123456789012:federated-user/bob", STSResource{Type: "federated-user", Name: "bob"}, true},
		{"arn:aws:sts::123456789012:assumed-role/r", STSResource{}, false},
		{"arn:aws:sts::123456789012:assumed-role/r/s/t", STSResource{}, false},
	}
	for _, tt := range stsTests {
		a, _ := Parse(tt.in)
		got, ok := a.STS()
		if ok != tt.ok || got != tt.want {
			t.Errorf("STS(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	kmsTests := []struct {
		in   string
		want KMSResource
		ok   bool
	}{
		{"arn:aws:kms:us-east-1:123456789012:key/1234abcd", KMSResource{"key", "1234abcd"}, true},
		{"arn:aws:kms:us-east-1:123456789012:alias/my", KMSResource{"alias", "my"}, true},
		{"arn:aws:kms::123456789012:key/x", KMSResource{}, false},
		{"arn:aws:kms:us-east-1:123456789012:grant/x", KMSResource{}, false},
	}
	for _, tt := range kmsTests {
		a, _ := Parse(tt.in)
		got, ok := a.KMS()
		if ok != tt.ok || got != tt.want {
			t.Errorf("KMS(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if a, _ := Parse("arn:aws:iam::123456789012:user/a/b"); a.ResourceType() != "user" {
		t.Errorf("ResourceType = %q", a.ResourceType())
	}
	if a, _ := Parse("arn:aws:s3:::bucket"); a.ResourceType() != "bucket" {
		t.Errorf("ResourceType = %q", a.ResourceType())
	}
}

func TestGlob(t *testing.T) {
	tests := []struct {
		p, s string
		want bool
	}{
		{"", "", true},
		{"", "a", false},
		{"*", "", true},
		{"*", "anything/at:all", true},
		{"a*", "abc", true},
		{"a*", "ba", false},
		{"*c", "abc", true},
		{"a*c", "abbbc", true},
		{"a*c", "abbbd", false},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"a?c", "aéc", true},
		{"??", "é", false},
		{"*a*b*", "xxaxxbxx", true},
		{"*a*b*", "xxbxxaxx", false},
		{"a**b", "ab", true},
		{"abc", "ABC", false},
		{"*/*", "bucket/key", true},
		{"*?", "", false},
		{"a*b*c", "aXbYbZc", true},
	}
	for _, tt := range tests {
		if got := Glob(tt.p, tt.s); got != tt.want {
			t.Errorf("Glob(%q, %q) = %v, want %v", tt.p, tt.s, got, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		p, s string
		want bool
	}{
		{"*", "arn:aws:s3:::b", true},
		{"arn:aws:s3:::b", "arn:aws:s3:::b", true},
		{"arn:aws:s3:::b", "arn:aws:s3:::B", false},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b:c", true},
		{"arn:aws:s3:::b*", "arn:aws:s3:::b/k", true},
		{"arn:aws:s3:::*", "arn:aws:s3:::b/k", true},
		{"arn:aws:s3:*:*:*", "arn:aws:s3:us-east-1:123456789012:accesspoint/x", true},
		{"arn:aws:s3:*", "arn:aws:s3:us-east-1:123456789012:accesspoint/x", false}, // not ARN-shaped
		{"b*", "bucket", true},                                                     // neither ARN-shaped: whole glob
		{"*", "anything", true},
		{"arn:aws:*:::b", "arn:aws:s3:::b", true},
		// '*' in a leading field never crosses ':'
		{"arn:*::::b", "arn:aws:s3:::b", false},
		{"arn:aws:s3:us-*:*:accesspoint/*", "arn:aws:s3:eu-west-1:123456789012:accesspoint/a", false},
		{"arn:aws:iam::123456789012:user/*", "arn:aws:iam::123456789012:user/div/alice", true},
		{"arn:aws:iam::?????????????:root", "arn:aws:iam::123456789012:root", false},
		{"arn:aws:iam::????????????:root", "arn:aws:iam::123456789012:root", true},
		{"arn:aws:s3:::b", "b", false},
	}
	for _, tt := range tests {
		if got := Match(tt.p, tt.s); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.p, tt.s, got, tt.want)
		}
		p := Compile(tt.p)
		if got := p.Match(tt.s); got != tt.want {
			t.Errorf("Compile(%q).Match(%q) = %v, want %v", tt.p, tt.s, got, tt.want)
		}
	}
}

func TestMatchDoesNotAllocate(t *testing.T) {
	p := Compile("arn:aws:s3:::bucket/home/*/x?")
	n := testing.AllocsPerRun(100, func() {
		Match("arn:aws:s3:::bucket/home/*/x?", "arn:aws:s3:::bucket/home/alice/xy")
		p.Match("arn:aws:s3:::bucket/home/alice/xy")
		_, _ = Parse("arn:aws:s3:::bucket/home/alice/xy")
	})
	if n != 0 {
		t.Fatalf("allocs = %v, want 0", n)
	}
}

func BenchmarkMatch(b *testing.B) {
	p := Compile("arn:aws:s3:::bucket/home/*")
	for b.Loop() {
		p.Match("arn:aws:s3:::bucket/home/alice/photo.jpg")
	}
}
