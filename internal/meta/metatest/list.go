package metatest

import (
	"slices"
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/internal/meta"
)

func objectsListTests() []test {
	return []test{
		{"PrefixAfter", testObjectsPrefixAfter},
		{"ByteOrder", testObjectsByteOrder},
		{"SkipsDeleteMarkers", testObjectsSkipsMarkers},
		{"ManyVersions", testObjectsManyVersions},
		{"DelimiterRollUp", testObjectsRollUp},
		{"BucketsIsolated", testObjectsBucketsIsolated},
		{"Items", testObjectsItems},
		{"NUL", testObjectsNUL},
	}
}

// Names with NUL are refused, and NUL in a query matches nothing stored.
func testObjectsNUL(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	for _, k := range []string{"a", "a/b", "b"} {
		put(t, s, "b", k, real, nil, nil)
	}
	err := s.UpdateObject(t.Context(), "b", "a\x00b", func(meta.ObjectTx) error { return nil })
	wantErr(t, "UpdateObject(NUL key)", err, meta.ErrInvalidKey)
	err = s.CreateUpload(t.Context(), &meta.Upload{Bucket: "b", Key: "\x00"})
	wantErr(t, "CreateUpload(NUL key)", err, meta.ErrInvalidKey)
	err = s.CreateBucket(t.Context(), &meta.Bucket{Name: "x\x00y"})
	wantErr(t, "CreateBucket(NUL name)", err, meta.ErrInvalidKey)
	err = s.UpdateRecords(t.Context(), func(tx meta.RecordTx) error { return tx.Put("n\x00s", "id", nil) })
	wantErr(t, "RecordTx.Put(NUL namespace)", err, meta.ErrInvalidKey)
	_, err = s.GetVersion(t.Context(), "b", "a\x00", "")
	wantErr(t, "GetVersion(NUL key)", err, meta.ErrNotFound)
	equalStrings(t, "Objects(prefix a NUL)", listObjects(t, s, "b", meta.ListQuery{Prefix: "a\x00"}), nil)
	equalStrings(t, "Versions(prefix a NUL)", versions(t, s, "b", meta.ListQuery{Prefix: "a\x00"}), nil)
	equalStrings(t, "Objects(after a NUL)", listObjects(t, s, "b", meta.ListQuery{After: "a\x00z"}), []string{"a/b", "b"})
	equalStrings(t, "Versions(after a NUL)", keys(func() []*meta.Version {
		it, err := s.Versions(t.Context(), "b", meta.ListQuery{After: "a\x00z", AfterVersion: "x"})
		return collect(t, it, err)
	}()), []string{"a/b", "b"})
}

// nestedKeys are keys that are prefixes of one another.
var nestedKeys = []string{"a", "a/", "a/b", "a/b/c", "ab", "b"}

func testObjectsPrefixAfter(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	for _, k := range nestedKeys {
		put(t, s, "b", k, real, nil, nil)
	}
	cases := []struct {
		q    meta.ListQuery
		want []string
	}{
		{meta.ListQuery{}, nestedKeys},
		{meta.ListQuery{Prefix: "a"}, []string{"a", "a/", "a/b", "a/b/c", "ab"}},
		{meta.ListQuery{Prefix: "a/"}, []string{"a/", "a/b", "a/b/c"}},
		{meta.ListQuery{Prefix: "a/b"}, []string{"a/b", "a/b/c"}},
		{meta.ListQuery{Prefix: "a/b/c/"}, nil},
		{meta.ListQuery{Prefix: "c"}, nil},
		{meta.ListQuery{After: "a"}, []string{"a/", "a/b", "a/b/c", "ab", "b"}},
		{meta.ListQuery{After: "a/"}, []string{"a/b", "a/b/c", "ab", "b"}},
		{meta.ListQuery{After: "a/b/c"}, []string{"ab", "b"}},
		{meta.ListQuery{After: "aa"}, []string{"ab", "b"}}, // After need not exist
		{meta.ListQuery{After: "b"}, nil},
		{meta.ListQuery{After: "\x01"}, nestedKeys},
		{meta.ListQuery{Prefix: "a", After: "a"}, []string{"a/", "a/b", "a/b/c", "ab"}},
		{meta.ListQuery{Prefix: "a/", After: "a/b"}, []string{"a/b/c"}},
		{meta.ListQuery{Prefix: "a/", After: "0"}, []string{"a/", "a/b", "a/b/c"}}, // After before Prefix
		{meta.ListQuery{Prefix: "a/", After: "a"}, []string{"a/", "a/b", "a/b/c"}},
		{meta.ListQuery{Prefix: "a", After: "b"}, nil}, // After past Prefix
	}
	for _, c := range cases {
		equalStrings(t, "Objects("+c.q.Prefix+", after "+c.q.After+")", listObjects(t, s, "b", c.q), c.want)
	}
}

