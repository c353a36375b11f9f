package embedded

import (
	"context"
	"encoding/binary"

	"github.com/cockroachdb/pebble/v2"

	"github.com/coffer-s3/coffer/internal/meta"
)

// listMode selects what a key-range iterator yields.
type listMode int

const (
	modeLatest   listMode = iota // newest version per key, delete markers skipped
	modeVersions                 // every version
	modeUploads                  // every upload
)

// rangeIter walks p bucket 0 ... entries whose object key has the prefix.
type rangeIter[T any] struct {
	it        *pebble.Iterator
	base      []byte // p bucket 0
	bucketLen int
	mode      listMode
	started   bool
	seekTo    []byte // pending seek target instead of Next
	lastKey   []byte // object key of the last entry seen (modeLatest)
	haveLast  bool
	item      T
	err       error
	decode    func([]byte) (T, error)
}

func newRangeIter[T any](s *Store, p byte, bucket string, q meta.ListQuery, mode listMode, decode func([]byte) (T, error)) (*rangeIter[T], error) {
	base := bucketPrefix(p, bucket)
	lower := append(append([]byte(nil), base...), q.Prefix...)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upperBound(lower)})
	if err != nil {
		return nil, err
	}
	r := &rangeIter[T]{it: it, base: base, bucketLen: len(bucket), mode: mode, decode: decode}
	if q.After != "" && q.After >= q.Prefix {
		target := append(append([]byte(nil), base...), q.After...)
		if q.AfterVersion == "" {
			// Start past every entry of the After key.
			r.seekTo = append(target, 1)
		} else {
			// Start at the given version of After; Next skips it below.
			seq, err := s.afterSeq(p, bucket, q.After, q.AfterVersion)
			if err != nil {
				it.Close()
				return nil, err
			}
			target = append(target, 0)
			if p == pVersion {
				target = binary.BigEndian.AppendUint64(target, ^seq)
			} else {
				target = binary.BigEndian.AppendUint64(target, seq)
			}
			// Seeking just past the marker: the smallest key greater than it.
			r.seekTo = append(target, 0)
		}
	}
	return r, nil
}

// afterSeq resolves a version-id or upload-id marker.
func (s *Store) afterSeq(p byte, bucket, key, id string) (uint64, error) {
	if p == pVersion {
		seq, err := s.versionSeq(bucket, key, id)
		if err != nil {
			return 0, err
		}
		return seq, nil
	}
	return parseID(id)
}

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
	for ok {
		k := r.it.Key()
		if r.mode == modeLatest {
			// Only the first (newest) entry of each key counts. The common
			// case of one version per key needs no seek.
			ok2 := r.objKeyBytes(k)
			if r.haveLast && string(ok2) == string(r.lastKey) {
				ok = r.it.SeekGE(r.afterKey(k))
				continue
			}
			r.lastKey = append(r.lastKey[:0], ok2...)
			r.haveLast = true
		}
		v, err := r.decode(r.it.Value())
		if err != nil {
			r.err = err
			return false
		}
		if dm, _ := any(v).(*meta.Version); r.mode == modeLatest && dm != nil && dm.DeleteMarker {
			ok = r.it.Next()
			continue
		}
		r.item = v
		return true
	}
	r.err = r.it.Error()
	return false
}

func (r *rangeIter[T]) objKeyBytes(k []byte) []byte {
	start := 1 + r.bucketLen + 1
	end := len(k) - 9
	if end < start {
		return nil
	}
	return k[start:end]
}

// afterKey returns the seek target past every entry of k's object key.
func (r *rangeIter[T]) afterKey(k []byte) []byte {
	return append(append(append([]byte(nil), r.base...), r.objKeyBytes(k)...), 1)
}

func (r *rangeIter[T]) Item() T { return r.item }

// SkipPrefix moves past every key starting with p.
func (r *rangeIter[T]) SkipPrefix(p string) {
	target := upperBound(append(append([]byte(nil), r.base...), p...))
	if target == nil {
		target = upperBound(r.base)
	}
	r.seekTo = target
	r.started = true
}

func (r *rangeIter[T]) Err() error   { return r.err }
func (r *rangeIter[T]) Close() error { return r.it.Close() }

// Objects implements meta.Store.
func (s *Store) Objects(ctx context.Context, bucket string, q meta.ListQuery) (meta.Iter[*meta.Version], error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	q.AfterVersion = ""
	return newRangeIter(s, pVersion, bucket, q, modeLatest, meta.DecodeVersion)
}

// Versions implements meta.Store.
func (s *Store) Versions(ctx context.Context, bucket string, q meta.ListQuery) (meta.Iter[*meta.Version], error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	return newRangeIter(s, pVersion, bucket, q, modeVersions, meta.DecodeVersion)
}

// Uploads implements meta.Store.
func (s *Store) Uploads(ctx context.Context, bucket string, q meta.ListQuery) (meta.Iter[*meta.Upload], error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	return newRangeIter(s, pUpload, bucket, q, modeUploads, meta.DecodeUpload)
}

// Parts implements meta.Store.
func (s *Store) Parts(ctx context.Context, bucket, key, uploadID string, after int32) (meta.Iter[*meta.Part], error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	seq, err := parseID(uploadID)
	if err != nil {
		return nil, meta.ErrNotFound
	}
	prefix := binary.BigEndian.AppendUint64(objPrefix(pPart, bucket, key), seq)
	it, err := s.newIter(prefix)
	if err != nil {
		return nil, err
	}
	pi := &partIter{it: it}
	if after > 0 {
		pi.seekTo = binary.BigEndian.AppendUint32(append([]byte(nil), prefix...), uint32(after)+1)
	}
	return pi, nil
}

type partIter struct {
	it      *pebble.Iterator
	started bool
	seekTo  []byte
	item    *meta.Part
	err     error
}

func (p *partIter) Next() bool {
	var ok bool
	switch {
	case p.seekTo != nil:
		ok = p.it.SeekGE(p.seekTo)
		p.seekTo = nil
	case !p.started:
		ok = p.it.First()
	default:
		ok = p.it.Next()
	}
	p.started = true
	if !ok {
		p.err = p.it.Error()
		return false
	}
	p.item, p.err = meta.DecodePart(p.it.Value())
	return p.err == nil
}

func (p *partIter) Item() *meta.Part  { return p.item }
func (p *partIter) SkipPrefix(string) {}
func (p *partIter) Err() error        { return p.err }
func (p *partIter) Close() error      { return p.it.Close() }
