package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// Configurations Coffer cannot hold read as never set, each authorized as
// its own IAM action; setting one is NotImplemented.
func TestUnconfigurableBucketConfigurations(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	in := func() *string { return aws.String(b) }

	_, err := c.GetBucketLifecycleConfiguration(ctx(t), &s3.GetBucketLifecycleConfigurationInput{Bucket: in()})
	wantErr(t, err, "NoSuchLifecycleConfiguration", 404)
	_, err = c.GetBucketWebsite(ctx(t), &s3.GetBucketWebsiteInput{Bucket: in()})
	wantErr(t, err, "NoSuchWebsiteConfiguration", 404)
	_, err = c.GetBucketReplication(ctx(t), &s3.GetBucketReplicationInput{Bucket: in()})
	wantErr(t, err, "ReplicationConfigurationNotFoundError", 404)
	_, err = c.GetObjectLockConfiguration(ctx(t), &s3.GetObjectLockConfigurationInput{Bucket: in()})
	wantErr(t, err, "ObjectLockConfigurationNotFoundError", 404)

	logging, err := c.GetBucketLogging(ctx(t), &s3.GetBucketLoggingInput{Bucket: in()})
	must(t, err)
	if logging.LoggingEnabled != nil {
		t.Fatalf("logging: %+v", logging.LoggingEnabled)
	}
	pay, err := c.GetBucketRequestPayment(ctx(t), &s3.GetBucketRequestPaymentInput{Bucket: in()})
	must(t, err)
	if pay.Payer != types.PayerBucketOwner {
		t.Fatalf("payer %q", pay.Payer)
	}
	acc, err := c.GetBucketAccelerateConfiguration(ctx(t), &s3.GetBucketAccelerateConfigurationInput{Bucket: in()})
	must(t, err)
	if acc.Status != "" {
		t.Fatalf("accelerate %q", acc.Status)
	}
	n, err := c.GetBucketNotificationConfiguration(ctx(t), &s3.GetBucketNotificationConfigurationInput{Bucket: in()})
	must(t, err)
	if len(n.QueueConfigurations)+len(n.TopicConfigurations)+len(n.LambdaFunctionConfigurations) != 0 {
		t.Fatalf("notifications: %+v", n)
	}

	// Another account is refused before anything is answered.
	_, err = bob().GetBucketLogging(ctx(t), &s3.GetBucketLoggingInput{Bucket: in()})
	wantErr(t, err, "AccessDenied", 403)
	_, err = bob().GetBucketLifecycleConfiguration(ctx(t), &s3.GetBucketLifecycleConfigurationInput{Bucket: in()})
	wantErr(t, err, "AccessDenied", 403)

	_, err = c.PutBucketRequestPayment(ctx(t), &s3.PutBucketRequestPaymentInput{Bucket: in(),
		RequestPaymentConfiguration: &types.RequestPaymentConfiguration{Payer: types.PayerRequester}})
	wantErr(t, err, "NotImplemented", 501)
	_, err = c.DeleteBucketLifecycle(ctx(t), &s3.DeleteBucketLifecycleInput{Bucket: in()})
	wantErr(t, err, "NotImplemented", 501)
}

// An operation Coffer does not serve is refused only once the caller is
// known: anonymous callers get AccessDenied and bad signatures their
// authentication error, as for any other operation.
func TestUnservedOperationsAuthenticateFirst(t *testing.T) {
	t.Parallel()
	b := newBucket(t, alice())
	body := []byte(`<LifecycleConfiguration/>`)
	cases := []struct {
		name   string
		req    rawReq
		status int
		code   string
	}{
		{"anonymous", rawReq{Method: "PUT", Path: "/" + b, Query: "lifecycle", Body: body}, 403, "AccessDenied"},
		{"bad signature", rawReq{Method: "PUT", Path: "/" + b, Query: "lifecycle", Body: body, Account: &harness.Account{
			AccessKey: harness.Alice.AccessKey, SecretKey: "wrong"}}, 403, "SignatureDoesNotMatch"},
		{"signed", rawReq{Method: "PUT", Path: "/" + b, Query: "lifecycle", Body: body, Account: &harness.Alice}, 501, "NotImplemented"},
		{"signed, wrong method", rawReq{Method: "PATCH", Path: "/" + b + "/k", Account: &harness.Alice}, 405, "MethodNotAllowed"},
		{"anonymous, wrong method", rawReq{Method: "PATCH", Path: "/" + b + "/k"}, 403, "AccessDenied"},
	}
	for _, tc := range cases {
		if r := tc.req.do(t); r.Status != tc.status || r.Code != tc.code {
			t.Errorf("%s: %d %s, want %d %s", tc.name, r.Status, r.Code, tc.status, tc.code)
		}
	}
}
