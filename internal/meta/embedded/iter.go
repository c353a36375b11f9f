package embedded

import (
	"context"
	"encoding/binary"
	"errors"
	"strings"

	"github.com/cockroachdb/pebble/v2"

	"github.com/coffer-s3/coffer/internal/meta"
)

// rangeIter walks the entries p bucket 0 <object key>... of one key family
// whose object key starts with a prefix.
type rangeIter[T any] struct {
	it      *pebble.Iterator
	base    []byte // p bucket 0
	started bool
	seekTo  []byte // pending seek target instead of Next
	skip    func(T) bool
	decode  func([]byte) (T, error)
	item    T
	err     error
}

// Next advances to the next entry that skip does not reject.
func (r *rangeIter[T]) Next() bool {
	if r.err != nil {
		return false
	}
	var ok bool
	switch {
	case r.seekTo != nil:
		ok = r.it.SeekGE(r.seekTo)
		r.seekTo = nil
	case !r.started:
		ok = r.it.First()
	default:
		ok = r.it.Next()
	}
	r.started = true
	for ; ok; ok = r.it.Next() {
		v, err := r.decode(r.it.Value())
		if err != nil {
			r.err = err
			return false
		}
		if r.skip == nil || !r.skip(v) {
			r.item = v
			return true
		}
	}
	r.err = r.it.Error()
	return false
}

func (r *rangeIter[T]) Item() T { return r.item }

// SkipPrefix moves past every object key starting with p.
func (r *rangeIter[T]) SkipPrefix(p string) {
	r.seekTo = upperBound(append(append([]byte(nil), r.base...), p...))
	if r.seekTo == nil {
		r.seekTo = upperBound(r.base)
	}
	r.started = true
}

func (r *rangeIter[T]) Err() error   { return r.err }
func (r *rangeIter[T]) Close() error { return r.it.Close() }

// emptyIter is returned for queries no key can match.
type emptyIter[T any] struct{}

func (emptyIter[T]) Next() bool        { return false }
func (emptyIter[T]) Item() (z T)       { return z }
func (emptyIter[T]) SkipPrefix(string) {}
func (emptyIter[T]) Err() error        { return nil }
func (emptyIter[T]) Close() error      { return nil }

// family describes how to list one key family.
type family[T any] struct {
	p byte
	// perKey: one entry per object key (p bucket 0 key), else entries are
	// p bucket 0 key 0 <suffix>.
	perKey bool
	// seekAfter returns the seek target for an (After, AfterVersion) marker,
	// given p bucket 0 After 0.
	seekAfter func(target []byte) ([]byte, error)
	decode    func([]byte) (T, error)
	skip      func(T) bool
}

// openRange opens an iterator over family f of bucket, bounded to q.Prefix
// and positioned after q.After.
func openRange[T any](s *Store, bucket string, q meta.ListQuery, f family[T]) (meta.Iter[T], error) {
	if strings.IndexByte(bucket, 0) >= 0 || strings.IndexByte(q.Prefix, 0) >= 0 {
		return emptyIter[T]{}, nil // no stored name holds NUL
	}
	// No key holds NUL, so the keys after "a\x00..." are the keys after "a".
	if i := strings.IndexByte(q.After, 0); i >= 0 {
		q.After, q.AfterVersion = q.After[:i], ""
	}
	base := bucketPrefix(f.p, bucket)
	lower := append(append([]byte(nil), base...), q.Prefix...)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upperBound(lower)})
	if err != nil {
		return nil, err
	}
	r := &rangeIter[T]{it: it, base: base, decode: f.decode, skip: f.skip}
	if q.After != "" && q.After >= q.Prefix {
		target := append(append([]byte(nil), base...), q.After...)
		switch {
		case f.perKey:
			r.seekTo = append(target, 0) // the smallest key above After
		case q.AfterVersion == "":
			r.seekTo = append(target, 1) // past every entry of After
		default:
			t, err := f.seekAfter(append(target, 0))
			if err != nil {
				it.Close()
				return nil, err
			}
			r.seekTo = t
		}
	}
	return r, nil
}

// Objects implements meta.Store: it walks the latest-version entries, one
// per key, skipping delete markers.
func (s *Store) Objects(ctx context.Context, bucket string, q meta.ListQuery) (meta.Iter[*meta.Version], error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	return openRange(s, bucket, q, family[*meta.Version]{
		p: pLatest, perKey: true, decode: meta.DecodeVersion,
		skip: func(v *meta.Version) bool { return v.DeleteMarker },
	})
}

// Versions implements meta.Store.
func (s *Store) Versions(ctx context.Context, bucket string, q meta.ListQuery) (meta.Iter[*meta.Version], error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	return openRange(s, bucket, q, family[*meta.Version]{
		p: pVersion, decode: meta.DecodeVersion,
		seekAfter: func(target []byte) ([]byte, error) {
			seq, err := versionSeq(s.db, bucket, q.After, q.AfterVersion)
			if errors.Is(err, meta.ErrNotFound) && q.AfterVersion == meta.NullVersion {
				// The null version is gone: resume after the whole key.
				return append(target[:len(target)-1], 1), nil
			}
			if err != nil {
				return nil, err
			}
			// The smallest key above the marker's own entry.
			return append(binary.BigEndian.AppendUint64(target, ^seq), 0), nil
		},
	})
}

// Uploads implements meta.Store.
func (s *Store) Uploads(ctx context.Context, bucket string, q meta.ListQuery) (meta.Iter[*meta.Upload], error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	return openRange(s, bucket, q, family[*meta.Upload]{
		p: pUpload, decode: meta.DecodeUpload,
		seekAfter: func(target []byte) ([]byte, error) {
			seq, err := parseID(q.AfterVersion)
			if err != nil {
				return nil, meta.ErrNotFound
			}
			return append(binary.BigEndian.AppendUint64(target, seq), 0), nil
		},
	})
}

// Parts implements meta.Store.
func (s *Store) Parts(ctx context.Context, bucket, key, uploadID string, after int32) (meta.Iter[*meta.Part], error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	_, seq, err := readUpload(s.db, bucket, key, uploadID)
	if errors.Is(err, meta.ErrNotFound) {
		return emptyIter[*meta.Part]{}, nil
	}
	if err != nil {
		return nil, err
	}
	prefix := partsPrefix(bucket, key, seq)
	it, err := prefixIter(s.db, prefix)
	if err != nil {
		return nil, err
	}
	r := &rangeIter[*meta.Part]{it: it, base: prefix, decode: meta.DecodePart}
	if after > 0 {
		r.seekTo = binary.BigEndian.AppendUint32(append([]byte(nil), prefix...), uint32(after)+1)
	}
	return partIter{r}, nil
}

// partIter has no key prefixes to skip.
type partIter struct{ *rangeIter[*meta.Part] }

func (partIter) SkipPrefix(string) {}
