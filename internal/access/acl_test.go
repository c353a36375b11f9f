package access

import (
	"context"
	"testing"

	"github.com/coffer-s3/coffer/internal/acl"
	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
)

const (
	acctA = "111111111111" // bucket owner
	acctB = "222222222222"
)

// bobUserPolicies gives bob's IAM user "reader" s3:GetObject everywhere.
type bobUserPolicies struct{ t *testing.T }

func (b bobUserPolicies) PolicySet(_ context.Context, p *iam.Principal) (*iam.PolicySet, error) {
	if p.Type != policy.IAMUser || p.Username != "reader" {
		return nil, nil
	}
	pol, err := policy.ParseIAM([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`), policy.KindIdentity)
	if err != nil {
		b.t.Fatal(err)
	}
	return &iam.PolicySet{Identity: []authz.PolicyRef{{ID: "reader", Policy: pol}}}, nil
}

func rootOf(acct string) *iam.Principal {
	return &iam.Principal{Principal: policy.Principal{Type: policy.Root, Account: acct, ARN: "arn:aws:iam::" + acct + ":root", UserID: acct}}
}

func TestACLDecisions(t *testing.T) {
	a := New(Options{IAM: bobUserPolicies{t}})
	alice, bob, anon := rootOf(acctA), rootOf(acctB), &iam.AnonymousPrincipal
	reader := &iam.Principal{Principal: policy.Principal{Type: policy.IAMUser, Account: acctB,
		ARN: "arn:aws:iam::" + acctB + ":user/reader", UserID: "AIDAREADER", Username: "reader"}}
	nobody := &iam.Principal{Principal: policy.Principal{Type: policy.IAMUser, Account: acctB,
		ARN: "arn:aws:iam::" + acctB + ":user/nobody", UserID: "AIDANOBODY", Username: "nobody"}}
	userA, userB := acl.User("canon-a", acctA), acl.User("canon-b", acctB)
	bucket := &meta.Bucket{Name: "b", Owner: acctA}
	denyBob := &meta.Bucket{Name: "b", Owner: acctA, Configs: map[string][]byte{ConfigPolicy: []byte(
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"` + acctB + `"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`)}}

	bucketACL := &acl.ACL{Grants: []acl.Grant{{Grantee: userA, Permission: acl.FullControl}, {Grantee: userB, Permission: acl.Read}}}
	publicRead, _ := acl.Canned(acl.CannedPublicRead, acl.ForObject, userA, userA)
	bobsPrivate := acl.Private(userB)
	bobsShared, _ := acl.Canned(acl.CannedBucketOwnerRead, acl.ForObject, userB, userA)

	cases := []struct {
		name   string
		who    *iam.Principal
		action string
		bucket *meta.Bucket
		in     *ACLInput
		want   bool
	}{
		{"bucket READ lets bob list", bob, "s3:ListBucket", bucket, &ACLInput{Bucket: bucketACL}, true},
		{"bucket READ does not let bob write", bob, "s3:PutObject", bucket, &ACLInput{Bucket: bucketACL}, false},
		{"default bucket ACL lets bob do nothing", bob, "s3:ListBucket", bucket, &ACLInput{Bucket: acl.Private(userA)}, false},
		{"public-read object, anonymous", anon, "s3:GetObject", bucket, &ACLInput{Bucket: acl.Private(userA), Object: &ObjectACL{Owner: acctA, ACL: publicRead}}, true},
		{"public-read object, IgnorePublicAcls", anon, "s3:GetObject", bucket, &ACLInput{Object: &ObjectACL{Owner: acctA, ACL: publicRead}, IgnorePublic: true}, false},
		{"public-read object gives no ACP", anon, "s3:GetObjectAcl", bucket, &ACLInput{Object: &ObjectACL{Owner: acctA, ACL: publicRead}}, false},
		{"bob's object: the bucket owner cannot read it", alice, "s3:GetObject", bucket, &ACLInput{Object: &ObjectACL{Owner: acctB, ACL: bobsPrivate}}, false},
		{"bob's object: nor its tags", alice, "s3:GetObjectTagging", bucket, &ACLInput{Object: &ObjectACL{Owner: acctB, ACL: bobsPrivate}}, false},
		{"bob's object: bucket-owner-read lets her", alice, "s3:GetObject", bucket, &ACLInput{Object: &ObjectACL{Owner: acctB, ACL: bobsShared}}, true},
		{"bob's object: she may still delete it", alice, "s3:DeleteObject", bucket, &ACLInput{Object: &ObjectACL{Owner: acctB, ACL: bobsPrivate}}, true},
		{"bob's object: bob reads it without a bucket policy", bob, "s3:GetObject", bucket, &ACLInput{Object: &ObjectACL{Owner: acctB, ACL: bobsPrivate}}, true},
		{"bob's object: his user with an identity policy", reader, "s3:GetObject", bucket, &ACLInput{Object: &ObjectACL{Owner: acctB, ACL: bobsPrivate}}, true},
		{"bob's object: his user without one", nobody, "s3:GetObject", bucket, &ACLInput{Object: &ObjectACL{Owner: acctB, ACL: bobsPrivate}}, false},
		{"bob's object: the bucket policy's deny wins", bob, "s3:GetObject", denyBob, &ACLInput{Object: &ObjectACL{Owner: acctB, ACL: bobsPrivate}}, false},
		{"the bucket policy's deny beats a bucket ACL grant", bob, "s3:GetObject", denyBob, &ACLInput{Object: &ObjectACL{Owner: acctA, ACL: publicRead}}, false},
		{"no ACL input: bob is denied", bob, "s3:ListBucket", bucket, nil, false},
	}
	for _, c := range cases {
		res := "arn:aws:s3:::b/k"
		if c.action == "s3:ListBucket" {
			res = "arn:aws:s3:::b"
		}
		r := &Request{Principal: c.who, Action: c.action, Resource: res, Owner: c.bucket.Owner, Bucket: c.bucket, ACL: c.in, Context: policy.NewContext()}
		d, err := a.Decide(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed != c.want {
			t.Errorf("%s: allowed = %v (%v)", c.name, d.Allowed, d.PolicyType)
		}
	}
}
