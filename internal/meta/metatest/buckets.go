package metatest

import (
	"errors"
	"reflect"
	"testing"

	"github.com/coffer-s3/coffer/internal/meta"
)

func bucketTests() []test {
	return []test{
		{"CreateGet", testBucketCreateGet},
		{"CreateExists", testBucketExists},
		{"Missing", testBucketMissing},
		{"UpdateIsolation", testBucketUpdateIsolation},
		{"UpdateError", testBucketUpdateError},
		{"DeleteEmpty", testBucketDeleteEmpty},
		{"DeleteNotEmptyVersions", testBucketDeleteNotEmptyVersions},
		{"DeleteNotEmptyMarkers", testBucketDeleteNotEmptyMarkers},
		{"DeleteNotEmptyUploads", testBucketDeleteNotEmptyUploads},
		{"RecreateIsEmpty", testBucketRecreateIsEmpty},
		{"List", testBucketList},
	}
}

func fullBucket(name string) *meta.Bucket {
	return &meta.Bucket{
		Name: name, Owner: "111122223333", Region: "eu-west-1", Created: when(0),
		Versioning: meta.VersioningEnabled, ObjectLock: true,
		Tags:    []meta.Tag{{Key: "team", Value: "storage"}, {Key: "env", Value: "é"}},
		Configs: map[string][]byte{"policy": []byte(`{"Version":"2012-10-17"}`), "cors": {0, 1, 2}},
	}
}

func sameBucket(t *testing.T, got, want *meta.Bucket) {
	t.Helper()
	g, w := *got, *want
	if !g.Created.Equal(w.Created) {
		t.Errorf("Created = %v, want %v", g.Created, w.Created)
	}
	g.Created = w.Created
	if len(g.Configs) == 0 && len(w.Configs) == 0 {
		g.Configs, w.Configs = nil, nil
	}
	if len(g.Tags) == 0 && len(w.Tags) == 0 {
		g.Tags, w.Tags = nil, nil
	}
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("bucket mismatch\n got %+v\nwant %+v", g, w)
	}
}

