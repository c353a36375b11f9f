package e2e

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestObjectBasics(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	data := []byte("hello, coffer")
	p := put(t, c, b, "greeting.txt", data)
	if aws.ToString(p.ETag) != quoted(md5hex(data)) {
		t.Fatalf("PUT ETag = %s, want %s", aws.ToString(p.ETag), quoted(md5hex(data)))
	}
	if p.VersionId != nil {
		t.Errorf("unversioned bucket returned version id %q", aws.ToString(p.VersionId))
	}
	if got := get(t, c, b, "greeting.txt"); !bytes.Equal(got, data) {
		t.Fatalf("GET = %q", got)
	}
	h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("greeting.txt")})
	must(t, err)
	if aws.ToInt64(h.ContentLength) != int64(len(data)) || aws.ToString(h.ETag) != quoted(md5hex(data)) {
		t.Fatalf("HEAD length %d etag %s", aws.ToInt64(h.ContentLength), aws.ToString(h.ETag))
	}
	if h.LastModified == nil || time.Since(*h.LastModified) > time.Minute || time.Until(*h.LastModified) > time.Minute {
		t.Fatalf("HEAD Last-Modified = %v", h.LastModified)
	}
	if aws.ToString(h.ContentType) != "binary/octet-stream" && aws.ToString(h.ContentType) != "application/octet-stream" {
		t.Errorf("default Content-Type = %q", aws.ToString(h.ContentType))
	}
	if aws.ToString(h.AcceptRanges) != "bytes" {
		t.Errorf("Accept-Ranges = %q", aws.ToString(h.AcceptRanges))
	}
	// Overwrite.
	put(t, c, b, "greeting.txt", []byte("v2"))
	if got := get(t, c, b, "greeting.txt"); string(got) != "v2" {
		t.Fatalf("GET after overwrite = %q", got)
	}
	_, err = c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("greeting.txt")})
	must(t, err)
	_, err = c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("greeting.txt")})
	wantErr(t, err, "NoSuchKey", 404)
	_, err = c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("greeting.txt")})
	wantErr(t, err, "NotFound", 404)
	// Deleting a missing key succeeds.
	_, err = c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("greeting.txt")})
	must(t, err)
	_, err = c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String(b + "-nope"), Key: aws.String("k")})
	wantErr(t, err, "NoSuchBucket", 404)
	_, err = c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String(b + "-nope"), Key: aws.String("k"), Body: strings.NewReader("x")})
	wantErr(t, err, "NoSuchBucket", 404)
}

func TestObjectMetadata(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	md := map[string]string{"color": "blue", "multi-word-name": "a value with spaces", "empty": ""}
	put(t, c, b, "m", []byte("x"), func(in *s3.PutObjectInput) { in.Metadata = md })
	h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("m")})
	must(t, err)
	for k, v := range md {
		if v == "" {
			continue
		}
		if h.Metadata[k] != v {
			t.Errorf("metadata %s = %q, want %q (all: %v)", k, h.Metadata[k], v, h.Metadata)
		}
	}
	// Names are case-insensitive and come back lower-case.
	r := rawReq{Method: "PUT", Path: "/" + b + "/case", Account: acct(aliceAcct), Body: []byte("x"),
		Header: map[string][]string{"X-Amz-Meta-MixedCase": {"v"}}}.do(t)
	r.want(t, 200, "")
	h, err = c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("case")})
	must(t, err)
	if h.Metadata["mixedcase"] != "v" {
		t.Errorf("mixed-case metadata = %v", h.Metadata)
	}

	t.Run("2KB limit", func(t *testing.T) {
		cases := []struct {
			md map[string]string
			ok bool
		}{
			{map[string]string{"k": strings.Repeat("v", 1500)}, true},
			{map[string]string{"k": strings.Repeat("v", 2100)}, false},
			{map[string]string{"a": strings.Repeat("v", 1100), "b": strings.Repeat("v", 1100)}, false},
			{map[string]string{strings.Repeat("n", 1100): strings.Repeat("v", 1000)}, false},
		}
		for i, tc := range cases {
			key := fmt.Sprintf("limit-%d", i)
			_, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: &key, Body: strings.NewReader("x"), Metadata: tc.md})
			if tc.ok {
				must(t, err)
				continue
			}
			wantErr(t, err, "MetadataTooLarge", 400)
			_, err = c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: &key})
			wantErr(t, err, "NotFound", 404)
		}
	})
}

