package e2e

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// The SDK sends trailing checksums (aws-chunked, STREAMING-UNSIGNED-
// PAYLOAD-TRAILER) only over TLS, and over plain HTTP sends no default
// checksum at all. Coffer serves plain HTTP, so a TLS-terminating proxy in
// front of it makes the SDK behave as it does against AWS. The proxy keeps
// the Host header, which the signature covers.
var (
	tlsOnce  sync.Once
	tlsProxy *httptest.Server
)

func tlsEndpoint(t testing.TB) *httptest.Server {
	tlsOnce.Do(func() {
		target, _ := url.Parse(shared.URL)
		rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = r.In.Host
		}}
		tlsProxy = httptest.NewTLSServer(rp)
	})
	return tlsProxy
}

// seen records the payload mode and trailer of requests a client sent.
type seen struct {
	mu   sync.Mutex
	reqs []string
	rt   http.RoundTripper
}

func (s *seen) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.reqs = append(s.reqs, fmt.Sprintf("%s %s sha256=%s trailer=%s encoding=%s", r.Method, r.URL.Path,
		r.Header.Get("X-Amz-Content-Sha256"), r.Header.Get("X-Amz-Trailer"), r.Header.Get("Content-Encoding")))
	s.mu.Unlock()
	return s.rt.RoundTrip(r)
}

func (s *seen) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.reqs
	s.reqs = nil
	return out
}

// tlsClient returns an SDK client for a with the default checksum settings
// (sdkDefaults) going through the TLS proxy, and the recorder of what it
// sent. (config.LoadDefaultConfig is avoided: it would pick up the
// machine's AWS_* environment.)
func tlsClient(t testing.TB, a harness.Account) (*s3.Client, *seen) {
	t.Helper()
	p := tlsEndpoint(t)
	rec := &seen{rt: p.Client().Transport}
	return shared.Client(a, sdkDefaults, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(p.URL)
		o.HTTPClient = &http.Client{Transport: rec}
	}), rec
}

var crc64NVME = crc64.MakeTable(0x9a6c9329ac4bc9b5)

// algos are S3's checksum algorithms with independent implementations.
var algos = []struct {
	alg types.ChecksumAlgorithm
	new func() hash.Hash
	crc bool
}{
	{types.ChecksumAlgorithmCrc32, func() hash.Hash { return crc32.NewIEEE() }, true},
	{types.ChecksumAlgorithmCrc32c, func() hash.Hash { return crc32.New(crc32.MakeTable(crc32.Castagnoli)) }, true},
	{types.ChecksumAlgorithmCrc64nvme, func() hash.Hash { return crc64.New(crc64NVME) }, true},
	{types.ChecksumAlgorithmSha1, sha1.New, false},
	{types.ChecksumAlgorithmSha256, sha256.New, false},
}

func digest(newH func() hash.Hash, data []byte) []byte {
	h := newH()
	h.Write(data)
	return h.Sum(nil)
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// checksumOf picks the value of alg from the SDK's checksum fields.
func checksumOf(alg types.ChecksumAlgorithm, crc32v, crc32c, crc64v, sha1v, sha256v *string) string {
	switch alg {
	case types.ChecksumAlgorithmCrc32:
		return aws.ToString(crc32v)
	case types.ChecksumAlgorithmCrc32c:
		return aws.ToString(crc32c)
	case types.ChecksumAlgorithmCrc64nvme:
		return aws.ToString(crc64v)
	case types.ChecksumAlgorithmSha1:
		return aws.ToString(sha1v)
	}
	return aws.ToString(sha256v)
}

func headChecksum(t testing.TB, c *s3.Client, b, k string, alg types.ChecksumAlgorithm) (string, types.ChecksumType) {
	t.Helper()
	h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: &k, ChecksumMode: types.ChecksumModeEnabled})
	must(t, err)
	return checksumOf(alg, h.ChecksumCRC32, h.ChecksumCRC32C, h.ChecksumCRC64NVME, h.ChecksumSHA1, h.ChecksumSHA256), h.ChecksumType
}

// getValidated reads an object with ChecksumMode ENABLED: the SDK checks
// the body against the returned full-object checksum and fails the read on
// a mismatch.
func getValidated(t testing.TB, c *s3.Client, b, k string) []byte {
	t.Helper()
	out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: &k, ChecksumMode: types.ChecksumModeEnabled})
	must(t, err)
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatalf("GET %s with checksum validation: %v", k, err)
	}
	return data
}

