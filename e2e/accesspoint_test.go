package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3ctl "github.com/aws/aws-sdk-go-v2/service/s3control"
	ctltypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

func apName(t *testing.T) string {
	return fmt.Sprintf("ap%d", bucketSeq.Add(1))
}

func TestAccessPointLifecycle(t *testing.T) {
	t.Parallel()
	c, ctl := alice(), shared.Control(harness.Alice)
	bucket := newBucket(t, c)
	name := apName(t)
	acct := aws.String(harness.Alice.ID)
	out, err := ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: acct, Name: &name, Bucket: &bucket})
	must(t, err)
	wantARN := "arn:aws:s3:us-east-1:" + harness.Alice.ID + ":accesspoint/" + name
	if aws.ToString(out.AccessPointArn) != wantARN || !strings.HasPrefix(aws.ToString(out.Alias), name+"-") || !strings.HasSuffix(aws.ToString(out.Alias), "-s3alias") || len(aws.ToString(out.Alias)) > 63 {
		t.Fatalf("create: %s %s", aws.ToString(out.AccessPointArn), aws.ToString(out.Alias))
	}
	_, err = ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: acct, Name: &name, Bucket: &bucket})
	wantErr(t, err, "AccessPointAlreadyOwnedByYou", 409)
	_, err = ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: acct, Name: aws.String("Bad_Name"), Bucket: &bucket})
	if err == nil {
		t.Fatal("invalid access point name accepted")
	}
	_, err = ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: acct, Name: aws.String(apName(t)), Bucket: aws.String("no-such-bucket-xyz")})
	wantErr(t, err, "NoSuchBucket", 404)

	g, err := ctl.GetAccessPoint(ctx(t), &s3ctl.GetAccessPointInput{AccountId: acct, Name: &name})
	must(t, err)
	if aws.ToString(g.Bucket) != bucket || g.NetworkOrigin != ctltypes.NetworkOriginInternet || aws.ToString(g.Alias) != aws.ToString(out.Alias) ||
		!aws.ToBool(g.PublicAccessBlockConfiguration.BlockPublicPolicy) || g.CreationDate == nil {
		t.Fatalf("get: %+v", g)
	}
	second := apName(t)
	_, err = ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: acct, Name: &second, Bucket: &bucket})
	must(t, err)
	l, err := ctl.ListAccessPoints(ctx(t), &s3ctl.ListAccessPointsInput{AccountId: acct, Bucket: &bucket})
	must(t, err)
	if len(l.AccessPointList) != 2 {
		t.Fatalf("list by bucket: %d access points", len(l.AccessPointList))
	}
	page, err := ctl.ListAccessPoints(ctx(t), &s3ctl.ListAccessPointsInput{AccountId: acct, Bucket: &bucket, MaxResults: 1})
	must(t, err)
	if len(page.AccessPointList) != 1 || page.NextToken == nil {
		t.Fatalf("paged list: %d, next %v", len(page.AccessPointList), page.NextToken)
	}
	_, err = ctl.DeleteAccessPoint(ctx(t), &s3ctl.DeleteAccessPointInput{AccountId: acct, Name: &second})
	must(t, err)
	_, err = ctl.GetAccessPoint(ctx(t), &s3ctl.GetAccessPointInput{AccountId: acct, Name: &second})
	wantErr(t, err, "NoSuchAccessPoint", 404)
	// Bucket configuration calls are refused through an access point.
	_, err = c.PutBucketVersioning(ctx(t), &s3.PutBucketVersioningInput{Bucket: out.Alias})
	if err == nil {
		t.Fatal("PutBucketVersioning through an access point alias succeeded")
	}
}

