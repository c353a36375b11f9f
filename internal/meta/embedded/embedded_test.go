package embedded

import (
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/meta/metatest"
)

// harness is a Store the conformance suite can reopen over the same
// directory.
type harness struct {
	*Store
	dir string
	o   Options
}

func openHarness(t *testing.T, o Options) *harness {
	t.Helper()
	if o.CacheBytes == 0 {
		o.CacheBytes = 8 << 20
	}
	h := &harness{dir: t.TempDir(), o: o}
	h.Store = mustOpen(t, h.dir, o)
	// Cleanups run last-registered first: this checks the final state
	// before the store closes.
	t.Cleanup(func() {
		if !h.Store.isClosed() {
			checkInvariants(t, h.Store)
		}
	})
	return h
}

func mustOpen(t *testing.T, dir string, o Options) *Store {
	t.Helper()
	s, err := Open(dir, o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func (h *harness) Reopen(t *testing.T) meta.Store {
	t.Helper()
	if err := h.Store.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	h.Store = mustOpen(t, h.dir, h.o)
	return h
}

func TestConformance(t *testing.T) {
	metatest.Run(t, func(t *testing.T) meta.Store { return openHarness(t, Options{}) })
}

func TestClock(t *testing.T) {
	metatest.RunClock(t, func(t *testing.T, now func() time.Time) meta.Store {
		return openHarness(t, Options{Now: now})
	})
}

func (s *Store) isClosed() bool {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	return s.closed
}
