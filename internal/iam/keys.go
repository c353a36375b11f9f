package iam

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
)

// Access key states.
const (
	KeyActive   = "Active"
	KeyInactive = "Inactive"
)

// accessKey is the stored form of an access key; the secret is sealed with
// the master key, bound to the key id.
type accessKey struct {
	ID      string    `json:"id"`
	Account string    `json:"account"`
	User    string    `json:"user,omitempty"` // "" for the root user
	Status  string    `json:"status"`
	Created time.Time `json:"created"`
	Secret  []byte    `json:"secret_sealed"`
}

// Credential is a verified-usable access key: who it belongs to and its
// secret. It stays in memory only.
type Credential struct {
	Principal Principal
	Secret    string
	Active    bool
}

func validKeyPair(id, secret string) error {
	if len(id) < 16 || len(id) > 128 || strings.ContainsAny(id, " /:") {
		return fmt.Errorf("iam: access key id %q must be 16 to 128 characters without spaces, '/' or ':'", id)
	}
	if len(secret) < 16 || len(secret) > 128 {
		return errors.New("iam: secret access keys must be 16 to 128 characters")
	}
	return nil
}

func (s *Service) putKey(tx meta.RecordTx, k *accessKey, secret string) error {
	k.Secret = s.master.Seal([]byte(secret), []byte("iam.accesskey:"+k.ID))
	raw, err := json.Marshal(k)
	if err != nil {
		return err
	}
	return tx.Put(nsKey, k.ID, raw)
}

// NewKeyPair makes a fresh access key id (AKIA + 16 characters, as AWS) and
// a 40-character secret.
func NewKeyPair() (id, secret string) {
	const idChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	const secretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	return "AKIA" + randomString(16, idChars), randomString(40, secretChars)
}

func randomString(n int, alphabet string) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("iam: no randomness: " + err.Error())
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// LookupKey returns the credential of an access key id; meta.ErrNotFound
// when unknown. The secret is opened from its sealed form.
func (s *Service) LookupKey(ctx context.Context, id string) (*Credential, error) {
	s.mu.RLock()
	k := s.keys[id]
	var acct *Account
	if k != nil {
		acct = s.accounts[k.Account]
	}
	s.mu.RUnlock()
	if k == nil || acct == nil {
		return nil, meta.ErrNotFound
	}
	secret, err := s.master.Open(k.Secret, []byte("iam.accesskey:"+k.ID))
	if err != nil {
		return nil, fmt.Errorf("iam: access key %s: %w", id, err)
	}
	p := Principal{Principal: policy.Principal{Type: policy.Root, Account: k.Account, ARN: "arn:aws:iam::" + k.Account + ":root",
		UserID: k.Account, CanonicalID: acct.CanonicalID}, AccessKey: k.ID}
	return &Credential{Principal: p, Secret: string(secret), Active: k.Status == KeyActive}, nil
}
