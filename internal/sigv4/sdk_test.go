package sigv4

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// These tests sign with aws-sdk-go-v2's own signer and verify with ours, the
// requests travelling through net/http's wire format both ways so that the
// server sees exactly what a real one would.

var sdkTime = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

const (
	sdkAKID   = "AKIAIOSFODNN7EXAMPLE"
	sdkSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	sdkToken  = "FwoGZXIvYXdzEXAMPLE//+token=="
)

// onTheWire writes a client request out and reads it back as a server does.
func onTheWire(t *testing.T, r *http.Request) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatal(err)
	}
	s, err := http.ReadRequest(bufio.NewReader(&buf))
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	return s
}

func sdkCreds(token string) aws.Credentials {
	return aws.Credentials{AccessKeyID: sdkAKID, SecretAccessKey: sdkSecret, SessionToken: token}
}

func s3Opts(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }

func verifyServer(t *testing.T, r *http.Request, service, payload string, now time.Time) error {
	t.Helper()
	a, err := ParseRequest(r)
	if err != nil {
		return err
	}
	key := DeriveSigningKey(sdkSecret, a.Date, a.Region, a.Service)
	return VerifyV4(r, &a, key, payload, now, VerifyOptions{Region: "eu-west-3", Service: service})
}

func TestSDKSignedHeaderRequests(t *testing.T) {
	body := "hello, coffer"
	cases := []struct {
		name, method, url string
		header            map[string]string
		payload           string
		token             string
	}{
		{"put with signed payload", "PUT", "https://bucket.s3.eu-west-3.amazonaws.com/a%20b%2Bc/%C3%BC~%21%2A%27%28%29.txt",
			map[string]string{"Content-Type": "text/plain", "X-Amz-Meta-Color": "  deep    blue  ", "X-Amz-Acl": "private"}, sha256Hex([]byte(body)), ""},
		{"upload part query", "PUT", "https://s3.eu-west-3.amazonaws.com/bucket/key?partNumber=3&uploadId=abc%2Bdef%2F%3D",
			map[string]string{"Content-Md5": "XrY7u+Ae7tCTyyK7j1rNww=="}, UnsignedPayload, sdkToken},
		{"list with empty values", "GET", "https://bucket.s3.eu-west-3.amazonaws.com/?list-type=2&prefix=&delimiter=%2F&encoding-type=url",
			map[string]string{"Range": "bytes=0-9", "If-None-Match": `"etag"`}, emptySHA256, ""},
		{"dot segments kept", "GET", "https://s3.eu-west-3.amazonaws.com/bucket/./a/../b//c",
			nil, emptySHA256, sdkToken},
		{"streaming", "PUT", "https://bucket.s3.eu-west-3.amazonaws.com/obj",
			map[string]string{"Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": "13", "X-Amz-Trailer": "x-amz-checksum-crc32"}, StreamingPayloadTrailer, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := http.NewRequest(c.method, c.url, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if c.method == "GET" {
				r.Body, r.ContentLength = nil, 0
			}
			for k, v := range c.header {
				r.Header.Set(k, v)
			}
			r.Header.Set("X-Amz-Content-Sha256", c.payload)
			if err := v4.NewSigner().SignHTTP(context.Background(), sdkCreds(c.token), r, c.payload, "s3", "eu-west-3", sdkTime, s3Opts); err != nil {
				t.Fatal(err)
			}
			srv := onTheWire(t, r)
			if err := verifyServer(t, srv, "s3", "", sdkTime.Add(3*time.Minute)); err != nil {
				t.Fatalf("verify: %v\n%s", err, apierr.As(err).Get("CanonicalRequest"))
			}
			srv.Header.Set("X-Amz-Meta-Extra", "smuggled")
			if err := verifyServer(t, srv, "s3", "", sdkTime); apierr.As(err).Get("HeadersNotSigned") != "x-amz-meta-extra" {
				t.Fatalf("unsigned x-amz header: %v", err)
			}
			srv.Header.Del("X-Amz-Meta-Extra")
			srv.URL.RawQuery += "&versionId=1"
			if err := verifyServer(t, srv, "s3", "", sdkTime); !errors.Is(err, apierr.SignatureDoesNotMatch) {
				t.Fatalf("tampered query: %v", err)
			}
		})
	}
}

