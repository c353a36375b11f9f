package metatest

import (
	"sync"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/meta"
)

// ClockOpener opens a fresh store whose clock is now.
type ClockOpener func(t *testing.T, now func() time.Time) meta.Store

// RunClock checks that version and upload ids stay unique and ordered
// whatever the clock does: frozen, going backwards, or behind the data
// after a restart (when the store implements Reopener).
func RunClock(t *testing.T, open ClockOpener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s meta.Store, c *clock)
	}{
		{"Frozen", testClockFrozen},
		{"Backwards", testClockBackwards},
		{"BehindAfterReopen", testClockBehindAfterReopen},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &clock{t: when(0)}
			tc.fn(t, open(t, c.now), c)
		})
	}
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// checkNewestFirst puts n versions of key, stepping the clock by step
// between puts, and checks the listing is the reverse of the put order.
func checkNewestFirst(t *testing.T, s meta.Store, c *clock, key string, n int, step time.Duration) []*meta.Version {
	t.Helper()
	var order []*meta.Version
	seen := map[string]bool{}
	for i := range n {
		k := real
		if i%4 == 3 {
			k = marker
		}
		v := put(t, s, "b", key, k, nil, nil)
		if seen[v.VersionID] {
			t.Fatalf("id %s issued twice", v.VersionID)
		}
		seen[v.VersionID] = true
		order = append(order, v)
		c.add(step)
	}
	want := make([]*meta.Version, 0, n)
	for i := len(order) - 1; i >= 0; i-- {
		want = append(want, order[i])
	}
	equalStrings(t, "Versions of "+key, versions(t, s, "b", meta.ListQuery{Prefix: key}), ids(want))
	if l := getVersion(t, s, "b", key, ""); l.VersionID != order[n-1].VersionID {
		t.Fatalf("latest = %s, want the last put %s", l.VersionID, order[n-1].VersionID)
	}
	return order
}

func testClockFrozen(t *testing.T, s meta.Store, c *clock) {
	mkBucket(t, s, "b")
	checkNewestFirst(t, s, c, "k", 30, 0)
	checkNewestFirst(t, s, c, "k2", 10, 0)
	ups := map[string]bool{}
	for range 10 {
		u := mkUpload(t, s, "b", "k")
		if ups[u.UploadID] {
			t.Fatalf("upload id %s issued twice", u.UploadID)
		}
		ups[u.UploadID] = true
	}
	if n := len(uploadIDs(t, s, meta.ListQuery{})); n != 10 {
		t.Fatalf("%d uploads listed, want 10", n)
	}
}

func testClockBackwards(t *testing.T, s meta.Store, c *clock) {
	mkBucket(t, s, "b")
	checkNewestFirst(t, s, c, "k", 30, -time.Second)
	c.add(-24 * time.Hour)
	checkNewestFirst(t, s, c, "k2", 5, -time.Millisecond)
	// A null write with the clock far behind is still the latest.
	n := put(t, s, "b", "k", null, nil, nil)
	if l := getVersion(t, s, "b", "k", ""); l.VersionID != n.VersionID {
		t.Fatalf("latest = %s, want the null version", l.VersionID)
	}
}

func testClockBehindAfterReopen(t *testing.T, s meta.Store, c *clock) {
	r, ok := s.(Reopener)
	if !ok {
		t.Skip("the store's harness cannot reopen it")
	}
	mkBucket(t, s, "b")
	first := checkNewestFirst(t, s, c, "k", 5, time.Hour)
	u1 := mkUpload(t, s, "b", "k")
	s = r.Reopen(t)
	c.add(-10 * time.Hour) // the clock is now behind every stored seq
	v := put(t, s, "b", "k", real, nil, nil)
	want := append([]*meta.Version{v}, reversed(first)...)
	equalStrings(t, "Versions after reopen", versions(t, s, "b", meta.ListQuery{}), ids(want))
	n := put(t, s, "b", "k", null, nil, nil)
	if l := getVersion(t, s, "b", "k", ""); l.VersionID != n.VersionID {
		t.Fatalf("latest = %s, want the null version", l.VersionID)
	}
	// Uploads created now must not collide with the stored one.
	c.add(10 * time.Hour)
	s = r.Reopen(t)
	u2 := mkUpload(t, s, "b", "k")
	if u2.UploadID == u1.UploadID {
		t.Fatal("upload id reused")
	}
	for _, u := range []*meta.Upload{u1, u2} {
		if _, err := s.GetUpload(t.Context(), "b", "k", u.UploadID); err != nil {
			t.Fatalf("upload %s: %v", u.UploadID, err)
		}
	}
}

func reversed(vs []*meta.Version) []*meta.Version {
	out := make([]*meta.Version, 0, len(vs))
	for i := len(vs) - 1; i >= 0; i-- {
		out = append(out, vs[i])
	}
	return out
}
