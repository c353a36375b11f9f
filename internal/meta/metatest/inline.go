package metatest

import (
	"bytes"
	"testing"

	"github.com/coffer-s3/coffer/internal/meta"
)

func inlineTests() []test {
	return []test{
		{"RoundTrip", testInlineRoundTrip},
		{"Empty", testInlineEmpty},
		{"ReplacedByBlob", testInlineReplacedByBlob},
		{"NullReplaced", testInlineNullReplaced},
		{"KeptOnMetadataUpdate", testInlineKeptOnMetadataUpdate},
		{"DeletedWithVersion", testInlineDeletedWithVersion},
		{"NotInline", testInlineNotInline},
	}
}

func readInline(t *testing.T, s meta.Store, v *meta.Version) []byte {
	t.Helper()
	data, err := s.ReadInline(t.Context(), v)
	if err != nil {
		t.Fatalf("ReadInline(%s@%s): %v", v.Key, v.VersionID, err)
	}
	return data
}

func testInlineRoundTrip(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	data := bytes.Repeat([]byte{0, 1, 2, 0xff}, 1024)
	v := put(t, s, "b", "k", real, data, nil)
	got := getVersion(t, s, "b", "k", "")
	if !got.Inline {
		t.Fatal("version lost its Inline flag")
	}
	if !bytes.Equal(readInline(t, s, got), data) {
		t.Fatal("inline data differs")
	}
	// Each version keeps its own data.
	data2 := []byte("second")
	v2 := put(t, s, "b", "k", real, data2, nil)
	if !bytes.Equal(readInline(t, s, v), data) || !bytes.Equal(readInline(t, s, v2), data2) {
		t.Fatal("versions share inline data")
	}
	// The returned slice is the caller's.
	b := readInline(t, s, v2)
	b[0] = 'X'
	if !bytes.Equal(readInline(t, s, v2), data2) {
		t.Fatal("ReadInline returned the store's buffer")
	}
}

// A zero-length inline object reads back empty whether its data was given
// as an empty slice or as nil.
func testInlineEmpty(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	a := put(t, s, "b", "a", real, []byte{}, nil)
	b := put(t, s, "b", "b", real, nil, func(v *meta.Version) { v.Inline, v.Blob, v.Size = true, "", 0 })
	for _, v := range []*meta.Version{a, b} {
		got, err := s.ReadInline(t.Context(), getVersion(t, s, "b", v.Key, v.VersionID))
		if err != nil || len(got) != 0 {
			t.Fatalf("ReadInline of empty inline object %s = %q, %v", v.Key, got, err)
		}
	}
}

func testInlineReplacedByBlob(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	v := put(t, s, "b", "k", real, []byte("inline"), nil)
	blob := *v
	blob.Inline, blob.Blob = false, "blob-1"
	if err := s.UpdateObject(t.Context(), "b", "k", func(tx meta.ObjectTx) error { return tx.Put(&blob, nil) }); err != nil {
		t.Fatal(err)
	}
	got := getVersion(t, s, "b", "k", v.VersionID)
	if got.Inline || got.Blob != "blob-1" {
		t.Fatalf("replaced version = %+v", got)
	}
	// The stale version value still says Inline: its data must be gone.
	_, err := s.ReadInline(t.Context(), v)
	wantErr(t, "ReadInline of replaced inline data", err, meta.ErrNotFound)
}

func testInlineNullReplaced(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	n1 := put(t, s, "b", "k", null, []byte("first"), nil)
	n2 := put(t, s, "b", "k", null, nil, nil)
	if n2.Inline {
		t.Fatal("helper wrote an inline version")
	}
	_, err := s.ReadInline(t.Context(), n1)
	wantErr(t, "ReadInline of a replaced null version", err, meta.ErrNotFound)
	n3 := put(t, s, "b", "k", null, []byte("third"), nil)
	if got := readInline(t, s, getVersion(t, s, "b", "k", "")); string(got) != "third" {
		t.Fatalf("latest inline = %q", got)
	}
	if got := readInline(t, s, n3); string(got) != "third" {
		t.Fatalf("ReadInline(n3) = %q", got)
	}
}

// Put of an inline version with nil data keeps the stored data: metadata
// updates (tags, ACL) need not resend it.
func testInlineKeptOnMetadataUpdate(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	v := put(t, s, "b", "k", real, []byte("payload"), nil)
	upd := *v
	upd.Tags = []meta.Tag{{Key: "a", Value: "b"}}
	if err := s.UpdateObject(t.Context(), "b", "k", func(tx meta.ObjectTx) error { return tx.Put(&upd, nil) }); err != nil {
		t.Fatal(err)
	}
	got := getVersion(t, s, "b", "k", "")
	if len(got.Tags) != 1 || string(readInline(t, s, got)) != "payload" {
		t.Fatalf("after metadata update: tags %v", got.Tags)
	}
}

func testInlineDeletedWithVersion(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	v := put(t, s, "b", "k", real, []byte("payload"), nil)
	deleteVersion(t, s, "b", "k", v.VersionID)
	_, err := s.ReadInline(t.Context(), v)
	wantErr(t, "ReadInline after delete", err, meta.ErrNotFound)
}

func testInlineNotInline(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	v := put(t, s, "b", "k", real, nil, nil)
	if _, err := s.ReadInline(t.Context(), v); err == nil {
		t.Fatal("ReadInline of a blob version succeeded")
	}
}
