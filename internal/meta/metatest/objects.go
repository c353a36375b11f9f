package metatest

import (
	"context"
	"errors"
	"testing"

	"github.com/coffer-s3/coffer/internal/meta"
)

func objectTests() []test {
	return []test{
		{"PutGetRoundTrip", testPutGetRoundTrip},
		{"GetMissing", testGetMissing},
		{"LatestIsNewest", testLatestIsNewest},
		{"NullReplacesNull", testNullReplacesNull},
		{"SuspendedNullAmongReal", testSuspendedNull},
		{"ReplaceSameID", testReplaceSameID},
		{"DeleteByID", testDeleteByID},
		{"DeleteMissing", testDeleteMissing},
		{"DeleteNull", testDeleteNull},
		{"DeleteMarkerLatest", testDeleteMarkerLatest},
		{"IDsUniqueNewestFirst", testIDsUnique},
		{"NewVersionInTx", testNewVersionInTx},
		{"TxSeesOwnWrites", testTxSeesOwnWrites},
		{"FnErrorCommitsNothing", testFnErrorCommitsNothing},
		{"CancelledContext", testCancelledContext},
		{"MissingBucket", testUpdateMissingBucket},
		{"PutValidates", testPutValidates},
		{"RandomOpsAgainstModel", testRandomOps},
	}
}

func fullVersion(v *meta.Version) {
	v.Size = 12345
	v.ETag = "0123456789abcdef0123456789abcdef-2"
	v.Headers = meta.Headers{
		ContentType: "text/plain; charset=utf-8", ContentEncoding: "gzip",
		ContentDisposition: `attachment; filename="a.txt"`, ContentLanguage: "fr",
		CacheControl: "no-cache", Expires: "Wed, 21 Oct 2015 07:28:00 GMT",
	}
	v.Meta = []meta.KV{{Name: "color", Value: "blue"}, {Name: "empty", Value: ""}}
	v.Tags = []meta.Tag{{Key: "k", Value: "v"}}
	v.Checksum = meta.Checksum{Algorithm: "CRC32C", Value: "yZRlqg==-2", Type: "COMPOSITE"}
	v.Parts = []meta.Part{
		{Number: 1, Size: 5 << 20, ETag: "aa", Checksum: "AAAAAA==", Blob: "b1", Modified: when(2)},
		{Number: 2, Size: 12345 - 5<<20, ETag: "bb", Blob: "b2", Modified: when(3)},
	}
	v.Blob = ""
	v.Encryption = meta.Encryption{
		Mode: "aws:kms", KeyID: "arn:aws:kms:us-east-1:111122223333:key/x",
		WrappedKey: []byte{1, 2, 3, 0, 255}, BucketKey: true, Context: `{"a":"b"}`,
		CustomerMAC: []byte{9, 9},
	}
}

func testPutGetRoundTrip(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	key := "dir/ünïcödé key?&=+ 🙂"
	v := put(t, s, "b", key, real, nil, fullVersion)
	sameVersion(t, getVersion(t, s, "b", key, ""), v)
	sameVersion(t, getVersion(t, s, "b", key, v.VersionID), v)
	// Mutating a returned version does not change the stored one.
	got := getVersion(t, s, "b", key, "")
	got.Meta[0].Value = "red"
	got.Parts[0].ETag = "zz"
	sameVersion(t, getVersion(t, s, "b", key, ""), v)
}

func testGetMissing(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	mkBucket(t, s, "c")
	v := put(t, s, "b", "k", real, nil, nil)
	cases := []struct{ bucket, key, id string }{
		{"b", "other", ""},
		{"b", "other", v.VersionID},   // an id of another key
		{"c", "k", v.VersionID},       // an id of another bucket
		{"nobucket", "k", ""},         // a missing bucket
		{"b", "k", meta.NullVersion},  // no null version
		{"b", "k", "not-an-id"},       // malformed
		{"b", "k", "0"},               // malformed, short
		{"b", "k", v.VersionID + "0"}, // malformed, long
		{"b", "k", mangle(v.VersionID)},
	}
	for _, c := range cases {
		_, err := s.GetVersion(t.Context(), c.bucket, c.key, c.id)
		wantErr(t, "GetVersion("+c.bucket+"/"+c.key+"@"+c.id+")", err, meta.ErrNotFound)
	}
}

