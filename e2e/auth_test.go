package e2e

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/coffer-s3/coffer/e2e/harness"
	"github.com/coffer-s3/coffer/internal/sigv4"
)

func TestAuthCredentials(t *testing.T) {
	t.Parallel()
	b := newBucket(t, alice())
	put(t, alice(), b, "k", []byte("x"))

	t.Run("wrong secret", func(t *testing.T) {
		wrong := harness.Alice
		wrong.SecretKey = "not-the-secret"
		c := shared.Client(wrong, sdkDefaults)
		_, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k")})
		wantErr(t, err, "SignatureDoesNotMatch", 403)
		_, err = c.ListBuckets(ctx(t), &s3.ListBucketsInput{})
		wantErr(t, err, "SignatureDoesNotMatch", 403)
		_, err = c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("k"), Body: strings.NewReader("overwritten")})
		wantErr(t, err, "SignatureDoesNotMatch", 403)
		if got := get(t, alice(), b, "k"); string(got) != "x" {
			t.Fatal("a badly signed PUT changed the object")
		}
		// AWS returns what it signed so clients can debug.
		r := rawReq{Method: "GET", Path: "/" + b + "/k", Account: &wrong}.do(t)
		r.want(t, 403, "SignatureDoesNotMatch")
		var doc struct {
			AWSAccessKeyId, StringToSign, SignatureProvided, CanonicalRequest string
		}
		must(t, xml.Unmarshal(r.Body, &doc))
		if doc.AWSAccessKeyId != harness.Alice.AccessKey || !strings.HasPrefix(doc.StringToSign, "AWS4-HMAC-SHA256\n") ||
			len(doc.SignatureProvided) != 64 || !strings.HasPrefix(doc.CanonicalRequest, "GET\n/"+b+"/k\n") {
			t.Errorf("error document lacks the signing details:\n%s", r.Body)
		}
	})
	t.Run("unknown key", func(t *testing.T) {
		c := shared.Client(harness.Account{AccessKey: "AKIAUNKNOWN000000000", SecretKey: "whatever"}, sdkDefaults)
		_, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k")})
		wantErr(t, err, "InvalidAccessKeyId", 403)
		_, err = c.ListBuckets(ctx(t), &s3.ListBucketsInput{})
		wantErr(t, err, "InvalidAccessKeyId", 403)
	})
	t.Run("wrong region in scope", func(t *testing.T) {
		c := shared.Client(harness.Alice, sdkDefaults, func(o *s3.Options) { o.Region = "eu-west-1" })
		_, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k")})
		wantErr(t, err, "AuthorizationHeaderMalformed", 400)
	})
	t.Run("malformed authorization", func(t *testing.T) {
		for _, auth := range []string{"AWS4-HMAC-SHA256 garbage", "AWS4-HMAC-SHA256 Credential=AKIAALICE0000000001/20200101/us-east-1/s3/aws4_request, Signature=00"} {
			r := rawReq{Method: "GET", Path: "/" + b + "/k", Header: http.Header{"Authorization": {auth}, "X-Amz-Date": {time.Now().UTC().Format("20060102T150405Z")},
				"X-Amz-Content-Sha256": {"UNSIGNED-PAYLOAD"}}}.do(t)
			r.want(t, 400, "AuthorizationHeaderMalformed")
		}
	})
}

