package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// TestRotateMasterKey rotates the master key offline and checks that
// identities, SSE-S3 objects (inline and blob) and SSE-KMS objects survive
// with the old key gone from the key file, without object data rewritten.
func TestRotateMasterKey(t *testing.T) {
	ts := harness.StartTLS(t, harness.Options{})
	sec := ts.TLSClient(harness.Alice, sdkDefaults)
	b := bucketName(t)
	_, err := sec.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &b})
	must(t, err)
	small, big := []byte("small object"), randBytes(21, 2<<20)
	put(t, sec, b, "small", small)
	put(t, sec, b, "big", big)
	keyID := kmsOK(t, ts, harness.Alice, "CreateKey", nil)["KeyMetadata"].(map[string]any)["KeyId"].(string)
	put(t, sec, b, "kms", big[:100000], func(in *s3.PutObjectInput) {
		in.ServerSideEncryption, in.SSEKMSKeyId = types.ServerSideEncryptionAwsKms, aws.String(keyID)
	})
	blobsBefore := map[string][]byte{}
	for f := range blobFiles(t, ts.DataDir) {
		raw, _ := os.ReadFile(f)
		blobsBefore[f] = raw
	}
	keyFile := filepath.Join(ts.DataDir, "..", filepath.Base(ts.DataDir)+"-master.key")
	before, err := os.ReadFile(keyFile)
	must(t, err)

	ts.Stop()
	out, err := exec.Command(harness.Binary(t), "admin", "rotate-master-key", "--data-dir", ts.DataDir, "--master-key-file", keyFile).CombinedOutput()
	if err != nil {
		t.Fatalf("rotate-master-key: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "old keys removed") {
		t.Fatalf("rotation kept old keys:\n%s", out)
	}
	after, err := os.ReadFile(keyFile)
	must(t, err)
	oldKey := strings.Split(strings.TrimSpace(string(before)), "\n")[1]
	if bytes.Contains(after, []byte(oldKey)) || len(strings.Split(strings.TrimSpace(string(after)), "\n")) != 2 {
		t.Fatalf("key file after rotation:\n%s", after)
	}
	for f, raw := range blobsBefore {
		now, err := os.ReadFile(f)
		if err != nil || !bytes.Equal(now, raw) {
			t.Fatalf("object data rewritten by rotation: %s", f)
		}
	}
	ts.Restart()
	if !bytes.Equal(get(t, sec, b, "small"), small) || !bytes.Equal(get(t, sec, b, "big"), big) ||
		!bytes.Equal(get(t, sec, b, "kms"), big[:100000]) {
		t.Fatal("objects unreadable after master key rotation")
	}
	put(t, sec, b, "new", small)
	if !bytes.Equal(get(t, sec, b, "new"), small) {
		t.Fatal("new object after rotation")
	}
}
