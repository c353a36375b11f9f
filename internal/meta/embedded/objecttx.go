package embedded

import (
	"encoding/binary"
	"errors"

	"github.com/cockroachdb/pebble/v2"

	"github.com/coffer-s3/coffer/internal/meta"
)

var (
	errForeignVersion = errors.New("embedded: version does not belong to this key")
	errBadVersionID   = errors.New("embedded: version id does not match its sequence")
)

// objectTx buffers one key's mutations in an indexed batch, so its reads
// see its own writes. It tracks the key's latest version as mutations go,
// so the common Put needs no iterator; only deleting or displacing the
// latest makes it search the versions again (at most once, at the end).
type objectTx struct {
	s           *Store
	bucket, key string
	b           *pebble.Batch
	err         error // sticky read failure from NewVersion

	loaded    bool   // latestRaw and latestSeq reflect the transaction's view
	stale     bool   // the latest was removed: search again before use
	dirty     bool   // the L entry must be rewritten at commit
	latestRaw []byte // encoded newest version, nil when the key has none
	latestSeq uint64
}

func (t *objectTx) loadLatest() error {
	if t.stale {
		return t.findLatest()
	}
	if t.loaded {
		return nil
	}
	raw, err := get(t.b, latestKey(t.bucket, t.key))
	switch {
	case errors.Is(err, meta.ErrNotFound):
		t.latestRaw, t.latestSeq = nil, 0
	case err != nil:
		return err
	default:
		seq, err := meta.VersionSeq(raw)
		if err != nil {
			return err
		}
		t.latestRaw, t.latestSeq = raw, seq
	}
	t.loaded = true
	return nil
}

// findLatest reads the newest remaining version from the version records.
func (t *objectTx) findLatest() error {
	it, err := prefixIter(t.b, objPrefix(pVersion, t.bucket, t.key))
	if err != nil {
		return err
	}
	defer it.Close()
	t.latestRaw, t.latestSeq = nil, 0
	if it.First() {
		k := it.Key()
		t.latestRaw = append([]byte(nil), it.Value()...)
		t.latestSeq = ^binary.BigEndian.Uint64(k[len(k)-8:])
	}
	if err := it.Error(); err != nil {
		return err
	}
	t.loaded, t.stale = true, false
	return nil
}

func (t *objectTx) Latest() (*meta.Version, error) {
	if err := t.loadLatest(); err != nil {
		return nil, err
	}
	if t.latestRaw == nil {
		return nil, meta.ErrNotFound
	}
	return meta.DecodeVersion(t.latestRaw)
}

func (t *objectTx) Get(versionID string) (*meta.Version, error) {
	v, _, err := readVersion(t.b, t.bucket, t.key, versionID)
	return v, err
}

func (t *objectTx) NewVersion() (uint64, string) {
	if err := t.loadLatest(); err != nil && t.err == nil {
		// The interface has no error here: fail the commit instead.
		t.err = err
	}
	seq := t.s.nextSeq(t.latestSeq)
	return seq, t.s.newID(seq)
}

func (t *objectTx) Put(v *meta.Version, inline []byte) error {
	if v.Bucket != t.bucket || v.Key != t.key || v.Seq == 0 {
		return errForeignVersion
	}
	if err := t.loadLatest(); err != nil {
		return err
	}
	if v.VersionID == meta.NullVersion {
		// At most one null version per key: drop the previous one.
		old, err := nullSeq(t.b, t.bucket, t.key)
		switch {
		case err == nil && old != v.Seq:
			if err := t.deleteSeq(old); err != nil {
				return err
			}
			if old == t.latestSeq && v.Seq < old {
				t.stale, t.dirty = true, true
			}
		case err != nil && !errors.Is(err, meta.ErrNotFound):
			return err
		}
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], v.Seq)
		if err := t.b.Set(nullKey(t.bucket, t.key), b[:], nil); err != nil {
			return err
		}
	} else if seq, err := parseID(v.VersionID); err != nil || seq != v.Seq {
		return errBadVersionID
	}
	raw := meta.EncodeVersion(nil, v)
	if err := t.b.Set(versionKey(pVersion, t.bucket, t.key, v.Seq), raw, nil); err != nil {
		return err
	}
	var err error
	switch dk := versionKey(pData, t.bucket, t.key, v.Seq); {
	case inline != nil:
		err = t.b.Set(dk, inline, nil)
	case !v.Inline:
		err = t.b.Delete(dk, nil)
	}
	if err != nil {
		return err
	}
	if !t.stale && (t.latestRaw == nil || v.Seq >= t.latestSeq) {
		t.latestRaw, t.latestSeq, t.dirty = raw, v.Seq, true
	}
	return nil
}

func (t *objectTx) deleteSeq(seq uint64) error {
	if err := t.b.Delete(versionKey(pVersion, t.bucket, t.key, seq), nil); err != nil {
		return err
	}
	return t.b.Delete(versionKey(pData, t.bucket, t.key, seq), nil)
}

func (t *objectTx) Delete(versionID string) error {
	_, seq, err := readVersion(t.b, t.bucket, t.key, versionID)
	if err != nil {
		return err
	}
	if err := t.loadLatest(); err != nil {
		return err
	}
	if versionID == meta.NullVersion {
		if err := t.b.Delete(nullKey(t.bucket, t.key), nil); err != nil {
			return err
		}
	}
	if err := t.deleteSeq(seq); err != nil {
		return err
	}
	if seq == t.latestSeq {
		t.stale, t.dirty = true, true
	}
	return nil
}

func (t *objectTx) TakeUpload(uploadID string) (*meta.Upload, []*meta.Part, error) {
	u, seq, err := readUpload(t.b, t.bucket, t.key, uploadID)
	if err != nil {
		return nil, nil, err
	}
	parts, err := allParts(t.b, t.bucket, t.key, seq)
	if err != nil {
		return nil, nil, err
	}
	if err := deleteUpload(t.b, t.bucket, t.key, seq, parts); err != nil {
		return nil, nil, err
	}
	return u, parts, nil
}

// finish writes the latest-version entry if the transaction changed it.
func (t *objectTx) finish() error {
	if t.err != nil || !t.dirty {
		return t.err
	}
	if t.stale {
		if err := t.findLatest(); err != nil {
			return err
		}
	}
	if t.latestRaw == nil {
		return t.b.Delete(latestKey(t.bucket, t.key), nil)
	}
	return t.b.Set(latestKey(t.bucket, t.key), t.latestRaw, nil)
}