// mangle changes the last character of an id: same shape, other id.
func mangle(id string) string {
	b := []byte(id)
	if b[len(b)-1] == '0' {
		b[len(b)-1] = '1'
	} else {
		b[len(b)-1] = '0'
	}
	return string(b)
}

func testLatestIsNewest(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	var last *meta.Version
	for i := range 5 {
		last = put(t, s, "b", "k", real, nil, func(v *meta.Version) { v.Size = int64(i) })
		sameVersion(t, getVersion(t, s, "b", "k", ""), last)
	}
}

func versions(t *testing.T, s meta.Store, bucket string, q meta.ListQuery) []string {
	t.Helper()
	it, err := s.Versions(t.Context(), bucket, q)
	return ids(collect(t, it, err))
}

func testNullReplacesNull(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	n1 := put(t, s, "b", "k", null, nil, func(v *meta.Version) { v.Size = 1 })
	n2 := put(t, s, "b", "k", null, nil, func(v *meta.Version) { v.Size = 2 })
	if n2.Seq <= n1.Seq {
		t.Fatalf("second null has seq %d <= %d", n2.Seq, n1.Seq)
	}
	equalStrings(t, "Versions", versions(t, s, "b", meta.ListQuery{}), ref(n2))
	sameVersion(t, getVersion(t, s, "b", "k", meta.NullVersion), n2)
	sameVersion(t, getVersion(t, s, "b", "k", ""), n2)
}

// A null write while versioning is suspended replaces the null version
// wherever it sits and becomes the latest; real versions stay.
func testSuspendedNull(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	v1 := put(t, s, "b", "k", real, nil, nil)
	n1 := put(t, s, "b", "k", null, nil, nil)
	v2 := put(t, s, "b", "k", real, nil, nil)
	equalStrings(t, "Versions", versions(t, s, "b", meta.ListQuery{}), ref(v2, n1, v1))
	n2 := put(t, s, "b", "k", null, nil, func(v *meta.Version) { v.Size = 7 })
	equalStrings(t, "Versions", versions(t, s, "b", meta.ListQuery{}), ref(n2, v2, v1))
	sameVersion(t, getVersion(t, s, "b", "k", ""), n2)
	sameVersion(t, getVersion(t, s, "b", "k", meta.NullVersion), n2)
	// A null delete marker replaces it too.
	dm := put(t, s, "b", "k", null, nil, func(v *meta.Version) { v.DeleteMarker, v.Blob = true, "" })
	equalStrings(t, "Versions", versions(t, s, "b", meta.ListQuery{}), ref(dm, v2, v1))
	equalStrings(t, "Objects", listObjects(t, s, "b", meta.ListQuery{}), nil)
}

// Put with the id of an existing version replaces it in place (metadata
// updates such as tagging).
func testReplaceSameID(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	v1 := put(t, s, "b", "k", real, nil, nil)
	v2 := put(t, s, "b", "k", real, nil, nil)
	upd := *v1
	upd.Tags = []meta.Tag{{Key: "new", Value: "tag"}}
	if err := s.UpdateObject(t.Context(), "b", "k", func(tx meta.ObjectTx) error { return tx.Put(&upd, nil) }); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "Versions", versions(t, s, "b", meta.ListQuery{}), ref(v2, v1))
	sameVersion(t, getVersion(t, s, "b", "k", v1.VersionID), &upd)
	sameVersion(t, getVersion(t, s, "b", "k", ""), v2)
	upd2 := *v2
	upd2.Tags = []meta.Tag{{Key: "latest", Value: "too"}}
	if err := s.UpdateObject(t.Context(), "b", "k", func(tx meta.ObjectTx) error { return tx.Put(&upd2, nil) }); err != nil {
		t.Fatal(err)
	}
	sameVersion(t, getVersion(t, s, "b", "k", ""), &upd2)
	it, err := s.Objects(t.Context(), "b", meta.ListQuery{})
	if got := collect(t, it, err); len(got) != 1 {
		t.Fatalf("Objects = %q", ids(got))
	} else {
		sameVersion(t, got[0], &upd2)
	}
}

