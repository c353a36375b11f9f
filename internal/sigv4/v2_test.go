package sigv4

import (
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// The examples of AWS's "Signing and authenticating REST requests" (SigV2)
// page, with their published signatures.
func TestV2AWSExamples(t *testing.T) {
	type hdr = [2]string
	cases := []struct {
		name, method, target, host, bucket, sig string
		headers                                 []hdr
		now                                     time.Time
	}{
		{"object GET", "GET", "/photos/puppy.jpg", "johnsmith.s3.amazonaws.com", "johnsmith", "bWq2s1WEIj+Ydj0vQ697zp+IXMU=",
			[]hdr{{"Date", "Tue, 27 Mar 2007 19:36:42 +0000"}}, time.Date(2007, 3, 27, 19, 36, 42, 0, time.UTC)},
		{"object PUT", "PUT", "/photos/puppy.jpg", "johnsmith.s3.amazonaws.com", "johnsmith", "MyyxeRY7whkBe+bq8fHCL/2kKUg=",
			[]hdr{{"Content-Type", "image/jpeg"}, {"Content-Length", "94328"}, {"Date", "Tue, 27 Mar 2007 21:15:45 +0000"}}, time.Date(2007, 3, 27, 21, 20, 0, 0, time.UTC)},
		{"list", "GET", "/?prefix=photos&max-keys=50&marker=puppy", "johnsmith.s3.amazonaws.com", "johnsmith", "htDYFYduRNen8P9ZfE/s9SuKy0U=",
			[]hdr{{"User-Agent", "Mozilla/5.0"}, {"Date", "Tue, 27 Mar 2007 19:42:41 +0000"}}, time.Date(2007, 3, 27, 19, 42, 41, 0, time.UTC)},
		{"fetch acl", "GET", "/?acl", "johnsmith.s3.amazonaws.com", "johnsmith", "c2WLPFtWHVgbEmeEG93a4cG37dM=",
			[]hdr{{"Date", "Tue, 27 Mar 2007 19:44:46 +0000"}}, time.Date(2007, 3, 27, 19, 44, 46, 0, time.UTC)},
		{"delete path style with x-amz-date", "DELETE", "/johnsmith/photos/puppy.jpg", "s3.amazonaws.com", "", "lx3byBScXR6KzyMaifNkardMwNk=",
			[]hdr{{"User-Agent", "dotnet"}, {"Date", "Tue, 27 Mar 2007 21:20:27 +0000"}, {"x-amz-date", "Tue, 27 Mar 2007 21:20:26 +0000"}}, time.Date(2007, 3, 27, 21, 20, 26, 0, time.UTC)},
		{"upload with metadata", "PUT", "/db-backup.dat.gz", "static.johnsmith.net:8080", "static.johnsmith.net", "ilyl83RwaSoYIEdixDQcA4OnAnc=",
			[]hdr{{"User-Agent", "curl/7.15.5"}, {"Date", "Tue, 27 Mar 2007 21:06:08 +0000"}, {"x-amz-acl", "public-read"},
				{"content-type", "application/x-download"}, {"Content-MD5", "4gJE4saaMU4BqNR0kLY+lw=="},
				{"X-Amz-Meta-ReviewedBy", "joe@johnsmith.net"}, {"X-Amz-Meta-ReviewedBy", "jane@johnsmith.net"},
				{"X-Amz-Meta-FileChecksum", "0x02661779"}, {"X-Amz-Meta-ChecksumAlgorithm", "crc32"},
				{"Content-Disposition", "attachment; filename=database.dat"}, {"Content-Encoding", "gzip"}, {"Content-Length", "5913339"}},
			time.Date(2007, 3, 27, 21, 6, 8, 0, time.UTC)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u, _ := url.ParseRequestURI(c.target)
			r := &http.Request{Method: c.method, URL: u, Host: c.host, Header: http.Header{}}
			for _, h := range c.headers {
				r.Header.Add(h[0], h[1])
			}
			r.Header.Set("Authorization", "AWS "+docAKID+":"+c.sig)
			a, err := ParseRequest(r)
			if err != nil || a.Version != 2 {
				t.Fatalf("parse: %+v %v", a, err)
			}
			if err := VerifyV2(r, &a, docSecret, c.now, VerifyOptions{Bucket: c.bucket}); err != nil {
				t.Fatalf("%v\n%q", err, apierr.As(err).Get("StringToSign"))
			}
			if err := VerifyV2(r, &a, docSecret, c.now.Add(time.Hour), VerifyOptions{Bucket: c.bucket}); apierr.As(err).Code != "RequestTimeTooSkewed" {
				t.Fatalf("skew: %v", err)
			}
			r.Header.Set("X-Amz-Meta-Added", "x")
			if err := VerifyV2(r, &a, docSecret, c.now, VerifyOptions{Bucket: c.bucket}); !errors.Is(err, apierr.SignatureDoesNotMatch) {
				t.Fatalf("added header: %v", err)
			}
		})
	}
}

func TestV2PresignedAWSExample(t *testing.T) {
	u, _ := url.ParseRequestURI("/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D")
	r := &http.Request{Method: "GET", URL: u, Host: "johnsmith.s3.amazonaws.com", Header: http.Header{}}
	a, err := ParseRequest(r)
	if err != nil || a.Version != 2 || a.Kind != KindQuery {
		t.Fatalf("parse: %+v %v", a, err)
	}
	before := time.Unix(1175139620, 0).Add(-time.Minute)
	if err := VerifyV2(r, &a, docSecret, before, VerifyOptions{Bucket: "johnsmith"}); err != nil {
		t.Fatalf("%v %q", err, apierr.As(err).Get("StringToSign"))
	}
	err = VerifyV2(r, &a, docSecret, before.Add(2*time.Minute), VerifyOptions{Bucket: "johnsmith"})
	if e := apierr.As(err); e.Message != "Request has expired" || e.Get("Expires") != "2007-03-29T03:40:20Z" {
		t.Fatalf("expired: %v %+v", err, e.Extra)
	}
}

func TestV2Subresources(t *testing.T) {
	got := string(appendSubresources(nil, "versionId=a%2Fb&list-type=2&acl&uploadId=x+y&partNumber=3&prefix=z"))
	if want := "?acl&partNumber=3&uploadId=x+y&versionId=a/b"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
