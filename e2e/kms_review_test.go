package e2e

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// Key policies see the real encryption context on S3 writes and reads;
// another account cannot administer a key its policy lets it use; aliases
// need the action on the alias and on the keys; KMS itself is HTTPS only;
// parts report their upload's encryption.
func TestKMSPolicyBoundaries(t *testing.T) {
	ts := harness.StartTLS(t, harness.Options{})
	sec := ts.TLSClient(harness.Alice, sdkDefaults)
	b := bucketName(t)
	_, err := sec.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &b})
	must(t, err)
	key := kmsOK(t, ts, harness.Alice, "CreateKey", map[string]any{"Description": "boundaries"})["KeyMetadata"].(map[string]any)
	keyID, keyARN := key["KeyId"].(string), key["Arn"].(string)
	// The owner may do everything; bob may use the key; nobody may make
	// data keys outside ok/ or decrypt objects under secret/.
	pol := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
		{"Sid":"Owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:*","Resource":"*"},
		{"Sid":"Bob","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:*","Resource":"*"},
		{"Sid":"OnlyOk","Effect":"Deny","Principal":"*","Action":"kms:GenerateDataKey","Resource":"*","Condition":{"StringNotLike":{"kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::%s/ok/*"}}},
		{"Sid":"NoSecret","Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringLike":{"kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::%s/ok/secret/*"}}}]}`,
		harness.Alice.ID, harness.Bob.ID, b, b)
	kmsOK(t, ts, harness.Alice, "PutKeyPolicy", map[string]any{"KeyId": keyID, "PolicyName": "default", "Policy": pol})

	kmsPut := func(key string, ctxJSON string) error {
		in := &s3.PutObjectInput{Bucket: &b, Key: aws.String(key), Body: strings.NewReader("data"),
			ServerSideEncryption: types.ServerSideEncryptionAwsKms, SSEKMSKeyId: aws.String(keyARN)}
		if ctxJSON != "" {
			in.SSEKMSEncryptionContext = aws.String(base64.StdEncoding.EncodeToString([]byte(ctxJSON)))
		}
		_, err := sec.PutObject(ctx(t), in)
		return err
	}
	must(t, kmsPut("ok/a", ""))
	wantErr(t, kmsPut("other/a", ""), "AccessDenied", 403)
	// A forged aws:s3:arn in the caller's context does not get past it.
	wantErr(t, kmsPut("other/b", fmt.Sprintf(`{"aws:s3:arn":"arn:aws:s3:::%s/ok/x"}`, b)), "AccessDenied", 403)
	// Reads are checked with the object's context.
	must(t, kmsPut("ok/secret/s", ""))
	_, err = sec.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("ok/secret/s")})
	wantErr(t, err, "AccessDenied", 403)
	out, err := sec.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("ok/a")})
	must(t, err)
	out.Body.Close()

	// Bob may use the key but not administer it: another account's key is
	// NotFound for those calls.
	kmsErr(t, ts, harness.Bob, "DisableKey", map[string]any{"KeyId": keyARN}, "NotFoundException")
	kmsErr(t, ts, harness.Bob, "PutKeyPolicy", map[string]any{"KeyId": keyARN, "PolicyName": "default", "Policy": pol}, "NotFoundException")
	kmsErr(t, ts, harness.Bob, "ScheduleKeyDeletion", map[string]any{"KeyId": keyARN}, "NotFoundException")
	kmsOK(t, ts, harness.Alice, "DescribeKey", map[string]any{"KeyId": keyID})

	// Plain HTTP is refused by the KMS API.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/", strings.NewReader("{}"))
	req.Header.Set("X-Amz-Target", "TrentService.ListKeys")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode < 400 || !strings.Contains(string(raw), "HTTPS") {
		t.Fatalf("KMS over HTTP: %d %s", resp.StatusCode, raw)
	}

	// UploadPart reports the upload's encryption.
	mp, err := sec.CreateMultipartUpload(ctx(t), &s3.CreateMultipartUploadInput{Bucket: &b, Key: aws.String("ok/mp"),
		ServerSideEncryption: types.ServerSideEncryptionAwsKms, SSEKMSKeyId: aws.String(keyARN)})
	must(t, err)
	up, err := sec.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: aws.String("ok/mp"), UploadId: mp.UploadId, PartNumber: aws.Int32(1), Body: strings.NewReader("part")})
	must(t, err)
	if up.ServerSideEncryption != types.ServerSideEncryptionAwsKms || aws.ToString(up.SSEKMSKeyId) != keyARN {
		t.Fatalf("UploadPart SSE headers: %q %q", up.ServerSideEncryption, aws.ToString(up.SSEKMSKeyId))
	}
	// Dual-layer encryption is refused, not silently single-layer.
	_, err = sec.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("ok/dsse"), Body: strings.NewReader("x"),
		ServerSideEncryption: types.ServerSideEncryptionAwsKmsDsse})
	wantErr(t, err, "NotImplemented", 501)
}