func testDeleteByID(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	v1 := put(t, s, "b", "k", real, nil, nil)
	v2 := put(t, s, "b", "k", real, nil, nil)
	v3 := put(t, s, "b", "k", real, nil, nil)
	deleteVersion(t, s, "b", "k", v3.VersionID)
	sameVersion(t, getVersion(t, s, "b", "k", ""), v2)
	_, err := s.GetVersion(t.Context(), "b", "k", v3.VersionID)
	wantErr(t, "GetVersion(deleted)", err, meta.ErrNotFound)
	deleteVersion(t, s, "b", "k", v1.VersionID)
	sameVersion(t, getVersion(t, s, "b", "k", ""), v2)
	equalStrings(t, "Versions", versions(t, s, "b", meta.ListQuery{}), ref(v2))
	deleteVersion(t, s, "b", "k", v2.VersionID)
	_, err = s.GetVersion(t.Context(), "b", "k", "")
	wantErr(t, "GetVersion(latest) of an emptied key", err, meta.ErrNotFound)
	equalStrings(t, "Objects", listObjects(t, s, "b", meta.ListQuery{}), nil)
}

func testDeleteMissing(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	v := put(t, s, "b", "k", real, nil, nil)
	other := put(t, s, "b", "other", real, nil, nil)
	for _, id := range []string{meta.NullVersion, "junk", mangle(v.VersionID), other.VersionID} {
		err := s.UpdateObject(t.Context(), "b", "k", func(tx meta.ObjectTx) error { return tx.Delete(id) })
		wantErr(t, "Delete("+id+")", err, meta.ErrNotFound)
	}
	equalStrings(t, "Versions", versions(t, s, "b", meta.ListQuery{Prefix: "k"}), ref(v))
}

func testDeleteNull(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	v1 := put(t, s, "b", "k", real, nil, nil)
	n := put(t, s, "b", "k", null, nil, nil)
	deleteVersion(t, s, "b", "k", meta.NullVersion)
	sameVersion(t, getVersion(t, s, "b", "k", ""), v1)
	_, err := s.GetVersion(t.Context(), "b", "k", meta.NullVersion)
	wantErr(t, "GetVersion(null) after delete", err, meta.ErrNotFound)
	// The null version is not reachable through its sequence either.
	n2 := put(t, s, "b", "k", null, nil, nil)
	if n2.Seq == n.Seq {
		t.Fatal("a new null version reused the old sequence")
	}
	equalStrings(t, "Versions", versions(t, s, "b", meta.ListQuery{}), ref(n2, v1))
}

func testDeleteMarkerLatest(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	v1 := put(t, s, "b", "k", real, nil, nil)
	dm := put(t, s, "b", "k", marker, nil, nil)
	got := getVersion(t, s, "b", "k", "")
	if !got.DeleteMarker || got.VersionID != dm.VersionID {
		t.Fatalf("latest = %+v, want the delete marker", got)
	}
	sameVersion(t, getVersion(t, s, "b", "k", v1.VersionID), v1)
	equalStrings(t, "Objects", listObjects(t, s, "b", meta.ListQuery{}), nil)
	equalStrings(t, "Versions", versions(t, s, "b", meta.ListQuery{}), ref(dm, v1))
	// Removing the marker makes the object visible again.
	deleteVersion(t, s, "b", "k", dm.VersionID)
	sameVersion(t, getVersion(t, s, "b", "k", ""), v1)
	equalStrings(t, "Objects", listObjects(t, s, "b", meta.ListQuery{}), []string{"k"})
}