// Listing order is UTF-8 byte order (which is code point order), not
// UTF-16 order: U+FFFD sorts before U+1F600 here.
func testObjectsByteOrder(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	want := []string{"\x01ctl", " sp", "A", "Z", "_", "a", "z", "~", "\u007f", "é", "é/x", "\u4e2d", "\ufffd", "😀", "😀😀"}
	shuffled := slices.Clone(want)
	slices.Reverse(shuffled)
	for _, k := range shuffled {
		put(t, s, "b", k, real, nil, nil)
	}
	equalStrings(t, "Objects", listObjects(t, s, "b", meta.ListQuery{}), want)
	equalStrings(t, "Objects after é", listObjects(t, s, "b", meta.ListQuery{After: "é"}), want[10:])
	equalStrings(t, "Objects prefix 😀", listObjects(t, s, "b", meta.ListQuery{Prefix: "😀"}), want[13:])
}

func testObjectsSkipsMarkers(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	put(t, s, "b", "a", real, nil, nil)
	put(t, s, "b", "b", real, nil, nil)
	put(t, s, "b", "b", marker, nil, nil) // deleted
	put(t, s, "b", "c", marker, nil, nil) // only a marker
	put(t, s, "b", "d", marker, nil, nil)
	put(t, s, "b", "d", real, nil, nil) // marker, then restored
	put(t, s, "b", "e", null, nil, nil)
	put(t, s, "b", "e", real, nil, nil)
	put(t, s, "b", "e", null, nil, func(v *meta.Version) { v.DeleteMarker, v.Blob = true, "" })
	for range 3 {
		put(t, s, "b", "f", marker, nil, nil) // many markers
	}
	put(t, s, "b", "g", real, nil, nil)
	equalStrings(t, "Objects", listObjects(t, s, "b", meta.ListQuery{}), []string{"a", "d", "g"})
	equalStrings(t, "Objects after a", listObjects(t, s, "b", meta.ListQuery{After: "a"}), []string{"d", "g"})
	equalStrings(t, "Objects after d", listObjects(t, s, "b", meta.ListQuery{After: "d"}), []string{"g"})
}

func testObjectsManyVersions(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	latest := map[string]*meta.Version{}
	for i := range 40 {
		for _, k := range []string{"m", "m/x", "n"} {
			if k == "n" && i > 0 {
				continue
			}
			latest[k] = put(t, s, "b", k, real, nil, nil)
		}
	}
	it, err := s.Objects(t.Context(), "b", meta.ListQuery{})
	vs := collect(t, it, err)
	equalStrings(t, "Objects", keys(vs), []string{"m", "m/x", "n"})
	for _, v := range vs {
		if v.VersionID != latest[v.Key].VersionID {
			t.Fatalf("Objects lists %s@%s, want latest %s", v.Key, v.VersionID, latest[v.Key].VersionID)
		}
	}
	equalStrings(t, "Objects after m", listObjects(t, s, "b", meta.ListQuery{After: "m"}), []string{"m/x", "n"})
}