// TestChecksumSDKDefaults uses the SDK exactly as users do: no checksum
// options, TLS, so PUTs carry a CRC32 trailer in an aws-chunked body.
func TestChecksumSDKDefaults(t *testing.T) {
	t.Parallel()
	c, rec := tlsClient(t, aliceAcct)
	b := newBucket(t, c)
	for _, n := range []int{0, 1, 1000, 64 << 10, 64<<10 + 1, 3*mib + 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			data := randBytes(uint64(n)+50, n)
			key := fmt.Sprintf("default-%d", n)
			rec.take()
			out, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: &key, Body: bytes.NewReader(data)})
			must(t, err)
			sent := rec.take()
			if n > 0 && (len(sent) != 1 || !strings.Contains(sent[0], "sha256=STREAMING-UNSIGNED-PAYLOAD-TRAILER trailer=x-amz-checksum-crc32 encoding=aws-chunked")) {
				t.Fatalf("the SDK did not send a trailing CRC32: %v", sent)
			}
			want := b64(digest(algos[0].new, data))
			if aws.ToString(out.ChecksumCRC32) != want {
				t.Fatalf("PUT CRC32 %q, want %q", aws.ToString(out.ChecksumCRC32), want)
			}
			if aws.ToString(out.ETag) != quoted(md5hex(data)) {
				t.Fatalf("ETag %s", aws.ToString(out.ETag))
			}
			if got, typ := headChecksum(t, c, b, key, types.ChecksumAlgorithmCrc32); got != want || typ != types.ChecksumTypeFullObject {
				t.Fatalf("HEAD CRC32 %q type %q, want %q FULL_OBJECT", got, typ, want)
			}
			if got := getValidated(t, c, b, key); !bytes.Equal(got, data) {
				t.Fatal("body differs")
			}
		})
	}
	t.Run("unseekable body", func(t *testing.T) {
		data := randBytes(77, 300<<10)
		_, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("stream"), Body: io.MultiReader(bytes.NewReader(data)),
			ContentLength: aws.Int64(int64(len(data)))})
		must(t, err)
		if got := getValidated(t, c, b, "stream"); !bytes.Equal(got, data) {
			t.Fatal("body differs")
		}
	})
	t.Run("transfer manager", func(t *testing.T) {
		data := randBytes(78, 17*mib)
		up := manager.NewUploader(c, func(u *manager.Uploader) { u.PartSize = 5 * mib })
		_, err := up.Upload(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("mpu"), Body: bytes.NewReader(data)})
		must(t, err)
		if got := getValidated(t, c, b, "mpu"); !bytes.Equal(got, data) {
			t.Fatal("body differs")
		}
		down := manager.NewDownloader(c, func(d *manager.Downloader) { d.PartSize = 4 * mib })
		buf := manager.NewWriteAtBuffer(nil)
		_, err = down.Download(ctx(t), buf, &s3.GetObjectInput{Bucket: &b, Key: aws.String("mpu")})
		must(t, err)
		if !bytes.Equal(buf.Bytes(), data) {
			t.Fatal("ranged download differs")
		}
	})
	t.Run("other operations", func(t *testing.T) {
		// XML bodies get a checksum header too (DeleteObjects, tagging).
		put(t, c, b, "del", []byte("x"))
		_, err := c.PutObjectTagging(ctx(t), &s3.PutObjectTaggingInput{Bucket: &b, Key: aws.String("del"),
			Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("a"), Value: aws.String("b")}}}})
		must(t, err)
		out, err := c.DeleteObjects(ctx(t), &s3.DeleteObjectsInput{Bucket: &b, Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: aws.String("del")}}}})
		must(t, err)
		if len(out.Deleted) != 1 {
			t.Fatalf("DeleteObjects: %+v", out)
		}
	})
}

