package sigv4

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func benchPut() *http.Request {
	r, _ := http.NewRequest("PUT", "https://bucket.s3.eu-west-3.amazonaws.com/photos/2026/03/cat%20picture.jpg", strings.NewReader("x"))
	r.Header.Set("Content-Type", "image/jpeg")
	r.Header.Set("Content-Md5", "XrY7u+Ae7tCTyyK7j1rNww==")
	r.Header.Set("X-Amz-Meta-Owner", "alice")
	r.Header.Set("X-Amz-Storage-Class", "STANDARD")
	r.Header.Set("User-Agent", "aws-sdk-go-v2/1.x")
	SignV4(r, sdkAKID, sdkSecret, sdkToken, "eu-west-3", "s3", sha256Hex([]byte("x")), sdkTime)
	r.URL.Host, r.Host = "", "bucket.s3.eu-west-3.amazonaws.com"
	return r
}

func BenchmarkVerifyHeader(b *testing.B) {
	r := benchPut()
	key := DeriveSigningKey(sdkSecret, "20260314", "eu-west-3", "s3")
	opts := VerifyOptions{Region: "eu-west-3"}
	b.ReportAllocs()
	for b.Loop() {
		a, err := ParseRequest(r)
		if err != nil {
			b.Fatal(err)
		}
		if err := VerifyV4(r, &a, key, "", sdkTime, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyPresigned(b *testing.B) {
	r, _ := http.NewRequest("GET", "https://bucket.s3.eu-west-3.amazonaws.com/photos/cat.jpg?response-content-type=image%2Fjpeg", nil)
	u, err := PresignV4(r, sdkAKID, sdkSecret, sdkToken, "eu-west-3", "s3", time.Hour, sdkTime)
	if err != nil {
		b.Fatal(err)
	}
	s, _ := http.NewRequest("GET", u, nil)
	key := DeriveSigningKey(sdkSecret, "20260314", "eu-west-3", "s3")
	opts := VerifyOptions{Region: "eu-west-3"}
	b.ReportAllocs()
	for b.Loop() {
		a, err := ParseRequest(s)
		if err != nil {
			b.Fatal(err)
		}
		if err := VerifyV4(s, &a, key, "", sdkTime, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseAuthorizationHeader(b *testing.B) {
	h := benchPut().Header.Get("Authorization")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseAuthorizationHeader(h); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDeriveSigningKey(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		DeriveSigningKey(sdkSecret, "20260314", "eu-west-3", "s3")
	}
}

func BenchmarkSignV4(b *testing.B) {
	r := benchPut()
	b.ReportAllocs()
	for b.Loop() {
		SignV4(r, sdkAKID, sdkSecret, sdkToken, "eu-west-3", "s3", UnsignedPayload, sdkTime)
	}
}

func BenchmarkChunkedUnsigned(b *testing.B) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 4<<20) // 64 MiB
	body := unsignedBody(data, 64<<10, "", "x-amz-checksum-crc32:AAAAAA==\r\n", "\r\n")
	cfg := unsignedConfig(len(data), "x-amz-checksum-crc32")
	buf := make([]byte, 256<<10)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		cr := NewChunkedReader(bytes.NewReader(body), cfg)
		if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{cr}, buf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkChunkedSigned(b *testing.B) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<20) // 16 MiB
	body := signedBody(docKey(), docSeed, data, 64<<10, "")
	cfg := signedConfig(len(data))
	buf := make([]byte, 256<<10)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		cr := NewChunkedReader(bytes.NewReader(body), cfg)
		if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{cr}, buf); err != nil {
			b.Fatal(err)
		}
	}
}
