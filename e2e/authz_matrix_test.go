package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	s3ctl "github.com/aws/aws-sdk-go-v2/service/s3control"
	ctltypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// The evaluation rules of issue #3 that need a bucket policy and IAM users
// of two accounts: within one account a bucket policy grant alone is
// enough; across accounts both the caller's identity policy and the
// bucket policy must allow.
func TestBucketPolicyGrantSameAndCrossAccount(t *testing.T) {
	t.Parallel()
	bucket := newBucket(t, alice())
	put(t, alice(), bucket, "shared/doc", []byte("doc"))

	// Alice's own user, with no identity policy at all.
	local := newIAMUser(t, iamSDK(harness.Alice), iamName("bp-local"))
	// Bob's user, with no identity policy yet.
	remoteName := iamName("bp-remote")
	remote := newIAMUser(t, iamSDK(harness.Bob), remoteName)
	remote.ID = harness.Bob.ID
	localARN := "arn:aws:iam::" + harness.Alice.ID + ":user/" + local.Name
	remoteARN := "arn:aws:iam::" + harness.Bob.ID + ":user/" + remoteName
	doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":[%q,%q]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/shared/*"}]}`,
		localARN, remoteARN, bucket)
	_, err := alice().PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &bucket, Policy: &doc})
	must(t, err)

	lc := shared.Client(local, sdkDefaults)
	allowed(t, "same-account user granted only by the bucket policy", s3Get(t, lc, bucket, "shared/doc"))
	denied(t, "same-account user outside the granted prefix", s3Get(t, lc, bucket, "other"))

	rc := shared.Client(remote, sdkDefaults)
	err = s3Get(t, rc, bucket, "shared/doc")
	denied(t, "cross-account user with only the bucket policy's grant", err)
	if strings.Contains(errMsg(err), "because") {
		t.Fatalf("a caller of another account saw the detailed denial: %s", errMsg(err))
	}
	putUserPolicy(t, iamSDK(harness.Bob), remoteName, "read-alice", objectPolicy("Allow", "s3:GetObject", "arn:aws:s3:::"+bucket+"/*"))
	allowed(t, "cross-account user with both grants", s3Get(t, rc, bucket, "shared/doc"))
	// Bob's own grant alone, for a key the bucket policy does not cover.
	put(t, alice(), bucket, "private", []byte("p"))
	denied(t, "cross-account user with only the identity grant", s3Get(t, rc, bucket, "private"))
}

// s3:prefix on listing, and the 403-versus-404 rule for missing keys.
func TestListPrefixConditionAndMissingKeys(t *testing.T) {
	t.Parallel()
	bucket := newBucket(t, alice())
	put(t, alice(), bucket, "pub/a", []byte("a"))
	put(t, alice(), bucket, "priv/b", []byte("b"))
	c := iamSDK(harness.Alice)
	u := newIAMUser(t, c, iamName("lister"))
	putUserPolicy(t, c, u.Name, "list-pub", fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::%s","Condition":{"StringLike":{"s3:prefix":["pub/*"]}}},
		{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/*"}]}`, bucket, bucket))
	uc := shared.Client(u, sdkDefaults)
	out, err := uc.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &bucket, Prefix: aws.String("pub/")})
	must(t, err)
	if len(out.Contents) != 1 || aws.ToString(out.Contents[0].Key) != "pub/a" {
		t.Fatalf("listing pub/: %+v", out.Contents)
	}
	_, err = uc.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &bucket, Prefix: aws.String("priv/")})
	denied(t, "listing another prefix", err)
	_, err = uc.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &bucket})
	denied(t, "listing without a prefix", err)

	// The user may list pub/ only, so a missing key under pub/ ... is still
	// a 403: ListBucket is checked on the bucket without the key's prefix.
	// A user allowed ListBucket outright sees 404.
	_, err = uc.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &bucket, Key: aws.String("pub/missing")})
	if httpStatus(err) != 403 {
		t.Fatalf("missing key without s3:ListBucket: %v", err)
	}
	_, err = uc.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &bucket, Key: aws.String("pub/missing")})
	wantErr(t, err, "AccessDenied", 403)
	putUserPolicy(t, c, u.Name, "list-all", objectPolicy("Allow", "s3:ListBucket", "arn:aws:s3:::"+bucket))
	_, err = uc.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &bucket, Key: aws.String("pub/missing")})
	wantErr(t, err, "NoSuchKey", 404)
	_, err = uc.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &bucket, Key: aws.String("pub/missing")})
	if httpStatus(err) != 404 {
		t.Fatalf("missing key with s3:ListBucket: %v", err)
	}
}

// An access point's own RestrictPublicBuckets cuts a public access point
// policy's grants to anonymous callers; without it they get in.
func TestAccessPointRestrictPublicBuckets(t *testing.T) {
	t.Parallel()
	c, ctl := alice(), shared.Control(harness.Alice)
	bucket := newBucket(t, c)
	put(t, c, bucket, "k", []byte("v"))
	// The bucket delegates to the account's access points.
	deleg := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/*","Condition":{"StringEquals":{"s3:DataAccessPointAccount":"%s"}}}]}`, bucket, harness.Alice.ID)
	_, err := c.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &bucket, Policy: &deleg})
	must(t, err)
	// The bucket's own Block Public Access stays as created except
	// RestrictPublicBuckets, so only the access point's setting differs.
	_, err = c.PutPublicAccessBlock(ctx(t), &s3.PutPublicAccessBlockInput{Bucket: &bucket, PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
		BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), RestrictPublicBuckets: aws.Bool(false)}})
	must(t, err)
	anonStatus := func(alias string) int {
		resp, err := http.Get(shared.URL + "/" + alias + "/k")
		must(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, restrict := range []bool{true, false} {
		name := apName(t)
		out, err := ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: aws.String(harness.Alice.ID), Name: &name, Bucket: &bucket,
			PublicAccessBlockConfiguration: &ctltypes.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true),
				BlockPublicPolicy: aws.Bool(false), RestrictPublicBuckets: aws.Bool(restrict)}})
		must(t, err)
		pol := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"%s/object/*"}]}`, aws.ToString(out.AccessPointArn))
		_, err = ctl.PutAccessPointPolicy(ctx(t), &s3ctl.PutAccessPointPolicyInput{AccountId: aws.String(harness.Alice.ID), Name: &name, Policy: &pol})
		must(t, err)
		want := 200
		if restrict {
			want = 403
		}
		if got := anonStatus(aws.ToString(out.Alias)); got != want {
			t.Fatalf("RestrictPublicBuckets=%v: anonymous GET through the public access point = %d, want %d", restrict, got, want)
		}
	}
}
