package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// putKeys writes a small object under each key with a few writers.
func putKeys(t testing.TB, c *s3.Client, bucket string, keys []string) {
	t.Helper()
	var wg sync.WaitGroup
	ch := make(chan string)
	errs := make(chan error, len(keys))
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range ch {
				_, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &bucket, Key: aws.String(k), Body: strings.NewReader(k)})
				if err != nil {
					errs <- fmt.Errorf("put %q: %w", k, err)
				}
			}
		}()
	}
	for _, k := range keys {
		ch <- k
	}
	close(ch)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// listing is what one listing call sequence returned.
type listing struct {
	keys, prefixes []string
}

func (l listing) String() string { return fmt.Sprintf("keys %q prefixes %q", l.keys, l.prefixes) }

func listV2(t testing.TB, c *s3.Client, in s3.ListObjectsV2Input) listing {
	t.Helper()
	var l listing
	for pages := 0; ; pages++ {
		if pages > 5000 {
			t.Fatal("ListObjectsV2 does not end")
		}
		out, err := c.ListObjectsV2(ctx(t), &in)
		must(t, err)
		if in.MaxKeys != nil && int32(len(out.Contents)+len(out.CommonPrefixes)) > *in.MaxKeys {
			t.Fatalf("page of %d entries with max-keys %d", len(out.Contents)+len(out.CommonPrefixes), *in.MaxKeys)
		}
		if aws.ToInt32(out.KeyCount) != int32(len(out.Contents)+len(out.CommonPrefixes)) {
			t.Fatalf("KeyCount %d for %d entries", aws.ToInt32(out.KeyCount), len(out.Contents)+len(out.CommonPrefixes))
		}
		for _, o := range out.Contents {
			l.keys = append(l.keys, aws.ToString(o.Key))
		}
		for _, p := range out.CommonPrefixes {
			l.prefixes = append(l.prefixes, aws.ToString(p.Prefix))
		}
		if !aws.ToBool(out.IsTruncated) {
			if out.NextContinuationToken != nil {
				t.Fatal("untruncated page has NextContinuationToken")
			}
			return l
		}
		if aws.ToString(out.NextContinuationToken) == "" {
			t.Fatal("truncated page without NextContinuationToken")
		}
		in.ContinuationToken = out.NextContinuationToken
	}
}

func listV1(t testing.TB, c *s3.Client, in s3.ListObjectsInput) listing {
	t.Helper()
	var l listing
	for pages := 0; ; pages++ {
		if pages > 5000 {
			t.Fatal("ListObjects does not end")
		}
		out, err := c.ListObjects(ctx(t), &in)
		must(t, err)
		last := ""
		for _, o := range out.Contents {
			l.keys = append(l.keys, aws.ToString(o.Key))
			last = aws.ToString(o.Key)
		}
		for _, p := range out.CommonPrefixes {
			l.prefixes = append(l.prefixes, aws.ToString(p.Prefix))
			if aws.ToString(p.Prefix) > last {
				last = aws.ToString(p.Prefix)
			}
		}
		if !aws.ToBool(out.IsTruncated) {
			return l
		}
		// NextMarker comes only with a delimiter; otherwise the last key is
		// the marker.
		if in.Delimiter != nil {
			if aws.ToString(out.NextMarker) == "" {
				t.Fatal("truncated delimited V1 page without NextMarker")
			}
			last = aws.ToString(out.NextMarker)
		}
		in.Marker = aws.String(last)
	}
}

