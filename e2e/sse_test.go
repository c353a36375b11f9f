package e2e

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// sseC is an SSE-C key as the SDK sends it.
type sseC struct{ key, md5 string }

func newSSEC(seed byte) sseC {
	k := bytes.Repeat([]byte{seed}, 32)
	k[0] ^= 0x5a
	sum := md5.Sum(k)
	return sseC{base64.StdEncoding.EncodeToString(k), base64.StdEncoding.EncodeToString(sum[:])}
}

func (k sseC) put(in *s3.PutObjectInput) {
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = aws.String("AES256"), aws.String(k.key), aws.String(k.md5)
}

func (k sseC) get(in *s3.GetObjectInput) {
	in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5 = aws.String("AES256"), aws.String(k.key), aws.String(k.md5)
}

// allowSSEC unblocks SSE-C on a bucket (blocked by default).
func allowSSEC(t testing.TB, c *s3.Client, bucket string) {
	t.Helper()
	_, err := c.PutBucketEncryption(ctx(t), &s3.PutBucketEncryptionInput{Bucket: &bucket,
		ServerSideEncryptionConfiguration: &types.ServerSideEncryptionConfiguration{Rules: []types.ServerSideEncryptionRule{{
			ApplyServerSideEncryptionByDefault: &types.ServerSideEncryptionByDefault{SSEAlgorithm: types.ServerSideEncryptionAes256},
			BlockedEncryptionTypes:             &types.BlockedEncryptionTypes{EncryptionType: []types.EncryptionType{"NONE"}},
		}}}})
	must(t, err)
}

func readObj(t testing.TB, c *s3.Client, in *s3.GetObjectInput) []byte {
	t.Helper()
	out, err := c.GetObject(ctx(t), in)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	must(t, err)
	return b
}

// scanFor walks every file under dir and reports those containing marker.
func scanFor(t testing.TB, dir string, marker []byte) []string {
	t.Helper()
	var hits []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err == nil && bytes.Contains(b, marker) {
			hits = append(hits, p)
		}
		return nil
	})
	return hits
}