func TestObjectStandardHeaders(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	expires := "Thu, 01 Dec 2044 16:00:00 GMT"
	put(t, c, b, "h", []byte("body"), func(in *s3.PutObjectInput) {
		in.ContentType = aws.String("text/plain; charset=utf-8")
		in.ContentEncoding = aws.String("identity")
		in.ContentDisposition = aws.String(`attachment; filename="a b.txt"`)
		in.ContentLanguage = aws.String("en-GB")
		in.CacheControl = aws.String("max-age=3600, public")
		exp := time.Date(2044, 12, 1, 16, 0, 0, 0, time.UTC)
		in.Expires = &exp
	})
	check := func(t *testing.T, h http.Header, want map[string]string) {
		t.Helper()
		for k, v := range want {
			if got := h.Get(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
	}
	want := map[string]string{
		"Content-Type":        "text/plain; charset=utf-8",
		"Content-Encoding":    "identity",
		"Content-Disposition": `attachment; filename="a b.txt"`,
		"Content-Language":    "en-GB",
		"Cache-Control":       "max-age=3600, public",
		"Expires":             expires,
	}
	for _, method := range []string{"GET", "HEAD"} {
		r := rawReq{Method: method, Path: "/" + b + "/h", Account: acct(aliceAcct)}.do(t)
		r.want(t, 200, "")
		check(t, r.Header, want)
	}
	out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("h")})
	must(t, err)
	out.Body.Close()
	if aws.ToString(out.ExpiresString) != expires || aws.ToString(out.ContentDisposition) != want["Content-Disposition"] {
		t.Errorf("SDK view: expires %q disposition %q", aws.ToString(out.ExpiresString), aws.ToString(out.ContentDisposition))
	}

	t.Run("response overrides", func(t *testing.T) {
		exp := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
		out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("h"),
			ResponseContentType:        aws.String("application/json"),
			ResponseContentLanguage:    aws.String("fr"),
			ResponseExpires:            &exp,
			ResponseCacheControl:       aws.String("no-cache"),
			ResponseContentDisposition: aws.String("inline"),
			ResponseContentEncoding:    aws.String("x-custom"),
		})
		must(t, err)
		body, _ := io.ReadAll(out.Body)
		out.Body.Close()
		if string(body) != "body" {
			t.Fatalf("body = %q", body)
		}
		got := map[string]string{
			"Content-Type": aws.ToString(out.ContentType), "Content-Language": aws.ToString(out.ContentLanguage),
			"Cache-Control": aws.ToString(out.CacheControl), "Content-Disposition": aws.ToString(out.ContentDisposition),
			"Content-Encoding": aws.ToString(out.ContentEncoding), "Expires": aws.ToString(out.ExpiresString),
		}
		wantOv := map[string]string{"Content-Type": "application/json", "Content-Language": "fr", "Cache-Control": "no-cache",
			"Content-Disposition": "inline", "Content-Encoding": "x-custom", "Expires": "Wed, 02 Jan 2030 03:04:05 GMT"}
		for k, v := range wantOv {
			if got[k] != v {
				t.Errorf("override %s = %q, want %q", k, got[k], v)
			}
		}
		// Overrides change only the response, not the object.
		r := rawReq{Method: "HEAD", Path: "/" + b + "/h", Account: acct(aliceAcct)}.do(t)
		check(t, r.Header, want)
	})
}

