package embedded

import (
	"context"
	"encoding/binary"
	"errors"

	"github.com/cockroachdb/pebble/v2"

	"github.com/coffer-s3/coffer/internal/meta"
)

func (s *Store) newIter(prefix []byte) (*pebble.Iterator, error) {
	if s.closed.Load() {
		return nil, meta.ErrClosed
	}
	return s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: upperBound(prefix)})
}

// latest reads the newest version of a key, or meta.ErrNotFound.
func (s *Store) latest(bucket, key string) (*meta.Version, error) {
	it, err := s.newIter(objPrefix(pVersion, bucket, key))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	if !it.First() {
		if err := it.Error(); err != nil {
			return nil, err
		}
		return nil, meta.ErrNotFound
	}
	return meta.DecodeVersion(it.Value())
}

// versionSeq resolves a version id to its sequence number.
func (s *Store) versionSeq(bucket, key, versionID string) (uint64, error) {
	if versionID == meta.NullVersion {
		v, err := s.get(nullKey(bucket, key))
		if err != nil {
			return 0, err
		}
		if len(v) != 8 {
			return 0, errors.New("embedded: corrupt null pointer")
		}
		return binary.BigEndian.Uint64(v), nil
	}
	seq, err := parseID(versionID)
	if err != nil {
		return 0, meta.ErrNotFound
	}
	return seq, nil
}

func (s *Store) version(bucket, key, versionID string) (*meta.Version, error) {
	seq, err := s.versionSeq(bucket, key, versionID)
	if err != nil {
		return nil, err
	}
	raw, err := s.get(versionKey(pVersion, bucket, key, seq))
	if err != nil {
		return nil, err
	}
	v, err := meta.DecodeVersion(raw)
	if err != nil {
		return nil, err
	}
	if v.VersionID != versionID {
		return nil, meta.ErrNotFound
	}
	return v, nil
}

// GetVersion implements meta.Store.
func (s *Store) GetVersion(ctx context.Context, bucket, key, versionID string) (*meta.Version, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if versionID == "" {
		return s.latest(bucket, key)
	}
	return s.version(bucket, key, versionID)
}

// ReadInline implements meta.Store.
func (s *Store) ReadInline(ctx context.Context, v *meta.Version) ([]byte, error) {
	if !v.Inline {
		return nil, errors.New("embedded: version is not inline")
	}
	return s.get(versionKey(pData, v.Bucket, v.Key, v.Seq))
}

// UpdateObject implements meta.Store.
func (s *Store) UpdateObject(ctx context.Context, bucket, key string, fn func(meta.ObjectTx) error) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	gate := s.bucketGate(bucket)
	gate.RLock()
	defer gate.RUnlock()
	if _, err := s.GetBucket(ctx, bucket); err != nil {
		return err
	}
	l := s.keyLock(bucket, key)
	l.Lock()
	defer l.Unlock()
	tx := &objectTx{s: s, bucket: bucket, key: key, batch: s.db.NewBatch()}
	if err := fn(tx); err != nil {
		tx.batch.Close()
		return err
	}
	if tx.batch.Empty() {
		tx.batch.Close()
		return nil
	}
	return s.commit(tx.batch)
}

// objectTx reads committed state and buffers writes: reads inside fn see the
// key as it was before fn's own mutations.
type objectTx struct {
	s           *Store
	bucket, key string
	batch       *pebble.Batch
	latestSeq   uint64
	haveLatest  bool
}

func (t *objectTx) Latest() (*meta.Version, error) {
	v, err := t.s.latest(t.bucket, t.key)
	if err == nil {
		t.latestSeq, t.haveLatest = v.Seq, true
	} else if errors.Is(err, meta.ErrNotFound) {
		t.haveLatest = true
	}
	return v, err
}

func (t *objectTx) Get(versionID string) (*meta.Version, error) {
	return t.s.version(t.bucket, t.key, versionID)
}

func (t *objectTx) NewVersion() (uint64, string) {
	if !t.haveLatest {
		if _, err := t.Latest(); err != nil && !errors.Is(err, meta.ErrNotFound) {
			// A failed read is retried by the commit path; be safely newer
			// than the clock anyway.
			t.latestSeq = 0
		}
	}
	seq := t.s.nextSeq(t.latestSeq)
	t.latestSeq = seq
	return seq, t.s.newID(seq)
}

func (t *objectTx) Put(v *meta.Version, inline []byte) error {
	if v.Bucket != t.bucket || v.Key != t.key || v.Seq == 0 {
		return errors.New("embedded: version does not belong to this key")
	}
	if v.VersionID == meta.NullVersion {
		// At most one null version per key: drop the previous one.
		if old, err := t.s.versionSeq(t.bucket, t.key, meta.NullVersion); err == nil && old != v.Seq {
			t.deleteSeq(old)
		} else if err != nil && !errors.Is(err, meta.ErrNotFound) {
			return err
		}
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], v.Seq)
		if err := t.batch.Set(nullKey(t.bucket, t.key), b[:], nil); err != nil {
			return err
		}
	} else if seq, err := parseID(v.VersionID); err != nil || seq != v.Seq {
		return errors.New("embedded: version id does not match its sequence")
	}
	if err := t.batch.Set(versionKey(pVersion, t.bucket, t.key, v.Seq), meta.EncodeVersion(nil, v), nil); err != nil {
		return err
	}
	switch {
	case inline != nil:
		return t.batch.Set(versionKey(pData, t.bucket, t.key, v.Seq), inline, nil)
	case !v.Inline:
		return t.batch.Delete(versionKey(pData, t.bucket, t.key, v.Seq), nil)
	}
	return nil
}

func (t *objectTx) deleteSeq(seq uint64) {
	t.batch.Delete(versionKey(pVersion, t.bucket, t.key, seq), nil)
	t.batch.Delete(versionKey(pData, t.bucket, t.key, seq), nil)
}

func (t *objectTx) Delete(versionID string) error {
	seq, err := t.s.versionSeq(t.bucket, t.key, versionID)
	if err != nil {
		return err
	}
	if versionID == meta.NullVersion {
		if err := t.batch.Delete(nullKey(t.bucket, t.key), nil); err != nil {
			return err
		}
	}
	t.deleteSeq(seq)
	return nil
}

func (t *objectTx) TakeUpload(uploadID string) (*meta.Upload, []*meta.Part, error) {
	u, seq, err := t.s.upload(t.bucket, t.key, uploadID)
	if err != nil {
		return nil, nil, err
	}
	parts, err := t.s.allParts(t.bucket, t.key, seq)
	if err != nil {
		return nil, nil, err
	}
	if err := t.batch.Delete(uploadKey(t.bucket, t.key, seq), nil); err != nil {
		return nil, nil, err
	}
	for _, p := range parts {
		if err := t.batch.Delete(partKey(t.bucket, t.key, seq, p.Number), nil); err != nil {
			return nil, nil, err
		}
	}
	return u, parts, nil
}
