package e2e

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// copySource builds an x-amz-copy-source value: URL-encoded bucket/key.
func copySource(bucket, key string) *string {
	segs := strings.Split(key, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return aws.String(bucket + "/" + strings.Join(segs, "/"))
}

func TestCopyObject(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	b2 := newBucket(t, c)
	small := []byte("small source")
	large := randBytes(30, 3*mib+7)
	put(t, c, b, "src/small", small, func(in *s3.PutObjectInput) {
		in.ContentType = aws.String("text/plain")
		in.CacheControl = aws.String("no-store")
		in.Metadata = map[string]string{"a": "1"}
		in.Tagging = aws.String("t=1")
	})
	put(t, c, b, "src/large", large)
	put(t, c, b, "weird key+ü?#%", small)

	cases := []struct {
		name, srcKey, dstBucket, dstKey string
		data                            []byte
	}{
		{"small same bucket", "src/small", b, "dst/small", small},
		{"large same bucket", "src/large", b, "dst/large", large},
		{"small other bucket", "src/small", b2, "copied", small},
		{"large other bucket", "src/large", b2, "copied-large", large},
		{"awkward key", "weird key+ü?#%", b2, "also weird ü ?", small},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &tc.dstBucket, Key: &tc.dstKey, CopySource: copySource(b, tc.srcKey)})
			must(t, err)
			if out.CopyObjectResult == nil || aws.ToString(out.CopyObjectResult.ETag) != quoted(md5hex(tc.data)) || out.CopyObjectResult.LastModified == nil {
				t.Fatalf("CopyObjectResult = %+v", out.CopyObjectResult)
			}
			if got := get(t, c, tc.dstBucket, tc.dstKey); !bytes.Equal(got, tc.data) {
				t.Fatal("copy differs")
			}
		})
	}
	// The source is unchanged.
	if got := get(t, c, b, "src/large"); !bytes.Equal(got, large) {
		t.Fatal("source changed")
	}

	t.Run("metadata directive COPY", func(t *testing.T) {
		h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("dst/small")})
		must(t, err)
		if aws.ToString(h.ContentType) != "text/plain" || aws.ToString(h.CacheControl) != "no-store" || h.Metadata["a"] != "1" {
			t.Fatalf("copied attributes: type %q cache %q meta %v", aws.ToString(h.ContentType), aws.ToString(h.CacheControl), h.Metadata)
		}
		tg, err := c.GetObjectTagging(ctx(t), &s3.GetObjectTaggingInput{Bucket: &b, Key: aws.String("dst/small")})
		must(t, err)
		if tagMap(tg.TagSet)["t"] != "1" {
			t.Fatalf("tags not copied: %v", tagMap(tg.TagSet))
		}
		// Headers sent with a COPY directive are ignored.
		_, err = c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("dst/ignored"), CopySource: copySource(b, "src/small"),
			ContentType: aws.String("image/png"), Metadata: map[string]string{"b": "2"}})
		must(t, err)
		h, err = c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("dst/ignored")})
		must(t, err)
		if aws.ToString(h.ContentType) != "text/plain" || h.Metadata["a"] != "1" || h.Metadata["b"] != "" {
			t.Fatalf("COPY directive: type %q meta %v", aws.ToString(h.ContentType), h.Metadata)
		}
	})
	t.Run("metadata directive REPLACE", func(t *testing.T) {
		_, err := c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("dst/replaced"), CopySource: copySource(b, "src/small"),
			MetadataDirective: types.MetadataDirectiveReplace, ContentType: aws.String("image/png"), Metadata: map[string]string{"b": "2"}})
		must(t, err)
		h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("dst/replaced")})
		must(t, err)
		if aws.ToString(h.ContentType) != "image/png" || h.Metadata["a"] != "" || h.Metadata["b"] != "2" || aws.ToString(h.CacheControl) != "" {
			t.Fatalf("REPLACE: type %q cache %q meta %v", aws.ToString(h.ContentType), aws.ToString(h.CacheControl), h.Metadata)
		}
		// Tags are copied unless the tagging directive says otherwise.
		tg, err := c.GetObjectTagging(ctx(t), &s3.GetObjectTaggingInput{Bucket: &b, Key: aws.String("dst/replaced")})
		must(t, err)
		if tagMap(tg.TagSet)["t"] != "1" {
			t.Fatalf("tags = %v", tagMap(tg.TagSet))
		}
	})
	t.Run("tagging directive REPLACE", func(t *testing.T) {
		_, err := c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("dst/retagged"), CopySource: copySource(b, "src/small"),
			TaggingDirective: types.TaggingDirectiveReplace, Tagging: aws.String("new=tag&x=y")})
		must(t, err)
		tg, err := c.GetObjectTagging(ctx(t), &s3.GetObjectTaggingInput{Bucket: &b, Key: aws.String("dst/retagged")})
		must(t, err)
		if m := tagMap(tg.TagSet); len(m) != 2 || m["new"] != "tag" || m["x"] != "y" {
			t.Fatalf("tags = %v", m)
		}
		_, err = c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("dst/untagged"), CopySource: copySource(b, "src/small"),
			TaggingDirective: types.TaggingDirectiveReplace})
		must(t, err)
		tg, err = c.GetObjectTagging(ctx(t), &s3.GetObjectTaggingInput{Bucket: &b, Key: aws.String("dst/untagged")})
		must(t, err)
		if len(tg.TagSet) != 0 {
			t.Fatalf("tags = %v", tagMap(tg.TagSet))
		}
	})
	t.Run("bad directive", func(t *testing.T) {
		r := rawReq{Method: "PUT", Path: "/" + b + "/dst/bad", Account: acct(aliceAcct),
			Header: map[string][]string{"X-Amz-Copy-Source": {b + "/src/small"}, "X-Amz-Metadata-Directive": {"MERGE"}}}.do(t)
		r.want(t, 400, "InvalidArgument")
	})
}