func TestChecksumAlgorithms(t *testing.T) {
	t.Parallel()
	plain := alice()
	viaTLS, _ := tlsClient(t, aliceAcct)
	b := newBucket(t, plain)
	for _, a := range algos {
		for _, transport := range []string{"header", "trailer", "precomputed"} {
			t.Run(string(a.alg)+" "+transport, func(t *testing.T) {
				c := plain
				if transport == "trailer" {
					c = viaTLS
				}
				for _, n := range []int{0, 5, 100 << 10} {
					data := randBytes(uint64(n)+7, n)
					want := b64(digest(a.new, data))
					key := fmt.Sprintf("%s-%s-%d", a.alg, transport, n)
					in := &s3.PutObjectInput{Bucket: &b, Key: &key, Body: bytes.NewReader(data), ChecksumAlgorithm: a.alg}
					if transport == "precomputed" {
						in.ChecksumAlgorithm = ""
						switch a.alg {
						case types.ChecksumAlgorithmCrc32:
							in.ChecksumCRC32 = &want
						case types.ChecksumAlgorithmCrc32c:
							in.ChecksumCRC32C = &want
						case types.ChecksumAlgorithmCrc64nvme:
							in.ChecksumCRC64NVME = &want
						case types.ChecksumAlgorithmSha1:
							in.ChecksumSHA1 = &want
						default:
							in.ChecksumSHA256 = &want
						}
					}
					out, err := c.PutObject(ctx(t), in)
					must(t, err)
					if got := checksumOf(a.alg, out.ChecksumCRC32, out.ChecksumCRC32C, out.ChecksumCRC64NVME, out.ChecksumSHA1, out.ChecksumSHA256); got != want {
						t.Fatalf("size %d: PUT returned %q, want %q", n, got, want)
					}
					if got, typ := headChecksum(t, c, b, key, a.alg); got != want || typ != types.ChecksumTypeFullObject {
						t.Fatalf("size %d: HEAD %q %q, want %q FULL_OBJECT", n, got, typ, want)
					}
					if got := getValidated(t, c, b, key); !bytes.Equal(got, data) {
						t.Fatalf("size %d: body differs", n)
					}
				}
			})
		}
	}
	t.Run("not returned without checksum mode", func(t *testing.T) {
		put(t, plain, b, "quiet", []byte("x"), func(in *s3.PutObjectInput) { in.ChecksumAlgorithm = types.ChecksumAlgorithmSha256 })
		r := rawReq{Method: "HEAD", Path: "/" + b + "/quiet", Account: acct(aliceAcct)}.do(t)
		if r.Header.Get("X-Amz-Checksum-Sha256") != "" {
			t.Fatal("checksum returned without x-amz-checksum-mode")
		}
		r = rawReq{Method: "HEAD", Path: "/" + b + "/quiet", Account: acct(aliceAcct), Header: http.Header{"X-Amz-Checksum-Mode": {"ENABLED"}}}.do(t)
		if r.Header.Get("X-Amz-Checksum-Sha256") != b64(digest(sha256.New, []byte("x"))) {
			t.Fatalf("checksum-mode HEAD: %v", r.Header)
		}
	})
	t.Run("objects without a client checksum get CRC64NVME", func(t *testing.T) {
		data := []byte("no checksum sent")
		r := rawReq{Method: "PUT", Path: "/" + b + "/nock", Account: acct(aliceAcct), Body: data}.do(t)
		r.want(t, 200, "")
		if got, _ := headChecksum(t, plain, b, "nock", types.ChecksumAlgorithmCrc64nvme); got != b64(digest(algos[2].new, data)) {
			t.Fatalf("default CRC64NVME %q", got)
		}
	})
}

