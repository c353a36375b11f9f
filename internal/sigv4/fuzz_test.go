package sigv4

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

func isAPIError(err error) bool {
	var e *apierr.Error
	return errors.As(err, &e)
}

func FuzzParseAuthorizationHeader(f *testing.F) {
	for _, s := range []string{
		"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
		"AWS4-HMAC-SHA256 Credential=A/2/r/s/t,SignedHeaders=Host,Signature=x",
		"AWS4-HMAC-SHA256 ,,Credential==,SignedHeaders=;,Signature=",
		"AWS4-ECDSA-P256-SHA256 Credential=A/20150830/s3/aws4_request",
		"AWS AKID:c2lnbmF0dXJl",
		"AWS :",
		"Basic dXNlcjpwYXNz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		a, err := ParseAuthorizationHeader(h)
		if err != nil {
			if !isAPIError(err) {
				t.Fatalf("not an API error: %v", err)
			}
			return
		}
		switch a.Version {
		case 2:
			if a.AccessKeyID == "" || a.Signature == "" {
				t.Fatalf("v2 %+v", a)
			}
			return
		case 4:
		default:
			t.Fatalf("version %d", a.Version)
		}
		if a.AccessKeyID == "" || a.Date == "" || a.Region == "" || a.Service == "" || a.Signature == "" || len(a.SignedHeaders) == 0 {
			t.Fatalf("incomplete %+v", a)
		}
		for _, n := range a.SignedHeaders {
			if n == "" || strings.ContainsAny(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
				t.Fatalf("signed header %q", n)
			}
		}
		// What was parsed renders back to a header that parses the same.
		again := AlgorithmV4 + " Credential=" + a.AccessKeyID + "/" + a.Date + "/" + a.Region + "/" + a.Service + "/" + a.terminal +
			", SignedHeaders=" + strings.Join(a.SignedHeaders, ";") + ", Signature=" + a.Signature
		b, err := ParseAuthorizationHeader(again)
		if err != nil || b.AccessKeyID != a.AccessKeyID || b.Scope() != a.Scope() || b.Signature != a.Signature ||
			strings.Join(b.SignedHeaders, ";") != strings.Join(a.SignedHeaders, ";") {
			t.Fatalf("round trip of %q: %+v %v", again, b, err)
		}
	})
}

func FuzzParseQuery(f *testing.F) {
	f.Add(v4Query(map[string]string{"X-Amz-Security-Token": "t+/="}).Encode())
	f.Add("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=604801")
	f.Add("X-Amz-Credential=a%2Fb&X-Amz-Expires=-5&X-Amz-Date=x")
	f.Add("AWSAccessKeyId=A&Expires=99999999999999999999&Signature=s")
	f.Add("acl&versionId=%zz&X%2DAmz-Signature=1")
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		for _, parse := range []func() (Auth, error){
			func() (Auth, error) { return ParseQuery(q) },
			func() (Auth, error) {
				return ParseRequest(&http.Request{URL: &url.URL{Path: "/", RawQuery: raw}, Header: http.Header{}})
			},
		} {
			a, err := parse()
			if err != nil {
				if !isAPIError(err) {
					t.Fatalf("not an API error: %v", err)
				}
				continue
			}
			if a.Version == 4 && (a.Expires < 0 || a.Expires > MaxPresignExpires || a.RequestTime.IsZero() || len(a.SignedHeaders) == 0) {
				t.Fatalf("v4 %+v", a)
			}
			if a.Kind == KindNone && a.Version != 0 {
				t.Fatalf("anonymous %+v", a)
			}
		}
	})
}

func FuzzCanonicalQuery(f *testing.F) {
	for _, s := range []string{"", "b=2&a=1", "a+b=%20&&c", "x=%zz%4", "X-Amz-Signature=1&z=%2F", "\xff=\x00", "k=v=w;x"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, raw string, presign bool) {
		out := string(appendCanonicalQuery(nil, raw, presign))
		if again := string(appendCanonicalQuery(nil, out, presign)); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", raw, out, again)
		}
		var prevK, prevV string
		for i, p := range strings.Split(out, "&") {
			if out == "" {
				break
			}
			k, v, ok := strings.Cut(p, "=")
			if !ok || strings.Contains(v, "=") {
				t.Fatalf("pair %q in %q", p, out)
			}
			if presign && k == "X-Amz-Signature" {
				t.Fatalf("signature kept: %q", out)
			}
			if i > 0 && (k < prevK || k == prevK && v < prevV) {
				t.Fatalf("unsorted %q", out)
			}
			prevK, prevV = k, v
		}
		for i := 0; i < len(out); i++ {
			if c := out[i]; !unreserved(c) && c != '%' && c != '=' && c != '&' {
				t.Fatalf("byte %q in %q", c, out)
			}
		}
	})
}

