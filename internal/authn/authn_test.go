package authn

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Unsigned requests: their body framing and integrity checks are applied
// like signed ones' (nothing is stored with aws-chunked framing), and the
// signed streaming modes, which need a signature to chain from, are
// refused. These paths never look up a key, so no identity store is needed.
func TestAnonymousBodies(t *testing.T) {
	a := New(Options{Region: "us-east-1"})
	const framed = "b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
	cases := []struct {
		name    string
		headers map[string]string
		body    string
		want    string // decoded body, or the error code when it starts with "!"
	}{
		{"plain", nil, "hello", "hello"},
		{"unsigned trailer is decoded", map[string]string{
			"X-Amz-Content-Sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "Content-Encoding": "aws-chunked",
			"X-Amz-Decoded-Content-Length": "11", "X-Amz-Trailer": "x-amz-checksum-crc32"}, framed, "hello world"},
		{"unsigned trailer needs x-amz-trailer", map[string]string{
			"X-Amz-Content-Sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "Content-Encoding": "aws-chunked",
			"X-Amz-Decoded-Content-Length": "11"}, framed, "!InvalidRequest"},
		{"aws-chunked without a streaming mode", map[string]string{"Content-Encoding": "aws-chunked"}, framed, "!InvalidRequest"},
		{"signed streaming without a signature", map[string]string{
			"X-Amz-Content-Sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "Content-Encoding": "aws-chunked",
			"X-Amz-Decoded-Content-Length": "11"}, framed, "!AccessDenied"},
		{"payload hash is checked", map[string]string{
			"X-Amz-Content-Sha256": strings.Repeat("0", 64)}, "hello", "!XAmzContentSHA256Mismatch"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPut, "http://127.0.0.1/b/k", strings.NewReader(c.body))
			for k, v := range c.headers {
				r.Header.Set(k, v)
			}
			res, err := a.Authenticate(context.Background(), r, "s3", "")
			if err == nil {
				var got []byte
				got, err = io.ReadAll(res.Body)
				if err == nil {
					if !res.Principal.IsAnonymous() {
						t.Fatal("not anonymous")
					}
					if string(got) != c.want {
						t.Fatalf("body %q, want %q", got, c.want)
					}
					return
				}
			}
			if !strings.HasPrefix(c.want, "!") || !strings.Contains(err.Error(), c.want[1:]) {
				t.Fatalf("err %v, want %s", err, c.want)
			}
		})
	}
}
