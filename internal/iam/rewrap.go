package iam

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/meta"
)

// RewrapSecrets re-seals every stored access key secret with the master key
// ring's newest key (master key rotation, run while the server is stopped).
// It returns how many secrets changed.
func RewrapSecrets(ctx context.Context, store meta.Store, m *keys.Master) (int, error) {
	n := 0
	err := store.UpdateRecords(ctx, func(tx meta.RecordTx) error {
		recs, err := tx.List(nsKey, "")
		if err != nil {
			return err
		}
		for _, r := range recs {
			var k accessKey
			if err := json.Unmarshal(r.Value, &k); err != nil {
				return fmt.Errorf("access key record %s: %w", r.ID, err)
			}
			out, changed, err := m.Rewrap(k.Secret, []byte("iam.accesskey:"+k.ID))
			if err != nil {
				return fmt.Errorf("access key %s: %w", k.ID, err)
			}
			if !changed {
				continue
			}
			k.Secret = out
			raw, err := json.Marshal(&k)
			if err != nil {
				return err
			}
			if err := tx.Put(nsKey, r.ID, raw); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
