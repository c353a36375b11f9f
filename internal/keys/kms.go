package keys

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/coffer-s3/coffer/internal/meta"
)

// Record namespaces of the KMS keyring.
const (
	nsKMSKey   = "kms.key"   // id: key id
	nsKMSAlias = "kms.alias" // id: account "/" alias name (with "alias/")
)

// KMS key states, as AWS names them.
const (
	KeyEnabled         = "Enabled"
	KeyDisabled        = "Disabled"
	KeyPendingDeletion = "PendingDeletion"
)

// KMSKey is a symmetric KMS key. Material holds its key material versions,
// oldest first; the newest encrypts, all decrypt.
type KMSKey struct {
	ID                 string     `json:"id"`
	Account            string     `json:"account"`
	Region             string     `json:"region"`
	Description        string     `json:"description,omitempty"`
	Created            time.Time  `json:"created"`
	State              string     `json:"state"`
	DeletionDate       time.Time  `json:"deletion_date,omitzero"`
	PendingWindowDays  int        `json:"pending_window_days,omitempty"`
	Manager            string     `json:"manager"` // CUSTOMER or AWS
	RotationEnabled    bool       `json:"rotation_enabled,omitempty"`
	RotationPeriodDays int        `json:"rotation_period_days,omitempty"`
	LastRotated        time.Time  `json:"last_rotated,omitzero"`
	Policy             string     `json:"policy"`
	Tags               []KeyTag   `json:"tags,omitempty"`
	Material           []Material `json:"material"`
}

// KeyTag is one tag on a KMS key.
type KeyTag struct {
	Key   string `json:"k"`
	Value string `json:"v"`
}

// Material is one version of a key's material, sealed by the master key.
type Material struct {
	Version int       `json:"version"`
	Sealed  []byte    `json:"sealed"`
	Created time.Time `json:"created"`
}

// ARN is the key's ARN.
func (k *KMSKey) ARN() string {
	return "arn:aws:kms:" + k.Region + ":" + k.Account + ":key/" + k.ID
}

// Alias names a KMS key within an account.
type Alias struct {
	Name    string    `json:"name"` // "alias/..."
	Account string    `json:"account"`
	KeyID   string    `json:"key_id"`
	Created time.Time `json:"created"`
}

// ErrNoKey means no such KMS key or alias.
var ErrNoKey = errors.New("keys: no such KMS key")

// Keyring stores KMS keys. Methods are safe for concurrent use; opened
// key material is cached per key and version.
type Keyring struct {
	store  meta.Store
	master *Master
	region string

	mu    sync.Mutex
	cache map[string]*openMaterial // keyID "#" version
}

// NewKeyring returns the keyring over store, sealing material with master.
func NewKeyring(store meta.Store, master *Master, region string) *Keyring {
	return &Keyring{store: store, master: master, region: region, cache: map[string]*openMaterial{}}
}

// NewKeyID returns a fresh key id in AWS's UUID form.
func NewKeyID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("keys: no randomness: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func materialAAD(keyID string, version int) []byte {
	return fmt.Appendf(nil, "kms.material:%s:%d", keyID, version)
}

func (r *Keyring) newMaterial(keyID string, version int, now time.Time) Material {
	raw := randomKey()
	return Material{Version: version, Sealed: r.master.Seal(raw, materialAAD(keyID, version)), Created: now.UTC()}
}

// Create stores a new enabled key with one material version.
func (r *Keyring) Create(ctx context.Context, k *KMSKey, now time.Time) error {
	if k.ID == "" {
		k.ID = NewKeyID()
	}
	k.Region = r.region
	k.Created = now.UTC()
	if k.State == "" {
		k.State = KeyEnabled
	}
	k.Material = []Material{r.newMaterial(k.ID, 1, now)}
	raw, err := json.Marshal(k)
	if err != nil {
		return err
	}
	return r.store.UpdateRecords(ctx, func(tx meta.RecordTx) error {
		return tx.Put(nsKMSKey, k.ID, raw)
	})
}

// Get returns a key by id (ErrNoKey).
func (r *Keyring) Get(ctx context.Context, id string) (*KMSKey, error) {
	raw, err := r.store.GetRecord(ctx, nsKMSKey, id)
	if errors.Is(err, meta.ErrNotFound) {
		return nil, ErrNoKey
	}
	if err != nil {
		return nil, err
	}
	var k KMSKey
	if err := json.Unmarshal(raw, &k); err != nil {
		return nil, err
	}
	return &k, nil
}

// List returns the keys of an account ("" for all), by id.
func (r *Keyring) List(ctx context.Context, account string) ([]*KMSKey, error) {
	it, err := r.store.Records(ctx, nsKMSKey, "")
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []*KMSKey
	for it.Next() {
		var k KMSKey
		if err := json.Unmarshal(it.Item().Value, &k); err != nil {
			return nil, err
		}
		if account == "" || k.Account == account {
			out = append(out, &k)
		}
	}
	return out, it.Err()
}

