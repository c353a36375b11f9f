package metatest

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/coffer-s3/coffer/internal/meta"
)

func concurrencyTests() []test {
	return []test{
		{"DistinctKeys", testConcurrentDistinctKeys},
		{"CreateIfAbsent", testConcurrentCreateIfAbsent},
		{"NoLostUpdates", testConcurrentNoLostUpdates},
		{"ReadersSeeWholeVersions", testConcurrentReaders},
		{"DeleteBucketVsPut", testDeleteBucketVsPut},
		{"PutPartVsComplete", testPutPartVsComplete},
		{"RecordCounter", testConcurrentRecords},
	}
}

// parallel runs fn(i) for i in [0,n) on n goroutines and waits.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(i)
		}()
	}
	wg.Wait()
}

// tryPut is put for goroutines: it reports instead of failing.
func tryPut(s meta.Store, t *testing.T, bucket, key string, null bool, inline []byte) (*meta.Version, error) {
	var out *meta.Version
	err := s.UpdateObject(t.Context(), bucket, key, func(tx meta.ObjectTx) error {
		seq, id := tx.NewVersion()
		if null {
			id = meta.NullVersion
		}
		out = &meta.Version{Bucket: bucket, Key: key, VersionID: id, Seq: seq, Size: int64(len(inline)), ETag: string(inline), Inline: true}
		return tx.Put(out, inline)
	})
	return out, err
}

func testConcurrentDistinctKeys(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	const workers, each = 16, 20
	parallel(workers, func(i int) {
		for j := range each {
			if _, err := tryPut(s, t, "b", fmt.Sprintf("k%02d", i), false, []byte(strconv.Itoa(j))); err != nil {
				t.Error(err)
				return
			}
		}
	})
	it, err := s.Versions(t.Context(), "b", meta.ListQuery{})
	vs := collect(t, it, err)
	if len(vs) != workers*each {
		t.Fatalf("%d versions, want %d", len(vs), workers*each)
	}
	seen := map[string]bool{}
	for _, v := range vs {
		if seen[v.VersionID] {
			t.Fatalf("duplicate version id %s", v.VersionID)
		}
		seen[v.VersionID] = true
	}
	if n := len(listObjects(t, s, "b", meta.ListQuery{})); n != workers {
		t.Fatalf("%d objects, want %d", n, workers)
	}
	for i := range workers {
		v := getVersion(t, s, "b", fmt.Sprintf("k%02d", i), "")
		if v.ETag != strconv.Itoa(each-1) {
			t.Fatalf("latest of k%02d is write %s, want the last", i, v.ETag)
		}
	}
}

// Exactly one of many concurrent "create if absent" updates wins.
func testConcurrentCreateIfAbsent(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	errExists := errors.New("exists")
	for round := range 10 {
		key := fmt.Sprint("key", round)
		var wins atomic.Int32
		parallel(8, func(i int) {
			err := s.UpdateObject(t.Context(), "b", key, func(tx meta.ObjectTx) error {
				if _, err := tx.Latest(); err == nil {
					return errExists
				} else if !errors.Is(err, meta.ErrNotFound) {
					return err
				}
				seq, id := tx.NewVersion()
				return tx.Put(&meta.Version{Bucket: "b", Key: key, VersionID: id, Seq: seq, Blob: "x"}, nil)
			})
			switch {
			case err == nil:
				wins.Add(1)
			case !errors.Is(err, errExists):
				t.Error(err)
			}
		})
		if wins.Load() != 1 {
			t.Fatalf("round %d: %d winners", round, wins.Load())
		}
	}
}

func testConcurrentNoLostUpdates(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	const workers, each = 8, 15
	parallel(workers, func(int) {
		for range each {
			err := s.UpdateObject(t.Context(), "b", "counter", func(tx meta.ObjectTx) error {
				n := int64(0)
				if l, err := tx.Latest(); err == nil {
					n = l.Size
				} else if !errors.Is(err, meta.ErrNotFound) {
					return err
				}
				seq, _ := tx.NewVersion()
				return tx.Put(&meta.Version{Bucket: "b", Key: "counter", VersionID: meta.NullVersion, Seq: seq, Size: n + 1, Blob: "x"}, nil)
			})
			if err != nil {
				t.Error(err)
				return
			}
		}
	})
	if v := getVersion(t, s, "b", "counter", ""); v.Size != workers*each {
		t.Fatalf("counter = %d, want %d", v.Size, workers*each)
	}
	equalStrings(t, "Versions", keys(func() []*meta.Version {
		it, err := s.Versions(t.Context(), "b", meta.ListQuery{})
		return collect(t, it, err)
	}()), []string{"counter"})
}

