package e2e

import (
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// version is one entry of ListObjectVersions, delete markers included.
type version struct {
	Key, ID  string
	Latest   bool
	DM       bool
	ETag     string
	Size     int64
	Modified string
}

func (v version) String() string {
	kind := "v"
	if v.DM {
		kind = "dm"
	}
	l := ""
	if v.Latest {
		l = "*"
	}
	return fmt.Sprintf("%s:%s:%s%s", v.Key, kind, v.ID, l)
}

// listVersions lists every version under prefix, page size max (0: default),
// merging versions and delete markers in S3's order: keys ascending, newest
// first within a key. The merge relies on both lists being in that order and
// on LastModified/order within the page; entries of one key are sorted by
// their position as the server returned them.
func listVersions(t testing.TB, c *s3.Client, bucket, prefix string, max int32) []version {
	t.Helper()
	var out []version
	in := &s3.ListObjectVersionsInput{Bucket: &bucket, Prefix: &prefix}
	if max > 0 {
		in.MaxKeys = &max
	}
	for pages := 0; ; pages++ {
		if pages > 10000 {
			t.Fatal("ListObjectVersions does not end")
		}
		r := rawListVersions(t, bucket, in)
		out = append(out, r.entries...)
		if !r.truncated {
			return out
		}
		in.KeyMarker, in.VersionIdMarker = &r.nextKey, &r.nextVersion
	}
}

type versionsPage struct {
	entries              []version
	truncated            bool
	nextKey, nextVersion string
}

// rawListVersions fetches one page with a raw request: the SDK splits
// versions and delete markers into two lists and loses their interleaving,
// which is part of what is tested.
func rawListVersions(t testing.TB, bucket string, in *s3.ListObjectVersionsInput) versionsPage {
	t.Helper()
	q := url.Values{"versions": {""}}
	if in.Prefix != nil {
		q.Set("prefix", *in.Prefix)
	}
	if in.MaxKeys != nil {
		q.Set("max-keys", fmt.Sprint(*in.MaxKeys))
	}
	if in.KeyMarker != nil {
		q.Set("key-marker", *in.KeyMarker)
	}
	if in.VersionIdMarker != nil {
		q.Set("version-id-marker", *in.VersionIdMarker)
	}
	r := rawReq{Method: "GET", Path: "/" + bucket, Query: strings.ReplaceAll(q.Encode(), "+", "%20"), Account: acct(aliceAcct)}.do(t)
	r.want(t, 200, "")
	return parseVersions(t, r.Body)
}

func TestVersioningBasics(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	enableVersioning(t, c, b)
	var ids []string
	for i := range 3 {
		p := put(t, c, b, "k", []byte(fmt.Sprintf("v%d", i)))
		id := aws.ToString(p.VersionId)
		if id == "" || id == "null" {
			t.Fatalf("PUT %d: version id %q", i, id)
		}
		for _, prev := range ids {
			if prev == id {
				t.Fatalf("version id %s reused", id)
			}
		}
		ids = append(ids, id)
	}
	if got := get(t, c, b, "k"); string(got) != "v2" {
		t.Fatalf("latest = %q", got)
	}
	for i, id := range ids {
		out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: aws.String(id)})
		must(t, err)
		body := readAll(t, out.Body)
		if body != fmt.Sprintf("v%d", i) || aws.ToString(out.VersionId) != id {
			t.Fatalf("GET version %s = %q (x-amz-version-id %s)", id, body, aws.ToString(out.VersionId))
		}
		h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: aws.String(id)})
		must(t, err)
		if aws.ToString(h.VersionId) != id || aws.ToInt64(h.ContentLength) != 2 {
			t.Fatalf("HEAD version %s: %s %d", id, aws.ToString(h.VersionId), aws.ToInt64(h.ContentLength))
		}
	}

	vs := listVersions(t, c, b, "", 0)
	if len(vs) != 3 || vs[0].ID != ids[2] || vs[1].ID != ids[1] || vs[2].ID != ids[0] {
		t.Fatalf("versions = %v, want newest first %v", vs, ids)
	}
	if !vs[0].Latest || vs[1].Latest || vs[2].Latest {
		t.Fatalf("IsLatest wrong: %v", vs)
	}

	// A delete without version id adds a delete marker.
	d, err := c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("k")})
	must(t, err)
	dm := aws.ToString(d.VersionId)
	if !aws.ToBool(d.DeleteMarker) || dm == "" || dm == "null" {
		t.Fatalf("delete: marker %v version %q", aws.ToBool(d.DeleteMarker), dm)
	}
	r := rawReq{Method: "GET", Path: "/" + b + "/k", Account: acct(aliceAcct)}.do(t)
	r.want(t, 404, "NoSuchKey")
	if r.Header.Get("X-Amz-Delete-Marker") != "true" || r.Header.Get("X-Amz-Version-Id") != dm {
		t.Fatalf("GET after delete: delete-marker %q version %q", r.Header.Get("X-Amz-Delete-Marker"), r.Header.Get("X-Amz-Version-Id"))
	}
	r = rawReq{Method: "HEAD", Path: "/" + b + "/k", Account: acct(aliceAcct)}.do(t)
	if r.Status != 404 || r.Header.Get("X-Amz-Delete-Marker") != "true" {
		t.Fatalf("HEAD after delete: %d delete-marker %q", r.Status, r.Header.Get("X-Amz-Delete-Marker"))
	}
	// Addressing the delete marker itself is 405.
	for _, m := range []string{"GET", "HEAD"} {
		r = rawReq{Method: m, Path: "/" + b + "/k", Query: "versionId=" + url.QueryEscape(dm), Account: acct(aliceAcct)}.do(t)
		if r.Status != 405 || r.Header.Get("X-Amz-Delete-Marker") != "true" {
			t.Fatalf("%s delete marker by id: %d delete-marker %q %s", m, r.Status, r.Header.Get("X-Amz-Delete-Marker"), r.Body)
		}
		if m == "GET" && r.Code != "MethodNotAllowed" {
			t.Fatalf("GET delete marker code %q", r.Code)
		}
	}
	_, err = c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: &dm})
	wantErr(t, err, "MethodNotAllowed", 405)
	// Old versions are still readable.
	out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: &ids[1]})
	must(t, err)
	if got := readAll(t, out.Body); got != "v1" {
		t.Fatalf("old version after delete = %q", got)
	}
	if l := listAllV2(t, c, b, ""); len(l) != 0 {
		t.Fatalf("listing shows deleted key: %v", l)
	}
	vs = listVersions(t, c, b, "", 0)
	if len(vs) != 4 || !vs[0].DM || !vs[0].Latest || vs[0].ID != dm || vs[1].Latest {
		t.Fatalf("versions after delete = %v", vs)
	}

	// Removing the delete marker brings the previous version back.
	d, err = c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: &dm})
	must(t, err)
	if !aws.ToBool(d.DeleteMarker) || aws.ToString(d.VersionId) != dm {
		t.Fatalf("delete of marker: marker %v version %q", aws.ToBool(d.DeleteMarker), aws.ToString(d.VersionId))
	}
	if got := get(t, c, b, "k"); string(got) != "v2" {
		t.Fatalf("after removing marker = %q", got)
	}
	// Deleting the latest version permanently makes the previous one latest.
	d, err = c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: &ids[2]})
	must(t, err)
	if aws.ToBool(d.DeleteMarker) || aws.ToString(d.VersionId) != ids[2] {
		t.Fatalf("delete of version: marker %v version %q", aws.ToBool(d.DeleteMarker), aws.ToString(d.VersionId))
	}
	if got := get(t, c, b, "k"); string(got) != "v1" {
		t.Fatalf("after deleting latest = %q", got)
	}
	vs = listVersions(t, c, b, "", 0)
	if len(vs) != 2 || vs[0].ID != ids[1] || !vs[0].Latest || vs[1].ID != ids[0] {
		t.Fatalf("versions after deleting latest = %v", vs)
	}
	_, err = c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: &ids[2]})
	wantErr(t, err, "NoSuchVersion", 404)
	// Deleting a middle version leaves the latest alone.
	_, err = c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: &ids[0]})
	must(t, err)
	if got := get(t, c, b, "k"); string(got) != "v1" {
		t.Fatalf("after deleting oldest = %q", got)
	}

	t.Run("bad version ids", func(t *testing.T) {
		p := put(t, c, b, "other", []byte("o"))
		// A real id of another key does not exist for this key.
		_, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: p.VersionId})
		wantErr(t, err, "NoSuchVersion", 404)
		_, err = c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: aws.String("not-a-version")})
		wantErr(t, err, "InvalidArgument", 400)
		_, err = c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("missing"), VersionId: p.VersionId})
		wantErr(t, err, "NoSuchVersion", 404)
	})
}