func TestObjectRanges(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	data := randBytes(7, 1000)
	put(t, c, b, "r", data)
	big := randBytes(8, 200<<10)
	put(t, c, b, "big", big)
	cases := []struct {
		key        string
		rng        string
		start, end int // inclusive; start<0 means 416
		full       bool
	}{
		{"r", "bytes=0-0", 0, 0, false},
		{"r", "bytes=0-99", 0, 99, false},
		{"r", "bytes=500-", 500, 999, false},
		{"r", "bytes=-10", 990, 999, false},
		{"r", "bytes=-5000", 0, 999, false},
		{"r", "bytes=990-5000", 990, 999, false},
		{"r", "bytes=999-999", 999, 999, false},
		{"r", "bytes=1000-", -1, 0, false},
		{"r", "bytes=1000-2000", -1, 0, false},
		{"r", "bytes=5-2,7-9", 0, 999, true}, // unusable: ignored, whole object
		{"r", "items=0-1", 0, 999, true},
		{"big", "bytes=65530-65545", 65530, 65545, false},
		{"big", "bytes=-1", 200<<10 - 1, 200<<10 - 1, false},
		{"big", "bytes=100000-", 100000, 200<<10 - 1, false},
	}
	for _, tc := range cases {
		t.Run(tc.key+" "+tc.rng, func(t *testing.T) {
			src := data
			if tc.key == "big" {
				src = big
			}
			r := rawReq{Method: "GET", Path: "/" + b + "/" + tc.key, Account: acct(aliceAcct),
				Header: map[string][]string{"Range": {tc.rng}}}.do(t)
			switch {
			case tc.start < 0:
				r.want(t, 416, "InvalidRange")
			case tc.full:
				r.want(t, 200, "")
				if !bytes.Equal(r.Body, src) {
					t.Fatal("full body differs")
				}
			default:
				r.want(t, 206, "")
				wantCR := fmt.Sprintf("bytes %d-%d/%d", tc.start, tc.end, len(src))
				if cr := r.Header.Get("Content-Range"); cr != wantCR {
					t.Fatalf("Content-Range = %q, want %q", cr, wantCR)
				}
				if !bytes.Equal(r.Body, src[tc.start:tc.end+1]) {
					t.Fatalf("range body differs (%d bytes)", len(r.Body))
				}
			}
		})
	}
	t.Run("sdk", func(t *testing.T) {
		out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("r"), Range: aws.String("bytes=10-19")})
		must(t, err)
		got, _ := io.ReadAll(out.Body)
		out.Body.Close()
		if !bytes.Equal(got, data[10:20]) || aws.ToString(out.ContentRange) != "bytes 10-19/1000" || aws.ToInt64(out.ContentLength) != 10 {
			t.Fatalf("range: %d bytes, %q", len(got), aws.ToString(out.ContentRange))
		}
		_, err = c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("r"), Range: aws.String("bytes=2000-")})
		wantErr(t, err, "InvalidRange", 416)
	})
}

func TestContentMD5(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	data := []byte("checked body")
	sum := md5.Sum(data)
	good := base64.StdEncoding.EncodeToString(sum[:])
	other := md5.Sum([]byte("something else"))
	cases := []struct {
		name, md5, code string
	}{
		{"good", good, ""},
		{"wrong", base64.StdEncoding.EncodeToString(other[:]), "BadDigest"},
		{"not base64", "%%%not-base64%%%", "InvalidDigest"},
		{"wrong length", base64.StdEncoding.EncodeToString([]byte("short")), "InvalidDigest"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key := "md5-" + strings.ReplaceAll(tc.name, " ", "-")
			_, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: &key, Body: bytes.NewReader(data), ContentMD5: &tc.md5})
			if tc.code == "" {
				must(t, err)
				if got := get(t, c, b, key); !bytes.Equal(got, data) {
					t.Fatal("body differs")
				}
				return
			}
			wantErr(t, err, tc.code, 400)
			_, err = c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: &key})
			wantErr(t, err, "NotFound", 404)
		})
	}
	t.Run("raw bad digest", func(t *testing.T) {
		r := rawReq{Method: "PUT", Path: "/" + b + "/raw-md5", Account: acct(aliceAcct), Body: data,
			Header: map[string][]string{"Content-Md5": {base64.StdEncoding.EncodeToString(other[:])}}}.do(t)
		r.want(t, 400, "BadDigest")
	})
}