func TestChecksumMultipart(t *testing.T) {
	t.Parallel()
	plain := alice()
	viaTLS, _ := tlsClient(t, aliceAcct)
	b := newBucket(t, plain)
	parts := [][]byte{randBytes(60, 5*mib), randBytes(61, 5*mib+1), randBytes(62, 1234)}
	whole := bytes.Join(parts, nil)
	for _, a := range algos {
		for _, typ := range []types.ChecksumType{types.ChecksumTypeComposite, types.ChecksumTypeFullObject} {
			if (typ == types.ChecksumTypeComposite && a.alg == types.ChecksumAlgorithmCrc64nvme) || (typ == types.ChecksumTypeFullObject && !a.crc) {
				t.Run(fmt.Sprintf("%s %s refused", a.alg, typ), func(t *testing.T) {
					_, err := plain.CreateMultipartUpload(ctx(t), &s3.CreateMultipartUploadInput{Bucket: &b, Key: aws.String("refused"), ChecksumAlgorithm: a.alg, ChecksumType: typ})
					wantErr(t, err, "InvalidRequest", 400)
				})
				continue
			}
			for _, transport := range []string{"header", "trailer"} {
				t.Run(fmt.Sprintf("%s %s %s", a.alg, typ, transport), func(t *testing.T) {
					c := plain
					if transport == "trailer" {
						c = viaTLS
					}
					key := fmt.Sprintf("mpu-%s-%s-%s", a.alg, typ, transport)
					m := startMPU(t, c, b, key, func(in *s3.CreateMultipartUploadInput) { in.ChecksumAlgorithm, in.ChecksumType = a.alg, typ })
					var done []types.CompletedPart
					var raw []byte
					for i, p := range parts {
						n := int32(i + 1)
						out, err := c.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: &key, UploadId: &m.id, PartNumber: &n, Body: bytes.NewReader(p), ChecksumAlgorithm: a.alg})
						must(t, err)
						d := digest(a.new, p)
						raw = append(raw, d...)
						if got := checksumOf(a.alg, out.ChecksumCRC32, out.ChecksumCRC32C, out.ChecksumCRC64NVME, out.ChecksumSHA1, out.ChecksumSHA256); got != b64(d) {
							t.Fatalf("part %d checksum %q, want %q", n, got, b64(d))
						}
						done = append(done, types.CompletedPart{PartNumber: &n, ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32, ChecksumCRC32C: out.ChecksumCRC32C,
							ChecksumCRC64NVME: out.ChecksumCRC64NVME, ChecksumSHA1: out.ChecksumSHA1, ChecksumSHA256: out.ChecksumSHA256})
					}
					lp, err := c.ListParts(ctx(t), &s3.ListPartsInput{Bucket: &b, Key: &key, UploadId: &m.id})
					must(t, err)
					if lp.ChecksumAlgorithm != a.alg || lp.ChecksumType != typ {
						t.Fatalf("ListParts algorithm %q type %q", lp.ChecksumAlgorithm, lp.ChecksumType)
					}
					for i, p := range lp.Parts {
						if got := checksumOf(a.alg, p.ChecksumCRC32, p.ChecksumCRC32C, p.ChecksumCRC64NVME, p.ChecksumSHA1, p.ChecksumSHA256); got != b64(digest(a.new, parts[i])) {
							t.Fatalf("ListParts part %d checksum %q", i+1, got)
						}
					}
					want := b64(digest(a.new, whole))
					if typ == types.ChecksumTypeComposite {
						want = fmt.Sprintf("%s-%d", b64(digest(a.new, raw)), len(parts))
					}
					out, err := m.complete(done...)
					must(t, err)
					if got := checksumOf(a.alg, out.ChecksumCRC32, out.ChecksumCRC32C, out.ChecksumCRC64NVME, out.ChecksumSHA1, out.ChecksumSHA256); got != want || out.ChecksumType != typ {
						t.Fatalf("Complete checksum %q type %q, want %q %q", got, out.ChecksumType, want, typ)
					}
					if got, gt := headChecksum(t, c, b, key, a.alg); got != want || gt != typ {
						t.Fatalf("HEAD checksum %q type %q, want %q %q", got, gt, want, typ)
					}
					if got := getValidated(t, c, b, key); !bytes.Equal(got, whole) {
						t.Fatal("body differs")
					}
				})
			}
		}
	}
	t.Run("wrong part checksum on complete", func(t *testing.T) {
		m := startMPU(t, plain, b, "wrongpart", func(in *s3.CreateMultipartUploadInput) { in.ChecksumAlgorithm = types.ChecksumAlgorithmSha256 })
		out, err := plain.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: aws.String("wrongpart"), UploadId: &m.id, PartNumber: aws.Int32(1),
			Body: bytes.NewReader(parts[2]), ChecksumAlgorithm: types.ChecksumAlgorithmSha256})
		must(t, err)
		bad := b64(digest(sha256.New, []byte("other")))
		_, err = m.complete(types.CompletedPart{PartNumber: aws.Int32(1), ETag: out.ETag, ChecksumSHA256: &bad})
		wantErr(t, err, "InvalidPart", 400)
	})
	t.Run("wrong full-object checksum on complete", func(t *testing.T) {
		m := startMPU(t, plain, b, "wrongfull", func(in *s3.CreateMultipartUploadInput) {
			in.ChecksumAlgorithm, in.ChecksumType = types.ChecksumAlgorithmCrc32, types.ChecksumTypeFullObject
		})
		cp := m.part(1, parts[2])
		bad := b64(digest(algos[0].new, []byte("other")))
		_, err := plain.CompleteMultipartUpload(ctx(t), &s3.CompleteMultipartUploadInput{Bucket: &b, Key: aws.String("wrongfull"), UploadId: &m.id,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{cp}}, ChecksumCRC32: &bad, ChecksumType: types.ChecksumTypeFullObject})
		wantErr(t, err, "BadDigest", 400)
		_, err = plain.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("wrongfull")})
		wantErr(t, err, "NotFound", 404)
	})
	t.Run("part with another algorithm", func(t *testing.T) {
		m := startMPU(t, plain, b, "mixed", func(in *s3.CreateMultipartUploadInput) { in.ChecksumAlgorithm = types.ChecksumAlgorithmSha256 })
		_, err := plain.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: aws.String("mixed"), UploadId: &m.id, PartNumber: aws.Int32(1),
			Body: bytes.NewReader(parts[2]), ChecksumAlgorithm: types.ChecksumAlgorithmCrc32})
		wantErr(t, err, "InvalidRequest", 400)
	})
}