// Update changes a key atomically; fn gets a private copy.
func (r *Keyring) Update(ctx context.Context, id string, fn func(*KMSKey) error) (*KMSKey, error) {
	var out *KMSKey
	err := r.store.UpdateRecords(ctx, func(tx meta.RecordTx) error {
		raw, err := tx.Get(nsKMSKey, id)
		if errors.Is(err, meta.ErrNotFound) {
			return ErrNoKey
		}
		if err != nil {
			return err
		}
		var k KMSKey
		if err := json.Unmarshal(raw, &k); err != nil {
			return err
		}
		if err := fn(&k); err != nil {
			return err
		}
		if raw, err = json.Marshal(&k); err != nil {
			return err
		}
		out = &k
		return tx.Put(nsKMSKey, id, raw)
	})
	return out, err
}

// Delete removes a key and the aliases naming it (deletion after the
// pending window).
func (r *Keyring) Delete(ctx context.Context, k *KMSKey) error {
	aliases, err := r.Aliases(ctx, k.Account)
	if err != nil {
		return err
	}
	return r.store.UpdateRecords(ctx, func(tx meta.RecordTx) error {
		for _, a := range aliases {
			if a.KeyID == k.ID {
				if err := tx.Delete(nsKMSAlias, k.Account+"/"+a.Name); err != nil {
					return err
				}
			}
		}
		return tx.Delete(nsKMSKey, k.ID)
	})
}

// Rotate adds a new material version to a key; the old versions stay for
// decryption.
func (r *Keyring) Rotate(ctx context.Context, id string, now time.Time) (*KMSKey, error) {
	return r.Update(ctx, id, func(k *KMSKey) error {
		v := 1
		if n := len(k.Material); n > 0 {
			v = k.Material[n-1].Version + 1
		}
		k.Material = append(k.Material, r.newMaterial(k.ID, v, now))
		k.LastRotated = now.UTC()
		return nil
	})
}

// ErrAliasExists means CreateAlias named an alias already in use.
var ErrAliasExists = errors.New("keys: alias exists")

// PutAlias creates an alias (ErrAliasExists), or retargets it when
// replace is set.
func (r *Keyring) PutAlias(ctx context.Context, a *Alias, replace bool) error {
	raw, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return r.store.UpdateRecords(ctx, func(tx meta.RecordTx) error {
		id := a.Account + "/" + a.Name
		_, err := tx.Get(nsKMSAlias, id)
		switch {
		case err == nil && !replace:
			return ErrAliasExists
		case err != nil && !errors.Is(err, meta.ErrNotFound):
			return err
		}
		return tx.Put(nsKMSAlias, id, raw)
	})
}

// GetAlias returns an alias of an account (ErrNoKey).
func (r *Keyring) GetAlias(ctx context.Context, account, name string) (*Alias, error) {
	raw, err := r.store.GetRecord(ctx, nsKMSAlias, account+"/"+name)
	if errors.Is(err, meta.ErrNotFound) {
		return nil, ErrNoKey
	}
	if err != nil {
		return nil, err
	}
	var a Alias
	return &a, json.Unmarshal(raw, &a)
}

// DeleteAlias removes an alias (ErrNoKey when absent).
func (r *Keyring) DeleteAlias(ctx context.Context, account, name string) error {
	return r.store.UpdateRecords(ctx, func(tx meta.RecordTx) error {
		id := account + "/" + name
		if _, err := tx.Get(nsKMSAlias, id); errors.Is(err, meta.ErrNotFound) {
			return ErrNoKey
		} else if err != nil {
			return err
		}
		return tx.Delete(nsKMSAlias, id)
	})
}

// Aliases lists an account's aliases by name.
func (r *Keyring) Aliases(ctx context.Context, account string) ([]*Alias, error) {
	it, err := r.store.Records(ctx, nsKMSAlias, account+"/")
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []*Alias
	for it.Next() {
		var a Alias
		if err := json.Unmarshal(it.Item().Value, &a); err != nil {
			return nil, err
		}
		out = append(out, &a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, it.Err()
}

// RewrapMaterial re-seals every key's material with the master key ring's
// newest key; it returns how many versions changed.
func (r *Keyring) RewrapMaterial(ctx context.Context) (int, error) {
	ks, err := r.List(ctx, "")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, k := range ks {
		_, err := r.Update(ctx, k.ID, func(k *KMSKey) error {
			for i := range k.Material {
				m := &k.Material[i]
				out, changed, err := r.master.Rewrap(m.Sealed, materialAAD(k.ID, m.Version))
				if err != nil {
					return fmt.Errorf("kms key %s material %d: %w", k.ID, m.Version, err)
				}
				if changed {
					m.Sealed = out
					n++
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// IsAliasName reports whether s is an alias name ("alias/...").
func IsAliasName(s string) bool { return strings.HasPrefix(s, "alias/") }