func TestAuthAnonymousAndCrossAccount(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	put(t, c, b, "k", []byte("private"))
	anon := []struct{ method, path, query string }{
		{"GET", "/", ""},
		{"GET", "/" + b, ""},
		{"GET", "/" + b, "list-type=2"},
		{"GET", "/" + b, "versioning"},
		{"GET", "/" + b + "/k", ""},
		{"GET", "/" + b + "/missing", ""},
		{"PUT", "/" + b + "/k", ""},
		{"PUT", "/" + b + "-anon-new", ""},
		{"DELETE", "/" + b + "/k", ""},
		{"DELETE", "/" + b, ""},
		{"POST", "/" + b + "/k", "uploads"},
	}
	for _, tc := range anon {
		t.Run("anonymous "+tc.method+" "+tc.path+"?"+tc.query, func(t *testing.T) {
			r := rawReq{Method: tc.method, Path: tc.path, Query: tc.query, Body: []byte{}}.do(t)
			r.want(t, 403, "AccessDenied")
		})
	}
	for _, m := range []string{"HEAD"} {
		r := rawReq{Method: m, Path: "/" + b + "/k"}.do(t)
		if r.Status != 403 {
			t.Fatalf("anonymous HEAD: %d", r.Status)
		}
	}
	if got := get(t, c, b, "k"); string(got) != "private" {
		t.Fatal("an anonymous request changed the object")
	}

	bc := bob()
	denied := []struct {
		name string
		call func() error
	}{
		{"GetObject", func() error {
			_, err := bc.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k")})
			return err
		}},
		{"GetObject missing key", func() error {
			_, err := bc.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("missing")})
			return err
		}},
		{"PutObject", func() error {
			_, err := bc.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("k"), Body: strings.NewReader("bob")})
			return err
		}},
		{"DeleteObject", func() error {
			_, err := bc.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("k")})
			return err
		}},
		{"ListObjectsV2", func() error { _, err := bc.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &b}); return err }},
		{"ListObjects", func() error { _, err := bc.ListObjects(ctx(t), &s3.ListObjectsInput{Bucket: &b}); return err }},
		{"ListObjectVersions", func() error {
			_, err := bc.ListObjectVersions(ctx(t), &s3.ListObjectVersionsInput{Bucket: &b})
			return err
		}},
		{"GetObjectTagging", func() error {
			_, err := bc.GetObjectTagging(ctx(t), &s3.GetObjectTaggingInput{Bucket: &b, Key: aws.String("k")})
			return err
		}},
		{"GetBucketLocation", func() error {
			_, err := bc.GetBucketLocation(ctx(t), &s3.GetBucketLocationInput{Bucket: &b})
			return err
		}},
		{"PutBucketVersioning", func() error {
			_, err := bc.PutBucketVersioning(ctx(t), &s3.PutBucketVersioningInput{Bucket: &b,
				VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}})
			return err
		}},
		{"DeleteBucket", func() error { _, err := bc.DeleteBucket(ctx(t), &s3.DeleteBucketInput{Bucket: &b}); return err }},
		{"CreateMultipartUpload", func() error {
			_, err := bc.CreateMultipartUpload(ctx(t), &s3.CreateMultipartUploadInput{Bucket: &b, Key: aws.String("k")})
			return err
		}},
	}
	for _, tc := range denied {
		t.Run("bob "+tc.name, func(t *testing.T) {
			err := tc.call()
			wantErr(t, err, "AccessDenied", 403)
		})
	}
	_, err := bc.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("k")})
	wantErr(t, err, "Forbidden", 403)
	if got := get(t, c, b, "k"); string(got) != "private" {
		t.Fatal("bob changed the object")
	}
}

func TestAuthClockSkew(t *testing.T) {
	t.Parallel()
	b := newBucket(t, alice())
	put(t, alice(), b, "k", []byte("x"))
	for _, tc := range []struct {
		skew time.Duration
		ok   bool
	}{
		{-20 * time.Minute, false},
		{20 * time.Minute, false},
		{-14 * time.Minute, true},
		{14 * time.Minute, true},
		{-48 * time.Hour, false},
	} {
		t.Run(tc.skew.String(), func(t *testing.T) {
			r := rawReq{Method: "GET", Path: "/" + b + "/k", Account: acct(aliceAcct), Now: time.Now().Add(tc.skew)}.do(t)
			if tc.ok {
				r.want(t, 200, "")
				return
			}
			r.want(t, 403, "RequestTimeTooSkewed")
		})
	}
}

func TestAuthSignedHeaders(t *testing.T) {
	t.Parallel()
	b := newBucket(t, alice())
	t.Run("unsigned x-amz header added", func(t *testing.T) {
		r := rawReq{Method: "PUT", Path: "/" + b + "/k", Account: acct(aliceAcct), Body: []byte("x"),
			After: func(r *http.Request) { r.Header.Set("X-Amz-Meta-Injected", "evil") }}.do(t)
		r.want(t, 403, "AccessDenied")
		r = rawReq{Method: "PUT", Path: "/" + b + "/k", Account: acct(aliceAcct), Body: []byte("x"),
			After: func(r *http.Request) { r.Header.Set("X-Amz-Storage-Class", "GLACIER") }}.do(t)
		r.want(t, 403, "AccessDenied")
		r = rawReq{Method: "HEAD", Path: "/" + b + "/k", Account: acct(aliceAcct)}.do(t)
		if r.Status != 404 {
			t.Fatalf("object written by a request with unsigned headers: %d", r.Status)
		}
	})
	t.Run("unsigned ordinary header added", func(t *testing.T) {
		// Headers outside x-amz-* need not be signed.
		r := rawReq{Method: "PUT", Path: "/" + b + "/ok", Account: acct(aliceAcct), Body: []byte("x"),
			After: func(r *http.Request) { r.Header.Set("X-Custom", "fine") }}.do(t)
		r.want(t, 200, "")
	})
	t.Run("signed header changed", func(t *testing.T) {
		r := rawReq{Method: "PUT", Path: "/" + b + "/k", Account: acct(aliceAcct), Body: []byte("x"),
			Header: http.Header{"X-Amz-Meta-A": {"1"}},
			After:  func(r *http.Request) { r.Header.Set("X-Amz-Meta-A", "2") }}.do(t)
		r.want(t, 403, "SignatureDoesNotMatch")
	})
	t.Run("path changed", func(t *testing.T) {
		r := rawReq{Method: "PUT", Path: "/" + b + "/k", Account: acct(aliceAcct), Body: []byte("x"),
			After: func(r *http.Request) { r.URL.Path = "/" + b + "/other" }}.do(t)
		r.want(t, 403, "SignatureDoesNotMatch")
	})
	t.Run("query added", func(t *testing.T) {
		r := rawReq{Method: "GET", Path: "/" + b, Account: acct(aliceAcct),
			After: func(r *http.Request) { r.URL.RawQuery = "prefix=x" }}.do(t)
		r.want(t, 403, "SignatureDoesNotMatch")
	})
}