func TestObjectTagging(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	put(t, c, b, "t", []byte("x"), func(in *s3.PutObjectInput) { in.Tagging = aws.String("a=1&b=two%20words&c=") })
	h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("t")})
	must(t, err)
	_ = h
	g, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("t")})
	must(t, err)
	g.Body.Close()
	if aws.ToInt32(g.TagCount) != 3 {
		t.Errorf("x-amz-tagging-count = %d, want 3", aws.ToInt32(g.TagCount))
	}
	tg, err := c.GetObjectTagging(ctx(t), &s3.GetObjectTaggingInput{Bucket: &b, Key: aws.String("t")})
	must(t, err)
	if m := tagMap(tg.TagSet); len(m) != 3 || m["a"] != "1" || m["b"] != "two words" || m["c"] != "" {
		t.Fatalf("tags from header = %v", m)
	}
	set := []types.Tag{{Key: aws.String("k1"), Value: aws.String("v1")}, {Key: aws.String("ключ"), Value: aws.String("значение")}}
	_, err = c.PutObjectTagging(ctx(t), &s3.PutObjectTaggingInput{Bucket: &b, Key: aws.String("t"), Tagging: &types.Tagging{TagSet: set}})
	must(t, err)
	tg, err = c.GetObjectTagging(ctx(t), &s3.GetObjectTaggingInput{Bucket: &b, Key: aws.String("t")})
	must(t, err)
	if m := tagMap(tg.TagSet); len(m) != 2 || m["ключ"] != "значение" {
		t.Fatalf("tags after put = %v", m)
	}
	_, err = c.DeleteObjectTagging(ctx(t), &s3.DeleteObjectTaggingInput{Bucket: &b, Key: aws.String("t")})
	must(t, err)
	tg, err = c.GetObjectTagging(ctx(t), &s3.GetObjectTaggingInput{Bucket: &b, Key: aws.String("t")})
	must(t, err)
	if len(tg.TagSet) != 0 {
		t.Fatalf("tags after delete = %v", tagMap(tg.TagSet))
	}
	_, err = c.GetObjectTagging(ctx(t), &s3.GetObjectTaggingInput{Bucket: &b, Key: aws.String("missing")})
	wantErr(t, err, "NoSuchKey", 404)

	t.Run("limits", func(t *testing.T) {
		var eleven []types.Tag
		var hdr []string
		for i := range 11 {
			eleven = append(eleven, types.Tag{Key: aws.String(fmt.Sprintf("k%d", i)), Value: aws.String("v")})
			hdr = append(hdr, fmt.Sprintf("k%d=v", i))
		}
		_, err := c.PutObjectTagging(ctx(t), &s3.PutObjectTaggingInput{Bucket: &b, Key: aws.String("t"), Tagging: &types.Tagging{TagSet: eleven}})
		wantErr(t, err, "BadRequest", 400)
		_, err = c.PutObjectTagging(ctx(t), &s3.PutObjectTaggingInput{Bucket: &b, Key: aws.String("t"), Tagging: &types.Tagging{TagSet: eleven[:10]}})
		must(t, err)
		_, err = c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("t11"), Body: strings.NewReader("x"), Tagging: aws.String(strings.Join(hdr, "&"))})
		wantErr(t, err, "BadRequest", 400)
		_, err = c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("tdup"), Body: strings.NewReader("x"), Tagging: aws.String("a=1&a=2")})
		wantErr(t, err, "InvalidArgument", 400)
		long := []types.Tag{{Key: aws.String(strings.Repeat("k", 129)), Value: aws.String("v")}}
		_, err = c.PutObjectTagging(ctx(t), &s3.PutObjectTaggingInput{Bucket: &b, Key: aws.String("t"), Tagging: &types.Tagging{TagSet: long}})
		wantErr(t, err, "InvalidTag", 400)
		longV := []types.Tag{{Key: aws.String("k"), Value: aws.String(strings.Repeat("v", 257))}}
		_, err = c.PutObjectTagging(ctx(t), &s3.PutObjectTaggingInput{Bucket: &b, Key: aws.String("t"), Tagging: &types.Tagging{TagSet: longV}})
		wantErr(t, err, "InvalidTag", 400)
		for _, k := range []string{"t11", "tdup"} {
			_, err = c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String(k)})
			wantErr(t, err, "NotFound", 404)
		}
	})
}

