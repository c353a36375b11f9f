package iam

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
)

// Access key states.
const (
	KeyActive   = "Active"
	KeyInactive = "Inactive"
)

// MaxKeysPerUser is IAM's AccessKeysPerUser quota (the root user too).
const MaxKeysPerUser = 2

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
// secret. It stays in memory only. LookupKey shares one Credential per key
// and generation between requests: callers must not modify it.
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

// sealKey seals secret into k.
func (s *Service) sealKey(k *accessKey, secret string) *accessKey {
	k.Secret = s.master.Seal([]byte(secret), []byte("iam.accesskey:"+k.ID))
	return k
}

// NewKeyPair makes a fresh access key id (AKIA + 16 characters, as AWS) and
// a 40-character secret.
func NewKeyPair() (id, secret string) {
	const idChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	const secretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	return "AKIA" + randomString(16, idChars), randomString(40, secretChars)
}

// randomString draws n characters uniformly from alphabet (whose length
// divides 256, so no modulo bias).
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

func rootPrincipal(a *Account) Principal {
	return Principal{Principal: policy.Principal{Type: policy.Root, Account: a.ID, ARN: "arn:aws:iam::" + a.ID + ":root",
		UserID: a.ID, CanonicalID: a.CanonicalID}}
}

func userPrincipal(a *Account, u *User) Principal {
	return Principal{Principal: policy.Principal{Type: policy.IAMUser, Account: a.ID, ARN: u.ARN(), UserID: u.ID,
		Username: u.Name, CanonicalID: a.CanonicalID, HasBoundary: u.Boundary != ""}}
}

// LookupKey returns the credential of an access key id: the root user's
// or an IAM user's. meta.ErrNotFound when unknown or deleted. It reads the
// current snapshot without locking and opens each sealed secret once.
func (s *Service) LookupKey(ctx context.Context, id string) (*Credential, error) {
	e := s.snap.Load().keyIndex[id]
	if e == nil {
		return nil, meta.ErrNotFound
	}
	e.once.Do(func() {
		secret, err := e.secret.open(s.master, e.key.ID)
		if err != nil {
			e.err = fmt.Errorf("iam: access key %s: %w", id, err)
			return
		}
		e.cred = &Credential{Principal: e.principal, Secret: secret, Active: e.key.Status == KeyActive}
	})
	return e.cred, e.err
}

// keyUse is a key's last use.
type keyUse struct {
	at              time.Time
	service, region string
}

// NoteKeyUsed records that a key authenticated a request (for
// GetAccessKeyLastUsed). It is kept in memory only: persisting it would
// put a store write on every request.
func (s *Service) NoteKeyUsed(id, service, region string, at time.Time) {
	s.lastUsed.Store(id, keyUse{at: at.UTC().Truncate(time.Second), service: service, region: region})
}

func (s *Service) keyInfo(k *accessKey) AccessKey {
	out := AccessKey{ID: k.ID, Account: k.Account, User: k.User, Status: k.Status, Created: k.Created}
	if v, ok := s.lastUsed.Load(k.ID); ok {
		u := v.(keyUse)
		out.LastUsed, out.LastService, out.LastRegion = u.at, u.service, u.region
	}
	return out
}

func noSuchKey(id string) error {
	return apierr.NoSuchEntity.WithMessage("The Access Key with id " + id + " cannot be found.")
}

// keyOwner resolves the user whose keys are managed: "" is the root user.
func keyOwner(d *directory, user string) (string, error) {
	if user == "" {
		return "", nil
	}
	u := d.users[lower(user)]
	if u == nil {
		return "", noSuchUser(user)
	}
	return u.Name, nil
}

// CreateAccessKey makes a new active key for a user ("" for the account's
// root user, which AWS lets manage its own keys) and returns its secret,
// which is shown only now.
func (s *Service) CreateAccessKey(ctx context.Context, account, user string) (AccessKey, string, error) {
	var out AccessKey
	var secret string
	err := s.update(ctx, func(w *writer) error {
		if w.next.accounts[account] == nil {
			return noSuchUser(user)
		}
		d := w.view(account)
		owner, err := keyOwner(d, user)
		if err != nil {
			return err
		}
		if len(d.userKeys[lower(owner)]) >= MaxKeysPerUser {
			return policy.QuotaExceeded("AccessKeysPerUser", MaxKeysPerUser)
		}
		var id string
		for {
			id, secret = NewKeyPair()
			if w.next.keys[id] == nil {
				break
			}
		}
		k := s.sealKey(&accessKey{ID: id, Account: account, User: owner, Status: KeyActive, Created: w.now}, secret)
		w.putKeyRecord(k)
		out = s.keyInfo(k)
		return nil
	})
	return out, secret, err
}

// ListAccessKeys lists a user's keys ("" for root), oldest first.
func (s *Service) ListAccessKeys(ctx context.Context, account, user string) ([]AccessKey, error) {
	d := s.snap.Load().dir(account)
	owner, err := keyOwner(d, user)
	if err != nil {
		return nil, err
	}
	ks := d.userKeys[lower(owner)]
	out := make([]AccessKey, len(ks))
	for i, k := range ks {
		out[i] = s.keyInfo(k)
	}
	return out, nil
}

// findKey returns a key of the user ("" root) in the account.
func findKey(w *writer, account, user, id string) (*accessKey, error) {
	owner, err := keyOwner(w.view(account), user)
	if err != nil {
		return nil, err
	}
	k := w.next.keys[id]
	if k == nil || k.Account != account || lower(k.User) != lower(owner) {
		return nil, noSuchKey(id)
	}
	return k, nil
}

// UpdateAccessKey sets a key's status (Active or Inactive).
func (s *Service) UpdateAccessKey(ctx context.Context, account, user, id, status string) error {
	if status != KeyActive && status != KeyInactive {
		return apierr.Validation("status", status, "Member must satisfy enum value set: [Active, Inactive]")
	}
	return s.update(ctx, func(w *writer) error {
		k, err := findKey(w, account, user, id)
		if err != nil || k.Status == status {
			return err
		}
		c := *k
		c.Status = status
		w.putKeyRecord(&c)
		return nil
	})
}

// DeleteAccessKey deletes a key: it stops authenticating at once.
func (s *Service) DeleteAccessKey(ctx context.Context, account, user, id string) error {
	return s.update(ctx, func(w *writer) error {
		k, err := findKey(w, account, user, id)
		if err != nil {
			return err
		}
		w.deleteKey(k)
		s.lastUsed.Delete(id)
		return nil
	})
}

// AccessKeyInfo describes a key of the account by id (GetAccessKeyLastUsed).
func (s *Service) AccessKeyInfo(ctx context.Context, account, id string) (AccessKey, error) {
	k := s.snap.Load().keys[id]
	if k == nil || k.Account != account {
		return AccessKey{}, noSuchKey(id)
	}
	return s.keyInfo(k), nil
}
