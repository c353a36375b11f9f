package metatest

import (
	"bytes"
	"errors"
	"testing"

	"github.com/coffer-s3/coffer/internal/meta"
)

func lifecycleTests() []test {
	return []test{
		{"Reopen", testReopen},
		{"Closed", testClosed},
	}
}

// testReopen closes and reopens the store: everything committed is there,
// and new versions still sort newest.
func testReopen(t *testing.T, s meta.Store) {
	r, ok := s.(Reopener)
	if !ok {
		t.Skip("the store's harness cannot reopen it")
	}
	b := fullBucket("dur")
	if err := s.CreateBucket(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	mkBucket(t, s, "dur2")
	v1 := put(t, s, "dur", "obj", real, nil, fullVersion)
	n := put(t, s, "dur", "obj", null, []byte("null data"), nil)
	dm := put(t, s, "dur", "gone", marker, nil, nil)
	inl := put(t, s, "dur", "inline", real, bytes.Repeat([]byte("i"), 4096), nil)
	u := mkUpload(t, s, "dur", "mp")
	if _, err := s.PutPart(t.Context(), "dur", "mp", u.UploadID, mkPart(1)); err != nil {
		t.Fatal(err)
	}
	putRecords(t, s, "users", "alice", "secret")
	if err := s.UpdateBucket(t.Context(), "dur", func(b *meta.Bucket) error {
		b.Versioning = meta.VersioningSuspended
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	b.Versioning = meta.VersioningSuspended

	s = r.Reopen(t)

	got, err := s.GetBucket(t.Context(), "dur")
	if err != nil {
		t.Fatal(err)
	}
	sameBucket(t, got, b)
	if bs, _ := s.ListBuckets(t.Context(), "", 0); len(bs) != 2 {
		t.Fatalf("%d buckets after reopen", len(bs))
	}
	sameVersion(t, getVersion(t, s, "dur", "obj", v1.VersionID), v1)
	sameVersion(t, getVersion(t, s, "dur", "obj", ""), n)
	sameVersion(t, getVersion(t, s, "dur", "obj", meta.NullVersion), n)
	if d := readInline(t, s, n); string(d) != "null data" {
		t.Fatalf("null inline data = %q", d)
	}
	if d := readInline(t, s, inl); !bytes.Equal(d, bytes.Repeat([]byte("i"), 4096)) {
		t.Fatal("inline data lost")
	}
	sameVersion(t, getVersion(t, s, "dur", "gone", ""), dm)
	equalStrings(t, "Objects", listObjects(t, s, "dur", meta.ListQuery{}), []string{"inline", "obj"})
	gu, err := s.GetUpload(t.Context(), "dur", "mp", u.UploadID)
	if err != nil {
		t.Fatal(err)
	}
	sameUpload(t, gu, u)
	if got := partNumbers(t, s, u, 0); len(got) != 1 {
		t.Fatalf("parts after reopen = %v", got)
	}
	if v, err := s.GetRecord(t.Context(), "users", "alice"); err != nil || string(v) != "secret" {
		t.Fatalf("record after reopen = %q, %v", v, err)
	}

	// Writing continues where it stopped.
	v2 := put(t, s, "dur", "obj", real, nil, nil)
	if v2.Seq <= n.Seq {
		t.Fatalf("new version seq %d not above %d", v2.Seq, n.Seq)
	}
	n2 := put(t, s, "dur", "obj", null, nil, nil)
	equalStrings(t, "Versions", versions(t, s, "dur", meta.ListQuery{Prefix: "obj"}), ref(n2, v2, v1))
	u2 := mkUpload(t, s, "dur", "mp")
	if u2.UploadID == u.UploadID {
		t.Fatal("upload id reused after reopen")
	}
}

func testClosed(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	put(t, s, "b", "k", real, nil, nil)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	checks := map[string]error{
		"GetVersion": func() error { _, err := s.GetVersion(t.Context(), "b", "k", ""); return err }(),
		"UpdateObject": s.UpdateObject(t.Context(), "b", "k", func(meta.ObjectTx) error {
			return errors.New("fn ran on a closed store")
		}),
		"Objects":      func() error { _, err := s.Objects(t.Context(), "b", meta.ListQuery{}); return err }(),
		"Versions":     func() error { _, err := s.Versions(t.Context(), "b", meta.ListQuery{}); return err }(),
		"Uploads":      func() error { _, err := s.Uploads(t.Context(), "b", meta.ListQuery{}); return err }(),
		"GetRecord":    func() error { _, err := s.GetRecord(t.Context(), "n", "i"); return err }(),
		"Records":      func() error { _, err := s.Records(t.Context(), "n", ""); return err }(),
		"CreateBucket": s.CreateBucket(t.Context(), &meta.Bucket{Name: "c"}),
		"UpdateRecords": s.UpdateRecords(t.Context(), func(meta.RecordTx) error {
			return errors.New("fn ran on a closed store")
		}),
		"ListBuckets":  func() error { _, err := s.ListBuckets(t.Context(), "", 0); return err }(),
		"CreateUpload": s.CreateUpload(t.Context(), &meta.Upload{Bucket: "b", Key: "k"}),
	}
	for name, err := range checks {
		if !errors.Is(err, meta.ErrClosed) {
			t.Errorf("%s on a closed store: %v, want ErrClosed", name, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}
