package embedded

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/coffer-s3/coffer/internal/meta"
)

const benchWriters = 32

func benchBucket() *meta.Bucket { return &meta.Bucket{Name: "bench", Owner: "o"} }

func benchStore(b *testing.B) *Store {
	b.Helper()
	return benchStoreFS(b, nil)
}

func benchStoreFS(b *testing.B, fs vfs.FS) *Store {
	b.Helper()
	s, err := Open(b.TempDir(), Options{FS: fs}) // production defaults otherwise
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if err := s.CreateBucket(context.Background(), &meta.Bucket{Name: "bench", Owner: "o"}); err != nil {
		b.Fatal(err)
	}
	return s
}

func benchPut(s *Store, key string, null bool, data []byte) error {
	return s.UpdateObject(context.Background(), "bench", key, func(tx meta.ObjectTx) error {
		if _, err := tx.Latest(); err != nil && err != meta.ErrNotFound {
			return err
		}
		seq, id := tx.NewVersion()
		if null {
			id = meta.NullVersion
		}
		return tx.Put(&meta.Version{
			Bucket: "bench", Key: key, VersionID: id, Seq: seq, Size: int64(len(data)),
			ETag: "0123456789abcdef0123456789abcdef", Modified: time.Unix(1700000000, 0),
			Owner: "111122223333", StorageClass: "STANDARD", Inline: true,
			Headers: meta.Headers{ContentType: "application/octet-stream"},
		}, data)
	})
}