func testBucketCreateGet(t *testing.T, s meta.Store) {
	b := fullBucket("alpha")
	if err := s.CreateBucket(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	want := b.Clone()
	// The store must have kept its own copy.
	b.Tags[0].Value = "changed"
	b.Configs["policy"][0] = 'X'
	got, err := s.GetBucket(t.Context(), "alpha")
	if err != nil {
		t.Fatal(err)
	}
	sameBucket(t, got, want)
}

func testBucketExists(t *testing.T, s meta.Store) {
	mkBucket(t, s, "taken")
	err := s.CreateBucket(t.Context(), &meta.Bucket{Name: "taken", Owner: "444455556666"})
	wantErr(t, "CreateBucket twice", err, meta.ErrExists)
	var be *meta.BucketExistsError
	if !errors.As(err, &be) {
		t.Fatalf("error %T is not a *BucketExistsError", err)
	}
	if be.Owner != "111122223333" {
		t.Fatalf("BucketExistsError.Owner = %q, want the first owner", be.Owner)
	}
	got, _ := s.GetBucket(t.Context(), "taken")
	if got.Owner != "111122223333" {
		t.Fatalf("failed create changed the owner to %q", got.Owner)
	}
}

func testBucketMissing(t *testing.T, s meta.Store) {
	_, err := s.GetBucket(t.Context(), "nope")
	wantErr(t, "GetBucket", err, meta.ErrNotFound)
	err = s.UpdateBucket(t.Context(), "nope", func(*meta.Bucket) error { return nil })
	wantErr(t, "UpdateBucket", err, meta.ErrNotFound)
	wantErr(t, "DeleteBucket", s.DeleteBucket(t.Context(), "nope"), meta.ErrNotFound)
}

func testBucketUpdateIsolation(t *testing.T, s meta.Store) {
	if err := s.CreateBucket(t.Context(), fullBucket("iso")); err != nil {
		t.Fatal(err)
	}
	before, _ := s.GetBucket(t.Context(), "iso")
	snapshot := before.Clone()
	var kept *meta.Bucket
	err := s.UpdateBucket(t.Context(), "iso", func(b *meta.Bucket) error {
		if b == before {
			t.Error("fn got the stored bucket, not a copy")
		}
		b.Versioning = meta.VersioningSuspended
		b.Tags[0].Value = "new"
		b.Configs["policy"][0] = 'Y'
		b.Configs["lifecycle"] = []byte("rules")
		b.Name = "renamed" // ignored: the name is the key
		kept = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Earlier readers keep what they read.
	sameBucket(t, before, snapshot)
	// Changing the callback's bucket after the update must not leak in.
	kept.Versioning = "garbage"
	kept.Configs["policy"] = nil
	got, err := s.GetBucket(t.Context(), "iso")
	if err != nil {
		t.Fatal(err)
	}
	want := snapshot.Clone()
	want.Versioning = meta.VersioningSuspended
	want.Tags[0].Value = "new"
	want.Configs["policy"][0] = 'Y'
	want.Configs["lifecycle"] = []byte("rules")
	sameBucket(t, got, want)
	if _, err := s.GetBucket(t.Context(), "renamed"); !errors.Is(err, meta.ErrNotFound) {
		t.Fatalf("renaming inside UpdateBucket created a bucket: %v", err)
	}
}

func testBucketUpdateError(t *testing.T, s meta.Store) {
	if err := s.CreateBucket(t.Context(), fullBucket("err")); err != nil {
		t.Fatal(err)
	}
	want, _ := s.GetBucket(t.Context(), "err")
	want = want.Clone()
	boom := errors.New("boom")
	err := s.UpdateBucket(t.Context(), "err", func(b *meta.Bucket) error {
		b.Versioning = meta.VersioningSuspended
		b.Tags[0].Value = "new"
		b.Configs["policy"][0] = 'Z'
		return boom
	})
	wantErr(t, "UpdateBucket", err, boom)
	got, _ := s.GetBucket(t.Context(), "err")
	sameBucket(t, got, want)
}

func testBucketDeleteEmpty(t *testing.T, s meta.Store) {
	mkBucket(t, s, "gone")
	if err := s.DeleteBucket(t.Context(), "gone"); err != nil {
		t.Fatal(err)
	}
	_, err := s.GetBucket(t.Context(), "gone")
	wantErr(t, "GetBucket after delete", err, meta.ErrNotFound)
	err = s.UpdateObject(t.Context(), "gone", "k", func(meta.ObjectTx) error { return nil })
	wantErr(t, "UpdateObject after delete", err, meta.ErrNotFound)
	wantErr(t, "DeleteBucket twice", s.DeleteBucket(t.Context(), "gone"), meta.ErrNotFound)
	bs, err := s.ListBuckets(t.Context(), "", 0)
	if err != nil || len(bs) != 0 {
		t.Fatalf("ListBuckets after delete = %d buckets, %v", len(bs), err)
	}
}

func testBucketDeleteNotEmptyVersions(t *testing.T, s meta.Store) {
	mkBucket(t, s, "full")
	v1 := put(t, s, "full", "a", real, nil, nil)
	v2 := put(t, s, "full", "b", null, []byte("x"), nil)
	wantErr(t, "DeleteBucket", s.DeleteBucket(t.Context(), "full"), meta.ErrNotEmpty)
	deleteVersion(t, s, "full", "a", v1.VersionID)
	wantErr(t, "DeleteBucket", s.DeleteBucket(t.Context(), "full"), meta.ErrNotEmpty)
	deleteVersion(t, s, "full", "b", v2.VersionID)
	if err := s.DeleteBucket(t.Context(), "full"); err != nil {
		t.Fatalf("DeleteBucket once empty: %v", err)
	}
}

func testBucketDeleteNotEmptyMarkers(t *testing.T, s meta.Store) {
	mkBucket(t, s, "markers")
	v := put(t, s, "markers", "a", real, nil, nil)
	dm := put(t, s, "markers", "a", marker, nil, nil)
	deleteVersion(t, s, "markers", "a", v.VersionID)
	// Only a delete marker is left: the bucket is still not empty.
	wantErr(t, "DeleteBucket", s.DeleteBucket(t.Context(), "markers"), meta.ErrNotEmpty)
	deleteVersion(t, s, "markers", "a", dm.VersionID)
	if err := s.DeleteBucket(t.Context(), "markers"); err != nil {
		t.Fatal(err)
	}
}

func testBucketDeleteNotEmptyUploads(t *testing.T, s meta.Store) {
	mkBucket(t, s, "ups")
	u := &meta.Upload{Bucket: "ups", Key: "k", Initiated: when(0)}
	if err := s.CreateUpload(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "DeleteBucket", s.DeleteBucket(t.Context(), "ups"), meta.ErrNotEmpty)
	if _, err := s.AbortUpload(t.Context(), "ups", "k", u.UploadID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteBucket(t.Context(), "ups"); err != nil {
		t.Fatal(err)
	}
}

// A bucket created again under a deleted name starts empty.
func testBucketRecreateIsEmpty(t *testing.T, s meta.Store) {
	mkBucket(t, s, "again")
	n := put(t, s, "again", "k", null, []byte("old"), nil)
	deleteVersion(t, s, "again", "k", n.VersionID)
	if err := s.DeleteBucket(t.Context(), "again"); err != nil {
		t.Fatal(err)
	}
	mkBucket(t, s, "again")
	_, err := s.GetVersion(t.Context(), "again", "k", meta.NullVersion)
	wantErr(t, "GetVersion(null)", err, meta.ErrNotFound)
	_, err = s.GetVersion(t.Context(), "again", "k", "")
	wantErr(t, "GetVersion(latest)", err, meta.ErrNotFound)
	it, err := s.Versions(t.Context(), "again", meta.ListQuery{})
	if vs := collect(t, it, err); len(vs) != 0 {
		t.Fatalf("recreated bucket lists %q", ids(vs))
	}
}

func testBucketList(t *testing.T, s meta.Store) {
	for _, n := range []string{"charlie", "alpha", "bravo", "alpha-2", "delta"} {
		mkBucket(t, s, n)
	}
	names := func(after string, limit int) []string {
		bs, err := s.ListBuckets(t.Context(), after, limit)
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, b := range bs {
			out = append(out, b.Name)
		}
		return out
	}
	cases := []struct {
		after string
		limit int
		want  []string
	}{
		{"", 0, []string{"alpha", "alpha-2", "bravo", "charlie", "delta"}},
		{"", 2, []string{"alpha", "alpha-2"}},
		{"alpha", 0, []string{"alpha-2", "bravo", "charlie", "delta"}},
		{"alpha-2", 2, []string{"bravo", "charlie"}},
		{"b", 1, []string{"bravo"}},
		{"delta", 0, nil},
		{"zzz", 10, nil},
	}
	for _, c := range cases {
		equalStrings(t, "ListBuckets("+c.after+")", names(c.after, c.limit), c.want)
	}
	// The listed buckets carry their records.
	bs, _ := s.ListBuckets(t.Context(), "", 1)
	if bs[0].Owner != "111122223333" || !bs[0].Created.Equal(when(0)) {
		t.Fatalf("listed bucket = %+v", bs[0])
	}
}