func TestCopySelf(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	put(t, c, b, "k", []byte("self"), func(in *s3.PutObjectInput) { in.Metadata = map[string]string{"v": "1"} })
	_, err := c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("k"), CopySource: copySource(b, "k")})
	wantErr(t, err, "InvalidRequest", 400)
	// Replacing the metadata makes a self-copy legal: the way to edit it.
	_, err = c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("k"), CopySource: copySource(b, "k"),
		MetadataDirective: types.MetadataDirectiveReplace, Metadata: map[string]string{"v": "2"}})
	must(t, err)
	h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("k")})
	must(t, err)
	if h.Metadata["v"] != "2" {
		t.Fatalf("metadata = %v", h.Metadata)
	}
	if got := get(t, c, b, "k"); string(got) != "self" {
		t.Fatalf("body = %q", got)
	}
	// So does changing the storage class.
	_, err = c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("k"), CopySource: copySource(b, "k"), StorageClass: types.StorageClassStandardIa})
	must(t, err)
	h, err = c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("k")})
	must(t, err)
	if h.StorageClass != types.StorageClassStandardIa || h.Metadata["v"] != "2" {
		t.Fatalf("storage class %q meta %v", h.StorageClass, h.Metadata)
	}
}

func TestCopyVersions(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	enableVersioning(t, c, b)
	p1 := put(t, c, b, "k", []byte("one"))
	p2 := put(t, c, b, "k", []byte("two"))
	out, err := c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("old"), CopySource: aws.String(b + "/k?versionId=" + aws.ToString(p1.VersionId))})
	must(t, err)
	if aws.ToString(out.CopySourceVersionId) != aws.ToString(p1.VersionId) || aws.ToString(out.VersionId) == "" {
		t.Fatalf("copy of version: source version %q new version %q", aws.ToString(out.CopySourceVersionId), aws.ToString(out.VersionId))
	}
	if got := get(t, c, b, "old"); string(got) != "one" {
		t.Fatalf("copied old version = %q", got)
	}
	out, err = c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("new"), CopySource: copySource(b, "k")})
	must(t, err)
	if aws.ToString(out.CopySourceVersionId) != aws.ToString(p2.VersionId) {
		t.Fatalf("source version %q, want %q", aws.ToString(out.CopySourceVersionId), aws.ToString(p2.VersionId))
	}
	// Restoring an old version by copying it over the key is allowed.
	_, err = c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("k"), CopySource: aws.String(b + "/k?versionId=" + aws.ToString(p1.VersionId))})
	must(t, err)
	if got := get(t, c, b, "k"); string(got) != "one" {
		t.Fatalf("restored = %q", got)
	}
	// A delete marker cannot be copied.
	d, err := c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("k")})
	must(t, err)
	_, err = c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("x"), CopySource: copySource(b, "k")})
	wantErr(t, err, "NoSuchKey", 404)
	_, err = c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("x"), CopySource: aws.String(b + "/k?versionId=" + aws.ToString(d.VersionId))})
	if err == nil || (errCode(err) != "InvalidRequest" && errCode(err) != "MethodNotAllowed") {
		t.Fatalf("copy of a delete marker by id: %v", err)
	}
}

