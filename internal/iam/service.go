package iam

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/meta"
)

// Service manages identities over the metadata store. Identities are read
// on every request, so they live in memory as immutable snapshots that
// readers load without locking; each change this process makes commits to
// the store and then publishes a new snapshot. The service assumes it is
// the only writer of its records.
type Service struct {
	store  meta.Store
	master *keys.Master
	now    func() time.Time
	aws    map[string]*ManagedPolicy // AWS managed policies, by lower-case name

	wmu  sync.Mutex // serializes writers
	snap atomic.Pointer[snapshot]

	lastUsed sync.Map // access key id -> keyUse
}

// New loads the identities from the store.
func New(ctx context.Context, store meta.Store, master *keys.Master, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	s := &Service{store: store, master: master, now: now, aws: awsManagedPolicies()}
	return s, s.reload(ctx)
}

func (s *Service) reload(ctx context.Context) error {
	snap, err := s.load(ctx)
	if err != nil {
		return err
	}
	s.snap.Store(snap)
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
