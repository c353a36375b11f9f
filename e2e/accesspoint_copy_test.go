package e2e

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3ctl "github.com/aws/aws-sdk-go-v2/service/s3control"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// A copy source may name an access point (alias or ARN); its source is then
// authorized through that access point. A copy whose destination goes
// through an access point does not lend the destination's access point to
// the source: a source bucket that delegates to access points stays closed
// to direct reads.
func TestCopyThroughAccessPoints(t *testing.T) {
	t.Parallel()
	c, ctl := alice(), shared.Control(harness.Alice)
	src := newBucket(t, c)
	dst := newBucket(t, c)
	put(t, c, src, "in/obj", []byte("payload"))
	deleg := func(b string) *string {
		return aws.String(fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"],"Condition":{"StringEquals":{"s3:DataAccessPointAccount":"%s"}}}]}`, b, b, harness.Alice.ID))
	}
	for _, b := range []string{src, dst} {
		_, err := c.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: aws.String(b), Policy: deleg(b)})
		must(t, err)
	}
	mkAP := func(bucket, grant string) *s3ctl.CreateAccessPointOutput {
		name := apName(t)
		out, err := ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: aws.String(harness.Alice.ID), Name: &name, Bucket: &bucket})
		must(t, err)
		arn := aws.ToString(out.AccessPointArn)
		pol := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":%q,"Resource":"%s/object/*"}]}`, harness.Bob.ID, grant, arn)
		_, err = ctl.PutAccessPointPolicy(ctx(t), &s3ctl.PutAccessPointPolicyInput{AccountId: aws.String(harness.Alice.ID), Name: &name, Policy: &pol})
		must(t, err)
		return out
	}
	srcAP := mkAP(src, "s3:GetObject")
	dstAP := mkAP(dst, "s3:PutObject")
	b := bob()
	// Source through its alias, destination through its alias.
	_, err := b.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: dstAP.Alias, Key: aws.String("out/1"),
		CopySource: aws.String(aws.ToString(srcAP.Alias) + "/in/obj")})
	must(t, err)
	// Source by ARN.
	_, err = b.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: dstAP.Alias, Key: aws.String("out/2"),
		CopySource: aws.String(url.PathEscape(aws.ToString(srcAP.AccessPointArn) + "/object/in/obj"))})
	must(t, err)
	if got := get(t, c, dst, "out/2"); string(got) != "payload" {
		t.Fatalf("copied through ARN: %q", got)
	}
	// The source named directly: bob's read of the source bucket is not
	// granted (its policy only delegates to access points), even though the
	// destination is reached through one.
	_, err = b.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: dstAP.Alias, Key: aws.String("out/3"),
		CopySource: aws.String(src + "/in/obj")})
	wantErr(t, err, "AccessDenied", 403)
}
