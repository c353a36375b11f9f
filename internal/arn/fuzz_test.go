package arn

import (
	"strings"
	"testing"
)

func FuzzARN(f *testing.F) {
	for _, s := range []string{
		"arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key/with:colon",
		"arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/k",
		"arn:aws:iam::123456789012:user/a/b/alice", "arn:aws:iam::123456789012:root",
		"arn:aws:sts::123456789012:assumed-role/r/s", "arn:aws:kms:eu-west-1:123456789012:alias/x",
		"arn:::::", "", "arn:aws:s3:::", "*", "arn:aws:s3:::b/*",
	} {
		f.Add(s, "arn:aws:s3:::b*")
	}
	f.Fuzz(func(t *testing.T, s, pattern string) {
		a, err := Parse(s)
		if err == nil {
			if a.String() != s {
				t.Fatalf("round trip %q -> %q", s, a.String())
			}
			a.S3()
			a.IAM()
			a.STS()
			a.KMS()
			a.ResourceType()
			// An ARN without wildcards matches itself, segment-wise and compiled.
			if !strings.ContainsAny(s, "*?") {
				if !Match(s, s) {
					t.Fatalf("Match(%q, itself) = false", s)
				}
			}
		}
		m := Match(pattern, s)
		p := Compile(pattern)
		if p.Match(s) != m {
			t.Fatalf("Compile(%q).Match(%q) = %v, Match = %v", pattern, s, !m, m)
		}
		if !Glob(s, s) && !strings.ContainsAny(s, "*?") {
			t.Fatalf("Glob(%q, itself) = false", s)
		}
		if !Glob("*", s) {
			t.Fatalf("Glob(*, %q) = false", s)
		}
	})
}
