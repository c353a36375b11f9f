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

	"github.com/coffer-s3/coffer/internal/meta"
)

// Options configures the store.
type Options struct {
	// CacheBytes is the block cache size (default 256 MiB).
	CacheBytes int64
	// Logger receives Pebble's messages (default: discarded below warnings).
	Logger *slog.Logger
	// Now is the clock for sequence numbers (default time.Now).
	Now func() time.Time
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
	closed      atomic.Bool
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
	db, err := pebble.Open(dir, &pebble.Options{
		Cache:              cache,
		MemTableSize:       64 << 20,
		FormatMajorVersion: pebble.FormatNewest,
		Logger:             pebbleLogger{o.Logger},
	})
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

// Close flushes and closes the store.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return s.db.Close()
}

// nextSeq is a hybrid clock: wall-clock nanoseconds, strictly increasing
// within the process.
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

// get returns a copy of the value at k, or meta.ErrNotFound.
func (s *Store) get(k []byte) ([]byte, error) {
	if s.closed.Load() {
		return nil, meta.ErrClosed
	}
	v, c, err := s.db.Get(k)
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

func (s *Store) commit(b *pebble.Batch) error {
	if s.closed.Load() {
		b.Close()
		return meta.ErrClosed
	}
	err := s.db.Apply(b, pebble.Sync)
	b.Close()
	return err
}

func ctxErr(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	return ctx.Err()
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
