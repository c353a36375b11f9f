package e2e

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	s3ctl "github.com/aws/aws-sdk-go-v2/service/s3control"
	ctltypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

func publicReadPolicy(bucket string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/*"}]}`, bucket)
}

func anonGet(t *testing.T, srv *harness.Server, bucket, key string) int {
	t.Helper()
	resp, err := http.Get(srv.URL + "/" + bucket + "/" + key)
	must(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// The Block Public Access story of issue #4 on a private server, since it
// changes account-level settings: a new bucket is protected; a public policy
// is refused until the owner turns BlockPublicPolicy off; then anonymous
// reads work; an account-level RestrictPublicBuckets blocks them again.
func TestBlockPublicAccessStory(t *testing.T) {
	srv := harness.Start(t, harness.Options{})
	c := srv.Client(harness.Alice, sdkDefaults)
	ctl := srv.Control(harness.Alice)
	bucket := bucketName(t)
	_, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &bucket})
	must(t, err)
	put(t, c, bucket, "hello.txt", []byte("hello"))

	pab, err := c.GetPublicAccessBlock(ctx(t), &s3.GetPublicAccessBlockInput{Bucket: &bucket})
	must(t, err)
	cfg := pab.PublicAccessBlockConfiguration
	if !aws.ToBool(cfg.BlockPublicAcls) || !aws.ToBool(cfg.IgnorePublicAcls) || !aws.ToBool(cfg.BlockPublicPolicy) || !aws.ToBool(cfg.RestrictPublicBuckets) {
		t.Fatalf("new bucket's Block Public Access is not all on: %+v", cfg)
	}
	_, err = ctl.GetPublicAccessBlock(ctx(t), &s3ctl.GetPublicAccessBlockInput{AccountId: aws.String(harness.Alice.ID)})
	wantErr(t, err, "NoSuchPublicAccessBlockConfiguration", 404)

	_, err = c.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &bucket, Policy: aws.String(publicReadPolicy(bucket))})
	wantErr(t, err, "AccessDenied", 403)
	if st := anonGet(t, srv, bucket, "hello.txt"); st != 403 {
		t.Fatalf("anonymous GET = %d before any policy", st)
	}

	// A policy pinned to a fixed source address is not public: accepted
	// even with BlockPublicPolicy on.
	pinned := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/*","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}`, bucket)
	_, err = c.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &bucket, Policy: aws.String(pinned)})
	must(t, err)
	st, err := c.GetBucketPolicyStatus(ctx(t), &s3.GetBucketPolicyStatusInput{Bucket: &bucket})
	must(t, err)
	if aws.ToBool(st.PolicyStatus.IsPublic) {
		t.Fatal("a policy limited to 192.0.2.0/24 reported public")
	}
	if st := anonGet(t, srv, bucket, "hello.txt"); st != 403 {
		t.Fatalf("anonymous GET from 127.0.0.1 allowed by a 192.0.2.0/24 policy: %d", st)
	}

	// The owner turns BlockPublicPolicy and RestrictPublicBuckets off.
	_, err = c.PutPublicAccessBlock(ctx(t), &s3.PutPublicAccessBlockInput{Bucket: &bucket, PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{
		BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(false), RestrictPublicBuckets: aws.Bool(false)}})
	must(t, err)
	_, err = c.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &bucket, Policy: aws.String(publicReadPolicy(bucket))})
	must(t, err)
	st, err = c.GetBucketPolicyStatus(ctx(t), &s3.GetBucketPolicyStatusInput{Bucket: &bucket})
	must(t, err)
	if !aws.ToBool(st.PolicyStatus.IsPublic) {
		t.Fatal("a Principal * policy reported not public")
	}
	if st := anonGet(t, srv, bucket, "hello.txt"); st != 200 {
		t.Fatalf("anonymous GET with a public policy = %d", st)
	}
	// Another account gets in through the public grant too.
	if _, err := srv.Client(harness.Bob, sdkDefaults).GetObject(ctx(t), &s3.GetObjectInput{Bucket: &bucket, Key: aws.String("hello.txt")}); err != nil {
		t.Fatalf("bob through the public grant: %v", err)
	}

	// The account turns RestrictPublicBuckets on: the public grant now
	// serves only the owner's account.
	_, err = ctl.PutPublicAccessBlock(ctx(t), &s3ctl.PutPublicAccessBlockInput{AccountId: aws.String(harness.Alice.ID),
		PublicAccessBlockConfiguration: &ctltypes.PublicAccessBlockConfiguration{RestrictPublicBuckets: aws.Bool(true)}})
	must(t, err)
	if st := anonGet(t, srv, bucket, "hello.txt"); st != 403 {
		t.Fatalf("anonymous GET with account RestrictPublicBuckets = %d", st)
	}
	_, err = srv.Client(harness.Bob, sdkDefaults).GetObject(ctx(t), &s3.GetObjectInput{Bucket: &bucket, Key: aws.String("hello.txt")})
	wantErr(t, err, "AccessDenied", 403)
	if got := get(t, c, bucket, "hello.txt"); string(got) != "hello" {
		t.Fatal("owner lost access")
	}
	acct, err := ctl.GetPublicAccessBlock(ctx(t), &s3ctl.GetPublicAccessBlockInput{AccountId: aws.String(harness.Alice.ID)})
	must(t, err)
	if !aws.ToBool(acct.PublicAccessBlockConfiguration.RestrictPublicBuckets) || aws.ToBool(acct.PublicAccessBlockConfiguration.BlockPublicPolicy) {
		t.Fatalf("account setting: %+v", acct.PublicAccessBlockConfiguration)
	}
	// Removing the account setting restores the public grant.
	_, err = ctl.DeletePublicAccessBlock(ctx(t), &s3ctl.DeletePublicAccessBlockInput{AccountId: aws.String(harness.Alice.ID)})
	must(t, err)
	if st := anonGet(t, srv, bucket, "hello.txt"); st != 200 {
		t.Fatalf("anonymous GET after deleting the account setting = %d", st)
	}
	// Another account may not read or change Alice's account setting.
	_, err = srv.Control(harness.Bob).GetPublicAccessBlock(ctx(t), &s3ctl.GetPublicAccessBlockInput{AccountId: aws.String(harness.Alice.ID)})
	wantErr(t, err, "AccessDenied", 403)

	// Deleting the bucket's setting leaves none (not the default).
	_, err = c.DeletePublicAccessBlock(ctx(t), &s3.DeletePublicAccessBlockInput{Bucket: &bucket})
	must(t, err)
	_, err = c.GetPublicAccessBlock(ctx(t), &s3.GetPublicAccessBlockInput{Bucket: &bucket})
	wantErr(t, err, "NoSuchPublicAccessBlockConfiguration", 404)
}
