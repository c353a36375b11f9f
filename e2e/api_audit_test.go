package e2e

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// IAM, STS and KMS calls leave one audit record each, allowed or denied,
// naming the caller; secrets in requests and answers never reach the log.
func TestQueryAPICallsAreAudited(t *testing.T) {
	t.Parallel()
	log := filepath.Join(t.TempDir(), "audit.log")
	srv := harness.StartTLS(t, harness.Options{Args: []string{"--audit-log", log}})
	client := func(a harness.Account) *awsiam.Client { return iamAt(srv.URL, a) }
	root := client(harness.Alice)
	name := "audited"
	_, err := root.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: &name})
	must(t, err)
	k, err := root.CreateAccessKey(ctx(t), &awsiam.CreateAccessKeyInput{UserName: &name})
	must(t, err)
	user := harness.Account{ID: harness.Alice.ID, Name: name, AccessKey: aws.ToString(k.AccessKey.AccessKeyId), SecretKey: aws.ToString(k.AccessKey.SecretAccessKey)}
	// A user without policies is denied.
	_, err = client(user).ListUsers(ctx(t), &awsiam.ListUsersInput{})
	wantErr(t, err, "AccessDenied", 403)
	sts := awssts.NewFromConfig(aws.Config{Region: "us-east-1", HTTPClient: &http.Client{},
		Credentials: credentials.NewStaticCredentialsProvider(user.AccessKey, user.SecretKey, "")},
		func(o *awssts.Options) { o.BaseEndpoint, o.RetryMaxAttempts = aws.String(srv.URL), 1 })
	_, err = sts.GetCallerIdentity(ctx(t), &awssts.GetCallerIdentityInput{})
	must(t, err)
	key := kmsOK(t, srv, harness.Alice, "CreateKey", map[string]any{})["KeyMetadata"].(map[string]any)["KeyId"]
	const plain = "c2VjcmV0LXBsYWludGV4dA==" // "secret-plaintext"
	ct := kmsOK(t, srv, harness.Alice, "Encrypt", map[string]any{"KeyId": key, "Plaintext": plain})["CiphertextBlob"].(string)
	kmsErr(t, srv, user, "ListKeys", map[string]any{}, "AccessDeniedException")

	raw, err := os.ReadFile(log)
	must(t, err)
	for _, secret := range []string{user.SecretKey, plain, ct} {
		if strings.Contains(string(raw), secret) {
			t.Fatalf("the audit log holds a secret: %s", secret)
		}
	}
	got := map[string]map[string]any{}
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var rec map[string]any
		must(t, json.Unmarshal([]byte(line), &rec))
		if src := rec["eventSource"]; src == "iam" || src == "sts" || src == "kms" {
			got[rec["eventName"].(string)] = rec
		}
	}
	want := []struct{ op, decision, principal, code string }{
		{"CreateUser", "Allow", "arn:aws:iam::" + harness.Alice.ID + ":root", ""},
		{"CreateAccessKey", "Allow", "arn:aws:iam::" + harness.Alice.ID + ":root", ""},
		{"ListUsers", "Deny", "arn:aws:iam::" + harness.Alice.ID + ":user/" + name, "AccessDenied"},
		{"GetCallerIdentity", "Allow", "arn:aws:iam::" + harness.Alice.ID + ":user/" + name, ""},
		{"Encrypt", "Allow", "arn:aws:iam::" + harness.Alice.ID + ":root", ""},
		{"ListKeys", "Deny", "arn:aws:iam::" + harness.Alice.ID + ":user/" + name, "AccessDenied"},
	}
	for _, w := range want {
		rec := got[w.op]
		if rec == nil {
			t.Fatalf("no audit record for %s:\n%s", w.op, raw)
		}
		code, _ := rec["errorCode"].(string)
		if rec["decision"] != w.decision || rec["principal"] != w.principal || code != w.code || rec["sourceIPAddress"] != "127.0.0.1" {
			t.Errorf("%s audit record: %v", w.op, rec)
		}
	}
}
