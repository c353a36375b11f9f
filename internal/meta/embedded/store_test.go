package embedded

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/coffer-s3/coffer/internal/meta"
)

func TestReopenAfterClose(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s := mustOpen(t, dir, Options{CacheBytes: 8 << 20})
	if _, err := Open(dir, Options{}); err == nil {
		t.Fatal("a second Open of a directory in use succeeded")
	}
	if err := s.CreateBucket(ctx, &meta.Bucket{Name: "b", Owner: "o"}); err != nil {
		t.Fatal(err)
	}
	var id string
	err := s.UpdateObject(ctx, "b", "k", func(tx meta.ObjectTx) error {
		seq, vid := tx.NewVersion()
		id = vid
		return tx.Put(&meta.Version{Bucket: "b", Key: "k", VersionID: vid, Seq: seq, Size: 3, Inline: true}, []byte("abc"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := s.GetBucket(ctx, "b"); !errors.Is(err, meta.ErrClosed) {
		t.Fatalf("GetBucket after Close: %v", err)
	}
	for range 2 {
		s = mustOpen(t, dir, Options{CacheBytes: 8 << 20})
		v, err := s.GetVersion(ctx, "b", "k", "")
		if err != nil || v.VersionID != id {
			t.Fatalf("after reopen: %v, %v", v, err)
		}
		if d, err := s.ReadInline(ctx, v); err != nil || !bytes.Equal(d, []byte("abc")) {
			t.Fatalf("inline after reopen: %q, %v", d, err)
		}
		checkInvariants(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// Close waits for an update in flight instead of pulling Pebble from
// under it.
func TestCloseWaitsForCalls(t *testing.T) {
	s := mustOpen(t, t.TempDir(), Options{CacheBytes: 8 << 20})
	ctx := context.Background()
	if err := s.CreateBucket(ctx, &meta.Bucket{Name: "b"}); err != nil {
		t.Fatal(err)
	}
	inFn, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		done <- s.UpdateObject(ctx, "b", "k", func(tx meta.ObjectTx) error {
			close(inFn)
			<-release
			seq, id := tx.NewVersion()
			return tx.Put(&meta.Version{Bucket: "b", Key: "k", VersionID: id, Seq: seq}, nil)
		})
	}()
	<-inFn
	closed := make(chan error)
	go func() { closed <- s.Close() }()
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("update in flight: %v", err)
	}
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
}
