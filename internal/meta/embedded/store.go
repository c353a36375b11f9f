package embedded

import (
	"context"
	"errors"
	"hash/maphash"
	"io"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/coffer-s3/coffer/internal/meta"
)

// Options configures the store.
type Options struct {
	// CacheBytes is the block cache size (default 256 MiB).
	CacheBytes int64
	// Logger receives Pebble's errors (default: discarded).
	Logger *slog.Logger
	// Now is the clock for sequence numbers (default time.Now).
	Now func() time.Time
	// FS is the filesystem Pebble uses (default: the operating system's).
	FS vfs.FS
}

const stripes = 1024

// Store is the Pebble-backed meta.Store.
type Store struct {
	db   *pebble.DB
	now  func() time.Time
	seed maphash.Seed

	lastSeq atomic.Uint64

	keyLocks    [stripes]sync.Mutex // per object key: read-modify-commit
	bucketGates [64]sync.RWMutex    // shared by object updates, exclusive for DeleteBucket
	bucketsMu   sync.Mutex          // serialises bucket create/update/delete
	recordsMu   sync.Mutex          // serialises UpdateRecords
	cacheMu     sync.RWMutex
	cache       map[string]*meta.Bucket // every bucket record, loaded at Open

	// closeMu is held shared by every call and exclusively by Close, so
	// Close waits for calls in flight and none reaches a closed Pebble.
	// Methods take it once, at the API boundary, never nested: a waiting
	// Close would otherwise deadlock a nested read lock.
	closeMu sync.RWMutex
	closed  bool
}

var _ meta.Store = (*Store)(nil)

// Open opens or creates the store in dir.
func Open(dir string, o Options) (*Store, error) {
	if o.CacheBytes == 0 {
		o.CacheBytes = 256 << 20
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	cache := pebble.NewCache(o.CacheBytes)
	defer cache.Unref()
	po := pebbleOptions(cache, o.CacheBytes, o.Logger)
	po.FS = o.FS
	db, err := pebble.Open(dir, po)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, now: o.Now, seed: maphash.MakeSeed(), cache: map[string]*meta.Bucket{}}
	if err := s.loadBuckets(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close waits for calls in flight, then flushes and closes the store.
// Iterators must be closed before.
func (s *Store) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return s.db.Close()
}

// enter starts a call: ErrClosed once the store is closed, else the caller
// must call leave.
func (s *Store) enter(ctx context.Context) error {
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	s.closeMu.RLock()
	if s.closed {
		s.closeMu.RUnlock()
		return meta.ErrClosed
	}
	return nil
}

func (s *Store) leave() { s.closeMu.RUnlock() }

// nextSeq is a hybrid clock: wall-clock nanoseconds, strictly increasing
// within the process and above min (the newest seq already stored where it
// matters), so a clock that steps back never reorders versions.
func (s *Store) nextSeq(min uint64) uint64 {
	for {
		last := s.lastSeq.Load()
		n := uint64(s.now().UnixNano())
		if n <= last {
			n = last + 1
		}
		if n <= min {
			n = min + 1
		}
		if s.lastSeq.CompareAndSwap(last, n) {
			return n
		}
	}
}

func (s *Store) newID(seq uint64) string { return formatID(seq, rand.Uint64()) }

func (s *Store) keyLock(bucket, key string) *sync.Mutex {
	var h maphash.Hash
	h.SetSeed(s.seed)
	h.WriteString(bucket)
	h.WriteByte(0)
	h.WriteString(key)
	return &s.keyLocks[h.Sum64()%stripes]
}

func (s *Store) bucketGate(bucket string) *sync.RWMutex {
	return &s.bucketGates[maphash.String(s.seed, bucket)%uint64(len(s.bucketGates))]
}

// get returns a copy of the value at k in r, or meta.ErrNotFound.
func get(r pebble.Reader, k []byte) ([]byte, error) {
	v, c, err := r.Get(k)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, meta.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	out := append([]byte(nil), v...)
	c.Close()
	return out, nil
}

// commit applies b durably. Pebble's commit pipeline lets concurrent
// commits share one WAL fsync. The caller still closes b.
// getVersion decodes the version record at k in r straight from Pebble's
// buffer: the decoder copies what it keeps.
func getVersion(r pebble.Reader, k []byte) (*meta.Version, error) {
	v, c, err := r.Get(k)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, meta.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return meta.DecodeVersion(v)
}

func (s *Store) commit(b *pebble.Batch) error { return s.db.Apply(b, pebble.Sync) }

func prefixIter(r pebble.Reader, prefix []byte) (*pebble.Iterator, error) {
	return r.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: upperBound(prefix)})
}

type pebbleLogger struct{ l *slog.Logger }

func (p pebbleLogger) Infof(format string, args ...any) {}
func (p pebbleLogger) Errorf(format string, args ...any) {
	p.l.Error("pebble", "msg", sprintf(format, args...))
}
func (p pebbleLogger) Fatalf(format string, args ...any) {
	p.l.Error("pebble fatal", "msg", sprintf(format, args...))
	panic(sprintf(format, args...))
}