func TestObjectKeys(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	keys := []string{
		"plain",
		"with space",
		"unicode/ü/ñ/日本語/😀",
		"a+b=c&d;e,f",
		"percent%20literal",
		"question?mark",
		"hash#fragment",
		"tilde~star*quote'paren()",
		"dir/../dotdot",
		"./dot",
		"double//slash",
		"trailing/",
		"back\\slash",
		"brackets[]{}<>",
		"caret^pipe|backtick`",
		"dollar$at@colon:",
		strings.Repeat("k", 1024),
		strings.Repeat("é", 512), // 1024 bytes
	}
	for i, k := range keys {
		put(t, c, b, k, []byte(fmt.Sprint(i)))
	}
	for i, k := range keys {
		if got := get(t, c, b, k); string(got) != fmt.Sprint(i) {
			t.Errorf("GET %q = %q, want %d", k, got, i)
		}
	}
	listed := listAllV2(t, c, b, "")
	want := sortedCopy(keys)
	if !equalStrings(listed, want) {
		t.Fatalf("listing:\n got %q\nwant %q", listed, want)
	}
	for _, k := range keys {
		_, err := c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: &k})
		must(t, err)
	}
	if l := listAllV2(t, c, b, ""); len(l) != 0 {
		t.Fatalf("keys left after delete: %q", l)
	}

	t.Run("too long", func(t *testing.T) {
		for _, k := range []string{strings.Repeat("k", 1025), strings.Repeat("é", 513)} {
			_, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: &k, Body: strings.NewReader("x")})
			wantErr(t, err, "KeyTooLongError", 400)
		}
	})
	t.Run("raw path escaping", func(t *testing.T) {
		// %2F in the path is a slash in the key; S3 decodes each segment once.
		r := rawReq{Method: "PUT", Path: "/" + b + "/esc%2Fslash%2520", Account: acct(aliceAcct), Body: []byte("e")}.do(t)
		r.want(t, 200, "")
		if got := get(t, c, b, "esc/slash%20"); string(got) != "e" {
			t.Fatalf("GET = %q", got)
		}
	})
}

func TestObjectSizes(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	sizes := []int{0, 1, 64<<10 - 1, 64 << 10, 64<<10 + 1, 1<<20 + 3, 20 << 20}
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			data := randBytes(uint64(n), n)
			key := fmt.Sprintf("size-%d", n)
			p := put(t, c, b, key, data)
			if aws.ToString(p.ETag) != quoted(md5hex(data)) {
				t.Fatalf("ETag %s, want %s", aws.ToString(p.ETag), quoted(md5hex(data)))
			}
			got := get(t, c, b, key)
			if !bytes.Equal(got, data) {
				t.Fatalf("body differs: got %d bytes, want %d", len(got), n)
			}
			h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: &key})
			must(t, err)
			if aws.ToInt64(h.ContentLength) != int64(n) {
				t.Fatalf("HEAD length %d", aws.ToInt64(h.ContentLength))
			}
			// Unsigned, non-chunked body through a raw request too.
			r := rawReq{Method: "PUT", Path: "/" + b + "/raw-" + key, Account: acct(aliceAcct), Body: data}.do(t)
			r.want(t, 200, "")
			if r.Header.Get("ETag") != quoted(md5hex(data)) {
				t.Fatalf("raw ETag %s", r.Header.Get("ETag"))
			}
			if got := get(t, c, b, "raw-"+key); !bytes.Equal(got, data) {
				t.Fatal("raw body differs")
			}
		})
	}
}