func TestListingDelimiters(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	keys := []string{"a.txt", "dir/", "dir/a", "dir/b", "dir/sub/c", "dir/sub/d", "dir/sub2/e", "dir2/f", "photos/2024/jan.jpg",
		"photos/2024/feb.jpg", "photos/2025/mar.jpg", "z", "z/", "z//x"}
	putKeys(t, c, b, keys)
	cases := []struct {
		prefix, delim string
		keys, prefs   []string
	}{
		{"", "", sortedCopy(keys), nil},
		{"", "/", []string{"a.txt", "z"}, []string{"dir/", "dir2/", "photos/", "z/"}},
		{"dir/", "/", []string{"dir/", "dir/a", "dir/b"}, []string{"dir/sub/", "dir/sub2/"}},
		{"dir", "/", nil, []string{"dir/", "dir2/"}},
		{"dir/sub", "/", nil, []string{"dir/sub/", "dir/sub2/"}},
		{"photos/", "/", nil, []string{"photos/2024/", "photos/2025/"}},
		{"photos/2024/", "/", []string{"photos/2024/feb.jpg", "photos/2024/jan.jpg"}, nil},
		{"", "2", []string{"a.txt", "dir/", "dir/a", "dir/b", "dir/sub/c", "dir/sub/d", "z", "z/", "z//x"}, []string{"dir/sub2", "dir2", "photos/2"}},
		{"z/", "/", []string{"z/"}, []string{"z//"}},
		{"", ".", []string{"dir/", "dir/a", "dir/b", "dir/sub/c", "dir/sub/d", "dir/sub2/e", "dir2/f", "z", "z/", "z//x"}, []string{"a.", "photos/2024/feb.", "photos/2024/jan.", "photos/2025/mar."}},
		{"nothing", "/", nil, nil},
		{"dir/a", "", []string{"dir/a"}, nil},
	}
	for _, tc := range cases {
		want := listing{keys: tc.keys, prefixes: tc.prefs}
		for _, max := range []int32{0, 1, 2, 3, 1000} {
			name := fmt.Sprintf("prefix=%q delim=%q max=%d", tc.prefix, tc.delim, max)
			t.Run(name, func(t *testing.T) {
				in2 := s3.ListObjectsV2Input{Bucket: &b, Prefix: aws.String(tc.prefix)}
				in1 := s3.ListObjectsInput{Bucket: &b, Prefix: aws.String(tc.prefix)}
				if tc.delim != "" {
					in2.Delimiter, in1.Delimiter = aws.String(tc.delim), aws.String(tc.delim)
				}
				if max > 0 {
					in2.MaxKeys, in1.MaxKeys = aws.Int32(max), aws.Int32(max)
				}
				if got := listV2(t, c, in2); !sameListing(got, want) {
					t.Errorf("V2:\n got %v\nwant %v", got, want)
				}
				if got := listV1(t, c, in1); !sameListing(got, want) {
					t.Errorf("V1:\n got %v\nwant %v", got, want)
				}
			})
		}
	}
}

func sameListing(a, b listing) bool {
	return equalStrings(a.keys, b.keys) && equalStrings(a.prefixes, b.prefixes)
}

func TestListingStartAfterAndMarker(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	keys := []string{"a", "b", "c/1", "c/2", "d"}
	putKeys(t, c, b, keys)
	cases := []struct {
		after string
		want  []string
	}{
		{"", keys},
		{"a", keys[1:]},
		{"aa", keys[1:]},
		{"c/1", keys[3:]},
		{"c", keys[2:]},
		{"d", nil},
		{"zzz", nil},
	}
	for _, tc := range cases {
		t.Run(tc.after, func(t *testing.T) {
			got := listV2(t, c, s3.ListObjectsV2Input{Bucket: &b, StartAfter: aws.String(tc.after), MaxKeys: aws.Int32(2)})
			if !equalStrings(got.keys, tc.want) {
				t.Fatalf("start-after %q: %q, want %q", tc.after, got.keys, tc.want)
			}
			got = listV1(t, c, s3.ListObjectsInput{Bucket: &b, Marker: aws.String(tc.after), MaxKeys: aws.Int32(2)})
			if !equalStrings(got.keys, tc.want) {
				t.Fatalf("marker %q: %q, want %q", tc.after, got.keys, tc.want)
			}
		})
	}
	t.Run("echoes", func(t *testing.T) {
		out, err := c.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &b, StartAfter: aws.String("b"), MaxKeys: aws.Int32(1), Prefix: aws.String("")})
		must(t, err)
		if aws.ToString(out.StartAfter) != "b" || aws.ToInt32(out.MaxKeys) != 1 || aws.ToString(out.Name) != b || !aws.ToBool(out.IsTruncated) {
			t.Fatalf("V2 echo: %+v", out)
		}
		tok := out.NextContinuationToken
		out, err = c.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &b, StartAfter: aws.String("b"), ContinuationToken: tok})
		must(t, err)
		if aws.ToString(out.ContinuationToken) != aws.ToString(tok) || len(out.Contents) != 2 || aws.ToString(out.Contents[0].Key) != "c/2" {
			t.Fatalf("continuation page: token %q contents %d", aws.ToString(out.ContinuationToken), len(out.Contents))
		}
		v1, err := c.ListObjects(ctx(t), &s3.ListObjectsInput{Bucket: &b, Marker: aws.String("b"), MaxKeys: aws.Int32(1)})
		must(t, err)
		if aws.ToString(v1.Marker) != "b" || aws.ToInt32(v1.MaxKeys) != 1 || !aws.ToBool(v1.IsTruncated) || len(v1.Contents) != 1 {
			t.Fatalf("V1 echo: %+v", v1)
		}
	})
	t.Run("bad token", func(t *testing.T) {
		_, err := c.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &b, ContinuationToken: aws.String("!!not-a-token!!")})
		wantErr(t, err, "InvalidArgument", 400)
	})
	t.Run("bad max-keys", func(t *testing.T) {
		r := rawReq{Method: "GET", Path: "/" + b, Query: "list-type=2&max-keys=-1", Account: acct(aliceAcct)}.do(t)
		r.want(t, 400, "InvalidArgument")
		r = rawReq{Method: "GET", Path: "/" + b, Query: "list-type=2&max-keys=abc", Account: acct(aliceAcct)}.do(t)
		r.want(t, 400, "InvalidArgument")
	})
	t.Run("max-keys above 1000 is capped", func(t *testing.T) {
		out, err := c.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &b, MaxKeys: aws.Int32(5000)})
		must(t, err)
		if len(out.Contents) != len(keys) {
			t.Fatalf("%d keys", len(out.Contents))
		}
	})
}

