package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3ctl "github.com/aws/aws-sdk-go-v2/service/s3control"
	ctltypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// GetSessionToken credentials cannot call IAM (they would mint long-term
// keys) nor STS beyond AssumeRole and GetCallerIdentity, as on AWS.
func TestSessionTokenCredentialsCannotCallIAM(t *testing.T) {
	t.Parallel()
	tok, err := stsClient(harness.Alice.AccessKey, harness.Alice.SecretKey, "").GetSessionToken(ctx(t), &awssts.GetSessionTokenInput{DurationSeconds: aws.Int32(900)})
	must(t, err)
	c := tok.Credentials
	sess := harness.Account{ID: harness.Alice.ID, AccessKey: aws.ToString(c.AccessKeyId), SecretKey: aws.ToString(c.SecretAccessKey)}
	iamc := awsiam.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(sess.AccessKey, sess.SecretKey, aws.ToString(c.SessionToken)), HTTPClient: &http.Client{}},
		func(o *awsiam.Options) { o.BaseEndpoint = aws.String(shared.URL); o.RetryMaxAttempts = 1 })
	_, err = iamc.CreateAccessKey(ctx(t), &awsiam.CreateAccessKeyInput{})
	wantErr(t, err, "InvalidClientTokenId", 403)
	_, err = stsClient(sess.AccessKey, sess.SecretKey, aws.ToString(c.SessionToken)).GetCallerIdentity(ctx(t), &awssts.GetCallerIdentityInput{})
	must(t, err)
}

// x-amz-expected-bucket-owner (and its copy-source twin) refuse a bucket
// another account owns.
func TestExpectedBucketOwner(t *testing.T) {
	t.Parallel()
	bucket := newBucket(t, alice())
	put(t, alice(), bucket, "k", []byte("v"))
	_, err := alice().GetObject(ctx(t), &s3.GetObjectInput{Bucket: &bucket, Key: aws.String("k"), ExpectedBucketOwner: aws.String(harness.Bob.ID)})
	wantErr(t, err, "AccessDenied", 403)
	_, err = alice().PutObject(ctx(t), &s3.PutObjectInput{Bucket: &bucket, Key: aws.String("k2"), Body: strings.NewReader("x"), ExpectedBucketOwner: aws.String(harness.Bob.ID)})
	wantErr(t, err, "AccessDenied", 403)
	out, err := alice().GetObject(ctx(t), &s3.GetObjectInput{Bucket: &bucket, Key: aws.String("k"), ExpectedBucketOwner: aws.String(harness.Alice.ID)})
	must(t, err)
	out.Body.Close()
	_, err = alice().CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &bucket, Key: aws.String("k3"), CopySource: aws.String(bucket + "/k"),
		ExpectedSourceBucketOwner: aws.String(harness.Bob.ID)})
	wantErr(t, err, "AccessDenied", 403)
}

// A VPC-origin access point cannot be read from the internet as a copy
// source either.
func TestCopyFromVPCAccessPointRefusedFromInternet(t *testing.T) {
	t.Parallel()
	c, ctl := alice(), shared.Control(harness.Alice)
	bucket := newBucket(t, c)
	put(t, c, bucket, "a.txt", []byte("secret"))
	name := apName(t)
	out, err := ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: aws.String(harness.Alice.ID), Name: &name, Bucket: &bucket,
		VpcConfiguration: &ctltypes.VpcConfiguration{VpcId: aws.String("vpc-0a1b2c3d")}})
	must(t, err)
	for _, src := range []string{aws.ToString(out.Alias) + "/a.txt", aws.ToString(out.AccessPointArn) + "/object/a.txt"} {
		_, err = c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &bucket, Key: aws.String("stolen"), CopySource: aws.String(src)})
		wantErr(t, err, "AccessDenied", 403)
	}
}