func TestVersioningSuspended(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	// Objects written before versioning have the null version.
	put(t, c, b, "k", []byte("pre"))
	out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: aws.String("null")})
	must(t, err)
	if got := readAll(t, out.Body); got != "pre" {
		t.Fatalf("null version = %q", got)
	}
	enableVersioning(t, c, b)
	p := put(t, c, b, "k", []byte("enabled"))
	real := aws.ToString(p.VersionId)
	vs := listVersions(t, c, b, "", 0)
	if len(vs) != 2 || vs[0].ID != real || vs[1].ID != "null" {
		t.Fatalf("versions = %v", vs)
	}
	setVersioning(t, c, b, types.BucketVersioningStatusSuspended)
	p = put(t, c, b, "k", []byte("s1"))
	if aws.ToString(p.VersionId) != "null" {
		t.Fatalf("suspended PUT version id = %q, want null", aws.ToString(p.VersionId))
	}
	p = put(t, c, b, "k", []byte("s2"))
	if aws.ToString(p.VersionId) != "null" {
		t.Fatalf("suspended PUT version id = %q, want null", aws.ToString(p.VersionId))
	}
	// The null version was replaced twice; the real version stays.
	vs = listVersions(t, c, b, "", 0)
	if len(vs) != 2 || vs[0].ID != "null" || !vs[0].Latest || vs[1].ID != real {
		t.Fatalf("versions after suspended puts = %v", vs)
	}
	if got := get(t, c, b, "k"); string(got) != "s2" {
		t.Fatalf("latest = %q", got)
	}
	// A delete in a suspended bucket puts a null delete marker in place of
	// the null version.
	d, err := c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("k")})
	must(t, err)
	if !aws.ToBool(d.DeleteMarker) || aws.ToString(d.VersionId) != "null" {
		t.Fatalf("suspended delete: marker %v version %q", aws.ToBool(d.DeleteMarker), aws.ToString(d.VersionId))
	}
	vs = listVersions(t, c, b, "", 0)
	if len(vs) != 2 || !vs[0].DM || vs[0].ID != "null" || vs[1].ID != real {
		t.Fatalf("versions after suspended delete = %v", vs)
	}
	out, err = c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: &real})
	must(t, err)
	if got := readAll(t, out.Body); got != "enabled" {
		t.Fatalf("real version = %q", got)
	}
	// Re-enabling keeps the null version and adds real ones.
	enableVersioning(t, c, b)
	p = put(t, c, b, "k", []byte("again"))
	if id := aws.ToString(p.VersionId); id == "null" || id == "" || id == real {
		t.Fatalf("re-enabled PUT version id %q", id)
	}
	vs = listVersions(t, c, b, "", 0)
	if len(vs) != 3 {
		t.Fatalf("versions after re-enable = %v", vs)
	}
}