func testIDsUnique(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	seen := map[string]bool{}
	var order []*meta.Version
	for i := range 100 {
		key := "k"
		if i%3 == 0 {
			key = "other"
		}
		v := put(t, s, "b", key, real, nil, nil)
		if seen[v.VersionID] {
			t.Fatalf("version id %q issued twice", v.VersionID)
		}
		seen[v.VersionID] = true
		if key == "k" {
			order = append(order, v)
		}
	}
	got, err := s.Versions(t.Context(), "b", meta.ListQuery{Prefix: "k"})
	vs := collect(t, got, err)
	if len(vs) != len(order) {
		t.Fatalf("%d versions listed, want %d", len(vs), len(order))
	}
	for i, v := range vs {
		want := order[len(order)-1-i]
		if v.VersionID != want.VersionID {
			t.Fatalf("version %d = %s, want %s (newest first)", i, v.VersionID, want.VersionID)
		}
		if i > 0 && v.Seq >= vs[i-1].Seq {
			t.Fatalf("seq not decreasing at %d: %d then %d", i, vs[i-1].Seq, v.Seq)
		}
	}
	// Upload ids are unique too.
	for range 20 {
		u := &meta.Upload{Bucket: "b", Key: "k", Initiated: when(0)}
		if err := s.CreateUpload(t.Context(), u); err != nil {
			t.Fatal(err)
		}
		if u.UploadID == "" || seen[u.UploadID] {
			t.Fatalf("upload id %q empty or reused", u.UploadID)
		}
		seen[u.UploadID] = true
	}
}

