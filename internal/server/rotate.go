package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/meta/embedded"
)

// RotationReport says what a master key rotation re-wrapped.
type RotationReport struct {
	OldKeys, NewKey     string
	Secrets, KMSKeys    int
	DataKeys            int
	PendingUploads      int // uploads whose data key still needs an old key
	OldKeysRetired      bool
	SkippedRetireReason string
}

// RotateMasterKey adds a new key to the master key file, re-wraps every
// stored value sealed by an older key (identity secrets, KMS key material,
// object data keys) without touching object data, and then removes the
// old keys from the file, unless keepOld is set or something still needs
// them. The server must be stopped: the metadata store is opened
// exclusively.
func RotateMasterKey(ctx context.Context, dataDir, keyFile, region string, keepOld bool, log *slog.Logger) (*RotationReport, error) {
	if keyFile == "" {
		keyFile = filepath.Join(dataDir, "master.key")
	}
	old, err := keys.Load(keyFile)
	if err != nil {
		return nil, fmt.Errorf("master key file: %w", err)
	}
	ms, err := embedded.Open(filepath.Join(dataDir, "meta"), embedded.Options{Logger: log})
	if err != nil {
		return nil, fmt.Errorf("metadata store (is the server still running?): %w", err)
	}
	defer ms.Close()
	m, err := keys.AddKey(keyFile)
	if err != nil {
		return nil, err
	}
	rep := &RotationReport{OldKeys: fmt.Sprint(old.IDs()), NewKey: m.ID()}
	if rep.Secrets, err = iam.RewrapSecrets(ctx, ms, m); err != nil {
		return rep, err
	}
	if rep.KMSKeys, err = keys.NewKeyring(ms, m, region).RewrapMaterial(ctx); err != nil {
		return rep, err
	}
	if rep.DataKeys, rep.PendingUploads, err = rewrapDataKeys(ctx, ms, m); err != nil {
		return rep, err
	}
	switch {
	case keepOld:
		rep.SkippedRetireReason = "--keep-old-keys"
	case rep.PendingUploads > 0:
		rep.SkippedRetireReason = "multipart uploads in progress still use an old key; complete or abort them and rotate again"
	default:
		if _, err := keys.RetireOld(keyFile); err != nil {
			return rep, err
		}
		rep.OldKeysRetired = true
	}
	return rep, nil
}

// rewrapDataKeys re-seals the SSE-S3 data keys of every version. Uploads in
// progress cannot be rewritten in place; they are counted instead.
func rewrapDataKeys(ctx context.Context, ms meta.Store, m *keys.Master) (versions, uploads int, err error) {
	after := ""
	for {
		bs, err := ms.ListBuckets(ctx, after, 1000)
		if err != nil {
			return versions, uploads, err
		}
		if len(bs) == 0 {
			return versions, uploads, nil
		}
		for _, b := range bs {
			n, err := rewrapBucket(ctx, ms, m, b.Name)
			versions += n
			if err != nil {
				return versions, uploads, err
			}
			it, err := ms.Uploads(ctx, b.Name, meta.ListQuery{})
			if err != nil && !errors.Is(err, meta.ErrNotFound) {
				return versions, uploads, err
			}
			if it != nil {
				for it.Next() {
					if e := it.Item().Encryption; e.Mode == "AES256" && keys.SealedBy(e.WrappedKey) != m.ID() {
						uploads++
					}
				}
				it.Close()
			}
		}
		after = bs[len(bs)-1].Name
	}
}

func rewrapBucket(ctx context.Context, ms meta.Store, m *keys.Master, bucket string) (int, error) {
	type ref struct{ key, version string }
	var todo []ref
	it, err := ms.Versions(ctx, bucket, meta.ListQuery{})
	if err != nil {
		return 0, err
	}
	for it.Next() {
		v := it.Item()
		if v.Encryption.Mode == "AES256" && keys.SealedBy(v.Encryption.WrappedKey) != m.ID() {
			todo = append(todo, ref{v.Key, v.VersionID})
		}
	}
	err = it.Err()
	it.Close()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range todo {
		err := ms.UpdateObject(ctx, bucket, r.key, func(tx meta.ObjectTx) error {
			v, err := tx.Get(r.version)
			if err != nil {
				return err
			}
			out, changed, err := m.Rewrap(v.Encryption.WrappedKey, engine.DataKeyAAD(v.Bucket, v.Key))
			if err != nil || !changed {
				return err
			}
			v.Encryption.WrappedKey, v.Encryption.KeyID = out, m.ID()
			return tx.Put(v, nil)
		})
		if err != nil {
			return n, fmt.Errorf("%s/%s (%s): %w", bucket, r.key, r.version, err)
		}
		n++
	}
	return n, nil
}
