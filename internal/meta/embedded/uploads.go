package embedded

import (
	"context"
	"errors"

	"github.com/coffer-s3/coffer/internal/meta"
)

func (s *Store) upload(bucket, key, uploadID string) (*meta.Upload, uint64, error) {
	seq, err := parseID(uploadID)
	if err != nil {
		return nil, 0, meta.ErrNotFound
	}
	raw, err := s.get(uploadKey(bucket, key, seq))
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

func (s *Store) allParts(bucket, key string, seq uint64) ([]*meta.Part, error) {
	it, err := s.Parts(context.Background(), bucket, key, formatID(seq, 0), 0)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []*meta.Part
	for it.Next() {
		out = append(out, it.Item())
	}
	return out, it.Err()
}

// CreateUpload implements meta.Store. The upload id is assigned here.
func (s *Store) CreateUpload(ctx context.Context, u *meta.Upload) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	gate := s.bucketGate(u.Bucket)
	gate.RLock()
	defer gate.RUnlock()
	if _, err := s.GetBucket(ctx, u.Bucket); err != nil {
		return err
	}
	u.Seq = s.nextSeq(0)
	u.UploadID = s.newID(u.Seq)
	b := s.db.NewBatch()
	if err := b.Set(uploadKey(u.Bucket, u.Key, u.Seq), meta.EncodeUpload(nil, u), nil); err != nil {
		return err
	}
	return s.commit(b)
}

// GetUpload implements meta.Store.
func (s *Store) GetUpload(ctx context.Context, bucket, key, uploadID string) (*meta.Upload, error) {
	u, _, err := s.upload(bucket, key, uploadID)
	return u, err
}

// PutPart implements meta.Store. It holds the key lock so that a part cannot
// land after its upload was completed or aborted.
func (s *Store) PutPart(ctx context.Context, bucket, key, uploadID string, p *meta.Part) (*meta.Part, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	l := s.keyLock(bucket, key)
	l.Lock()
	defer l.Unlock()
	_, seq, err := s.upload(bucket, key, uploadID)
	if err != nil {
		return nil, err
	}
	pk := partKey(bucket, key, seq, p.Number)
	var old *meta.Part
	if raw, err := s.get(pk); err == nil {
		if old, err = meta.DecodePart(raw); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, meta.ErrNotFound) {
		return nil, err
	}
	b := s.db.NewBatch()
	if err := b.Set(pk, meta.EncodePart(nil, p), nil); err != nil {
		return nil, err
	}
	return old, s.commit(b)
}

// AbortUpload implements meta.Store.
func (s *Store) AbortUpload(ctx context.Context, bucket, key, uploadID string) ([]*meta.Part, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	l := s.keyLock(bucket, key)
	l.Lock()
	defer l.Unlock()
	_, seq, err := s.upload(bucket, key, uploadID)
	if err != nil {
		return nil, err
	}
	parts, err := s.allParts(bucket, key, seq)
	if err != nil {
		return nil, err
	}
	b := s.db.NewBatch()
	b.Delete(uploadKey(bucket, key, seq), nil)
	for _, p := range parts {
		b.Delete(partKey(bucket, key, seq, p.Number), nil)
	}
	return parts, s.commit(b)
}
