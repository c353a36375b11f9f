package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/coffer-s3/coffer/e2e/harness"
	"github.com/coffer-s3/coffer/internal/sigv4"
)

// kmsCall sends one KMS JSON API call, signed for scope "kms", and returns
// the status and the decoded JSON answer.
func kmsCall(t testing.TB, ts *harness.TLSServer, a harness.Account, op string, in map[string]any) (int, map[string]any) {
	t.Helper()
	body, _ := json.Marshal(in)
	r, err := http.NewRequest(http.MethodPost, ts.HTTPSURL+"/", bytes.NewReader(body))
	must(t, err)
	r.Header.Set("Content-Type", "application/x-amz-json-1.1")
	r.Header.Set("X-Amz-Target", "TrentService."+op)
	sigv4.SignV4(r, a.AccessKey, a.SecretKey, "", ts.Region, "kms", sha256hex(body), time.Now())
	resp, err := ts.HTTPSClient().Do(r)
	must(t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := map[string]any{}
	json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

func kmsOK(t testing.TB, ts *harness.TLSServer, a harness.Account, op string, in map[string]any) map[string]any {
	t.Helper()
	st, out := kmsCall(t, ts, a, op, in)
	if st != 200 {
		t.Fatalf("%s: %d %v", op, st, out)
	}
	return out
}

func kmsErr(t testing.TB, ts *harness.TLSServer, a harness.Account, op string, in map[string]any, code string) {
	t.Helper()
	st, out := kmsCall(t, ts, a, op, in)
	if st != 400 || out["__type"] != code {
		t.Fatalf("%s: want 400 %s, got %d %v", op, code, st, out)
	}
}

func TestKMS(t *testing.T) {
	ts := harness.StartTLS(t, harness.Options{})
	sec := ts.TLSClient(harness.Alice, sdkDefaults)
	bobSec := ts.TLSClient(harness.Bob, sdkDefaults)
	plain := ts.Client(harness.Alice, sdkDefaults)
	b := bucketName(t)
	_, err := sec.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &b})
	must(t, err)

	key := kmsOK(t, ts, harness.Alice, "CreateKey", map[string]any{"Description": "e2e"})["KeyMetadata"].(map[string]any)
	keyID, keyARN := key["KeyId"].(string), key["Arn"].(string)
	if key["KeyState"] != "Enabled" || !strings.HasPrefix(keyARN, "arn:aws:kms:us-east-1:111111111111:key/") {
		t.Fatalf("CreateKey: %v", key)
	}

	t.Run("API", func(t *testing.T) {
		kmsOK(t, ts, harness.Alice, "CreateAlias", map[string]any{"AliasName": "alias/e2e", "TargetKeyId": keyID})
		kmsErr(t, ts, harness.Alice, "CreateAlias", map[string]any{"AliasName": "alias/e2e", "TargetKeyId": keyID}, "AlreadyExistsException")
		enc := kmsOK(t, ts, harness.Alice, "Encrypt", map[string]any{"KeyId": "alias/e2e", "Plaintext": []byte("secret"),
			"EncryptionContext": map[string]string{"app": "e2e"}})
		dec := kmsOK(t, ts, harness.Alice, "Decrypt", map[string]any{"CiphertextBlob": enc["CiphertextBlob"],
			"EncryptionContext": map[string]string{"app": "e2e"}})
		if dec["Plaintext"] != "c2VjcmV0" || dec["KeyId"] != keyARN {
			t.Fatalf("Decrypt: %v", dec)
		}
		kmsErr(t, ts, harness.Alice, "Decrypt", map[string]any{"CiphertextBlob": enc["CiphertextBlob"]}, "InvalidCiphertextException")
		kmsErr(t, ts, harness.Alice, "DescribeKey", map[string]any{"KeyId": "00000000-0000-4000-8000-000000000000"}, "NotFoundException")
		kmsErr(t, ts, harness.Bob, "DescribeKey", map[string]any{"KeyId": keyARN}, "AccessDeniedException")
		dk := kmsOK(t, ts, harness.Alice, "GenerateDataKey", map[string]any{"KeyId": keyID, "KeySpec": "AES_256"})
		if len(dk["Plaintext"].(string)) != 44 {
			t.Fatalf("GenerateDataKey: %v", dk)
		}
		pol := kmsOK(t, ts, harness.Alice, "GetKeyPolicy", map[string]any{"KeyId": keyID, "PolicyName": "default"})
		if !strings.Contains(pol["Policy"].(string), "arn:aws:iam::111111111111:root") {
			t.Fatalf("default key policy: %v", pol)
		}
	})

	data := randBytes(11, 300<<10)
	t.Run("PutGetHead", func(t *testing.T) {
		out := put(t, sec, b, "k", data, func(in *s3.PutObjectInput) {
			in.ServerSideEncryption, in.SSEKMSKeyId = types.ServerSideEncryptionAwsKms, aws.String(keyID)
		})
		if out.ServerSideEncryption != types.ServerSideEncryptionAwsKms || aws.ToString(out.SSEKMSKeyId) != keyARN {
			t.Fatalf("PUT: %q %q", out.ServerSideEncryption, aws.ToString(out.SSEKMSKeyId))
		}
		h, err := sec.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("k")})
		must(t, err)
		if aws.ToString(h.SSEKMSKeyId) != keyARN || aws.ToString(h.ETag) == `"`+md5hex(data)+`"` {
			t.Fatalf("HEAD: %q %q", aws.ToString(h.SSEKMSKeyId), aws.ToString(h.ETag))
		}
		if !bytes.Equal(get(t, sec, b, "k"), data) {
			t.Fatal("round trip")
		}
		// Over plain HTTP, SSE-KMS objects are neither written nor read.
		_, err = plain.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k")})
		wantErr(t, err, "InvalidArgument", 400)
		_, err = plain.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("h"), Body: bytes.NewReader(data[:10]),
			ServerSideEncryption: types.ServerSideEncryptionAwsKms})
		wantErr(t, err, "InvalidArgument", 400)
	})

	t.Run("CallerWithoutDecryptIsDenied", func(t *testing.T) {
		pol := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},
			"Action":"s3:GetObject","Resource":"arn:aws:s3:::` + b + `/*"}]}`
		_, err := sec.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &b, Policy: &pol})
		must(t, err)
		put(t, sec, b, "s3only", []byte("readable"))
		if string(get(t, bobSec, b, "s3only")) != "readable" {
			t.Fatal("bob cannot read an SSE-S3 object the policy grants")
		}
		_, err = bobSec.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k")})
		wantErr(t, err, "AccessDenied", 403)
	})

	t.Run("DisabledKey", func(t *testing.T) {
		kmsOK(t, ts, harness.Alice, "DisableKey", map[string]any{"KeyId": keyID})
		_, err := sec.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k")})
		wantErr(t, err, "KMS.DisabledException", 400)
		_, err = sec.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("d"), Body: bytes.NewReader(data[:10]),
			ServerSideEncryption: types.ServerSideEncryptionAwsKms, SSEKMSKeyId: aws.String(keyID)})
		wantErr(t, err, "KMS.DisabledException", 400)
		kmsOK(t, ts, harness.Alice, "EnableKey", map[string]any{"KeyId": keyID})
		if !bytes.Equal(get(t, sec, b, "k"), data) {
			t.Fatal("after re-enabling")
		}
	})

	t.Run("RotationKeepsOldObjectsReadable", func(t *testing.T) {
		kmsOK(t, ts, harness.Alice, "EnableKeyRotation", map[string]any{"KeyId": keyID})
		st := kmsOK(t, ts, harness.Alice, "GetKeyRotationStatus", map[string]any{"KeyId": keyID})
		if st["KeyRotationEnabled"] != true {
			t.Fatalf("rotation status %v", st)
		}
		kmsOK(t, ts, harness.Alice, "RotateKeyOnDemand", map[string]any{"KeyId": keyID})
		put(t, sec, b, "after", data[:1000], func(in *s3.PutObjectInput) {
			in.ServerSideEncryption, in.SSEKMSKeyId = types.ServerSideEncryptionAwsKms, aws.String(keyARN)
		})
		if !bytes.Equal(get(t, sec, b, "k"), data) || !bytes.Equal(get(t, sec, b, "after"), data[:1000]) {
			t.Fatal("objects under old and new key material")
		}
	})

	t.Run("BucketDefaultKMSWithBucketKey", func(t *testing.T) {
		b2 := bucketName(t)
		_, err := sec.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &b2})
		must(t, err)
		_, err = sec.PutBucketEncryption(ctx(t), &s3.PutBucketEncryptionInput{Bucket: &b2,
			ServerSideEncryptionConfiguration: &types.ServerSideEncryptionConfiguration{Rules: []types.ServerSideEncryptionRule{{
				ApplyServerSideEncryptionByDefault: &types.ServerSideEncryptionByDefault{SSEAlgorithm: types.ServerSideEncryptionAwsKms, KMSMasterKeyID: aws.String(keyARN)},
				BucketKeyEnabled:                   aws.Bool(true),
			}}}})
		must(t, err)
		for i := 0; i < 3; i++ {
			out := put(t, sec, b2, "o"+string(rune('a'+i)), data)
			if out.ServerSideEncryption != types.ServerSideEncryptionAwsKms || aws.ToString(out.SSEKMSKeyId) != keyARN || !aws.ToBool(out.BucketKeyEnabled) {
				t.Fatalf("default KMS PUT: %q %q %v", out.ServerSideEncryption, aws.ToString(out.SSEKMSKeyId), out.BucketKeyEnabled)
			}
		}
		if !bytes.Equal(get(t, sec, b2, "ob"), data) {
			t.Fatal("bucket-key round trip")
		}
		// Multipart under the bucket default, then copies re-encrypting it.
		up, err := sec.CreateMultipartUpload(ctx(t), &s3.CreateMultipartUploadInput{Bucket: &b2, Key: aws.String("mpu")})
		must(t, err)
		big := randBytes(12, 6<<20)
		p1, err := sec.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b2, Key: aws.String("mpu"), UploadId: up.UploadId, PartNumber: aws.Int32(1), Body: bytes.NewReader(big[:5<<20])})
		must(t, err)
		p2, err := sec.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b2, Key: aws.String("mpu"), UploadId: up.UploadId, PartNumber: aws.Int32(2), Body: bytes.NewReader(big[5<<20:])})
		must(t, err)
		co, err := sec.CompleteMultipartUpload(ctx(t), &s3.CompleteMultipartUploadInput{Bucket: &b2, Key: aws.String("mpu"), UploadId: up.UploadId,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{{PartNumber: aws.Int32(1), ETag: p1.ETag}, {PartNumber: aws.Int32(2), ETag: p2.ETag}}}})
		must(t, err)
		if co.ServerSideEncryption != types.ServerSideEncryptionAwsKms || !bytes.Equal(get(t, sec, b2, "mpu"), big) {
			t.Fatal("KMS multipart")
		}
		cp, err := sec.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b2, Key: aws.String("s3copy"), CopySource: aws.String(b2 + "/mpu"),
			ServerSideEncryption: types.ServerSideEncryptionAes256})
		must(t, err)
		if cp.ServerSideEncryption != types.ServerSideEncryptionAes256 || !bytes.Equal(get(t, sec, b2, "s3copy"), big) {
			t.Fatal("copy KMS -> SSE-S3")
		}
		// aws:kms without a key id uses the AWS managed key aws/s3.
		cp2, err := sec.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b2, Key: aws.String("managed"), CopySource: aws.String(b2 + "/s3copy"),
			ServerSideEncryption: types.ServerSideEncryptionAwsKms, BucketKeyEnabled: aws.Bool(false)})
		must(t, err)
		aliases := kmsOK(t, ts, harness.Alice, "ListAliases", nil)["Aliases"].([]any)
		var managed string
		for _, a := range aliases {
			if m := a.(map[string]any); m["AliasName"] == "alias/aws/s3" {
				managed = m["TargetKeyId"].(string)
			}
		}
		if managed == "" || !strings.HasSuffix(aws.ToString(cp2.SSEKMSKeyId), managed) {
			t.Fatalf("aws/s3 managed key: %q vs %v", aws.ToString(cp2.SSEKMSKeyId), aliases)
		}
		rg, err := sec.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b2, Key: aws.String("managed"), Range: aws.String("bytes=5242870-5242900")})
		must(t, err)
		got, _ := io.ReadAll(rg.Body)
		rg.Body.Close()
		if !bytes.Equal(got, big[5242870:5242901]) {
			t.Fatal("range of managed-key copy")
		}
	})

	t.Run("PendingDeletionKey", func(t *testing.T) {
		k2 := kmsOK(t, ts, harness.Alice, "CreateKey", nil)["KeyMetadata"].(map[string]any)["KeyId"].(string)
		put(t, sec, b, "pd", data[:100], func(in *s3.PutObjectInput) {
			in.ServerSideEncryption, in.SSEKMSKeyId = types.ServerSideEncryptionAwsKms, aws.String(k2)
		})
		kmsOK(t, ts, harness.Alice, "ScheduleKeyDeletion", map[string]any{"KeyId": k2, "PendingWindowInDays": 7})
		_, err := sec.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("pd")})
		wantErr(t, err, "KMS.KMSInvalidStateException", 400)
		kmsOK(t, ts, harness.Alice, "CancelKeyDeletion", map[string]any{"KeyId": k2})
		kmsOK(t, ts, harness.Alice, "EnableKey", map[string]any{"KeyId": k2})
		if !bytes.Equal(get(t, sec, b, "pd"), data[:100]) {
			t.Fatal("after cancelling deletion")
		}
	})
}
