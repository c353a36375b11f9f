package metatest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/coffer-s3/coffer/internal/meta"
)

// model is the expected state of one bucket: per key, version ids newest
// first (the null version at its place).
type model map[string][]*meta.Version

func (m model) put(v *meta.Version) {
	vs := m[v.Key]
	if v.VersionID == meta.NullVersion {
		vs = slices.DeleteFunc(vs, func(o *meta.Version) bool { return o.VersionID == meta.NullVersion })
	}
	vs = append(vs, v)
	slices.SortFunc(vs, func(a, b *meta.Version) int {
		switch {
		case a.Seq > b.Seq:
			return -1
		case a.Seq < b.Seq:
			return 1
		}
		return 0
	})
	m[v.Key] = vs
}

func (m model) delete(key, id string) bool {
	n := len(m[key])
	m[key] = slices.DeleteFunc(m[key], func(o *meta.Version) bool { return o.VersionID == id })
	return len(m[key]) < n
}

func (m model) versions() []string {
	var out []string
	for _, k := range slices.Sorted(mapKeys(m)) {
		out = append(out, ids(m[k])...)
	}
	return out
}

func (m model) objects() []string {
	var out []string
	for _, k := range slices.Sorted(mapKeys(m)) {
		if vs := m[k]; len(vs) > 0 && !vs[0].DeleteMarker {
			out = append(out, k)
		}
	}
	return out
}

func mapKeys(m model) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// testRandomOps applies random transactions (several mutations each) and
// compares the store with the model after each one.
func testRandomOps(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	r := rand.New(rand.NewPCG(7, 11))
	m := model{}
	keys := []string{"a", "a/", "a/b", "ab", "b"}
	for step := range 150 {
		key := keys[r.IntN(len(keys))]
		pending := model{key: slices.Clone(m[key])}
		var desc []string
		err := s.UpdateObject(t.Context(), "b", key, func(tx meta.ObjectTx) error {
			for range 1 + r.IntN(3) {
				switch op := r.IntN(6); {
				case op <= 2: // put real, null or marker
					seq, id := tx.NewVersion()
					v := &meta.Version{Bucket: "b", Key: key, VersionID: id, Seq: seq, Blob: "x", Size: int64(step)}
					if op == 1 {
						v.VersionID = meta.NullVersion
					}
					if op == 2 {
						v.DeleteMarker, v.Blob = true, ""
					}
					if err := tx.Put(v, nil); err != nil {
						return err
					}
					pending.put(v)
					desc = append(desc, fmt.Sprintf("put %s", v.VersionID))
				default: // delete a version (or a missing one)
					id := "00000000000000000000000000000000"
					if vs := pending[key]; len(vs) > 0 {
						id = vs[r.IntN(len(vs))].VersionID
					}
					err := tx.Delete(id)
					if pending.delete(key, id) != (err == nil) || (err != nil && !errors.Is(err, meta.ErrNotFound)) {
						return fmt.Errorf("Delete(%s) = %v", id, err)
					}
					desc = append(desc, "delete "+id)
				}
				// The transaction sees its own writes.
				l, err := tx.Latest()
				if vs := pending[key]; len(vs) == 0 {
					if !errors.Is(err, meta.ErrNotFound) {
						return fmt.Errorf("Latest = %v, %v; want none", l, err)
					}
				} else if err != nil || l.Seq != vs[0].Seq {
					return fmt.Errorf("Latest = %v, %v; want %s", l, err, vs[0].VersionID)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("step %d (%v): %v", step, desc, err)
		}
		m[key] = pending[key]
		equalStrings(t, fmt.Sprintf("step %d %v: Versions", step, desc), versions(t, s, "b", meta.ListQuery{}), m.versions())
		equalStrings(t, fmt.Sprintf("step %d %v: Objects", step, desc), listObjects(t, s, "b", meta.ListQuery{}), m.objects())
		for _, k := range keys {
			v, err := s.GetVersion(t.Context(), "b", k, "")
			if vs := m[k]; len(vs) == 0 {
				wantErr(t, "GetVersion("+k+")", err, meta.ErrNotFound)
			} else if err != nil || v.Seq != vs[0].Seq {
				t.Fatalf("step %d: latest of %s = %v, %v; want %s", step, k, v, err, vs[0].VersionID)
			}
		}
	}
}
