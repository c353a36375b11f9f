package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

func stsClient(key, secret, token string) *awssts.Client {
	return awssts.NewFromConfig(aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider(key, secret, token),
		HTTPClient:  &http.Client{},
	}, func(o *awssts.Options) {
		o.BaseEndpoint = aws.String(shared.URL)
		o.RetryMaxAttempts = 1
	})
}

func s3With(key, secret, token string) *s3.Client {
	return shared.Client(harness.Account{AccessKey: key, SecretKey: secret}, sdkDefaults, func(o *s3.Options) {
		o.Credentials = credentials.NewStaticCredentialsProvider(key, secret, token)
	})
}

func TestSTSGetCallerIdentityAndSessionToken(t *testing.T) {
	t.Parallel()
	st := stsClient(harness.Alice.AccessKey, harness.Alice.SecretKey, "")
	id, err := st.GetCallerIdentity(ctx(t), &awssts.GetCallerIdentityInput{})
	must(t, err)
	if aws.ToString(id.Account) != harness.Alice.ID || aws.ToString(id.Arn) != "arn:aws:iam::"+harness.Alice.ID+":root" {
		t.Fatalf("caller identity: %s %s", aws.ToString(id.Account), aws.ToString(id.Arn))
	}
	// The root user may ask for at most an hour.
	_, err = st.GetSessionToken(ctx(t), &awssts.GetSessionTokenInput{DurationSeconds: aws.Int32(7200)})
	wantErr(t, err, "ValidationError", 400)
	tok, err := st.GetSessionToken(ctx(t), &awssts.GetSessionTokenInput{DurationSeconds: aws.Int32(900)})
	must(t, err)
	c := tok.Credentials
	if !strings.HasPrefix(aws.ToString(c.AccessKeyId), "ASIA") || aws.ToString(c.SessionToken) == "" {
		t.Fatalf("temporary credentials: %+v", c)
	}
	bucket := newBucket(t, alice())
	tc := s3With(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
	put(t, tc, bucket, "k", []byte("via session"))
	// Tampered token, wrong key for the token, missing token.
	bad := s3With(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken)+"x")
	_, err = bad.HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: &bucket})
	if err == nil {
		t.Fatal("tampered session token accepted")
	}
	_, err = s3With(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), "").ListBuckets(ctx(t), &s3.ListBucketsInput{})
	wantErr(t, err, "InvalidAccessKeyId", 403)
	_, err = s3With(harness.Alice.AccessKey, aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken)).ListBuckets(ctx(t), &s3.ListBucketsInput{})
	wantErr(t, err, "InvalidToken", 400)
	// Session credentials cannot mint more session tokens.
	_, err = stsClient(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken)).
		GetSessionToken(ctx(t), &awssts.GetSessionTokenInput{})
	wantErr(t, err, "AccessDenied", 403)
}