func TestDeleteObjects(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	ids := func(keys ...string) []types.ObjectIdentifier {
		out := make([]types.ObjectIdentifier, len(keys))
		for i, k := range keys {
			out[i] = types.ObjectIdentifier{Key: aws.String(k)}
		}
		return out
	}
	t.Run("verbose", func(t *testing.T) {
		put(t, c, b, "v1", []byte("x"))
		put(t, c, b, "v2", []byte("x"))
		out, err := c.DeleteObjects(ctx(t), &s3.DeleteObjectsInput{Bucket: &b, Delete: &types.Delete{Objects: ids("v1", "v2", "never-existed")}})
		must(t, err)
		if len(out.Deleted) != 3 || len(out.Errors) != 0 {
			t.Fatalf("deleted %d, errors %v", len(out.Deleted), out.Errors)
		}
		for _, k := range []string{"v1", "v2"} {
			_, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String(k)})
			wantErr(t, err, "NotFound", 404)
		}
	})
	t.Run("quiet", func(t *testing.T) {
		put(t, c, b, "q1", []byte("x"))
		out, err := c.DeleteObjects(ctx(t), &s3.DeleteObjectsInput{Bucket: &b, Delete: &types.Delete{Objects: ids("q1", "q2"), Quiet: aws.Bool(true)}})
		must(t, err)
		if len(out.Deleted) != 0 || len(out.Errors) != 0 {
			t.Fatalf("quiet result: deleted %d errors %v", len(out.Deleted), out.Errors)
		}
		_, err = c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("q1")})
		wantErr(t, err, "NotFound", 404)
	})
	t.Run("1000 keys", func(t *testing.T) {
		var keys []string
		for i := range 1000 {
			keys = append(keys, fmt.Sprintf("many/%04d", i))
		}
		for i := 0; i < 1000; i += 50 { // a sample exists; the rest are missing
			put(t, c, b, keys[i], []byte("x"))
		}
		out, err := c.DeleteObjects(ctx(t), &s3.DeleteObjectsInput{Bucket: &b, Delete: &types.Delete{Objects: ids(keys...)}})
		must(t, err)
		if len(out.Deleted) != 1000 {
			t.Fatalf("deleted %d of 1000", len(out.Deleted))
		}
		if l := listAllV2(t, c, b, "many/"); len(l) != 0 {
			t.Fatalf("left: %v", l)
		}
	})
	t.Run("1001 keys", func(t *testing.T) {
		var keys []string
		for i := range 1001 {
			keys = append(keys, fmt.Sprintf("over/%04d", i))
		}
		put(t, c, b, keys[0], []byte("x"))
		_, err := c.DeleteObjects(ctx(t), &s3.DeleteObjectsInput{Bucket: &b, Delete: &types.Delete{Objects: ids(keys...)}})
		wantErr(t, err, "MalformedXML", 400)
		if got := get(t, c, b, keys[0]); string(got) != "x" {
			t.Fatal("a rejected DeleteObjects removed a key")
		}
	})
	t.Run("malformed and empty", func(t *testing.T) {
		for _, body := range []string{"<Delete><Object><Key>a</Key></Object>", "<Delete></Delete>", "not xml"} {
			sum := md5.Sum([]byte(body))
			r := rawReq{Method: "POST", Path: "/" + b, Query: "delete", Account: acct(aliceAcct), Body: []byte(body),
				Header: map[string][]string{"Content-Md5": {base64.StdEncoding.EncodeToString(sum[:])}}}.do(t)
			r.want(t, 400, "MalformedXML")
		}
	})
	t.Run("bob", func(t *testing.T) {
		put(t, c, b, "keep", []byte("x"))
		out, err := bob().DeleteObjects(ctx(t), &s3.DeleteObjectsInput{Bucket: &b, Delete: &types.Delete{Objects: ids("keep")}})
		// S3 authorizes each key: a 200 with a per-key AccessDenied, or a
		// 403 for the whole request, are both refusals.
		if err == nil {
			if len(out.Deleted) != 0 || len(out.Errors) != 1 || aws.ToString(out.Errors[0].Code) != "AccessDenied" {
				t.Fatalf("bob's DeleteObjects: deleted %d, errors %+v", len(out.Deleted), out.Errors)
			}
		} else {
			wantErr(t, err, "AccessDenied", 403)
		}
		if got := get(t, c, b, "keep"); string(got) != "x" {
			t.Fatal("bob deleted alice's key")
		}
	})
}