func TestListingEncodingURL(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	keys := []string{"sp ace/x", "plus+sign", "amp&er=sand", "pct%41", "uni/ü日本", "ctl\x01char", "quote\"'<>", "tab\tkey", "new\nline"}
	putKeys(t, c, b, keys)
	dec := func(t *testing.T, s string) string {
		t.Helper()
		d, err := url.QueryUnescape(s)
		if err != nil {
			t.Fatalf("returned key %q is not URL-encoded: %v", s, err)
		}
		return d
	}
	out, err := c.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &b, EncodingType: types.EncodingTypeUrl})
	must(t, err)
	if out.EncodingType != types.EncodingTypeUrl {
		t.Errorf("EncodingType = %q", out.EncodingType)
	}
	var got []string
	for _, o := range out.Contents {
		raw := aws.ToString(o.Key)
		if strings.ContainsAny(raw, " \x01\t\n<>\"") {
			t.Errorf("key %q is not encoded", raw)
		}
		got = append(got, dec(t, raw))
	}
	if !equalStrings(got, sortedCopy(keys)) {
		t.Fatalf("decoded keys %q, want %q", got, sortedCopy(keys))
	}
	// Delimiter, prefix and common prefixes are encoded too.
	out, err = c.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &b, EncodingType: types.EncodingTypeUrl, Delimiter: aws.String("/"), Prefix: aws.String("sp ")})
	must(t, err)
	if len(out.CommonPrefixes) != 1 || dec(t, aws.ToString(out.CommonPrefixes[0].Prefix)) != "sp ace/" || strings.Contains(aws.ToString(out.CommonPrefixes[0].Prefix), " ") {
		t.Fatalf("common prefixes %v", out.CommonPrefixes)
	}
	if p := aws.ToString(out.Prefix); dec(t, p) != "sp " || strings.Contains(p, " ") {
		t.Fatalf("prefix echoed as %q", p)
	}
	v1, err := c.ListObjects(ctx(t), &s3.ListObjectsInput{Bucket: &b, EncodingType: types.EncodingTypeUrl})
	must(t, err)
	got = got[:0]
	for _, o := range v1.Contents {
		got = append(got, dec(t, aws.ToString(o.Key)))
	}
	if !equalStrings(got, sortedCopy(keys)) {
		t.Fatalf("V1 decoded keys %q", got)
	}
	// Versions listing too.
	vr := rawReq{Method: "GET", Path: "/" + b, Query: "versions&encoding-type=url", Account: acct(aliceAcct)}.do(t)
	vr.want(t, 200, "")
	got = got[:0]
	for _, v := range parseVersions(t, vr.Body).entries {
		got = append(got, dec(t, v.Key))
	}
	if !equalStrings(got, sortedCopy(keys)) {
		t.Fatalf("versions decoded keys %q", got)
	}
	// Without encoding-type, control characters cannot travel in XML 1.0;
	// the listing must at least be well-formed for the others.
	_, err = c.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &b, Prefix: aws.String("sp")})
	must(t, err)
	r := rawReq{Method: "GET", Path: "/" + b, Query: "encoding-type=bogus", Account: acct(aliceAcct)}.do(t)
	r.want(t, 400, "InvalidArgument")
}

func TestListingFetchOwner(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	put(t, c, b, "k", []byte("x"))
	out, err := c.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &b})
	must(t, err)
	if out.Contents[0].Owner != nil {
		t.Errorf("V2 without fetch-owner has an owner")
	}
	out, err = c.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &b, FetchOwner: aws.Bool(true)})
	must(t, err)
	o := out.Contents[0]
	if o.Owner == nil || !canonicalID.MatchString(aws.ToString(o.Owner.ID)) {
		t.Fatalf("fetch-owner owner = %+v", o.Owner)
	}
	lb, err := c.ListBuckets(ctx(t), &s3.ListBucketsInput{})
	must(t, err)
	if aws.ToString(o.Owner.ID) != aws.ToString(lb.Owner.ID) {
		t.Fatalf("object owner %s, account %s", aws.ToString(o.Owner.ID), aws.ToString(lb.Owner.ID))
	}
	if aws.ToString(o.ETag) != quoted(md5hex([]byte("x"))) || aws.ToInt64(o.Size) != 1 || o.LastModified == nil || o.StorageClass != types.ObjectStorageClassStandard {
		t.Fatalf("object fields: %+v", o)
	}
	v1, err := c.ListObjects(ctx(t), &s3.ListObjectsInput{Bucket: &b})
	must(t, err)
	if v1.Contents[0].Owner == nil || aws.ToString(v1.Contents[0].Owner.ID) != aws.ToString(o.Owner.ID) {
		t.Fatalf("V1 owner = %+v", v1.Contents[0].Owner)
	}
}

