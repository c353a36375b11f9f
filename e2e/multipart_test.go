package e2e

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

const mib = 1 << 20

// multipartETag computes S3's ETag of a multipart object from its parts.
func multipartETag(parts ...[]byte) string {
	h := md5.New()
	for _, p := range parts {
		s := md5.Sum(p)
		h.Write(s[:])
	}
	return fmt.Sprintf(`"%s-%d"`, hex.EncodeToString(h.Sum(nil)), len(parts))
}

type mpu struct {
	t               testing.TB
	c               *s3.Client
	bucket, key, id string
}

func startMPU(t testing.TB, c *s3.Client, bucket, key string, opts ...func(*s3.CreateMultipartUploadInput)) *mpu {
	t.Helper()
	in := &s3.CreateMultipartUploadInput{Bucket: &bucket, Key: &key}
	for _, o := range opts {
		o(in)
	}
	out, err := c.CreateMultipartUpload(ctx(t), in)
	if err != nil {
		t.Fatalf("CreateMultipartUpload: %v", err)
	}
	if aws.ToString(out.UploadId) == "" || aws.ToString(out.Key) != key || aws.ToString(out.Bucket) != bucket {
		t.Fatalf("CreateMultipartUpload result: %+v", out)
	}
	return &mpu{t: t, c: c, bucket: bucket, key: key, id: aws.ToString(out.UploadId)}
}

func (m *mpu) part(n int32, data []byte) types.CompletedPart {
	m.t.Helper()
	out, err := m.c.UploadPart(ctx(m.t), &s3.UploadPartInput{Bucket: &m.bucket, Key: &m.key, UploadId: &m.id, PartNumber: &n, Body: bytes.NewReader(data)})
	if err != nil {
		m.t.Fatalf("UploadPart %d: %v", n, err)
	}
	if aws.ToString(out.ETag) != quoted(md5hex(data)) {
		m.t.Fatalf("part %d ETag %s, want %s", n, aws.ToString(out.ETag), quoted(md5hex(data)))
	}
	return types.CompletedPart{PartNumber: &n, ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32, ChecksumCRC32C: out.ChecksumCRC32C,
		ChecksumCRC64NVME: out.ChecksumCRC64NVME, ChecksumSHA1: out.ChecksumSHA1, ChecksumSHA256: out.ChecksumSHA256}
}

func (m *mpu) complete(parts ...types.CompletedPart) (*s3.CompleteMultipartUploadOutput, error) {
	return m.c.CompleteMultipartUpload(ctx(m.t), &s3.CompleteMultipartUploadInput{Bucket: &m.bucket, Key: &m.key, UploadId: &m.id,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}})
}

func (m *mpu) abort() error {
	_, err := m.c.AbortMultipartUpload(ctx(m.t), &s3.AbortMultipartUploadInput{Bucket: &m.bucket, Key: &m.key, UploadId: &m.id})
	return err
}

