package embedded

import (
	"context"
	"encoding/binary"
	"errors"

	"github.com/cockroachdb/pebble/v2"

	"github.com/coffer-s3/coffer/internal/meta"
)

func readUpload(r pebble.Reader, bucket, key, uploadID string) (*meta.Upload, uint64, error) {
	seq, err := parseID(uploadID)
	if err != nil {
		return nil, 0, meta.ErrNotFound
	}
	raw, err := get(r, uploadKey(bucket, key, seq))
	if err != nil {
		return nil, 0, err
	}
	u, err := meta.DecodeUpload(raw)
	if err != nil {
		return nil, 0, err
	}
	if u.UploadID != uploadID {
		return nil, 0, meta.ErrNotFound
	}
	return u, seq, nil
}

func partsPrefix(bucket, key string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(objPrefix(pPart, bucket, key), seq)
}

func allParts(r pebble.Reader, bucket, key string, seq uint64) ([]*meta.Part, error) {
	it, err := prefixIter(r, partsPrefix(bucket, key, seq))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []*meta.Part
	for ok := it.First(); ok; ok = it.Next() {
		p, err := meta.DecodePart(it.Value())
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, it.Error()
}

func deleteUpload(b *pebble.Batch, bucket, key string, seq uint64, parts []*meta.Part) error {
	if err := b.Delete(uploadKey(bucket, key, seq), nil); err != nil {
		return err
	}
	for _, p := range parts {
		if err := b.Delete(partKey(bucket, key, seq, p.Number), nil); err != nil {
			return err
		}
	}
	return nil
}

// lastUploadSeq returns the seq of the key's newest upload, 0 if none.
func lastUploadSeq(r pebble.Reader, bucket, key string) (uint64, error) {
	it, err := prefixIter(r, objPrefix(pUpload, bucket, key))
	if err != nil {
		return 0, err
	}
	defer it.Close()
	if !it.Last() {
		return 0, it.Error()
	}
	k := it.Key()
	return binary.BigEndian.Uint64(k[len(k)-8:]), nil
}

// CreateUpload implements meta.Store. The upload id is assigned here. Its
// seq is above the key's newest upload, so ids stay unique and in
// initiation order even if the clock stepped back across a restart.
func (s *Store) CreateUpload(ctx context.Context, u *meta.Upload) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	defer s.leave()
	if err := validName(u.Bucket, u.Key); err != nil {
		return err
	}
	gate := s.bucketGate(u.Bucket)
	gate.RLock()
	defer gate.RUnlock()
	if s.cached(u.Bucket) == nil {
		return meta.ErrNotFound
	}
	l := s.keyLock(u.Bucket, u.Key)
	l.Lock()
	defer l.Unlock()
	last, err := lastUploadSeq(s.db, u.Bucket, u.Key)
	if err != nil {
		return err
	}
	seq := s.nextSeq(last)
	b := s.db.NewBatch()
	defer b.Close()
	nu := *u
	nu.Seq, nu.UploadID = seq, s.newID(seq)
	if err := b.Set(uploadKey(u.Bucket, u.Key, seq), meta.EncodeUpload(nil, &nu), nil); err != nil {
		return err
	}
	if err := s.commit(b); err != nil {
		return err
	}
	u.Seq, u.UploadID = nu.Seq, nu.UploadID
	return nil
}

// GetUpload implements meta.Store.
func (s *Store) GetUpload(ctx context.Context, bucket, key, uploadID string) (*meta.Upload, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	u, _, err := readUpload(s.db, bucket, key, uploadID)
	return u, err
}

// PutPart implements meta.Store. It holds the key lock so that a part cannot
// land after its upload was completed or aborted.
func (s *Store) PutPart(ctx context.Context, bucket, key, uploadID string, p *meta.Part) (*meta.Part, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	l := s.keyLock(bucket, key)
	l.Lock()
	defer l.Unlock()
	_, seq, err := readUpload(s.db, bucket, key, uploadID)
	if err != nil {
		return nil, err
	}
	pk := partKey(bucket, key, seq, p.Number)
	var old *meta.Part
	if raw, err := get(s.db, pk); err == nil {
		if old, err = meta.DecodePart(raw); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, meta.ErrNotFound) {
		return nil, err
	}
	b := s.db.NewBatch()
	defer b.Close()
	if err := b.Set(pk, meta.EncodePart(nil, p), nil); err != nil {
		return nil, err
	}
	if err := s.commit(b); err != nil {
		return nil, err
	}
	return old, nil
}

// AbortUpload implements meta.Store.
func (s *Store) AbortUpload(ctx context.Context, bucket, key, uploadID string) ([]*meta.Part, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	l := s.keyLock(bucket, key)
	l.Lock()
	defer l.Unlock()
	_, seq, err := readUpload(s.db, bucket, key, uploadID)
	if err != nil {
		return nil, err
	}
	parts, err := allParts(s.db, bucket, key, seq)
	if err != nil {
		return nil, err
	}
	b := s.db.NewBatch()
	defer b.Close()
	if err := deleteUpload(b, bucket, key, seq, parts); err != nil {
		return nil, err
	}
	if err := s.commit(b); err != nil {
		return nil, err
	}
	return parts, nil
}