// AssumeRole with an ExternalId condition and a session policy that narrows
// the role's permissions; the session acts as the role.
func TestSTSAssumeRole(t *testing.T) {
	t.Parallel()
	iamc := iamSDK(harness.Alice)
	bucket := newBucket(t, alice())
	put(t, alice(), bucket, "public/a.txt", []byte("a"))
	put(t, alice(), bucket, "private/b.txt", []byte("b"))
	role := iamName("reader")
	trust := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext-123"}}}]}`, harness.Bob.ID)
	cr, err := iamc.CreateRole(ctx(t), &awsiam.CreateRoleInput{RoleName: &role, AssumeRolePolicyDocument: &trust})
	must(t, err)
	roleARN := aws.ToString(cr.Role.Arn)
	_, err = iamc.PutRolePolicy(ctx(t), &awsiam.PutRolePolicyInput{RoleName: &role, PolicyName: aws.String("read"),
		PolicyDocument: aws.String(fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"]}]}`, bucket, bucket))})
	must(t, err)

	bobSTS := stsClient(harness.Bob.AccessKey, harness.Bob.SecretKey, "")
	// Without or with a wrong ExternalId: denied.
	_, err = bobSTS.AssumeRole(ctx(t), &awssts.AssumeRoleInput{RoleArn: &roleARN, RoleSessionName: aws.String("s1")})
	wantErr(t, err, "AccessDenied", 403)
	_, err = bobSTS.AssumeRole(ctx(t), &awssts.AssumeRoleInput{RoleArn: &roleARN, RoleSessionName: aws.String("s1"), ExternalId: aws.String("nope")})
	wantErr(t, err, "AccessDenied", 403)
	// Alice's own root is not trusted by this role.
	_, err = stsClient(harness.Alice.AccessKey, harness.Alice.SecretKey, "").AssumeRole(ctx(t), &awssts.AssumeRoleInput{RoleArn: &roleARN, RoleSessionName: aws.String("s1"), ExternalId: aws.String("ext-123")})
	wantErr(t, err, "AccessDenied", 403)
	// Durations outside 900..MaxSessionDuration.
	_, err = bobSTS.AssumeRole(ctx(t), &awssts.AssumeRoleInput{RoleArn: &roleARN, RoleSessionName: aws.String("s1"), ExternalId: aws.String("ext-123"), DurationSeconds: aws.Int32(7200)})
	wantErr(t, err, "ValidationError", 400)

	out, err := bobSTS.AssumeRole(ctx(t), &awssts.AssumeRoleInput{RoleArn: &roleARN, RoleSessionName: aws.String("bob-session"), ExternalId: aws.String("ext-123")})
	must(t, err)
	wantARN := "arn:aws:sts::" + harness.Alice.ID + ":assumed-role/" + role + "/bob-session"
	if aws.ToString(out.AssumedRoleUser.Arn) != wantARN || !strings.HasSuffix(aws.ToString(out.AssumedRoleUser.AssumedRoleId), ":bob-session") {
		t.Fatalf("assumed role user: %+v", out.AssumedRoleUser)
	}
	c := out.Credentials
	sess := s3With(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
	if got := get(t, sess, bucket, "private/b.txt"); string(got) != "b" {
		t.Fatal("role session cannot read")
	}
	_, err = sess.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &bucket, Key: aws.String("x"), Body: strings.NewReader("x")})
	wantErr(t, err, "AccessDenied", 403)
	who, err := stsClient(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken)).GetCallerIdentity(ctx(t), &awssts.GetCallerIdentityInput{})
	must(t, err)
	if aws.ToString(who.Arn) != wantARN || aws.ToString(who.Account) != harness.Alice.ID {
		t.Fatalf("session identity: %s", aws.ToString(who.Arn))
	}

	// A session policy narrows the session to public/*.
	narrow := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/public/*"}]}`, bucket)
	out, err = bobSTS.AssumeRole(ctx(t), &awssts.AssumeRoleInput{RoleArn: &roleARN, RoleSessionName: aws.String("narrow"), ExternalId: aws.String("ext-123"), Policy: &narrow})
	must(t, err)
	if out.PackedPolicySize == nil || *out.PackedPolicySize <= 0 {
		t.Fatalf("PackedPolicySize %v", out.PackedPolicySize)
	}
	c = out.Credentials
	ns := s3With(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
	if got := get(t, ns, bucket, "public/a.txt"); string(got) != "a" {
		t.Fatal("narrowed session cannot read public/")
	}
	_, err = ns.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &bucket, Key: aws.String("private/b.txt")})
	wantErr(t, err, "AccessDenied", 403)
	// A managed policy ARN as session policy narrows the same way.
	_, err = bobSTS.AssumeRole(ctx(t), &awssts.AssumeRoleInput{RoleArn: &roleARN, RoleSessionName: aws.String("managed"), ExternalId: aws.String("ext-123"),
		PolicyArns: []ststypes.PolicyDescriptorType{{Arn: aws.String("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")}}})
	must(t, err)

	// Deleting the role's policy takes the session's permission away at once.
	_, err = iamc.DeleteRolePolicy(ctx(t), &awsiam.DeleteRolePolicyInput{RoleName: &role, PolicyName: aws.String("read")})
	must(t, err)
	_, err = sess.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &bucket, Key: aws.String("private/b.txt")})
	wantErr(t, err, "AccessDenied", 403)
}