// fuzzFrame frames data in one of the variants clients send.
func fuzzFrame(data []byte, chunk int, variant uint8) ([]byte, ChunkedConfig) {
	const trailer = "x-amz-checksum-crc32:AAAAAA=="
	if variant&1 == 0 {
		ext := ""
		if variant&2 != 0 {
			ext = ";x=y"
		}
		end := []string{"\r\n", "", "\r\n\r\n", "\r\n"}[variant>>2&3]
		return unsignedBody(data, chunk, ext, trailer+"\r\n", end), unsignedConfig(len(data), "x-amz-checksum-crc32")
	}
	chunk = max(chunk, minChunkSize)
	if variant&2 != 0 {
		return signedBody(docKey(), docSeed, data, chunk, trailer), signedConfig(len(data), "x-amz-checksum-crc32")
	}
	return signedBody(docKey(), docSeed, data, chunk, ""), signedConfig(len(data))
}

func FuzzChunkedReader(f *testing.F) {
	f.Add([]byte("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"), []byte("hello"), uint16(2), uint8(0))
	f.Add([]byte("3;chunk-signature=00\r\nabc\r\n0;chunk-signature=11\r\n\r\n"), []byte("abc"), uint16(9000), uint8(1))
	f.Add([]byte("ffffffffffffffff\r\n"), []byte{}, uint16(0), uint8(3))
	f.Add([]byte("0\r\n\r\n\r\n\r\n\r\nx:y\r\n"), bytes.Repeat([]byte{0}, 20000), uint16(8192), uint8(7))
	f.Add([]byte("1\n\x00\n0\nx-amz-checksum-crc32 : v\n"), []byte("\r\n0\r\n"), uint16(1), uint8(12))
	f.Fuzz(func(t *testing.T, body, data []byte, chunk uint16, variant uint8) {
		// Any input: no panic, only API errors, never more out than in.
		for _, cfg := range []ChunkedConfig{
			unsignedConfig(-1, "x-amz-checksum-crc32"),
			func() ChunkedConfig { c := signedConfig(-1); c.MaxChunkSize = 64 << 10; return c }(),
			func() ChunkedConfig {
				c := signedConfig(-1, "x-amz-checksum-crc32")
				c.MaxChunkSize = 64 << 10
				return c
			}(),
		} {
			out, err := io.ReadAll(NewChunkedReader(bytes.NewReader(body), cfg))
			if err != nil && !isAPIError(err) {
				t.Fatalf("not an API error: %v", err)
			}
			if len(out) > len(body) {
				t.Fatalf("%d bytes out of %d", len(out), len(body))
			}
		}
		// A valid framing decodes to its data, whatever the read sizes.
		framed, cfg := fuzzFrame(data, max(int(chunk), 1), variant)
		var src io.Reader = bytes.NewReader(framed)
		if variant&16 != 0 {
			src = iotest.OneByteReader(src)
		}
		cr := NewChunkedReader(src, cfg)
		out, err := io.ReadAll(cr)
		if err != nil || !bytes.Equal(out, data) {
			t.Fatalf("variant %d chunk %d: %v (%d of %d bytes)", variant, chunk, err, len(out), len(data))
		}
		if len(cfg.Trailers) > 0 && cr.Trailer("x-amz-checksum-crc32") != "AAAAAA==" {
			t.Fatalf("trailer %q", cr.Trailer("x-amz-checksum-crc32"))
		}
	})
}

// FuzzVerifyV4 signs a request built from fuzzed parts and checks that it
// verifies, and that the unsigned-header rule holds.
func FuzzVerifyV4(f *testing.F) {
	f.Add("/a b/../c", "x=1&y=%2F&acl", "v  w", "x-amz-meta-k")
	f.Add("/", "", "", "x-amz-acl")
	f.Add("/\xff%", "a+b=c+d&&", "\t", "content-type")
	f.Fuzz(func(t *testing.T, path, rawQuery, value, extra string) {
		if strings.ContainsAny(value, "\r\n\x00") || !validToken(extra) {
			return
		}
		r := &http.Request{Method: "PUT", URL: &url.URL{Path: path, RawQuery: rawQuery}, Host: "b.example", Header: http.Header{}, ContentLength: -1}
		r.Header.Set("X-Amz-Meta-V", value)
		now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		SignV4(r, "AKID", "secret", "", "us-east-1", "s3", UnsignedPayload, now)
		a, err := ParseRequest(r)
		if err != nil {
			t.Fatal(err)
		}
		key := DeriveSigningKey("secret", a.Date, a.Region, a.Service)
		if err := VerifyV4(r, &a, key, "", now, VerifyOptions{Region: "us-east-1"}); err != nil {
			t.Fatalf("%v\n%s", err, apierr.As(err).Get("CanonicalRequest"))
		}
		r.Header.Set(extra, "added")
		err = VerifyV4(r, &a, key, "", now, VerifyOptions{Region: "us-east-1"})
		lower := strings.ToLower(extra)
		if strings.HasPrefix(lower, "x-amz-") && !slices.Contains(a.SignedHeaders, lower) && apierr.As(err).Get("HeadersNotSigned") != lower {
			t.Fatalf("added %s: %v", extra, err)
		}
	})
}

func validToken(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(unreserved(c) && c != '~' && c != '.') {
			return false
		}
	}
	return true
}