// Reads through an access point's alias and ARN, allowed by the access
// point policy plus a bucket policy that delegates to the owner's access
// points, while direct bucket access stays denied.
func TestAccessPointDelegation(t *testing.T) {
	t.Parallel()
	c, ctl := alice(), shared.Control(harness.Alice)
	bucket := newBucket(t, c)
	put(t, c, bucket, "data/report.txt", []byte("quarterly"))
	name := apName(t)
	acct := aws.String(harness.Alice.ID)
	out, err := ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: acct, Name: &name, Bucket: &bucket})
	must(t, err)
	apARN := aws.ToString(out.AccessPointArn)
	// Delegation: the bucket lets access points of its own account decide.
	deleg := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"],"Condition":{"StringEquals":{"s3:DataAccessPointAccount":"%s"}}}]}`, bucket, bucket, harness.Alice.ID)
	_, err = c.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &bucket, Policy: &deleg})
	must(t, err)
	apPolicy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":["s3:GetObject","s3:ListBucket"],"Resource":["%s","%s/object/data/*"]}]}`, harness.Bob.ID, apARN, apARN)
	_, err = ctl.PutAccessPointPolicy(ctx(t), &s3ctl.PutAccessPointPolicyInput{AccountId: acct, Name: &name, Policy: &apPolicy})
	must(t, err)
	gp, err := ctl.GetAccessPointPolicy(ctx(t), &s3ctl.GetAccessPointPolicyInput{AccountId: acct, Name: &name})
	must(t, err)
	if aws.ToString(gp.Policy) != apPolicy {
		t.Fatalf("policy round trip: %s", aws.ToString(gp.Policy))
	}
	ps, err := ctl.GetAccessPointPolicyStatus(ctx(t), &s3ctl.GetAccessPointPolicyStatusInput{AccountId: acct, Name: &name})
	must(t, err)
	if ps.PolicyStatus.IsPublic {
		t.Fatal("a policy naming one account reported public")
	}

	b := bob()
	// Through the alias (path-style, a bucket name).
	if got := get(t, b, aws.ToString(out.Alias), "data/report.txt"); string(got) != "quarterly" {
		t.Fatalf("via alias: %q", got)
	}
	// Through the ARN (the SDK sends NAME-ACCOUNT.<endpoint host>).
	ba := shared.ClientAnyHost(harness.Bob)
	if got := get(t, ba, apARN, "data/report.txt"); string(got) != "quarterly" {
		t.Fatalf("via ARN: %q", got)
	}
	l, err := b.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: out.Alias})
	must(t, err)
	if len(l.Contents) != 1 {
		t.Fatalf("list via alias: %d", len(l.Contents))
	}
	// The access point policy grants only data/*: other keys are denied.
	put(t, c, bucket, "secret.txt", []byte("s"))
	_, err = b.GetObject(ctx(t), &s3.GetObjectInput{Bucket: out.Alias, Key: aws.String("secret.txt")})
	wantErr(t, err, "AccessDenied", 403)
	// Writes are not granted.
	_, err = b.PutObject(ctx(t), &s3.PutObjectInput{Bucket: out.Alias, Key: aws.String("data/x"), Body: strings.NewReader("x")})
	wantErr(t, err, "AccessDenied", 403)
	// Direct bucket access stays denied: the delegation needs an access point.
	_, err = b.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &bucket, Key: aws.String("data/report.txt")})
	wantErr(t, err, "AccessDenied", 403)
	// Without the bucket's delegation the access point policy alone is not enough.
	_, err = c.DeleteBucketPolicy(ctx(t), &s3.DeleteBucketPolicyInput{Bucket: &bucket})
	must(t, err)
	_, err = b.GetObject(ctx(t), &s3.GetObjectInput{Bucket: out.Alias, Key: aws.String("data/report.txt")})
	wantErr(t, err, "AccessDenied", 403)
	// The owner reads through its own access point (same account: its
	// identity side covers both).
	if got := get(t, c, aws.ToString(out.Alias), "data/report.txt"); string(got) != "quarterly" {
		t.Fatalf("owner via alias: %q", got)
	}
}

// An access point's own Block Public Access refuses public access point
// policies; one created with it off accepts them. A VPC-origin access point
// refuses requests from the internet.
func TestAccessPointBPAAndVPCOrigin(t *testing.T) {
	t.Parallel()
	c, ctl := alice(), shared.Control(harness.Alice)
	bucket := newBucket(t, c)
	put(t, c, bucket, "k", []byte("v"))
	acct := aws.String(harness.Alice.ID)
	public := func(apARN string) *string {
		return aws.String(fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"%s/object/*"}]}`, apARN))
	}
	locked := apName(t)
	lo, err := ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: acct, Name: &locked, Bucket: &bucket})
	must(t, err)
	_, err = ctl.PutAccessPointPolicy(ctx(t), &s3ctl.PutAccessPointPolicyInput{AccountId: acct, Name: &locked, Policy: public(aws.ToString(lo.AccessPointArn))})
	wantErr(t, err, "AccessDenied", 403)

	open := apName(t)
	oo, err := ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: acct, Name: &open, Bucket: &bucket,
		PublicAccessBlockConfiguration: &ctltypes.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(false), IgnorePublicAcls: aws.Bool(false), BlockPublicPolicy: aws.Bool(false), RestrictPublicBuckets: aws.Bool(false)}})
	must(t, err)
	_, err = ctl.PutAccessPointPolicy(ctx(t), &s3ctl.PutAccessPointPolicyInput{AccountId: acct, Name: &open, Policy: public(aws.ToString(oo.AccessPointArn))})
	must(t, err)
	ps, err := ctl.GetAccessPointPolicyStatus(ctx(t), &s3ctl.GetAccessPointPolicyStatusInput{AccountId: acct, Name: &open})
	must(t, err)
	if !ps.PolicyStatus.IsPublic {
		t.Fatal("public access point policy reported not public")
	}

	vpc := apName(t)
	vo, err := ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: acct, Name: &vpc, Bucket: &bucket,
		VpcConfiguration: &ctltypes.VpcConfiguration{VpcId: aws.String("vpc-0a1b2c3d")}})
	must(t, err)
	g, err := ctl.GetAccessPoint(ctx(t), &s3ctl.GetAccessPointInput{AccountId: acct, Name: &vpc})
	must(t, err)
	if g.NetworkOrigin != ctltypes.NetworkOriginVpc || aws.ToString(g.VpcConfiguration.VpcId) != "vpc-0a1b2c3d" {
		t.Fatalf("vpc access point: %+v", g)
	}
	// Even the owner is refused from the internet.
	_, err = c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: vo.Alias, Key: aws.String("k")})
	wantErr(t, err, "AccessDenied", 403)
}
