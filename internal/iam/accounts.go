package iam

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
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
	a := s.snap.Load().accounts[id]
	if a == nil {
		return nil, meta.ErrNotFound
	}
	return a, nil
}

// Accounts returns every account, by id.
func (s *Service) Accounts() []*Account {
	snap := s.snap.Load()
	out := make([]*Account, 0, len(snap.accounts))
	for _, a := range snap.accounts {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
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
	err := s.update(ctx, func(w *writer) error {
		if w.next.accounts[a.ID] == nil {
			a.CanonicalID = newCanonicalID()
			a.Created = w.now
			acct := a
			w.putAccount(&acct)
			created = true
		}
		if keyID == "" {
			return nil
		}
		if k := w.next.keys[keyID]; k != nil {
			if k.Account != a.ID || k.User != "" {
				return fmt.Errorf("iam: access key %s already belongs to another identity", keyID)
			}
			return nil
		}
		created = true
		w.putKeyRecord(s.sealKey(&accessKey{ID: keyID, Account: a.ID, Status: KeyActive, Created: w.now}, secret))
		return nil
	})
	return created, err
}
