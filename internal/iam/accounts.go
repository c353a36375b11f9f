package iam

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/coffer-s3/coffer/internal/meta"
)

// Record namespaces in the metadata store.
const (
	nsAccount = "iam.account"
	nsKey     = "iam.accesskey"
)

// Account is an AWS-style account and its root user.
type Account struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Email       string    `json:"email,omitempty"`
	DisplayName string    `json:"display_name,omitempty"`
	CanonicalID string    `json:"canonical_id"`
	Created     time.Time `json:"created"`
}

// ValidAccountID reports whether id has AWS's 12-digit form.
func ValidAccountID(id string) bool {
	if len(id) != 12 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return true
}

func newCanonicalID() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("iam: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

// Account returns an account by id.
func (s *Service) Account(ctx context.Context, id string) (*Account, error) {
	s.mu.RLock()
	a := s.accounts[id]
	s.mu.RUnlock()
	if a == nil {
		return nil, meta.ErrNotFound
	}
	return a, nil
}

// Accounts returns every account.
func (s *Service) Accounts() []*Account {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*Account, 0, len(s.accounts))
	for _, a := range s.accounts {
		out = append(out, a)
	}
	return out
}

// EnsureAccount creates the account and its root access key when missing,
// and never deletes or overwrites: applying the same accounts file at every
// start is idempotent. It reports whether anything was created.
func (s *Service) EnsureAccount(ctx context.Context, a Account, keyID, secret string) (bool, error) {
	if !ValidAccountID(a.ID) {
		return false, fmt.Errorf("iam: account id %q is not 12 digits", a.ID)
	}
	if keyID != "" {
		if err := validKeyPair(keyID, secret); err != nil {
			return false, err
		}
	}
	created := false
	err := s.store.UpdateRecords(ctx, func(tx meta.RecordTx) error {
		created = false
		if _, err := tx.Get(nsAccount, a.ID); errors.Is(err, meta.ErrNotFound) {
			a.CanonicalID = newCanonicalID()
			a.Created = s.now().UTC()
			raw, _ := json.Marshal(&a)
			if err := tx.Put(nsAccount, a.ID, raw); err != nil {
				return err
			}
			created = true
		} else if err != nil {
			return err
		}
		if keyID == "" {
			return nil
		}
		raw, err := tx.Get(nsKey, keyID)
		if err == nil {
			var k accessKey
			if err := json.Unmarshal(raw, &k); err != nil {
				return err
			}
			if k.Account != a.ID || k.User != "" {
				return fmt.Errorf("iam: access key %s already belongs to another identity", keyID)
			}
			return nil
		}
		if !errors.Is(err, meta.ErrNotFound) {
			return err
		}
		created = true
		return s.putKey(tx, &accessKey{ID: keyID, Account: a.ID, Status: KeyActive, Created: s.now().UTC()}, secret)
	})
	if err != nil {
		return false, err
	}
	return created, s.reload(ctx)
}
