package embedded

import (
	"context"
	"encoding/binary"
	"errors"

	"github.com/cockroachdb/pebble/v2"

	"github.com/coffer-s3/coffer/internal/meta"
)

var errNotInline = errors.New("embedded: version is not inline")

// GetVersion implements meta.Store.
func (s *Store) GetVersion(ctx context.Context, bucket, key, versionID string) (*meta.Version, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	if versionID == "" {
		return getVersion(s.db, latestKey(bucket, key))
	}
	v, _, err := readVersion(s.db, bucket, key, versionID)
	return v, err
}

// nullSeq reads the seq of the key's null version.
func nullSeq(r pebble.Reader, bucket, key string) (uint64, error) {
	v, err := get(r, nullKey(bucket, key))
	if err != nil {
		return 0, err
	}
	if len(v) != 8 {
		return 0, errors.New("embedded: corrupt null pointer")
	}
	return binary.BigEndian.Uint64(v), nil
}

// versionSeq resolves a version id to its sequence number.
func versionSeq(r pebble.Reader, bucket, key, versionID string) (uint64, error) {
	if versionID == meta.NullVersion {
		return nullSeq(r, bucket, key)
	}
	seq, err := parseID(versionID)
	if err != nil {
		return 0, meta.ErrNotFound
	}
	return seq, nil
}

// readVersion reads a version by id and returns it with its seq. The id
// must match the record, not only its seq: ids carry 64 random bits.
func readVersion(r pebble.Reader, bucket, key, versionID string) (*meta.Version, uint64, error) {
	seq, err := versionSeq(r, bucket, key, versionID)
	if err != nil {
		return nil, 0, err
	}
	v, err := getVersion(r, versionKey(pVersion, bucket, key, seq))
	if err != nil {
		return nil, 0, err
	}
	if v.VersionID != versionID {
		return nil, 0, meta.ErrNotFound
	}
	return v, seq, nil
}

// ReadInline implements meta.Store.
func (s *Store) ReadInline(ctx context.Context, v *meta.Version) ([]byte, error) {
	if !v.Inline {
		return nil, errNotInline
	}
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	data, err := get(s.db, versionKey(pData, v.Bucket, v.Key, v.Seq))
	if errors.Is(err, meta.ErrNotFound) && v.Size == 0 {
		// An empty inline object may have been stored without a data
		// record (Put with nil data).
		return []byte{}, nil
	}
	return data, err
}

// UpdateObject implements meta.Store. The bucket gate (shared) keeps
// DeleteBucket out; the key lock serialises read-modify-commit sections of
// one key. Commits of different keys proceed in parallel and share fsyncs.
func (s *Store) UpdateObject(ctx context.Context, bucket, key string, fn func(meta.ObjectTx) error) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	defer s.leave()
	if err := validName(bucket, key); err != nil {
		return err
	}
	gate := s.bucketGate(bucket)
	gate.RLock()
	defer gate.RUnlock()
	if s.cached(bucket) == nil {
		return meta.ErrNotFound
	}
	l := s.keyLock(bucket, key)
	l.Lock()
	defer l.Unlock()
	tx := &objectTx{s: s, bucket: bucket, key: key, b: s.db.NewIndexedBatch()}
	defer tx.b.Close()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.finish(); err != nil {
		return err
	}
	if tx.b.Empty() {
		return nil
	}
	return s.commit(tx.b)
}