func TestListingVersionedBucket(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	enableVersioning(t, c, b)
	// live: several versions; gone: latest is a delete marker; back: delete
	// marker removed again; dm-only: only a delete marker.
	for i := range 3 {
		put(t, c, b, "live", []byte(fmt.Sprint(i)))
	}
	put(t, c, b, "gone", []byte("x"))
	_, err := c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("gone")})
	must(t, err)
	put(t, c, b, "back", []byte("x"))
	d, err := c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("back")})
	must(t, err)
	_, err = c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("back"), VersionId: d.VersionId})
	must(t, err)
	_, err = c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("dm-only")})
	must(t, err)
	put(t, c, b, "dir/gone", []byte("x"))
	_, err = c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("dir/gone")})
	must(t, err)
	want := []string{"back", "live"}
	for _, max := range []int32{1, 2, 1000} {
		got := listV2(t, c, s3.ListObjectsV2Input{Bucket: &b, MaxKeys: aws.Int32(max)})
		if !equalStrings(got.keys, want) {
			t.Fatalf("V2 max %d: %q, want %q", max, got.keys, want)
		}
		got = listV1(t, c, s3.ListObjectsInput{Bucket: &b, MaxKeys: aws.Int32(max)})
		if !equalStrings(got.keys, want) {
			t.Fatalf("V1 max %d: %q, want %q", max, got.keys, want)
		}
	}
	// A prefix holding only deleted keys is not a common prefix.
	got := listV2(t, c, s3.ListObjectsV2Input{Bucket: &b, Delimiter: aws.String("/")})
	if len(got.prefixes) != 0 {
		t.Fatalf("common prefixes of deleted keys: %q", got.prefixes)
	}
	out, err := c.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &b})
	must(t, err)
	for _, o := range out.Contents {
		if aws.ToString(o.Key) == "live" && aws.ToString(o.ETag) != quoted(md5hex([]byte("2"))) {
			t.Fatalf("live lists an old version: %s", aws.ToString(o.ETag))
		}
	}
}

// TestListingLargeBucket pages through 2,500 keys with the SDK paginator and
// compares with the keys sorted by UTF-8 bytes (which differs from UTF-16
// order for characters outside the BMP).
func TestListingLargeBucket(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	var keys []string
	tails := []string{"", "\uff61", "\U0001F600", "é", "Z", "_", "~", "-"}
	for i := range 2500 {
		keys = append(keys, fmt.Sprintf("k%04d%s/%s", i%313, tails[i%len(tails)], fmt.Sprint(i)))
	}
	putKeys(t, c, b, keys)
	want := sortedCopy(keys)
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: &b})
	var got []string
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		must(t, err)
		pages++
		for _, o := range out.Contents {
			got = append(got, aws.ToString(o.Key))
		}
	}
	if pages != 3 {
		t.Errorf("%d pages, want 3 (1000 keys each)", pages)
	}
	if !equalStrings(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("%d keys, want %d; first difference at %d: %q vs %q", len(got), len(want), i, got[i], want[i])
			}
		}
		t.Fatalf("%d keys, want %d", len(got), len(want))
	}
	// V1 with marker, smaller pages.
	l := listV1(t, c, s3.ListObjectsInput{Bucket: &b, MaxKeys: aws.Int32(777)})
	if !equalStrings(l.keys, want) {
		t.Fatalf("V1 differs: %d keys", len(l.keys))
	}
	// Delimited, paged: 313 common prefixes per tail group.
	l = listV2(t, c, s3.ListObjectsV2Input{Bucket: &b, Delimiter: aws.String("/"), MaxKeys: aws.Int32(100)})
	seen := map[string]bool{}
	for _, k := range want {
		seen[k[:strings.IndexByte(k, '/')+1]] = true
	}
	if len(l.keys) != 0 || len(l.prefixes) != len(seen) {
		t.Fatalf("delimited: %d keys, %d prefixes, want %d", len(l.keys), len(l.prefixes), len(seen))
	}
	if !equalStrings(l.prefixes, sortedCopy(l.prefixes)) {
		t.Fatal("common prefixes not sorted")
	}
}
