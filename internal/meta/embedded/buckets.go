package embedded

import (
	"context"
	"fmt"

	"github.com/coffer-s3/coffer/internal/meta"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// CreateBucket implements meta.Store.
func (s *Store) CreateBucket(ctx context.Context, b *meta.Bucket) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	defer s.leave()
	if err := validName(b.Name); err != nil {
		return err
	}
	s.bucketsMu.Lock()
	defer s.bucketsMu.Unlock()
	if cur := s.cached(b.Name); cur != nil {
		return &meta.BucketExistsError{Owner: cur.Owner}
	}
	nb := b.Clone()
	batch := s.db.NewBatch()
	defer batch.Close()
	if err := batch.Set(bucketKey(nb.Name), meta.EncodeBucket(nil, nb), nil); err != nil {
		return err
	}
	if err := s.commit(batch); err != nil {
		return err
	}
	s.setCache(nb.Name, nb)
	return nil
}

// GetBucket implements meta.Store. Buckets are read on every request, so
// all of them are held in memory: loaded at Open, replaced (never changed
// in place) under bucketsMu after each commit.
func (s *Store) GetBucket(ctx context.Context, name string) (*meta.Bucket, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	if b := s.cached(name); b != nil {
		return b, nil
	}
	return nil, meta.ErrNotFound
}

func (s *Store) cached(name string) *meta.Bucket {
	s.cacheMu.RLock()
	defer s.cacheMu.RUnlock()
	return s.cache[name]
}

func (s *Store) loadBuckets() error {
	it, err := prefixIter(s.db, []byte{pBucket})
	if err != nil {
		return err
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		b, err := meta.DecodeBucket(it.Value())
		if err != nil {
			return fmt.Errorf("embedded: bucket record %q: %w", it.Key(), err)
		}
		s.cache[b.Name] = b
	}
	return it.Error()
}

func (s *Store) setCache(name string, b *meta.Bucket) {
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	if b == nil {
		delete(s.cache, name)
	} else {
		s.cache[name] = b
	}
}

// UpdateBucket implements meta.Store.
func (s *Store) UpdateBucket(ctx context.Context, name string, fn func(*meta.Bucket) error) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	defer s.leave()
	s.bucketsMu.Lock()
	defer s.bucketsMu.Unlock()
	cur := s.cached(name)
	if cur == nil {
		return meta.ErrNotFound
	}
	nb := cur.Clone()
	if err := fn(nb); err != nil {
		return err
	}
	// fn may keep nb: the cache holds a copy of its own.
	nb = nb.Clone()
	nb.Name = name
	batch := s.db.NewBatch()
	defer batch.Close()
	if err := batch.Set(bucketKey(name), meta.EncodeBucket(nil, nb), nil); err != nil {
		return err
	}
	if err := s.commit(batch); err != nil {
		return err
	}
	s.setCache(name, nb)
	return nil
}

// DeleteBucket implements meta.Store. The exclusive bucket gate waits for
// object updates in flight and keeps new ones out until the bucket is gone.
func (s *Store) DeleteBucket(ctx context.Context, name string) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	defer s.leave()
	gate := s.bucketGate(name)
	gate.Lock()
	defer gate.Unlock()
	s.bucketsMu.Lock()
	defer s.bucketsMu.Unlock()
	if s.cached(name) == nil {
		return meta.ErrNotFound
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
	defer batch.Close()
	if err := batch.Delete(bucketKey(name), nil); err != nil {
		return err
	}
	// With no versions and no uploads these families are empty too; clear
	// them anyway so a later bucket of the same name starts clean.
	for _, p := range []byte{pLatest, pData, pNull, pPart} {
		lo := bucketPrefix(p, name)
		if err := batch.DeleteRange(lo, upperBound(lo), nil); err != nil {
			return err
		}
	}
	if err := s.commit(batch); err != nil {
		return err
	}
	s.setCache(name, nil)
	return nil
}

func (s *Store) emptyRange(prefix []byte) (bool, error) {
	it, err := prefixIter(s.db, prefix)
	if err != nil {
		return false, err
	}
	defer it.Close()
	return !it.First(), it.Error()
}

// ListBuckets implements meta.Store.
func (s *Store) ListBuckets(ctx context.Context, after string, limit int) ([]*meta.Bucket, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	it, err := prefixIter(s.db, []byte{pBucket})
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