// rollUp lists like ListObjects with a delimiter, using SkipPrefix.
func rollUp(t *testing.T, s meta.Store, bucket, prefix, delim string) []string {
	t.Helper()
	it, err := s.Objects(t.Context(), bucket, meta.ListQuery{Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	out := []string{}
	for it.Next() {
		k := it.Item().Key
		if !strings.HasPrefix(k, prefix) {
			t.Fatalf("key %q outside prefix %q", k, prefix)
		}
		if i := strings.Index(k[len(prefix):], delim); i >= 0 {
			cp := k[:len(prefix)+i+len(delim)]
			out = append(out, "CP:"+cp)
			it.SkipPrefix(cp)
			continue
		}
		out = append(out, k)
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func testObjectsRollUp(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	for _, k := range []string{"a/1", "a/2", "a/3/x", "a0", "b", "c/x/y", "c/z", "c/", "d", "e//f", "\U0010ffff"} {
		put(t, s, "b", k, real, nil, nil)
	}
	// Delete-marker-latest keys inside a prefix do not create it alone.
	put(t, s, "b", "z/1", real, nil, nil)
	put(t, s, "b", "z/1", marker, nil, nil)
	equalStrings(t, "roll-up /", rollUp(t, s, "b", "", "/"),
		[]string{"CP:a/", "a0", "b", "CP:c/", "d", "CP:e/", "\U0010ffff"})
	equalStrings(t, "roll-up a/ /", rollUp(t, s, "b", "a/", "/"), []string{"a/1", "a/2", "CP:a/3/"})
	equalStrings(t, "roll-up c/ /", rollUp(t, s, "b", "c/", "/"), []string{"c/", "CP:c/x/", "c/z"})
	equalStrings(t, "roll-up e/ /", rollUp(t, s, "b", "e/", "/"), []string{"CP:e//"})
	equalStrings(t, "roll-up multi-byte", rollUp(t, s, "b", "", "/x"), []string{"a/1", "a/2", "CP:a/3/x", "a0", "b", "c/", "CP:c/x", "c/z", "d", "e//f", "\U0010ffff"})
}

func testObjectsBucketsIsolated(t *testing.T, s meta.Store) {
	// Bucket names that are prefixes of each other must not leak keys.
	for _, b := range []string{"bk", "bk-2", "bk2"} {
		mkBucket(t, s, b)
		put(t, s, b, "key-of-"+b, real, nil, nil)
	}
	for _, b := range []string{"bk", "bk-2", "bk2"} {
		equalStrings(t, "Objects("+b+")", listObjects(t, s, b, meta.ListQuery{}), []string{"key-of-" + b})
		equalStrings(t, "Versions("+b+")", keys(func() []*meta.Version {
			it, err := s.Versions(t.Context(), b, meta.ListQuery{})
			return collect(t, it, err)
		}()), []string{"key-of-" + b})
	}
}

func testObjectsItems(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	v := put(t, s, "b", "k", real, nil, fullVersion)
	it, err := s.Objects(t.Context(), "b", meta.ListQuery{})
	vs := collect(t, it, err)
	if len(vs) != 1 {
		t.Fatalf("Objects = %q", ids(vs))
	}
	sameVersion(t, vs[0], v)
}

func versionsListTests() []test {
	return []test{
		{"Order", testVersionsOrder},
		{"Markers", testVersionsMarkers},
		{"NullMarker", testVersionsNullMarker},
		{"Prefix", testVersionsPrefix},
		{"RollUp", testVersionsRollUp},
		{"GoneNullMarker", testVersionsGoneNullMarker},
		{"BadMarker", testVersionsBadMarker},
	}
}

// A "null" marker whose version was deleted resumes after the whole key.
func testVersionsGoneNullMarker(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	put(t, s, "b", "k", real, nil, nil)
	put(t, s, "b", "k", null, nil, nil)
	deleteVersion(t, s, "b", "k", meta.NullVersion)
	l := put(t, s, "b", "l", real, nil, nil)
	equalStrings(t, "Versions after k@null (gone)",
		versions(t, s, "b", meta.ListQuery{After: "k", AfterVersion: meta.NullVersion}), ref(l))
}

func testVersionsBadMarker(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	put(t, s, "b", "k", real, nil, nil)
	_, err := s.Versions(t.Context(), "b", meta.ListQuery{After: "k", AfterVersion: "not-a-version-id"})
	wantErr(t, "Versions with a malformed marker", err, meta.ErrNotFound)
	_, err = s.Uploads(t.Context(), "b", meta.ListQuery{After: "k", AfterVersion: "not-an-upload-id"})
	wantErr(t, "Uploads with a malformed marker", err, meta.ErrNotFound)
}

// versionFixture writes keys a (3 versions), a/b (null among real, marker
// latest), b (1 version) and returns the expected Versions listing.
func versionFixture(t *testing.T, s meta.Store) []*meta.Version {
	mkBucket(t, s, "b")
	a1 := put(t, s, "b", "a", real, nil, nil)
	ab1 := put(t, s, "b", "a/b", real, nil, nil)
	a2 := put(t, s, "b", "a", real, nil, nil)
	abn := put(t, s, "b", "a/b", null, nil, nil)
	b1 := put(t, s, "b", "b", real, nil, nil)
	a3 := put(t, s, "b", "a", marker, nil, nil)
	ab2 := put(t, s, "b", "a/b", real, nil, nil)
	abm := put(t, s, "b", "a/b", marker, nil, nil)
	return []*meta.Version{a3, a2, a1, abm, ab2, abn, ab1, b1}
}

func testVersionsOrder(t *testing.T, s meta.Store) {
	all := versionFixture(t, s)
	equalStrings(t, "Versions", versions(t, s, "b", meta.ListQuery{}), ids(all))
	it, err := s.Versions(t.Context(), "b", meta.ListQuery{})
	got := collect(t, it, err)
	for i := range got {
		sameVersion(t, got[i], all[i])
	}
}

func testVersionsMarkers(t *testing.T, s meta.Store) {
	all := versionFixture(t, s)
	want := ids(all)
	// Resuming after each listed entry yields exactly the rest.
	for i, v := range all {
		q := meta.ListQuery{After: v.Key, AfterVersion: v.VersionID}
		equalStrings(t, "Versions after "+want[i], versions(t, s, "b", q), want[i+1:])
	}
	// After alone skips every version of that key.
	equalStrings(t, "Versions after a", versions(t, s, "b", meta.ListQuery{After: "a"}), want[3:])
	equalStrings(t, "Versions after a/b", versions(t, s, "b", meta.ListQuery{After: "a/b"}), want[7:])
	equalStrings(t, "Versions after a/a", versions(t, s, "b", meta.ListQuery{After: "a/a"}), want[3:])
}

// A "null" version marker keeps its place among real versions.
func testVersionsNullMarker(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	v1 := put(t, s, "b", "k", real, nil, nil)
	n := put(t, s, "b", "k", null, nil, nil)
	v3 := put(t, s, "b", "k", real, nil, nil)
	o := put(t, s, "b", "l", null, nil, nil)
	equalStrings(t, "Versions after k@null",
		versions(t, s, "b", meta.ListQuery{After: "k", AfterVersion: meta.NullVersion}), ref(v1, o))
	equalStrings(t, "Versions after k@v3",
		versions(t, s, "b", meta.ListQuery{After: "k", AfterVersion: v3.VersionID}), ref(n, v1, o))
	equalStrings(t, "Versions after l@null",
		versions(t, s, "b", meta.ListQuery{After: "l", AfterVersion: meta.NullVersion}), nil)
}

func testVersionsPrefix(t *testing.T, s meta.Store) {
	all := versionFixture(t, s)
	want := ids(all)
	equalStrings(t, "Versions prefix a/", versions(t, s, "b", meta.ListQuery{Prefix: "a/"}), want[3:7])
	equalStrings(t, "Versions prefix a",
		versions(t, s, "b", meta.ListQuery{Prefix: "a", After: "a", AfterVersion: all[1].VersionID}), want[2:7])
	equalStrings(t, "Versions prefix b", versions(t, s, "b", meta.ListQuery{Prefix: "b"}), want[7:])
	equalStrings(t, "Versions prefix c", versions(t, s, "b", meta.ListQuery{Prefix: "c"}), nil)
}

func testVersionsRollUp(t *testing.T, s meta.Store) {
	all := versionFixture(t, s)
	it, err := s.Versions(t.Context(), "b", meta.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	var got []string
	for it.Next() {
		v := it.Item()
		if strings.Contains(v.Key, "/") {
			got = append(got, "CP:a/")
			it.SkipPrefix("a/")
			continue
		}
		got = append(got, v.Key+"@"+v.VersionID)
	}
	want := []string{ref(all[0])[0], ref(all[1])[0], ref(all[2])[0], "CP:a/", ref(all[7])[0]}
	for i := range want {
		want[i] = strings.TrimSuffix(want[i], "/DM")
	}
	equalStrings(t, "Versions roll-up", got, want)
}