func TestMultipartBasics(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	p1, p2, p3 := randBytes(1, 5*mib), randBytes(2, 5*mib+17), randBytes(3, 1234)
	m := startMPU(t, c, b, "obj", func(in *s3.CreateMultipartUploadInput) {
		in.ContentType = aws.String("video/mp4")
		in.Metadata = map[string]string{"origin": "multipart"}
		in.Tagging = aws.String("kind=mpu")
	})
	// Parts may arrive in any order and be replaced.
	c3 := m.part(3, p3)
	c1 := m.part(1, randBytes(99, 5*mib))
	c1 = m.part(1, p1)
	c2 := m.part(2, p2)

	ups, err := c.ListMultipartUploads(ctx(t), &s3.ListMultipartUploadsInput{Bucket: &b})
	must(t, err)
	if len(ups.Uploads) != 1 || aws.ToString(ups.Uploads[0].UploadId) != m.id || aws.ToString(ups.Uploads[0].Key) != "obj" {
		t.Fatalf("ListMultipartUploads = %+v", ups.Uploads)
	}
	if ups.Uploads[0].Initiated == nil || ups.Uploads[0].Owner == nil || !canonicalID.MatchString(aws.ToString(ups.Uploads[0].Owner.ID)) {
		t.Fatalf("upload fields: %+v", ups.Uploads[0])
	}

	lp, err := c.ListParts(ctx(t), &s3.ListPartsInput{Bucket: &b, Key: aws.String("obj"), UploadId: &m.id})
	must(t, err)
	if len(lp.Parts) != 3 || aws.ToBool(lp.IsTruncated) {
		t.Fatalf("ListParts: %d parts truncated %v", len(lp.Parts), aws.ToBool(lp.IsTruncated))
	}
	for i, data := range [][]byte{p1, p2, p3} {
		p := lp.Parts[i]
		if aws.ToInt32(p.PartNumber) != int32(i+1) || aws.ToInt64(p.Size) != int64(len(data)) || aws.ToString(p.ETag) != quoted(md5hex(data)) {
			t.Fatalf("part %d: number %d size %d etag %s", i+1, aws.ToInt32(p.PartNumber), aws.ToInt64(p.Size), aws.ToString(p.ETag))
		}
	}
	// Paginated ListParts.
	var seen []int32
	marker := (*string)(nil)
	for range 5 {
		lp, err := c.ListParts(ctx(t), &s3.ListPartsInput{Bucket: &b, Key: aws.String("obj"), UploadId: &m.id, MaxParts: aws.Int32(2), PartNumberMarker: marker})
		must(t, err)
		for _, p := range lp.Parts {
			seen = append(seen, aws.ToInt32(p.PartNumber))
		}
		if !aws.ToBool(lp.IsTruncated) {
			break
		}
		marker = lp.NextPartNumberMarker
	}
	if fmt.Sprint(seen) != "[1 2 3]" {
		t.Fatalf("paged ListParts = %v", seen)
	}

	// Not visible before completion.
	_, err = c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("obj")})
	wantErr(t, err, "NotFound", 404)

	out, err := m.complete(c1, c2, c3)
	must(t, err)
	want := multipartETag(p1, p2, p3)
	if aws.ToString(out.ETag) != want {
		t.Fatalf("ETag %s, want %s", aws.ToString(out.ETag), want)
	}
	whole := bytes.Join([][]byte{p1, p2, p3}, nil)
	if got := get(t, c, b, "obj"); !bytes.Equal(got, whole) {
		t.Fatalf("object differs: %d bytes, want %d", len(got), len(whole))
	}
	h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("obj")})
	must(t, err)
	if aws.ToString(h.ETag) != want || aws.ToInt64(h.ContentLength) != int64(len(whole)) || aws.ToString(h.ContentType) != "video/mp4" || h.Metadata["origin"] != "multipart" {
		t.Fatalf("HEAD: etag %s len %d type %s meta %v", aws.ToString(h.ETag), aws.ToInt64(h.ContentLength), aws.ToString(h.ContentType), h.Metadata)
	}
	tg, err := c.GetObjectTagging(ctx(t), &s3.GetObjectTaggingInput{Bucket: &b, Key: aws.String("obj")})
	must(t, err)
	if tagMap(tg.TagSet)["kind"] != "mpu" {
		t.Fatalf("tags = %v", tagMap(tg.TagSet))
	}
	// GET by part number.
	g, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("obj"), PartNumber: aws.Int32(2)})
	must(t, err)
	if got := readAll(t, g.Body); got != string(p2) || aws.ToInt32(g.PartsCount) != 3 {
		t.Fatalf("part 2: %d bytes, parts count %d", len(got), aws.ToInt32(g.PartsCount))
	}
	// A range across part boundaries.
	g, err = c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("obj"), Range: aws.String(fmt.Sprintf("bytes=%d-%d", 5*mib-10, 10*mib+20))})
	must(t, err)
	if got := readAll(t, g.Body); got != string(whole[5*mib-10:10*mib+21]) {
		t.Fatalf("cross-part range differs (%d bytes)", len(got))
	}
	// The upload is gone.
	_, err = c.ListParts(ctx(t), &s3.ListPartsInput{Bucket: &b, Key: aws.String("obj"), UploadId: &m.id})
	wantErr(t, err, "NoSuchUpload", 404)
	_, err = m.complete(c1, c2, c3)
	wantErr(t, err, "NoSuchUpload", 404)
	ups, err = c.ListMultipartUploads(ctx(t), &s3.ListMultipartUploadsInput{Bucket: &b})
	must(t, err)
	if len(ups.Uploads) != 0 {
		t.Fatalf("uploads left: %+v", ups.Uploads)
	}
}