func TestCopyConditions(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	p := put(t, c, b, "src", []byte("data"))
	etag := aws.ToString(p.ETag)
	h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("src")})
	must(t, err)
	mod := *h.LastModified
	past, future := mod.Add(-time.Hour), mod.Add(time.Hour)
	cases := []struct {
		name string
		set  func(*s3.CopyObjectInput)
		ok   bool
	}{
		{"if-match ok", func(in *s3.CopyObjectInput) { in.CopySourceIfMatch = &etag }, true},
		{"if-match fail", func(in *s3.CopyObjectInput) { in.CopySourceIfMatch = aws.String(`"0123"`) }, false},
		{"if-none-match ok", func(in *s3.CopyObjectInput) { in.CopySourceIfNoneMatch = aws.String(`"0123"`) }, true},
		{"if-none-match fail", func(in *s3.CopyObjectInput) { in.CopySourceIfNoneMatch = &etag }, false},
		{"if-modified-since ok", func(in *s3.CopyObjectInput) { in.CopySourceIfModifiedSince = &past }, true},
		{"if-modified-since fail", func(in *s3.CopyObjectInput) { in.CopySourceIfModifiedSince = &future }, false},
		{"if-unmodified-since ok", func(in *s3.CopyObjectInput) { in.CopySourceIfUnmodifiedSince = &future }, true},
		{"if-unmodified-since fail", func(in *s3.CopyObjectInput) { in.CopySourceIfUnmodifiedSince = &past }, false},
		// S3: if-match true and if-unmodified-since false → copy.
		{"if-match wins over if-unmodified-since", func(in *s3.CopyObjectInput) {
			in.CopySourceIfMatch, in.CopySourceIfUnmodifiedSince = &etag, &past
		}, true},
		// S3: if-none-match false and if-modified-since true → 412.
		{"if-none-match fails despite if-modified-since", func(in *s3.CopyObjectInput) {
			in.CopySourceIfNoneMatch, in.CopySourceIfModifiedSince = &etag, &past
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dst := "dst-" + strings.ReplaceAll(tc.name, " ", "-")
			in := &s3.CopyObjectInput{Bucket: &b, Key: &dst, CopySource: copySource(b, "src")}
			tc.set(in)
			_, err := c.CopyObject(ctx(t), in)
			if tc.ok {
				must(t, err)
				return
			}
			wantErr(t, err, "PreconditionFailed", 412)
			_, err = c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: &dst})
			wantErr(t, err, "NotFound", 404)
		})
	}
}

func TestCopyErrors(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	put(t, c, b, "src", []byte("x"))
	bb := newBucket(t, bob())
	put(t, bob(), bb, "bobs", []byte("secret"))
	_, err := c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("d"), CopySource: copySource(b, "missing")})
	wantErr(t, err, "NoSuchKey", 404)
	_, err = c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("d"), CopySource: copySource(b+"-missing", "src")})
	wantErr(t, err, "NoSuchBucket", 404)
	// Reading bob's object and writing into bob's bucket are both denied.
	_, err = c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("stolen"), CopySource: copySource(bb, "bobs")})
	wantErr(t, err, "AccessDenied", 403)
	_, err = bob().CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &bb, Key: aws.String("stolen"), CopySource: copySource(b, "src")})
	wantErr(t, err, "AccessDenied", 403)
	_, err = c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &bb, Key: aws.String("planted"), CopySource: copySource(b, "src")})
	wantErr(t, err, "AccessDenied", 403)
	for _, src := range []string{"no-slash", "/" + b + "/", b + "/"} {
		r := rawReq{Method: "PUT", Path: "/" + b + "/d", Account: acct(aliceAcct), Header: map[string][]string{"X-Amz-Copy-Source": {src}}}.do(t)
		r.want(t, 400, "InvalidArgument")
	}
	// A leading slash is accepted.
	r := rawReq{Method: "PUT", Path: "/" + b + "/d", Account: acct(aliceAcct), Header: map[string][]string{"X-Amz-Copy-Source": {"/" + b + "/src"}}}.do(t)
	r.want(t, 200, "")
}