func TestSSE(t *testing.T) {
	ts := harness.StartTLS(t, harness.Options{})
	plain := ts.Client(harness.Alice, sdkDefaults)
	sec := ts.TLSClient(harness.Alice, sdkDefaults)
	mk := func(t *testing.T) string {
		t.Helper()
		name := bucketName(t)
		_, err := sec.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &name})
		must(t, err)
		return name
	}

	t.Run("DefaultSSES3Headers", func(t *testing.T) {
		b := mk(t)
		for i, c := range []*s3.Client{plain, sec} {
			key := "k" + strconv.Itoa(i)
			out := put(t, c, b, key, []byte("hello"))
			if out.ServerSideEncryption != types.ServerSideEncryptionAes256 {
				t.Fatalf("PUT x-amz-server-side-encryption = %q", out.ServerSideEncryption)
			}
			h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: &key})
			must(t, err)
			if h.ServerSideEncryption != types.ServerSideEncryptionAes256 || aws.ToString(h.ETag) != `"`+md5hex([]byte("hello"))+`"` {
				t.Fatalf("HEAD: %q %q", h.ServerSideEncryption, aws.ToString(h.ETag))
			}
		}
		enc, err := sec.GetBucketEncryption(ctx(t), &s3.GetBucketEncryptionInput{Bucket: &b})
		must(t, err)
		r := enc.ServerSideEncryptionConfiguration.Rules[0]
		if r.ApplyServerSideEncryptionByDefault.SSEAlgorithm != types.ServerSideEncryptionAes256 ||
			r.BlockedEncryptionTypes == nil || r.BlockedEncryptionTypes.EncryptionType[0] != "SSE-C" {
			t.Fatalf("default encryption %+v", r)
		}
	})

	t.Run("NoPlaintextOnDisk", func(t *testing.T) {
		b := mk(t)
		allowSSEC(t, sec, b)
		marker := []byte("COFFER-PLAINTEXT-MARKER-" + strconv.FormatInt(time.Now().UnixNano(), 36))
		small := append(bytes.Repeat([]byte("x"), 100), marker...)
		big := append(randBytes(1, 3<<20), marker...)
		put(t, sec, b, "inline", small)
		put(t, sec, b, "blob", big)
		put(t, sec, b, "ssec", big, newSSEC(1).put)
		put(t, sec, b, "meta-key-"+string(marker[:10]), small, func(in *s3.PutObjectInput) {
			in.Metadata = map[string]string{"m": "v"}
		})
		up, err := sec.CreateMultipartUpload(ctx(t), &s3.CreateMultipartUploadInput{Bucket: &b, Key: aws.String("mpu")})
		must(t, err)
		part := append(randBytes(2, 5<<20), marker...)
		p1, err := sec.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: aws.String("mpu"), UploadId: up.UploadId,
			PartNumber: aws.Int32(1), Body: bytes.NewReader(part)})
		must(t, err)
		// An unfinished upload's part too.
		up2, err := sec.CreateMultipartUpload(ctx(t), &s3.CreateMultipartUploadInput{Bucket: &b, Key: aws.String("open")})
		must(t, err)
		_, err = sec.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: aws.String("open"), UploadId: up2.UploadId,
			PartNumber: aws.Int32(1), Body: bytes.NewReader(small)})
		must(t, err)
		_, err = sec.CompleteMultipartUpload(ctx(t), &s3.CompleteMultipartUploadInput{Bucket: &b, Key: aws.String("mpu"), UploadId: up.UploadId,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{{PartNumber: aws.Int32(1), ETag: p1.ETag}}}})
		must(t, err)
		if !bytes.Equal(get(t, sec, b, "inline"), small) || !bytes.Equal(get(t, sec, b, "blob"), big) {
			t.Fatal("round trip")
		}
		if hits := scanFor(t, ts.DataDir, marker); len(hits) > 0 {
			t.Fatalf("plaintext marker found on disk in %v", hits)
		}
		// Again after a restart, once the metadata store has flushed.
		ts.Restart()
		if hits := scanFor(t, ts.DataDir, marker); len(hits) > 0 {
			t.Fatalf("plaintext marker found on disk after restart in %v", hits)
		}
		if !bytes.Equal(get(t, sec, b, "mpu"), part) {
			t.Fatal("multipart round trip after restart")
		}
	})

	t.Run("SSEC", func(t *testing.T) {
		b := mk(t)
		k1, k2 := newSSEC(1), newSSEC(2)
		data := randBytes(3, 200<<10)
		_, err := sec.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("x"), Body: bytes.NewReader(data),
			SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: &k1.key, SSECustomerKeyMD5: &k1.md5})
		wantErr(t, err, "AccessDenied", 403) // blocked by default
		allowSSEC(t, sec, b)
		out := put(t, sec, b, "x", data, k1.put)
		if aws.ToString(out.SSECustomerKeyMD5) != k1.md5 || aws.ToString(out.ETag) == `"`+md5hex(data)+`"` {
			t.Fatalf("PUT: md5 %q etag %q", aws.ToString(out.SSECustomerKeyMD5), aws.ToString(out.ETag))
		}
		got := readObj(t, sec, &s3.GetObjectInput{Bucket: &b, Key: aws.String("x"),
			SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: &k1.key, SSECustomerKeyMD5: &k1.md5})
		if !bytes.Equal(got, data) {
			t.Fatal("SSE-C round trip")
		}
		_, err = sec.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("x")})
		wantErr(t, err, "InvalidRequest", 400)
		_, err = sec.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("x"),
			SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: &k2.key, SSECustomerKeyMD5: &k2.md5})
		wantErr(t, err, "AccessDenied", 403)
		_, err = sec.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("x"),
			SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: &k2.key, SSECustomerKeyMD5: &k2.md5})
		wantErr(t, err, "", 403)
		// Over plain HTTP, SSE-C is refused.
		_, err = plain.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("y"), Body: bytes.NewReader(data),
			SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: &k1.key, SSECustomerKeyMD5: &k1.md5})
		wantErr(t, err, "InvalidRequest", 400)
		// Ranges and conditions with the key.
		rg := readObj(t, sec, &s3.GetObjectInput{Bucket: &b, Key: aws.String("x"), Range: aws.String("bytes=70000-140000"),
			IfMatch: out.ETag, SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: &k1.key, SSECustomerKeyMD5: &k1.md5})
		if !bytes.Equal(rg, data[70000:140001]) {
			t.Fatal("SSE-C range")
		}
		// Copy: SSE-C source to SSE-S3, and to another customer key.
		_, err = sec.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("plain"), CopySource: aws.String(b + "/x")})
		wantErr(t, err, "InvalidRequest", 400)
		cp, err := sec.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("plain"), CopySource: aws.String(b + "/x"),
			CopySourceSSECustomerAlgorithm: aws.String("AES256"), CopySourceSSECustomerKey: &k1.key, CopySourceSSECustomerKeyMD5: &k1.md5})
		must(t, err)
		if cp.ServerSideEncryption != types.ServerSideEncryptionAes256 || !bytes.Equal(get(t, sec, b, "plain"), data) {
			t.Fatal("copy to SSE-S3")
		}
		_, err = sec.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("k2"), CopySource: aws.String(b + "/plain"),
			SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: &k2.key, SSECustomerKeyMD5: &k2.md5})
		must(t, err)
		got = readObj(t, sec, &s3.GetObjectInput{Bucket: &b, Key: aws.String("k2"),
			SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: &k2.key, SSECustomerKeyMD5: &k2.md5})
		if !bytes.Equal(got, data) {
			t.Fatal("copy to SSE-C")
		}
		// Multipart with SSE-C: each part needs the key.
		up, err := sec.CreateMultipartUpload(ctx(t), &s3.CreateMultipartUploadInput{Bucket: &b, Key: aws.String("mpu"),
			SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: &k1.key, SSECustomerKeyMD5: &k1.md5})
		must(t, err)
		part1, part2 := randBytes(4, 5<<20), randBytes(5, 1<<20)
		_, err = sec.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: aws.String("mpu"), UploadId: up.UploadId,
			PartNumber: aws.Int32(1), Body: bytes.NewReader(part1[:100])})
		wantErr(t, err, "InvalidRequest", 400)
		var parts []types.CompletedPart
		for i, p := range [][]byte{part1, part2} {
			o, err := sec.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: aws.String("mpu"), UploadId: up.UploadId,
				PartNumber: aws.Int32(int32(i + 1)), Body: bytes.NewReader(p),
				SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: &k1.key, SSECustomerKeyMD5: &k1.md5})
			must(t, err)
			parts = append(parts, types.CompletedPart{PartNumber: aws.Int32(int32(i + 1)), ETag: o.ETag})
		}
		_, err = sec.CompleteMultipartUpload(ctx(t), &s3.CompleteMultipartUploadInput{Bucket: &b, Key: aws.String("mpu"), UploadId: up.UploadId,
			MultipartUpload:      &types.CompletedMultipartUpload{Parts: parts},
			SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: &k1.key, SSECustomerKeyMD5: &k1.md5})
		must(t, err)
		got = readObj(t, sec, &s3.GetObjectInput{Bucket: &b, Key: aws.String("mpu"), Range: aws.String("bytes=5242000-5243000"),
			SSECustomerAlgorithm: aws.String("AES256"), SSECustomerKey: &k1.key, SSECustomerKeyMD5: &k1.md5})
		if !bytes.Equal(got, append(append([]byte(nil), part1...), part2...)[5242000:5243001]) {
			t.Fatal("SSE-C multipart range across parts")
		}
		// UploadPartCopy from an SSE-C source into an SSE-S3 upload.
		up3, err := sec.CreateMultipartUpload(ctx(t), &s3.CreateMultipartUploadInput{Bucket: &b, Key: aws.String("upc")})
		must(t, err)
		pc, err := sec.UploadPartCopy(ctx(t), &s3.UploadPartCopyInput{Bucket: &b, Key: aws.String("upc"), UploadId: up3.UploadId,
			PartNumber: aws.Int32(1), CopySource: aws.String(b + "/x"), CopySourceRange: aws.String("bytes=10-1009"),
			CopySourceSSECustomerAlgorithm: aws.String("AES256"), CopySourceSSECustomerKey: &k1.key, CopySourceSSECustomerKeyMD5: &k1.md5})
		must(t, err)
		_, err = sec.CompleteMultipartUpload(ctx(t), &s3.CompleteMultipartUploadInput{Bucket: &b, Key: aws.String("upc"), UploadId: up3.UploadId,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{{PartNumber: aws.Int32(1), ETag: pc.CopyPartResult.ETag}}}})
		must(t, err)
		if !bytes.Equal(get(t, sec, b, "upc"), data[10:1010]) {
			t.Fatal("UploadPartCopy from SSE-C")
		}
	})

	t.Run("RandomRanges64MiB", func(t *testing.T) {
		b := mk(t)
		data := randBytes(6, 64<<20)
		put(t, sec, b, "big", data)
		r := rand.New(rand.NewPCG(7, 8))
		for i := 0; i < 40; i++ {
			start := r.IntN(len(data))
			end := start + r.IntN(min(len(data)-start, 3<<20))
			got := readObj(t, sec, &s3.GetObjectInput{Bucket: &b, Key: aws.String("big"),
				Range: aws.String("bytes=" + strconv.Itoa(start) + "-" + strconv.Itoa(end))})
			if !bytes.Equal(got, data[start:end+1]) {
				t.Fatalf("range %d-%d differs", start, end)
			}
		}
		suffix := readObj(t, sec, &s3.GetObjectInput{Bucket: &b, Key: aws.String("big"), Range: aws.String("bytes=-100000")})
		if !bytes.Equal(suffix, data[len(data)-100000:]) {
			t.Fatal("suffix range")
		}
	})

	t.Run("FlippedByteFailsGet", func(t *testing.T) {
		b := mk(t)
		data := randBytes(9, 1<<20)
		before := blobFiles(t, ts.DataDir)
		put(t, sec, b, "victim", data)
		var fresh []string
		for f := range blobFiles(t, ts.DataDir) {
			if !before[f] {
				fresh = append(fresh, f)
			}
		}
		if len(fresh) != 1 {
			t.Fatalf("want one new blob, got %v", fresh)
		}
		raw, err := os.ReadFile(fresh[0])
		must(t, err)
		raw[len(raw)/2] ^= 0x01
		must(t, os.WriteFile(fresh[0], raw, 0o600))
		out, err := sec.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("victim")})
		if err == nil {
			got, rerr := io.ReadAll(out.Body)
			out.Body.Close()
			if rerr == nil {
				if bytes.Equal(got, data) {
					t.Fatal("GET returned the original data from a damaged file")
				}
				t.Fatal("GET returned altered data without failing")
			}
		}
		// Ranges that avoid the damaged chunk still read.
		got := readObj(t, sec, &s3.GetObjectInput{Bucket: &b, Key: aws.String("victim"), Range: aws.String("bytes=0-999")})
		if !bytes.Equal(got, data[:1000]) {
			t.Fatal("undamaged range")
		}
	})
}

// blobFiles lists the committed blob files of a data dir.
func blobFiles(t testing.TB, dataDir string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	filepath.WalkDir(filepath.Join(dataDir, "data", "blobs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out[p] = true
		}
		return nil
	})
	return out
}
