package iam

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/meta"
)

// Service manages identities over the metadata store. Identity records are
// read on every request, so they are held in memory and reloaded after
// each change this process makes.
type Service struct {
	store  meta.Store
	master *keys.Master
	now    func() time.Time

	mu       sync.RWMutex
	accounts map[string]*Account
	keys     map[string]*accessKey
}

// New loads the identities from the store.
func New(ctx context.Context, store meta.Store, master *keys.Master, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	s := &Service{store: store, master: master, now: now}
	return s, s.reload(ctx)
}

func (s *Service) reload(ctx context.Context) error {
	accounts := map[string]*Account{}
	if err := eachRecord(ctx, s.store, nsAccount, func(raw []byte) error {
		var a Account
		if err := json.Unmarshal(raw, &a); err != nil {
			return err
		}
		accounts[a.ID] = &a
		return nil
	}); err != nil {
		return err
	}
	keyset := map[string]*accessKey{}
	if err := eachRecord(ctx, s.store, nsKey, func(raw []byte) error {
		var k accessKey
		if err := json.Unmarshal(raw, &k); err != nil {
			return err
		}
		keyset[k.ID] = &k
		return nil
	}); err != nil {
		return err
	}
	s.mu.Lock()
	s.accounts, s.keys = accounts, keyset
	s.mu.Unlock()
	return nil
}

func eachRecord(ctx context.Context, store meta.Store, ns string, fn func([]byte) error) error {
	it, err := store.Records(ctx, ns, "")
	if err != nil {
		return err
	}
	defer it.Close()
	for it.Next() {
		if err := fn(it.Item().Value); err != nil {
			return err
		}
	}
	return it.Err()
}