// TestChecksumMismatch sends wrong checksums the SDK would never send: in a
// header, in an aws-chunked trailer, and on UploadPart.
func TestChecksumMismatch(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	data := []byte("the real body")
	for _, a := range algos {
		name := strings.ToLower(string(a.alg))
		header := "X-Amz-Checksum-" + name
		wrong := b64(digest(a.new, []byte("a different body")))
		t.Run(name+" header", func(t *testing.T) {
			key := "hdr-" + name
			r := rawReq{Method: "PUT", Path: "/" + b + "/" + key, Account: acct(aliceAcct), Body: data, Header: http.Header{header: {wrong}}}.do(t)
			r.want(t, 400, "BadDigest")
			r = rawReq{Method: "HEAD", Path: "/" + b + "/" + key, Account: acct(aliceAcct)}.do(t)
			if r.Status != 404 {
				t.Fatalf("object exists after BadDigest: %d", r.Status)
			}
			r = rawReq{Method: "PUT", Path: "/" + b + "/" + key, Account: acct(aliceAcct), Body: data, Header: http.Header{header: {"not base64!"}}}.do(t)
			r.want(t, 400, "InvalidRequest")
			r = rawReq{Method: "PUT", Path: "/" + b + "/" + key, Account: acct(aliceAcct), Body: data, Header: http.Header{header: {b64([]byte{1, 2})}}}.do(t)
			r.want(t, 400, "InvalidRequest")
			r = rawReq{Method: "PUT", Path: "/" + b + "/" + key, Account: acct(aliceAcct), Body: data, Header: http.Header{header: {b64(digest(a.new, data))}}}.do(t)
			r.want(t, 200, "")
		})
		t.Run(name+" trailer", func(t *testing.T) {
			key := "trl-" + name
			for _, tc := range []struct {
				value  string
				status int
				code   string
			}{
				{wrong, 400, "BadDigest"},
				{b64(digest(a.new, data)), 200, ""},
			} {
				body := unsignedTrailerBody(data, 5, "x-amz-checksum-"+name, tc.value)
				r := rawReq{Method: "PUT", Path: "/" + b + "/" + key, Account: acct(aliceAcct), Body: body, Payload: "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
					Header: http.Header{"Content-Encoding": {"aws-chunked"}, "X-Amz-Decoded-Content-Length": {fmt.Sprint(len(data))},
						"X-Amz-Trailer": {"x-amz-checksum-" + name}, "X-Amz-Sdk-Checksum-Algorithm": {string(a.alg)}}}.do(t)
				r.want(t, tc.status, tc.code)
			}
			if got := get(t, c, b, key); !bytes.Equal(got, data) {
				t.Fatalf("stored %q", got)
			}
		})
	}
	t.Run("upload part", func(t *testing.T) {
		m := startMPU(t, c, b, "part")
		r := rawReq{Method: "PUT", Path: "/" + b + "/part", Query: "partNumber=1&uploadId=" + url.QueryEscape(m.id), Account: acct(aliceAcct), Body: data,
			Header: http.Header{"X-Amz-Checksum-Crc32": {b64(digest(algos[0].new, []byte("nope")))}}}.do(t)
		r.want(t, 400, "BadDigest")
		lp, err := c.ListParts(ctx(t), &s3.ListPartsInput{Bucket: &b, Key: aws.String("part"), UploadId: &m.id})
		must(t, err)
		if len(lp.Parts) != 0 {
			t.Fatalf("a part was stored despite BadDigest")
		}
	})
	t.Run("two checksum headers", func(t *testing.T) {
		r := rawReq{Method: "PUT", Path: "/" + b + "/two", Account: acct(aliceAcct), Body: data, Header: http.Header{
			"X-Amz-Checksum-Crc32":  {b64(digest(algos[0].new, data))},
			"X-Amz-Checksum-Sha256": {b64(digest(sha256.New, data))}}}.do(t)
		r.want(t, 400, "InvalidRequest")
	})
}

// unsignedTrailerBody frames data as aws-chunked with chunks of at most
// chunk bytes and a trailing header, as STREAMING-UNSIGNED-PAYLOAD-TRAILER
// bodies are.
func unsignedTrailerBody(data []byte, chunk int, name, value string) []byte {
	var b bytes.Buffer
	for len(data) > 0 {
		n := min(chunk, len(data))
		fmt.Fprintf(&b, "%x\r\n", n)
		b.Write(data[:n])
		b.WriteString("\r\n")
		data = data[n:]
	}
	fmt.Fprintf(&b, "0\r\n%s:%s\r\n\r\n", name, value)
	return b.Bytes()
}
