package embedded

import (
	"context"
	"errors"
	"fmt"

	"github.com/coffer-s3/coffer/internal/meta"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// CreateBucket implements meta.Store.
func (s *Store) CreateBucket(ctx context.Context, b *meta.Bucket) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	s.bucketsMu.Lock()
	defer s.bucketsMu.Unlock()
	if cur, err := s.GetBucket(ctx, b.Name); err == nil {
		return &meta.BucketExistsError{Owner: cur.Owner}
	} else if !errors.Is(err, meta.ErrNotFound) {
		return err
	}
	batch := s.db.NewBatch()
	if err := batch.Set(bucketKey(b.Name), meta.EncodeBucket(nil, b), nil); err != nil {
		return err
	}
	if err := s.commit(batch); err != nil {
		return err
	}
	s.setCache(b.Name, b.Clone())
	return nil
}

// GetBucket implements meta.Store. Buckets are read on every request, so
// all of them are held in memory: loaded at Open, updated under bucketsMu
// after each commit.
func (s *Store) GetBucket(ctx context.Context, name string) (*meta.Bucket, error) {
	s.cacheMu.RLock()
	b := s.cache[name]
	s.cacheMu.RUnlock()
	if b == nil {
		return nil, meta.ErrNotFound
	}
	return b, nil
}

func (s *Store) loadBuckets() error {
	it, err := s.newIter([]byte{pBucket})
	if err != nil {
		return err
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		b, err := meta.DecodeBucket(it.Value())
		if err != nil {
			return err
		}
		s.cache[b.Name] = b
	}
	return it.Error()
}

func (s *Store) setCache(name string, b *meta.Bucket) {
	s.cacheMu.Lock()
	if b == nil {
		delete(s.cache, name)
	} else {
		s.cache[name] = b
	}
	s.cacheMu.Unlock()
}

// UpdateBucket implements meta.Store.
func (s *Store) UpdateBucket(ctx context.Context, name string, fn func(*meta.Bucket) error) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	s.bucketsMu.Lock()
	defer s.bucketsMu.Unlock()
	cur, err := s.GetBucket(ctx, name)
	if err != nil {
		return err
	}
	nb := cur.Clone()
	if err := fn(nb); err != nil {
		return err
	}
	nb.Name = name
	batch := s.db.NewBatch()
	if err := batch.Set(bucketKey(name), meta.EncodeBucket(nil, nb), nil); err != nil {
		return err
	}
	if err := s.commit(batch); err != nil {
		return err
	}
	s.setCache(name, nb)
	return nil
}

// DeleteBucket implements meta.Store.
func (s *Store) DeleteBucket(ctx context.Context, name string) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	gate := s.bucketGate(name)
	gate.Lock()
	defer gate.Unlock()
	s.bucketsMu.Lock()
	defer s.bucketsMu.Unlock()
	if _, err := s.GetBucket(ctx, name); err != nil {
		return err
	}
	for _, p := range []byte{pVersion, pUpload} {
		empty, err := s.emptyRange(bucketPrefix(p, name))
		if err != nil {
			return err
		}
		if !empty {
			return meta.ErrNotEmpty
		}
	}
	batch := s.db.NewBatch()
	if err := batch.Delete(bucketKey(name), nil); err != nil {
		return err
	}
	if err := s.commit(batch); err != nil {
		return err
	}
	s.setCache(name, nil)
	return nil
}

func (s *Store) emptyRange(prefix []byte) (bool, error) {
	it, err := s.newIter(prefix)
	if err != nil {
		return false, err
	}
	defer it.Close()
	return !it.First(), it.Error()
}

// ListBuckets implements meta.Store.
func (s *Store) ListBuckets(ctx context.Context, after string, limit int) ([]*meta.Bucket, error) {
	it, err := s.newIter([]byte{pBucket})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []*meta.Bucket
	ok := it.First()
	if after != "" {
		ok = it.SeekGE(append(bucketKey(after), 0))
	}
	for ; ok && (limit <= 0 || len(out) < limit); ok = it.Next() {
		b, err := meta.DecodeBucket(it.Value())
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, it.Error()
}