func TestListObjectVersions(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	enableVersioning(t, c, b)
	keys := []string{"a", "b/1", "b/2", "c", "é"}
	type rec struct{ key, id string }
	var all []rec
	for round := range 3 {
		for i, k := range keys {
			if (round+i)%4 == 3 {
				d, err := c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: &k})
				must(t, err)
				all = append(all, rec{k, aws.ToString(d.VersionId)})
				continue
			}
			p := put(t, c, b, k, []byte(fmt.Sprint(round)))
			all = append(all, rec{k, aws.ToString(p.VersionId)})
		}
	}
	// Expected order: keys ascending, newest first.
	var want []string
	for _, k := range sortedCopy(keys) {
		for i := len(all) - 1; i >= 0; i-- {
			if all[i].key == k {
				want = append(want, k+":"+all[i].id)
			}
		}
	}
	check := func(t *testing.T, vs []version) {
		t.Helper()
		var got []string
		latest := map[string]int{}
		for _, v := range vs {
			got = append(got, v.Key+":"+v.ID)
			if v.Latest {
				latest[v.Key]++
			}
		}
		if !equalStrings(got, want) {
			t.Fatalf("versions:\n got %v\nwant %v", got, want)
		}
		for i, v := range vs {
			first := i == 0 || vs[i-1].Key != v.Key
			if v.Latest != first {
				t.Fatalf("IsLatest of %v wrong", v)
			}
		}
	}
	check(t, listVersions(t, c, b, "", 0))
	for _, page := range []int32{1, 2, 3, 7} {
		t.Run(fmt.Sprintf("max-keys %d", page), func(t *testing.T) {
			check(t, listVersions(t, c, b, "", page))
		})
	}
	t.Run("sdk paginator", func(t *testing.T) {
		p := s3.NewListObjectVersionsPaginator(c, &s3.ListObjectVersionsInput{Bucket: &b, MaxKeys: aws.Int32(4)})
		n := 0
		for p.HasMorePages() {
			out, err := p.NextPage(ctx(t))
			must(t, err)
			n += len(out.Versions) + len(out.DeleteMarkers)
		}
		if n != len(want) {
			t.Fatalf("paginator saw %d entries, want %d", n, len(want))
		}
	})
	t.Run("bad markers", func(t *testing.T) {
		vid := strings.SplitN(want[0], ":", 2)[1]
		r := rawReq{Method: "GET", Path: "/" + b, Query: "versions&version-id-marker=" + vid, Account: acct(aliceAcct)}.do(t)
		r.want(t, 400, "InvalidArgument")
		r = rawReq{Method: "GET", Path: "/" + b, Query: "versions&key-marker=a&version-id-marker=bogus", Account: acct(aliceAcct)}.do(t)
		r.want(t, 400, "InvalidArgument")
	})
	t.Run("prefix and delimiter", func(t *testing.T) {
		out, err := c.ListObjectVersions(ctx(t), &s3.ListObjectVersionsInput{Bucket: &b, Delimiter: aws.String("/")})
		must(t, err)
		if len(out.CommonPrefixes) != 1 || aws.ToString(out.CommonPrefixes[0].Prefix) != "b/" {
			t.Fatalf("common prefixes = %v", out.CommonPrefixes)
		}
		for _, v := range out.Versions {
			if strings.HasPrefix(aws.ToString(v.Key), "b/") {
				t.Fatalf("version %s under a common prefix", aws.ToString(v.Key))
			}
		}
		out, err = c.ListObjectVersions(ctx(t), &s3.ListObjectVersionsInput{Bucket: &b, Prefix: aws.String("b/")})
		must(t, err)
		for _, v := range out.Versions {
			if !strings.HasPrefix(aws.ToString(v.Key), "b/") {
				t.Fatalf("version %s outside prefix", aws.ToString(v.Key))
			}
		}
	})
}

