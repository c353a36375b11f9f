package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestConditionalReads(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	p := put(t, c, b, "k", []byte("conditional"))
	etag := aws.ToString(p.ETag)
	h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("k")})
	must(t, err)
	mod := h.LastModified.UTC()
	fmtT := func(t time.Time) string { return t.UTC().Format(http.TimeFormat) }
	past, future := fmtT(mod.Add(-time.Hour)), fmtT(mod.Add(time.Hour))
	same := fmtT(mod)
	cases := []struct {
		name   string
		hdr    map[string]string
		status int
	}{
		{"if-match ok", map[string]string{"If-Match": etag}, 200},
		{"if-match unquoted", map[string]string{"If-Match": etag[1 : len(etag)-1]}, 200},
		{"if-match star", map[string]string{"If-Match": "*"}, 200},
		{"if-match list", map[string]string{"If-Match": `"nope", ` + etag}, 200},
		{"if-match fail", map[string]string{"If-Match": `"nope"`}, 412},
		{"if-none-match hit", map[string]string{"If-None-Match": etag}, 304},
		{"if-none-match star", map[string]string{"If-None-Match": "*"}, 304},
		{"if-none-match miss", map[string]string{"If-None-Match": `"nope"`}, 200},
		{"if-modified-since past", map[string]string{"If-Modified-Since": past}, 200},
		{"if-modified-since same", map[string]string{"If-Modified-Since": same}, 304},
		{"if-modified-since future", map[string]string{"If-Modified-Since": future}, 304},
		{"if-unmodified-since past", map[string]string{"If-Unmodified-Since": past}, 412},
		{"if-unmodified-since same", map[string]string{"If-Unmodified-Since": same}, 200},
		{"if-unmodified-since future", map[string]string{"If-Unmodified-Since": future}, 200},
		{"if-modified-since garbage ignored", map[string]string{"If-Modified-Since": "yesterday"}, 200},
		// RFC 7232 as S3 applies it.
		{"if-match true wins over if-unmodified-since false", map[string]string{"If-Match": etag, "If-Unmodified-Since": past}, 200},
		{"if-none-match false wins over if-modified-since true", map[string]string{"If-None-Match": etag, "If-Modified-Since": past}, 304},
		{"if-none-match true ignores if-modified-since", map[string]string{"If-None-Match": `"nope"`, "If-Modified-Since": future}, 200},
		{"if-match fail and if-none-match hit", map[string]string{"If-Match": `"nope"`, "If-None-Match": etag}, 412},
	}
	for _, tc := range cases {
		for _, method := range []string{"GET", "HEAD"} {
			t.Run(method+" "+tc.name, func(t *testing.T) {
				hdr := http.Header{}
				for k, v := range tc.hdr {
					hdr.Set(k, v)
				}
				r := rawReq{Method: method, Path: "/" + b + "/k", Account: acct(aliceAcct), Header: hdr}.do(t)
				if r.Status != tc.status {
					t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Body)
				}
				switch tc.status {
				case 200:
					if method == "GET" && string(r.Body) != "conditional" {
						t.Fatalf("body %q", r.Body)
					}
				case 304:
					if len(r.Body) != 0 || r.Header.Get("ETag") != etag || r.Header.Get("Last-Modified") == "" {
						t.Fatalf("304: body %q etag %q last-modified %q", r.Body, r.Header.Get("ETag"), r.Header.Get("Last-Modified"))
					}
				case 412:
					if method == "GET" && r.Code != "PreconditionFailed" {
						t.Fatalf("412 code %q", r.Code)
					}
				}
			})
		}
	}
	t.Run("sdk", func(t *testing.T) {
		_, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k"), IfMatch: aws.String(`"nope"`)})
		wantErr(t, err, "PreconditionFailed", 412)
		_, err = c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k"), IfNoneMatch: &etag})
		wantErr(t, err, "", 304)
		_, err = c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("k"), IfModifiedSince: aws.Time(mod.Add(time.Hour))})
		wantErr(t, err, "", 304)
		out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k"), IfMatch: &etag, IfModifiedSince: aws.Time(mod.Add(-time.Hour))})
		must(t, err)
		out.Body.Close()
	})
	t.Run("with range", func(t *testing.T) {
		r := rawReq{Method: "GET", Path: "/" + b + "/k", Account: acct(aliceAcct),
			Header: http.Header{"If-Match": {etag}, "Range": {"bytes=0-3"}}}.do(t)
		if r.Status != 206 || string(r.Body) != "cond" {
			t.Fatalf("conditional range: %d %q", r.Status, r.Body)
		}
		r = rawReq{Method: "GET", Path: "/" + b + "/k", Account: acct(aliceAcct),
			Header: http.Header{"If-Match": {`"nope"`}, "Range": {"bytes=0-3"}}}.do(t)
		r.want(t, 412, "PreconditionFailed")
	})
}