func TestAuthPayloadModes(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	data := randBytes(90, 20000)
	t.Run("UNSIGNED-PAYLOAD", func(t *testing.T) {
		r := rawReq{Method: "PUT", Path: "/" + b + "/unsigned", Account: acct(aliceAcct), Body: data, Payload: "UNSIGNED-PAYLOAD"}.do(t)
		r.want(t, 200, "")
		if got := get(t, c, b, "unsigned"); !bytes.Equal(got, data) {
			t.Fatal("body differs")
		}
	})
	t.Run("signed payload", func(t *testing.T) {
		r := rawReq{Method: "PUT", Path: "/" + b + "/signed", Account: acct(aliceAcct), Body: data}.do(t)
		r.want(t, 200, "")
		if got := get(t, c, b, "signed"); !bytes.Equal(got, data) {
			t.Fatal("body differs")
		}
	})
	t.Run("wrong payload hash", func(t *testing.T) {
		for _, n := range []int{100, 200 << 10} {
			body := randBytes(91, n)
			key := fmt.Sprintf("mismatch-%d", n)
			r := rawReq{Method: "PUT", Path: "/" + b + "/" + key, Account: acct(aliceAcct), Body: body, Payload: sha256hex([]byte("something else"))}.do(t)
			r.want(t, 400, "XAmzContentSHA256Mismatch")
			r = rawReq{Method: "HEAD", Path: "/" + b + "/" + key, Account: acct(aliceAcct)}.do(t)
			if r.Status != 404 {
				t.Fatalf("object stored despite hash mismatch: %d", r.Status)
			}
		}
	})
	t.Run("invalid payload hash value", func(t *testing.T) {
		r := rawReq{Method: "PUT", Path: "/" + b + "/bad", Account: acct(aliceAcct), Body: data, Payload: "not-a-hash"}.do(t)
		if r.Status != 400 {
			t.Fatalf("status %d %s", r.Status, r.Code)
		}
	})
	t.Run("missing payload hash header", func(t *testing.T) {
		// Signed without x-amz-content-sha256, which S3 requires for header
		// authentication.
		req, err := http.NewRequest("PUT", shared.URL+"/"+b+"/nohash", bytes.NewReader(data))
		must(t, err)
		err = v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: harness.Alice.AccessKey, SecretAccessKey: harness.Alice.SecretKey},
			req, sha256hex(data), "s3", shared.Region, time.Now())
		must(t, err)
		if req.Header.Get("X-Amz-Content-Sha256") != "" {
			t.Skip("signer set x-amz-content-sha256")
		}
		resp, err := rawClient.Do(req)
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Fatalf("request without x-amz-content-sha256: %d", resp.StatusCode)
		}
	})
	t.Run("streaming signed", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			tamper func(body []byte)
			sizes  []int
			status int
			code   string
		}{
			{"ok", nil, []int{8192, 64 << 10}, 200, ""},
			{"one chunk", nil, []int{100}, 200, ""},
			{"empty", nil, nil, 200, ""},
			{"tampered data", func(body []byte) { body[len(body)/2] ^= 1 }, []int{8192, 8192, 10}, 403, "SignatureDoesNotMatch"},
			{"tampered last chunk", func(body []byte) {
				i := bytes.LastIndex(body, []byte("0;chunk-signature="))
				body[i+20] ^= 1
			}, []int{8192, 10}, 403, "SignatureDoesNotMatch"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				key := "stream-" + strings.ReplaceAll(tc.name, " ", "-")
				var payload []byte
				for i, n := range tc.sizes {
					payload = append(payload, randBytes(uint64(i+100), n)...)
				}
				r := streamingPut(t, b, key, tc.sizes, payload, "", tc.tamper)
				r.want(t, tc.status, tc.code)
				if tc.status == 200 {
					if got := get(t, c, b, key); !bytes.Equal(got, payload) {
						t.Fatalf("stored %d bytes, want %d", len(got), len(payload))
					}
					return
				}
				h := rawReq{Method: "HEAD", Path: "/" + b + "/" + key, Account: acct(aliceAcct)}.do(t)
				if h.Status != 404 {
					t.Fatalf("object stored despite a bad chunk: %d", h.Status)
				}
			})
		}
	})
	t.Run("streaming signed with signed trailer", func(t *testing.T) {
		payload := randBytes(120, 9000)
		crc := b64(digest(algos[0].new, payload))
		r := streamingPut(t, b, "trailer-ok", []int{8192, 808}, payload, "x-amz-checksum-crc32:"+crc, nil)
		r.want(t, 200, "")
		if got := get(t, c, b, "trailer-ok"); !bytes.Equal(got, payload) {
			t.Fatal("body differs")
		}
		r = streamingPut(t, b, "trailer-bad-sig", []int{8192, 808}, payload, "x-amz-checksum-crc32:"+crc, func(body []byte) {
			i := bytes.Index(body, []byte("x-amz-trailer-signature:"))
			body[i+30] ^= 1
		})
		r.want(t, 403, "SignatureDoesNotMatch")
		wrongCRC := b64(digest(algos[0].new, []byte("nope")))
		r = streamingPut(t, b, "trailer-bad-crc", []int{8192, 808}, payload, "x-amz-checksum-crc32:"+wrongCRC, nil)
		r.want(t, 400, "BadDigest")
		for _, k := range []string{"trailer-bad-sig", "trailer-bad-crc"} {
			h := rawReq{Method: "HEAD", Path: "/" + b + "/" + k, Account: acct(aliceAcct)}.do(t)
			if h.Status != 404 {
				t.Fatalf("%s stored: %d", k, h.Status)
			}
		}
	})
}