func testNewVersionInTx(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	put(t, s, "b", "k", real, nil, nil)
	err := s.UpdateObject(t.Context(), "b", "k", func(tx meta.ObjectTx) error {
		latest, err := tx.Latest()
		if err != nil {
			return err
		}
		s1, id1 := tx.NewVersion()
		s2, id2 := tx.NewVersion()
		if s1 <= latest.Seq || s2 <= s1 || id1 == id2 {
			t.Errorf("NewVersion: latest %d, then %d %s, %d %s", latest.Seq, s1, id1, s2, id2)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Inside UpdateObject, reads see the transaction's own mutations.
func testTxSeesOwnWrites(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	old := put(t, s, "b", "k", real, nil, nil)
	oldNull := put(t, s, "b", "k", null, nil, nil)
	err := s.UpdateObject(t.Context(), "b", "k", func(tx meta.ObjectTx) error {
		seq, id := tx.NewVersion()
		v := &meta.Version{Bucket: "b", Key: "k", VersionID: id, Seq: seq, Blob: "x"}
		if err := tx.Put(v, nil); err != nil {
			return err
		}
		if l, err := tx.Latest(); err != nil || l.VersionID != id {
			t.Errorf("Latest after Put = %v, %v; want %s", l, err, id)
		}
		if g, err := tx.Get(id); err != nil || g.VersionID != id {
			t.Errorf("Get after Put = %v, %v", g, err)
		}
		if err := tx.Delete(id); err != nil {
			return err
		}
		if l, err := tx.Latest(); err != nil || l.VersionID != meta.NullVersion {
			t.Errorf("Latest after deleting the new version = %v, %v; want null", l, err)
		}
		if _, err := tx.Get(id); !errors.Is(err, meta.ErrNotFound) {
			t.Errorf("Get after Delete: %v", err)
		}
		seq, _ = tx.NewVersion()
		n := &meta.Version{Bucket: "b", Key: "k", VersionID: meta.NullVersion, Seq: seq, Size: 99}
		if err := tx.Put(n, nil); err != nil {
			return err
		}
		if g, err := tx.Get(meta.NullVersion); err != nil || g.Size != 99 {
			t.Errorf("Get(null) after Put = %v, %v", g, err)
		}
		seq, _ = tx.NewVersion()
		n2 := &meta.Version{Bucket: "b", Key: "k", VersionID: meta.NullVersion, Seq: seq, Size: 100}
		return tx.Put(n2, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	vs := func() []*meta.Version {
		it, err := s.Versions(t.Context(), "b", meta.ListQuery{})
		return collect(t, it, err)
	}()
	if len(vs) != 2 || vs[0].VersionID != meta.NullVersion || vs[0].Size != 100 || vs[1].VersionID != old.VersionID {
		t.Fatalf("Versions = %q (first size %d), want the second new null then %s", ids(vs), vs[0].Size, old.VersionID)
	}
	if vs[0].Seq == oldNull.Seq {
		t.Fatal("old null version kept")
	}
	sameVersion(t, getVersion(t, s, "b", "k", meta.NullVersion), vs[0])
}

func testFnErrorCommitsNothing(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	keep := put(t, s, "b", "k", null, []byte("keep"), nil)
	u := &meta.Upload{Bucket: "b", Key: "k", Initiated: when(0)}
	if err := s.CreateUpload(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutPart(t.Context(), "b", "k", u.UploadID, &meta.Part{Number: 1, Size: 1, ETag: "e"}); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := s.UpdateObject(t.Context(), "b", "k", func(tx meta.ObjectTx) error {
		seq, id := tx.NewVersion()
		if err := tx.Put(&meta.Version{Bucket: "b", Key: "k", VersionID: id, Seq: seq, Inline: true}, []byte("new")); err != nil {
			return err
		}
		seq, _ = tx.NewVersion()
		if err := tx.Put(&meta.Version{Bucket: "b", Key: "k", VersionID: meta.NullVersion, Seq: seq, Blob: "z"}, nil); err != nil {
			return err
		}
		if _, _, err := tx.TakeUpload(u.UploadID); err != nil {
			return err
		}
		return boom
	})
	wantErr(t, "UpdateObject", err, boom)
	equalStrings(t, "Versions", versions(t, s, "b", meta.ListQuery{}), ref(keep))
	data, err := s.ReadInline(t.Context(), getVersion(t, s, "b", "k", meta.NullVersion))
	if err != nil || string(data) != "keep" {
		t.Fatalf("ReadInline = %q, %v", data, err)
	}
	if _, err := s.GetUpload(t.Context(), "b", "k", u.UploadID); err != nil {
		t.Fatalf("upload lost: %v", err)
	}
	it, err := s.Parts(t.Context(), "b", "k", u.UploadID, 0)
	if ps := collect(t, it, err); len(ps) != 1 {
		t.Fatalf("parts = %d, want 1", len(ps))
	}
}

func testCancelledContext(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	c, cancel := context.WithCancel(t.Context())
	cancel()
	called := false
	err := s.UpdateObject(c, "b", "k", func(tx meta.ObjectTx) error { called = true; return nil })
	wantErr(t, "UpdateObject with a cancelled context", err, context.Canceled)
	if called {
		t.Fatal("fn ran under a cancelled context")
	}
	_, err = s.GetVersion(t.Context(), "b", "k", "")
	wantErr(t, "GetVersion", err, meta.ErrNotFound)
}

func testUpdateMissingBucket(t *testing.T, s meta.Store) {
	called := false
	err := s.UpdateObject(t.Context(), "nobucket", "k", func(meta.ObjectTx) error { called = true; return nil })
	wantErr(t, "UpdateObject", err, meta.ErrNotFound)
	if called {
		t.Fatal("fn ran for a missing bucket")
	}
	err = s.CreateUpload(t.Context(), &meta.Upload{Bucket: "nobucket", Key: "k"})
	wantErr(t, "CreateUpload", err, meta.ErrNotFound)
}

func testPutValidates(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	err := s.UpdateObject(t.Context(), "b", "k", func(tx meta.ObjectTx) error {
		seq, id := tx.NewVersion()
		bad := []*meta.Version{
			{Bucket: "b", Key: "other", VersionID: id, Seq: seq},
			{Bucket: "x", Key: "k", VersionID: id, Seq: seq},
			{Bucket: "b", Key: "k", VersionID: id, Seq: 0},
			{Bucket: "b", Key: "k", VersionID: "", Seq: seq},
		}
		for _, v := range bad {
			if err := tx.Put(v, nil); err == nil {
				t.Errorf("Put(%+v) accepted", v)
			}
		}
		return errors.New("rollback")
	})
	if err == nil {
		t.Fatal("expected the rollback error")
	}
	equalStrings(t, "Versions", versions(t, s, "b", meta.ListQuery{}), nil)
}