func TestConditionalPut(t *testing.T) {
	t.Parallel()
	c := alice()
	for _, versioned := range []bool{false, true} {
		t.Run(fmt.Sprintf("versioned=%v", versioned), func(t *testing.T) {
			b := newBucket(t, c)
			if versioned {
				enableVersioning(t, c, b)
			}
			putIf := func(key, data string, set func(*s3.PutObjectInput)) (*s3.PutObjectOutput, error) {
				in := &s3.PutObjectInput{Bucket: &b, Key: &key, Body: bytes.NewReader([]byte(data))}
				set(in)
				return c.PutObject(ctx(t), in)
			}
			star := func(in *s3.PutObjectInput) { in.IfNoneMatch = aws.String("*") }
			p, err := putIf("k", "first", star)
			must(t, err)
			_, err = putIf("k", "second", star)
			wantErr(t, err, "PreconditionFailed", 412)
			if got := get(t, c, b, "k"); string(got) != "first" {
				t.Fatalf("after failed create = %q", got)
			}
			// If-Match: replace only the version we read.
			_, err = putIf("k", "stale", func(in *s3.PutObjectInput) { in.IfMatch = aws.String(`"0123456789abcdef0123456789abcdef"`) })
			wantErr(t, err, "PreconditionFailed", 412)
			p2, err := putIf("k", "second", func(in *s3.PutObjectInput) { in.IfMatch = p.ETag })
			must(t, err)
			_, err = putIf("k", "third", func(in *s3.PutObjectInput) { in.IfMatch = p.ETag })
			wantErr(t, err, "PreconditionFailed", 412)
			_, err = putIf("k", "third", func(in *s3.PutObjectInput) { in.IfMatch = p2.ETag })
			must(t, err)
			if got := get(t, c, b, "k"); string(got) != "third" {
				t.Fatalf("after conditional updates = %q", got)
			}
			// If-Match on a missing key.
			_, err = putIf("absent", "x", func(in *s3.PutObjectInput) { in.IfMatch = p.ETag })
			wantErr(t, err, "NoSuchKey", 404)
			// After a delete the key may be created again.
			_, err = c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("k")})
			must(t, err)
			_, err = putIf("k", "reborn", star)
			must(t, err)
			// Large (blob) bodies follow the same rule.
			_, err = putIf("k", string(randBytes(5, 200<<10)), star)
			wantErr(t, err, "PreconditionFailed", 412)
			if got := get(t, c, b, "k"); string(got) != "reborn" {
				t.Fatalf("after failed large create = %q", got)
			}
		})
	}
}

func TestConditionalComplete(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	part := randBytes(40, 1000)
	complete := func(m *mpu, cp types.CompletedPart, set func(*s3.CompleteMultipartUploadInput)) (*s3.CompleteMultipartUploadOutput, error) {
		in := &s3.CompleteMultipartUploadInput{Bucket: &m.bucket, Key: &m.key, UploadId: &m.id,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{cp}}}
		set(in)
		return c.CompleteMultipartUpload(ctx(t), in)
	}
	star := func(in *s3.CompleteMultipartUploadInput) { in.IfNoneMatch = aws.String("*") }

	m := startMPU(t, c, b, "k")
	out, err := complete(m, m.part(1, part), star)
	must(t, err)
	first := out.ETag

	m = startMPU(t, c, b, "k")
	_, err = complete(m, m.part(1, randBytes(41, 1000)), star)
	wantErr(t, err, "PreconditionFailed", 412)
	if got := get(t, c, b, "k"); !bytes.Equal(got, part) {
		t.Fatal("object replaced despite If-None-Match")
	}

	m = startMPU(t, c, b, "k")
	cp := m.part(1, randBytes(42, 1000))
	_, err = complete(m, cp, func(in *s3.CompleteMultipartUploadInput) {
		in.IfMatch = aws.String(`"ffffffffffffffffffffffffffffffff-1"`)
	})
	wantErr(t, err, "PreconditionFailed", 412)
	m = startMPU(t, c, b, "k")
	cp = m.part(1, randBytes(42, 1000))
	_, err = complete(m, cp, func(in *s3.CompleteMultipartUploadInput) { in.IfMatch = first })
	must(t, err)
	if got := get(t, c, b, "k"); !bytes.Equal(got, randBytes(42, 1000)) {
		t.Fatal("If-Match complete did not replace")
	}
}

// TestConcurrentCreate races writers with If-None-Match: * on one key:
// exactly one wins, and the object holds the winner's bytes.
func TestConcurrentCreate(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	for round, size := range []int{100, 100 << 10} {
		key := fmt.Sprintf("race-%d", round)
		const writers = 16
		var wg sync.WaitGroup
		results := make([]error, writers)
		start := make(chan struct{})
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, results[i] = c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: &key,
					Body: bytes.NewReader(randBytes(uint64(1000*round+i), size)), IfNoneMatch: aws.String("*")})
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		for i, err := range results {
			switch {
			case err == nil:
				if winner >= 0 {
					t.Fatalf("size %d: writers %d and %d both won", size, winner, i)
				}
				winner = i
			case errCode(err) == "PreconditionFailed" || errCode(err) == "ConditionalRequestConflict":
			default:
				t.Fatalf("writer %d: %v", i, err)
			}
		}
		if winner < 0 {
			t.Fatalf("size %d: nobody won", size)
		}
		if got := get(t, c, b, key); !bytes.Equal(got, randBytes(uint64(1000*round+winner), size)) {
			t.Fatalf("size %d: object is not the winner's", size)
		}
	}
}