func TestMultipartErrors(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	big, small := randBytes(10, 5*mib), randBytes(11, 100)

	t.Run("part order", func(t *testing.T) {
		m := startMPU(t, c, b, "order")
		c1, c2 := m.part(1, big), m.part(2, small)
		_, err := m.complete(c2, c1)
		wantErr(t, err, "InvalidPartOrder", 400)
		_, err = m.complete(c1, c1)
		wantErr(t, err, "InvalidPartOrder", 400)
		_, err = m.complete(c1, c2) // the upload survives failed completions
		must(t, err)
	})
	t.Run("invalid part", func(t *testing.T) {
		m := startMPU(t, c, b, "invalid")
		c1, c2 := m.part(1, big), m.part(2, small)
		missing := types.CompletedPart{PartNumber: aws.Int32(3), ETag: c2.ETag}
		_, err := m.complete(c1, missing)
		wantErr(t, err, "InvalidPart", 400)
		wrong := types.CompletedPart{PartNumber: aws.Int32(2), ETag: aws.String(quoted(md5hex([]byte("other"))))}
		_, err = m.complete(c1, wrong)
		wantErr(t, err, "InvalidPart", 400)
		_, err = m.complete(c1, c2)
		must(t, err)
	})
	t.Run("entity too small", func(t *testing.T) {
		m := startMPU(t, c, b, "small")
		c1, c2 := m.part(1, small), m.part(2, big)
		_, err := m.complete(c1, c2)
		wantErr(t, err, "EntityTooSmall", 400)
		// A small part alone is fine: it is the last.
		out, err := m.complete(c1)
		must(t, err)
		if aws.ToString(out.ETag) != multipartETag(small) {
			t.Fatalf("ETag %s", aws.ToString(out.ETag))
		}
	})
	t.Run("part numbers", func(t *testing.T) {
		m := startMPU(t, c, b, "numbers")
		for _, n := range []int32{0, -1, 10001} {
			_, err := c.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: aws.String("numbers"), UploadId: &m.id, PartNumber: aws.Int32(n), Body: bytes.NewReader(small)})
			wantErr(t, err, "InvalidArgument", 400)
		}
		last := m.part(10000, small)
		first := m.part(1, big)
		out, err := m.complete(first, last)
		must(t, err)
		if aws.ToString(out.ETag) != multipartETag(big, small) {
			t.Fatalf("ETag %s", aws.ToString(out.ETag))
		}
	})
	t.Run("no such upload", func(t *testing.T) {
		m := startMPU(t, c, b, "aborted")
		c1 := m.part(1, small)
		must(t, m.abort())
		_, err := c.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: aws.String("aborted"), UploadId: &m.id, PartNumber: aws.Int32(2), Body: bytes.NewReader(small)})
		wantErr(t, err, "NoSuchUpload", 404)
		_, err = m.complete(c1)
		wantErr(t, err, "NoSuchUpload", 404)
		_, err = c.ListParts(ctx(t), &s3.ListPartsInput{Bucket: &b, Key: aws.String("aborted"), UploadId: &m.id})
		wantErr(t, err, "NoSuchUpload", 404)
		wantErr(t, m.abort(), "NoSuchUpload", 404)
		// An upload id belongs to its key.
		m2 := startMPU(t, c, b, "mine")
		_, err = c.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: aws.String("other-key"), UploadId: &m2.id, PartNumber: aws.Int32(1), Body: bytes.NewReader(small)})
		wantErr(t, err, "NoSuchUpload", 404)
		_, err = c.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: aws.String("mine"), UploadId: aws.String("bogus-upload-id"), PartNumber: aws.Int32(1), Body: bytes.NewReader(small)})
		wantErr(t, err, "NoSuchUpload", 404)
	})
	t.Run("empty part list", func(t *testing.T) {
		m := startMPU(t, c, b, "empty")
		m.part(1, small)
		_, err := m.complete()
		wantErr(t, err, "MalformedXML", 400)
	})
	t.Run("bob", func(t *testing.T) {
		m := startMPU(t, c, b, "private")
		_, err := bob().UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: aws.String("private"), UploadId: &m.id, PartNumber: aws.Int32(1), Body: bytes.NewReader(small)})
		wantErr(t, err, "AccessDenied", 403)
		_, err = bob().ListMultipartUploads(ctx(t), &s3.ListMultipartUploadsInput{Bucket: &b})
		wantErr(t, err, "AccessDenied", 403)
	})
}