var sigRE = regexp.MustCompile(`Signature=([0-9a-f]{64})`)

// streamingPut PUTs payload as a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body
// (-TRAILER when trailer, "name:value", is set) with chunks of the given
// sizes, signed with sigv4.ChunkSigner; tamper may change the encoded body
// after signing.
func streamingPut(t *testing.T, bucket, key string, sizes []int, payload []byte, trailer string, tamper func([]byte)) *rawResp {
	t.Helper()
	now := time.Now().UTC()
	amzDate := now.Format("20060102T150405Z")
	scope := amzDate[:8] + "/" + shared.Region + "/s3/aws4_request"
	mode := sigv4.StreamingPayload
	hdr := http.Header{"Content-Encoding": {"aws-chunked"}, "X-Amz-Decoded-Content-Length": {fmt.Sprint(len(payload))}}
	if trailer != "" {
		mode = sigv4.StreamingPayloadTrailer
		name, _, _ := strings.Cut(trailer, ":")
		hdr.Set("X-Amz-Trailer", name)
	}
	encode := func(seed string) []byte {
		s := sigv4.NewChunkSigner(sigv4.DeriveSigningKey(harness.Alice.SecretKey, amzDate[:8], shared.Region, "s3"), amzDate, scope, seed)
		var out bytes.Buffer
		rest := payload
		for _, n := range sizes {
			chunk := rest[:n]
			rest = rest[n:]
			fmt.Fprintf(&out, "%x;chunk-signature=%s\r\n", n, s.Sign(chunk))
			out.Write(chunk)
			out.WriteString("\r\n")
		}
		fmt.Fprintf(&out, "0;chunk-signature=%s\r\n", s.Sign(nil))
		if trailer != "" {
			fmt.Fprintf(&out, "%s\r\n", trailer)
			fmt.Fprintf(&out, "x-amz-trailer-signature:%s\r\n", s.SignTrailer([]byte(trailer+"\n")))
		}
		out.WriteString("\r\n")
		return out.Bytes()
	}
	// The encoded length is signed, so sign with a body of the right length
	// and fill in the real chunk signatures from the seed afterwards.
	dummy := encode(strings.Repeat("0", 64))
	var body []byte
	return rawReq{Method: "PUT", Path: "/" + bucket + "/" + key, Account: acct(aliceAcct), Body: dummy, Payload: mode, Header: hdr, Now: now,
		After: func(r *http.Request) {
			m := sigRE.FindStringSubmatch(r.Header.Get("Authorization"))
			body = encode(m[1])
			if tamper != nil {
				tamper(body)
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}}.do(t)
}
