package metatest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/meta"
)

// when is a fixed instant with microseconds (the finest precision SQL
// stores keep), to check that times round-trip.
func when(i int) time.Time {
	return time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.UTC).Add(time.Duration(i) * time.Second)
}

func mkBucket(t *testing.T, s meta.Store, name string) *meta.Bucket {
	t.Helper()
	b := &meta.Bucket{Name: name, Owner: "111122223333", Region: "us-east-1", Created: when(0)}
	if err := s.CreateBucket(t.Context(), b); err != nil {
		t.Fatalf("CreateBucket(%q): %v", name, err)
	}
	return b
}

// kind is what put writes.
type kind int

const (
	real   kind = iota // a version with a fresh id
	null               // the "null" version
	marker             // a delete marker with a fresh id
)

// put writes one version of key in its own UpdateObject and returns it.
// edit, when set, fills in extra fields before the Put.
func put(t *testing.T, s meta.Store, bucket, key string, k kind, inline []byte, edit func(*meta.Version)) *meta.Version {
	t.Helper()
	var out *meta.Version
	err := s.UpdateObject(t.Context(), bucket, key, func(tx meta.ObjectTx) error {
		seq, id := tx.NewVersion()
		if id == "" || id == meta.NullVersion {
			return fmt.Errorf("NewVersion returned id %q", id)
		}
		v := &meta.Version{
			Bucket: bucket, Key: key, VersionID: id, Seq: seq,
			Size: int64(len(inline)), ETag: "d41d8cd98f00b204e9800998ecf8427e",
			Modified: when(1), Owner: "111122223333", StorageClass: "STANDARD",
			Inline: inline != nil,
		}
		switch k {
		case null:
			v.VersionID = meta.NullVersion
		case marker:
			v.DeleteMarker, v.ETag = true, ""
		}
		if inline == nil && k != marker {
			v.Blob = "blob-" + id
		}
		if edit != nil {
			edit(v)
		}
		out = v
		return tx.Put(v, inline)
	})
	if err != nil {
		t.Fatalf("put %s/%s: %v", bucket, key, err)
	}
	return out
}

func deleteVersion(t *testing.T, s meta.Store, bucket, key, id string) {
	t.Helper()
	err := s.UpdateObject(t.Context(), bucket, key, func(tx meta.ObjectTx) error { return tx.Delete(id) })
	if err != nil {
		t.Fatalf("delete %s/%s@%s: %v", bucket, key, id, err)
	}
}

func getVersion(t *testing.T, s meta.Store, bucket, key, id string) *meta.Version {
	t.Helper()
	v, err := s.GetVersion(t.Context(), bucket, key, id)
	if err != nil {
		t.Fatalf("GetVersion(%s/%s@%q): %v", bucket, key, id, err)
	}
	return v
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got error %v, want %v", what, err, want)
	}
}

func collect[T any](t *testing.T, it meta.Iter[T], err error) []T {
	t.Helper()
	if err != nil {
		t.Fatalf("opening iterator: %v", err)
	}
	defer it.Close()
	var out []T
	for it.Next() {
		out = append(out, it.Item())
	}
	if err := it.Err(); err != nil {
		t.Fatalf("iterating: %v", err)
	}
	return out
}

func listObjects(t *testing.T, s meta.Store, bucket string, q meta.ListQuery) []string {
	t.Helper()
	it, err := s.Objects(t.Context(), bucket, q)
	return keys(collect(t, it, err))
}

func keys(vs []*meta.Version) []string {
	out := []string{}
	for _, v := range vs {
		out = append(out, v.Key)
	}
	return out
}

// ids renders versions as key@id, with "DM" appended for delete markers.
func ids(vs []*meta.Version) []string {
	out := []string{}
	for _, v := range vs {
		s := v.Key + "@" + v.VersionID
		if v.DeleteMarker {
			s += "/DM"
		}
		out = append(out, s)
	}
	return out
}

func ref(vs ...*meta.Version) []string { return ids(vs) }

func sameVersion(t *testing.T, got, want *meta.Version) {
	t.Helper()
	if g, w := normal(got), normal(want); !reflect.DeepEqual(g, w) {
		t.Fatalf("version mismatch\n got %+v\nwant %+v", g, w)
	}
}

// normal maps empty slices to nil and times to UTC: stores need not keep
// those distinctions.
func normal(v *meta.Version) *meta.Version {
	c := *v
	c.Modified = c.Modified.UTC()
	c.Parts = slices.Clone(c.Parts)
	for i := range c.Parts {
		c.Parts[i].Modified = c.Parts[i].Modified.UTC()
	}
	if len(c.Meta) == 0 {
		c.Meta = nil
	}
	if len(c.Tags) == 0 {
		c.Tags = nil
	}
	if len(c.Parts) == 0 {
		c.Parts = nil
	}
	if len(c.Encryption.WrappedKey) == 0 {
		c.Encryption.WrappedKey = nil
	}
	if len(c.Encryption.CustomerMAC) == 0 {
		c.Encryption.CustomerMAC = nil
	}
	return &c
}

func equalStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%s:\n got %q\nwant %q", what, got, want)
	}
}