func TestSDKPresignedURL(t *testing.T) {
	for _, token := range []string{"", sdkToken} {
		r, _ := http.NewRequest("GET", "https://bucket.s3.eu-west-3.amazonaws.com/photos/2026/a%20b.jpg?response-content-type=image%2Fjpeg&X-Amz-Expires=900", nil)
		r.Header.Set("X-Amz-Server-Side-Encryption-Customer-Algorithm", "AES256")
		u, hdr, err := v4.NewSigner().PresignHTTP(context.Background(), sdkCreds(token), r, UnsignedPayload, "s3", "eu-west-3", sdkTime, s3Opts)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := http.NewRequest("GET", u, nil)
		for k, v := range hdr {
			if k != "Host" {
				c.Header[k] = v
			}
		}
		srv := onTheWire(t, c)
		a, err := ParseRequest(srv)
		if err != nil {
			t.Fatal(err)
		}
		if a.Kind != KindQuery || a.Expires != 900*time.Second || a.SecurityToken != token {
			t.Fatalf("parsed %+v", a)
		}
		if err := verifyServer(t, srv, "s3", "", sdkTime.Add(10*time.Minute)); err != nil {
			t.Fatalf("verify: %v\n%s", err, apierr.As(err).Get("CanonicalRequest"))
		}
		err = verifyServer(t, srv, "s3", "", sdkTime.Add(16*time.Minute))
		if e := apierr.As(err); e.Code != "AccessDenied" || e.Message != "Request has expired" || e.Get("X-Amz-Expires") != "900" {
			t.Fatalf("expired: %v %+v", err, e.Extra)
		}
	}
}

// TestSDKNonS3Service signs an STS call the way the SDK does for every
// service but S3 (body hash, no x-amz-content-sha256, path encoded twice).
func TestSDKNonS3Service(t *testing.T) {
	body := "Action=GetCallerIdentity&Version=2011-06-15"
	r, _ := http.NewRequest("POST", "https://sts.eu-west-3.amazonaws.com/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if err := v4.NewSigner().SignHTTP(context.Background(), sdkCreds(sdkToken), r, sha256Hex([]byte(body)), "sts", "eu-west-3", sdkTime); err != nil {
		t.Fatal(err)
	}
	srv := onTheWire(t, r)
	if err := verifyServer(t, srv, "sts", sha256Hex([]byte(body)), sdkTime); err != nil {
		t.Fatalf("verify: %v\n%s", err, apierr.As(err).Get("CanonicalRequest"))
	}
	if err := verifyServer(t, srv, "sts", sha256Hex([]byte(body+"&x=1")), sdkTime); !errors.Is(err, apierr.SignatureDoesNotMatch) {
		t.Fatalf("other body: %v", err)
	}
	if err := verifyServer(t, srv, "s3", sha256Hex([]byte(body)), sdkTime); apierr.As(err).Code != "AuthorizationHeaderMalformed" {
		t.Fatalf("service s3: %v", err)
	}
}

// TestSignerMatchesSDK checks our signer against the SDK's on the same request.
func TestSignerMatchesSDK(t *testing.T) {
	mk := func() *http.Request {
		r, _ := http.NewRequest("PUT", "https://bucket.s3.eu-west-3.amazonaws.com/k%20ey?tagging=&x=%7E", strings.NewReader("data"))
		r.Header.Set("Content-Type", "application/octet-stream")
		r.Header.Set("X-Amz-Tagging", "a=b")
		return r
	}
	payload := sha256Hex([]byte("data"))
	sdk := mk()
	sdk.Header.Set("X-Amz-Content-Sha256", payload)
	if err := v4.NewSigner().SignHTTP(context.Background(), sdkCreds(sdkToken), sdk, payload, "s3", "eu-west-3", sdkTime, s3Opts); err != nil {
		t.Fatal(err)
	}
	ours := mk()
	SignV4(ours, sdkAKID, sdkSecret, sdkToken, "eu-west-3", "s3", payload, sdkTime)
	if g, w := ours.Header.Get("Authorization"), sdk.Header.Get("Authorization"); g != w {
		t.Fatalf("Authorization\n got %s\nwant %s", g, w)
	}
}