// fill writes n keys with 32 writers.
func fill(b *testing.B, s *Store, n, versions int) []string {
	b.Helper()
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("dir%03d/object-%07d", i%100, i)
	}
	data := make([]byte, 4096)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range benchWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				for range versions {
					if err := benchPut(s, keys[i], false, data); err != nil {
						b.Error(err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	return keys
}

// meter reports wall-clock ops/s and the process CPU time per op: the
// latter includes Pebble's background work and does not depend on what
// else runs on the machine.
type meter struct {
	start time.Time
	cpu   time.Duration
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startMeter(b *testing.B) meter {
	b.ResetTimer()
	return meter{time.Now(), cpuTime()}
}

func (m meter) report(b *testing.B) {
	b.ReportMetric(float64(b.N)/time.Since(m.start).Seconds(), "ops/s")
	b.ReportMetric(float64(cpuTime()-m.cpu)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
}

// BenchmarkUpdateObjectParallel measures durable 4 KiB inline puts from 32
// goroutines: each commit is fsynced, concurrent commits share fsyncs.
func BenchmarkUpdateObjectParallel(b *testing.B) {
	for _, mode := range []string{"new-keys", "overwrite-null"} {
		b.Run(mode, func(b *testing.B) {
			fs := &syncCountingFS{FS: vfs.Default}
			s := benchStoreFS(b, fs)
			data := make([]byte, 4096)
			var ctr atomic.Int64
			b.SetBytes(int64(len(data)))
			b.SetParallelism((benchWriters + 1) / max(1, runtimeProcs()))
			m := startMeter(b)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := ctr.Add(1)
					key := fmt.Sprintf("obj-%09d", i)
					if mode == "overwrite-null" {
						key = fmt.Sprintf("obj-%04d", i%1000)
					}
					if err := benchPut(s, key, mode == "overwrite-null", data); err != nil {
						b.Error(err)
						return
					}
				}
			})
			m.report(b)
			if n := fs.walSyncs.Load(); n > 0 {
				b.ReportMetric(float64(b.N)/float64(n), "commits/fsync")
			}
		})
	}
}

// syncCountingFS counts the syncs of WAL files, to show how many commits
// share one fsync.
type syncCountingFS struct {
	vfs.FS
	walSyncs atomic.Int64
}

type syncCountingFile struct {
	vfs.File
	n *atomic.Int64
}

func (f syncCountingFile) Sync() error     { f.n.Add(1); return f.File.Sync() }
func (f syncCountingFile) SyncData() error { f.n.Add(1); return f.File.SyncData() }
func (f syncCountingFile) SyncTo(length int64) (bool, error) {
	f.n.Add(1)
	return f.File.SyncTo(length)
}

func (fs *syncCountingFS) wrap(name string, f vfs.File, err error) (vfs.File, error) {
	if err != nil || !strings.HasSuffix(name, ".log") {
		return f, err
	}
	return syncCountingFile{f, &fs.walSyncs}, nil
}

func (fs *syncCountingFS) Create(name string, c vfs.DiskWriteCategory) (vfs.File, error) {
	f, err := fs.FS.Create(name, c)
	return fs.wrap(name, f, err)
}

func (fs *syncCountingFS) ReuseForWrite(old, name string, c vfs.DiskWriteCategory) (vfs.File, error) {
	f, err := fs.FS.ReuseForWrite(old, name, c)
	return fs.wrap(name, f, err)
}

// BenchmarkGetVersion reads the latest version of random keys among
// 10,000: first while they are in the memtable, then from flushed tables.
func BenchmarkGetVersion(b *testing.B) {
	s := benchStore(b)
	keys := fill(b, s, 10000, 1)
	ctx := context.Background()
	for _, state := range []string{"memtable", "flushed"} {
		if state == "flushed" {
			if err := s.db.Flush(); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(state+"/latest", func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			m := startMeter(b)
			for range b.N {
				if _, err := s.GetVersion(ctx, "bench", keys[r.IntN(len(keys))], ""); err != nil {
					b.Fatal(err)
				}
			}
			m.report(b)
		})
		b.Run(state+"/missing", func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			m := startMeter(b)
			for range b.N {
				k := keys[r.IntN(len(keys))] + "-absent"
				if _, err := s.GetVersion(ctx, "bench", k, ""); err != meta.ErrNotFound {
					b.Fatal(err)
				}
			}
			m.report(b)
		})
		b.Run(state+"/parallel-with-data", func(b *testing.B) {
			m := startMeter(b)
			b.RunParallel(func(pb *testing.PB) {
				r := rand.New(rand.NewPCG(rand.Uint64(), 2))
				for pb.Next() {
					v, err := s.GetVersion(ctx, "bench", keys[r.IntN(len(keys))], "")
					if err == nil {
						_, err = s.ReadInline(ctx, v)
					}
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			m.report(b)
		})
	}
}

// BenchmarkObjectsList1000 lists pages of 1000 objects from random start
// keys, in a bucket of 20,000 keys where every key has 3 versions.
func BenchmarkObjectsList1000(b *testing.B) {
	s := benchStore(b)
	keys := fill(b, s, 20000, 3)
	slices.Sort(keys)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	m := startMeter(b)
	for range b.N {
		it, err := s.Objects(ctx, "bench", meta.ListQuery{After: keys[r.IntN(len(keys)-1000)]})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for n < 1000 && it.Next() {
			n++
		}
		if err := it.Err(); err != nil || n != 1000 {
			b.Fatalf("listed %d: %v", n, err)
		}
		it.Close()
	}
	m.report(b)
}

func runtimeProcs() int { return runtime.GOMAXPROCS(0) }

// latestByIter is the lookup the store used before the L entries: the
// first version record under the key's prefix. Kept to measure against.
func latestByIter(s *Store, bucket, key string) (*meta.Version, error) {
	it, err := prefixIter(s.db, objPrefix(pVersion, bucket, key))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	if !it.First() {
		return nil, meta.ErrNotFound
	}
	return meta.DecodeVersion(it.Value())
}

// BenchmarkLatestLookup compares the latest-version point read (L entry)
// with the iterator over version records, on flushed data.
func BenchmarkLatestLookup(b *testing.B) {
	s := benchStore(b)
	keys := fill(b, s, 5000, 4)
	if err := s.db.Flush(); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	lookups := map[string]func(key string) (*meta.Version, error){
		"point-L":    func(key string) (*meta.Version, error) { return s.GetVersion(ctx, "bench", key, "") },
		"iterator-V": func(key string) (*meta.Version, error) { return latestByIter(s, "bench", key) },
	}
	for _, name := range []string{"point-L", "iterator-V"} {
		get := lookups[name]
		b.Run(name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			m := startMeter(b)
			for range b.N {
				if _, err := get(keys[r.IntN(len(keys))]); err != nil {
					b.Fatal(err)
				}
			}
			m.report(b)
		})
	}
}

// listByVersions lists up to n latest versions the way the store did
// before the L entries: walk the version records, seeking past the older
// versions of each key. Kept to measure against.
func listByVersions(s *Store, bucket, after string, n int) (int, error) {
	base := bucketPrefix(pVersion, bucket)
	it, err := prefixIter(s.db, base)
	if err != nil {
		return 0, err
	}
	defer it.Close()
	got := 0
	for ok := it.SeekGE(append(append(append([]byte(nil), base...), after...), 1)); ok && got < n; {
		k := it.Key()
		v, err := meta.DecodeVersion(it.Value())
		if err != nil {
			return got, err
		}
		if !v.DeleteMarker {
			got++
		}
		ok = it.SeekGE(append(append([]byte(nil), k[:len(k)-9]...), 1))
	}
	return got, it.Error()
}

func BenchmarkListLookup(b *testing.B) {
	s := benchStore(b)
	keys := fill(b, s, 20000, 3)
	slices.Sort(keys)
	if err := s.db.Flush(); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("L-entries", func(b *testing.B) {
		r := rand.New(rand.NewPCG(1, 2))
		m := startMeter(b)
		for range b.N {
			it, _ := s.Objects(ctx, "bench", meta.ListQuery{After: keys[r.IntN(len(keys)-1000)]})
			for n := 0; n < 1000 && it.Next(); n++ {
			}
			it.Close()
		}
		m.report(b)
	})
	b.Run("V-seek-per-key", func(b *testing.B) {
		r := rand.New(rand.NewPCG(1, 2))
		m := startMeter(b)
		for range b.N {
			if n, err := listByVersions(s, "bench", keys[r.IntN(len(keys)-1000)], 1000); err != nil || n != 1000 {
				b.Fatal(n, err)
			}
		}
		m.report(b)
	})
}