func TestListMultipartUploads(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	keys := []string{"a", "b/1", "b/2", "c", "c"}
	ids := map[string][]string{}
	for _, k := range keys {
		m := startMPU(t, c, b, k)
		ids[k] = append(ids[k], m.id)
	}
	var got []string
	in := &s3.ListMultipartUploadsInput{Bucket: &b, MaxUploads: aws.Int32(2)}
	for range 10 {
		out, err := c.ListMultipartUploads(ctx(t), in)
		must(t, err)
		for _, u := range out.Uploads {
			got = append(got, aws.ToString(u.Key))
		}
		if !aws.ToBool(out.IsTruncated) {
			break
		}
		in.KeyMarker, in.UploadIdMarker = out.NextKeyMarker, out.NextUploadIdMarker
	}
	if fmt.Sprint(got) != "[a b/1 b/2 c c]" {
		t.Fatalf("paged uploads = %v", got)
	}
	out, err := c.ListMultipartUploads(ctx(t), &s3.ListMultipartUploadsInput{Bucket: &b, Delimiter: aws.String("/")})
	must(t, err)
	if len(out.CommonPrefixes) != 1 || aws.ToString(out.CommonPrefixes[0].Prefix) != "b/" || len(out.Uploads) != 3 {
		t.Fatalf("delimited uploads: %d uploads, prefixes %v", len(out.Uploads), out.CommonPrefixes)
	}
	out, err = c.ListMultipartUploads(ctx(t), &s3.ListMultipartUploadsInput{Bucket: &b, Prefix: aws.String("b/")})
	must(t, err)
	if len(out.Uploads) != 2 {
		t.Fatalf("prefixed uploads: %d", len(out.Uploads))
	}
}

func TestUploadPartCopy(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	src := randBytes(20, 12*mib+5)
	put(t, c, b, "src", src)
	m := startMPU(t, c, b, "dst")
	cut := 5 * mib
	var parts []types.CompletedPart
	for i, rng := range []string{fmt.Sprintf("bytes=0-%d", cut-1), fmt.Sprintf("bytes=%d-%d", cut, len(src)-1)} {
		out, err := c.UploadPartCopy(ctx(t), &s3.UploadPartCopyInput{Bucket: &b, Key: aws.String("dst"), UploadId: &m.id,
			PartNumber: aws.Int32(int32(i + 1)), CopySource: aws.String(b + "/src"), CopySourceRange: &rng})
		must(t, err)
		parts = append(parts, types.CompletedPart{PartNumber: aws.Int32(int32(i + 1)), ETag: out.CopyPartResult.ETag})
	}
	// A whole-object part copy, then a small range as the last part.
	out, err := c.UploadPartCopy(ctx(t), &s3.UploadPartCopyInput{Bucket: &b, Key: aws.String("dst"), UploadId: &m.id,
		PartNumber: aws.Int32(3), CopySource: aws.String(b + "/src")})
	must(t, err)
	parts = append(parts, types.CompletedPart{PartNumber: aws.Int32(3), ETag: out.CopyPartResult.ETag})
	out, err = c.UploadPartCopy(ctx(t), &s3.UploadPartCopyInput{Bucket: &b, Key: aws.String("dst"), UploadId: &m.id,
		PartNumber: aws.Int32(4), CopySource: aws.String(b + "/src"), CopySourceRange: aws.String("bytes=100-199")})
	must(t, err)
	if aws.ToString(out.CopyPartResult.ETag) != quoted(md5hex(src[100:200])) {
		t.Fatalf("part copy ETag %s", aws.ToString(out.CopyPartResult.ETag))
	}
	parts = append(parts, types.CompletedPart{PartNumber: aws.Int32(4), ETag: out.CopyPartResult.ETag})
	done, err := m.complete(parts...)
	must(t, err)
	want := [][]byte{src[:cut], src[cut:], src, src[100:200]}
	if aws.ToString(done.ETag) != multipartETag(want...) {
		t.Fatalf("ETag %s, want %s", aws.ToString(done.ETag), multipartETag(want...))
	}
	if got := get(t, c, b, "dst"); !bytes.Equal(got, bytes.Join(want, nil)) {
		t.Fatal("assembled object differs")
	}

	t.Run("errors", func(t *testing.T) {
		m := startMPU(t, c, b, "dst2")
		for _, rng := range []string{"bytes=0-" + fmt.Sprint(len(src)), "bytes=5-2", "bytes=-5", "0-5"} {
			_, err := c.UploadPartCopy(ctx(t), &s3.UploadPartCopyInput{Bucket: &b, Key: aws.String("dst2"), UploadId: &m.id,
				PartNumber: aws.Int32(1), CopySource: aws.String(b + "/src"), CopySourceRange: aws.String(rng)})
			if err == nil || (errCode(err) != "InvalidArgument" && errCode(err) != "InvalidRange") {
				t.Errorf("range %q: %v", rng, err)
			}
		}
		_, err := c.UploadPartCopy(ctx(t), &s3.UploadPartCopyInput{Bucket: &b, Key: aws.String("dst2"), UploadId: &m.id,
			PartNumber: aws.Int32(1), CopySource: aws.String(b + "/missing")})
		wantErr(t, err, "NoSuchKey", 404)
		_, err = c.UploadPartCopy(ctx(t), &s3.UploadPartCopyInput{Bucket: &b, Key: aws.String("dst2"), UploadId: aws.String("nope"),
			PartNumber: aws.Int32(1), CopySource: aws.String(b + "/src")})
		wantErr(t, err, "NoSuchUpload", 404)
	})
}

