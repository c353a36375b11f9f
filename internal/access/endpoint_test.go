package access

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
)

type noIdentities struct{}

func (noIdentities) PolicySet(context.Context, *iam.Principal) (*iam.PolicySet, error) {
	return nil, nil
}

func TestRequestKeysThroughEndpoint(t *testing.T) {
	ep := NewEndpoint("vpce-0123456789abcdef0", "vpc-0a1b2c3d", "111111111111", nil)
	cases := []struct {
		name string
		ep   *Endpoint
		want map[string]string // "" means absent
	}{
		{"public", nil, map[string]string{"aws:SourceIp": "127.0.10.5", "aws:SourceVpce": "", "aws:SourceVpc": "", "aws:VpcSourceIp": ""}},
		{"endpoint", ep, map[string]string{"aws:SourceIp": "", "aws:SourceVpce": ep.ID, "aws:SourceVpc": ep.VPC, "aws:VpcSourceIp": "127.0.10.5"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/b/k", nil)
			r.RemoteAddr = "127.0.10.5:4242"
			r = r.WithContext(WithEndpoint(r.Context(), tc.ep))
			pc := policy.NewContext()
			SetRequestKeys(pc, r, time.Unix(1700000000, 0), "us-east-1")
			for k, want := range tc.want {
				got, ok := pc.Get(k)
				if want == "" && ok {
					t.Errorf("%s is set (%q)", k, got)
				}
				if want != "" && got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
	if EndpointFrom(context.Background()) != nil || WithEndpoint(context.Background(), nil) != context.Background() {
		t.Fatal("no endpoint expected")
	}
}

func TestEndpointGate(t *testing.T) {
	only := func(doc string) *policy.Policy {
		p, err := policy.Parse([]byte(doc), policy.KindEndpoint)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	onlyA := only(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::a","arn:aws:s3:::a/*"]}]}`)
	denyDelete := only(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}`)
	root := &iam.Principal{Principal: policy.Principal{Type: policy.Root, Account: "111111111111", ARN: "arn:aws:iam::111111111111:root"}}
	bucket := func(name string) *meta.Bucket { return &meta.Bucket{Name: name, Owner: "111111111111"} }
	az := New(Options{IAM: noIdentities{}})
	cases := []struct {
		name     string
		ep       *Endpoint
		action   string
		resource string
		bucket   string
		allowed  bool
		decided  authz.PolicyType
	}{
		{"public", nil, "s3:GetObject", "arn:aws:s3:::b/k", "b", true, authz.TypeRoot},
		{"full access endpoint", NewEndpoint("vpce-0123456789abcdef0", "vpc-0a1b2c3d", "111111111111", nil), "s3:GetObject", "arn:aws:s3:::b/k", "b", true, authz.TypeRoot},
		{"policy allows the bucket", NewEndpoint("vpce-0123456789abcdef0", "vpc-0a1b2c3d", "111111111111", onlyA), "s3:GetObject", "arn:aws:s3:::a/k", "a", true, authz.TypeRoot},
		{"policy omits the bucket", NewEndpoint("vpce-0123456789abcdef0", "vpc-0a1b2c3d", "111111111111", onlyA), "s3:GetObject", "arn:aws:s3:::b/k", "b", false, authz.TypeEndpoint},
		{"policy denies", NewEndpoint("vpce-0123456789abcdef0", "vpc-0a1b2c3d", "111111111111", denyDelete), "s3:DeleteObject", "arn:aws:s3:::b/k", "b", false, authz.TypeEndpoint},
		{"root bucket-policy recovery still gated", NewEndpoint("vpce-0123456789abcdef0", "vpc-0a1b2c3d", "111111111111", onlyA), "s3:PutBucketPolicy", "arn:aws:s3:::b", "b", false, authz.TypeEndpoint},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := az.Decide(context.Background(), &Request{Principal: root, Action: tc.action, Resource: tc.resource,
				Owner: "111111111111", Bucket: bucket(tc.bucket), Endpoint: tc.ep, Context: policy.NewContext()})
			if err != nil {
				t.Fatal(err)
			}
			if d.Allowed != tc.allowed || d.PolicyType != tc.decided {
				t.Fatalf("allowed=%v by %v, want %v by %v", d.Allowed, d.PolicyType, tc.allowed, tc.decided)
			}
		})
	}
}