// Readers racing overwrites always see a whole latest version, and inline
// data that belongs to the version they read (or none, once replaced).
func testConcurrentReaders(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	if _, err := tryPut(s, t, "b", "k", true, []byte("v0")); err != nil {
		t.Fatal(err)
	}
	var done atomic.Bool
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				v, err := s.GetVersion(t.Context(), "b", "k", "")
				if err != nil {
					t.Errorf("GetVersion during overwrites: %v", err)
					return
				}
				data, err := s.ReadInline(t.Context(), v)
				if err == nil && string(data) != v.ETag {
					t.Errorf("version %s has data %q", v.ETag, data)
					return
				}
				if err != nil && !errors.Is(err, meta.ErrNotFound) {
					t.Error(err)
					return
				}
				if n, err := countObjects(s, t); n != 1 || err != nil {
					t.Errorf("Objects during overwrites: %d keys, %v", n, err)
					return
				}
			}
		}()
	}
	for i := range 100 {
		if _, err := tryPut(s, t, "b", "k", i%2 == 0, []byte(fmt.Sprint("v", i+1))); err != nil {
			t.Error(err)
			break
		}
	}
	done.Store(true)
	wg.Wait()
}

// DeleteBucket racing writers never leaves a version in a deleted bucket.
func testDeleteBucketVsPut(t *testing.T, s meta.Store) {
	for round := range 5 {
		name := fmt.Sprint("race", round)
		mkBucket(t, s, name)
		var stop atomic.Bool
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; !stop.Load(); i++ {
					key := fmt.Sprintf("w%d-%d", w, i)
					v, err := tryPut(s, t, name, key, i%2 == 0, []byte("x"))
					if errors.Is(err, meta.ErrNotFound) {
						return // the bucket is gone
					}
					if err != nil {
						t.Error(err)
						return
					}
					err = s.UpdateObject(t.Context(), name, key, func(tx meta.ObjectTx) error { return tx.Delete(v.VersionID) })
					if err != nil && !errors.Is(err, meta.ErrNotFound) {
						t.Error(err)
						return
					}
				}
			}()
		}
		for attempt := 0; ; attempt++ {
			err := s.DeleteBucket(t.Context(), name)
			if err == nil {
				break
			}
			if !errors.Is(err, meta.ErrNotEmpty) {
				t.Fatal(err)
			}
			if attempt == 50 {
				stop.Store(true) // let the writers drain so the bucket empties
			}
		}
		stop.Store(true)
		wg.Wait()
		it, err := s.Versions(t.Context(), name, meta.ListQuery{})
		if vs := collect(t, it, err); len(vs) != 0 {
			t.Fatalf("deleted bucket holds %q", ids(vs))
		}
		mkBucket(t, s, name)
		it, err = s.Versions(t.Context(), name, meta.ListQuery{})
		if vs := collect(t, it, err); len(vs) != 0 {
			t.Fatalf("recreated bucket holds %q", ids(vs))
		}
	}
}

// Every part whose PutPart succeeded is among the parts the completion took;
// none lands after it.
func testPutPartVsComplete(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	for round := range 5 {
		u := mkUpload(t, s, "b", "k")
		var mu sync.Mutex
		stored := map[int32]bool{}
		var taken []*meta.Part
		parallel(5, func(i int) {
			if i == 0 {
				err := s.UpdateObject(t.Context(), "b", "k", func(tx meta.ObjectTx) error {
					_, parts, err := tx.TakeUpload(u.UploadID)
					taken = parts
					return err
				})
				if err != nil {
					t.Error(err)
				}
				return
			}
			for n := int32(i); n <= 200; n += 4 {
				_, err := s.PutPart(t.Context(), "b", "k", u.UploadID, mkPart(n))
				if errors.Is(err, meta.ErrNotFound) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				stored[n] = true
				mu.Unlock()
			}
		})
		if len(taken) != len(stored) {
			t.Fatalf("round %d: %d parts stored, %d taken", round, len(stored), len(taken))
		}
		for _, p := range taken {
			if !stored[p.Number] {
				t.Fatalf("round %d: took part %d that was never acknowledged", round, p.Number)
			}
		}
		if got := partNumbers(t, s, u, 0); len(got) != 0 {
			t.Fatalf("round %d: parts after completion: %v", round, got)
		}
	}
}

func testConcurrentRecords(t *testing.T, s meta.Store) {
	const workers, each = 8, 15
	parallel(workers, func(int) {
		for range each {
			err := s.UpdateRecords(t.Context(), func(tx meta.RecordTx) error {
				n := 0
				if v, err := tx.Get("ctr", "n"); err == nil {
					n, _ = strconv.Atoi(string(v))
				} else if !errors.Is(err, meta.ErrNotFound) {
					return err
				}
				return tx.Put("ctr", "n", []byte(strconv.Itoa(n+1)))
			})
			if err != nil {
				t.Error(err)
				return
			}
		}
	})
	if v, err := s.GetRecord(t.Context(), "ctr", "n"); err != nil || string(v) != strconv.Itoa(workers*each) {
		t.Fatalf("counter = %q, %v", v, err)
	}
}

func countObjects(s meta.Store, t *testing.T) (int, error) {
	it, err := s.Objects(t.Context(), "b", meta.ListQuery{})
	if err != nil {
		return 0, err
	}
	defer it.Close()
	n := 0
	for it.Next() {
		n++
	}
	return n, it.Err()
}