// parseVersions decodes a ListVersionsResult keeping the interleaving of
// Version and DeleteMarker elements.
func parseVersions(t testing.TB, body []byte) versionsPage {
	t.Helper()
	var doc struct {
		IsTruncated         bool
		NextKeyMarker       string
		NextVersionIdMarker string
		Entries             []struct {
			XMLName      xml.Name
			Key          string
			VersionId    string
			IsLatest     bool
			ETag         string
			Size         int64
			LastModified string
		} `xml:",any"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatalf("ListVersionsResult: %v\n%s", err, body)
	}
	p := versionsPage{truncated: doc.IsTruncated, nextKey: doc.NextKeyMarker, nextVersion: doc.NextVersionIdMarker}
	for _, e := range doc.Entries {
		switch e.XMLName.Local {
		case "Version", "DeleteMarker":
			p.entries = append(p.entries, version{Key: e.Key, ID: e.VersionId, Latest: e.IsLatest, DM: e.XMLName.Local == "DeleteMarker",
				ETag: e.ETag, Size: e.Size, Modified: e.LastModified})
		}
	}
	return p
}

func TestDeleteObjectsVersioned(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	enableVersioning(t, c, b)
	p1 := put(t, c, b, "k", []byte("1"))
	put(t, c, b, "k", []byte("2"))
	// Without a version id: a delete marker is created.
	out, err := c.DeleteObjects(ctx(t), &s3.DeleteObjectsInput{Bucket: &b, Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: aws.String("k")}}}})
	must(t, err)
	if len(out.Deleted) != 1 {
		t.Fatalf("deleted %+v errors %+v", out.Deleted, out.Errors)
	}
	d := out.Deleted[0]
	dm := aws.ToString(d.DeleteMarkerVersionId)
	if !aws.ToBool(d.DeleteMarker) || dm == "" || d.VersionId != nil {
		t.Fatalf("simple delete: marker %v marker version %q version %q", aws.ToBool(d.DeleteMarker), dm, aws.ToString(d.VersionId))
	}
	// A specific version: removed for good.
	out, err = c.DeleteObjects(ctx(t), &s3.DeleteObjectsInput{Bucket: &b, Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: aws.String("k"), VersionId: p1.VersionId}}}})
	must(t, err)
	d = out.Deleted[0]
	if aws.ToBool(d.DeleteMarker) || aws.ToString(d.VersionId) != aws.ToString(p1.VersionId) {
		t.Fatalf("version delete: marker %v version %q", aws.ToBool(d.DeleteMarker), aws.ToString(d.VersionId))
	}
	// The delete marker by its id: S3 reports it as a delete marker and
	// names it in DeleteMarkerVersionId too.
	out, err = c.DeleteObjects(ctx(t), &s3.DeleteObjectsInput{Bucket: &b, Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: aws.String("k"), VersionId: &dm}}}})
	must(t, err)
	d = out.Deleted[0]
	if !aws.ToBool(d.DeleteMarker) || aws.ToString(d.VersionId) != dm || aws.ToString(d.DeleteMarkerVersionId) != dm {
		t.Fatalf("marker delete: marker %v version %q marker version %q", aws.ToBool(d.DeleteMarker), aws.ToString(d.VersionId), aws.ToString(d.DeleteMarkerVersionId))
	}
	if got := get(t, c, b, "k"); string(got) != "2" {
		t.Fatalf("after removing the marker = %q", got)
	}
	// A version id that does not exist is not an error.
	out, err = c.DeleteObjects(ctx(t), &s3.DeleteObjectsInput{Bucket: &b, Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: aws.String("k"), VersionId: p1.VersionId}}}})
	must(t, err)
	if len(out.Deleted) != 1 || len(out.Errors) != 0 {
		t.Fatalf("delete of a gone version: %+v %+v", out.Deleted, out.Errors)
	}
	// A malformed one is, for that key only.
	out, err = c.DeleteObjects(ctx(t), &s3.DeleteObjectsInput{Bucket: &b, Delete: &types.Delete{Objects: []types.ObjectIdentifier{
		{Key: aws.String("k"), VersionId: aws.String("bogus")}, {Key: aws.String("other")}}}})
	must(t, err)
	if len(out.Errors) != 1 || aws.ToString(out.Errors[0].Code) != "InvalidArgument" || len(out.Deleted) != 1 {
		t.Fatalf("malformed version id: deleted %+v errors %+v", out.Deleted, out.Errors)
	}
}