// TestTransferManager uploads 100 MiB with the SDK's upload manager (default
// checksum settings) and downloads it with concurrent ranged GETs.
func TestTransferManager(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	const size = 100 * mib
	path := filepath.Join(t.TempDir(), "big")
	data := randBytes(100, size)
	must(t, os.WriteFile(path, data, 0o600))
	want := sha256.Sum256(data)
	data = nil

	f, err := os.Open(path)
	must(t, err)
	defer f.Close()
	up := manager.NewUploader(c, func(u *manager.Uploader) { u.PartSize = 8 * mib; u.Concurrency = 4 })
	res, err := up.Upload(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("big/object.bin"), Body: f})
	must(t, err)
	if res.UploadID == "" || len(res.CompletedParts) != 13 {
		t.Fatalf("upload: id %q, %d parts", res.UploadID, len(res.CompletedParts))
	}
	h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("big/object.bin"), ChecksumMode: types.ChecksumModeEnabled})
	must(t, err)
	if aws.ToInt64(h.ContentLength) != size {
		t.Fatalf("size %d", aws.ToInt64(h.ContentLength))
	}
	if e := aws.ToString(h.ETag); len(e) < 4 || e[len(e)-4:] != `-13"` {
		t.Fatalf("ETag %s", e)
	}

	down := manager.NewDownloader(c, func(d *manager.Downloader) { d.PartSize = 7 * mib; d.Concurrency = 5 })
	buf := manager.NewWriteAtBuffer(make([]byte, 0, size))
	n, err := down.Download(ctx(t), buf, &s3.GetObjectInput{Bucket: &b, Key: aws.String("big/object.bin")})
	must(t, err)
	if n != size || sha256.Sum256(buf.Bytes()) != want {
		t.Fatalf("download: %d bytes, sha256 mismatch=%v", n, sha256.Sum256(buf.Bytes()) != want)
	}
	// And a plain streaming GET with checksum validation.
	g, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("big/object.bin"), ChecksumMode: types.ChecksumModeEnabled})
	must(t, err)
	hs := sha256.New()
	_, err = io.Copy(hs, g.Body)
	g.Body.Close()
	must(t, err)
	if !bytes.Equal(hs.Sum(nil), want[:]) {
		t.Fatal("streamed GET differs")
	}
}
