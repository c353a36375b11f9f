package keys

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/meta/embedded"
)

func newTestKeyring(t *testing.T) (*Keyring, string) {
	t.Helper()
	dir := t.TempDir()
	kf := filepath.Join(dir, "master.key")
	m, _, err := LoadOrCreate(kf)
	if err != nil {
		t.Fatal(err)
	}
	st, err := embedded.Open(filepath.Join(dir, "meta"), embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return NewKeyring(st, m, "us-east-1"), kf
}

func TestKeyringLifecycle(t *testing.T) {
	ctx := context.Background()
	r, kf := newTestKeyring(t)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	k := &KMSKey{Account: "111111111111", Manager: "CUSTOMER", Policy: "{}"}
	if err := r.Create(ctx, k, now); err != nil {
		t.Fatal(err)
	}
	if len(k.ID) != 36 || k.ARN() != "arn:aws:kms:us-east-1:111111111111:key/"+k.ID {
		t.Fatal(k.ID, k.ARN())
	}
	ec := map[string]string{"aws:s3:arn": "arn:aws:s3:::b/k"}
	blob, err := r.Encrypt(k, []byte("data key"), ec)
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := CiphertextKeyID(blob); id != k.ID {
		t.Fatal("blob names", id)
	}
	if pt, err := r.Decrypt(k, blob, ec); err != nil || string(pt) != "data key" {
		t.Fatal(err)
	}
	for name, other := range map[string]map[string]string{
		"no context":    nil,
		"other value":   {"aws:s3:arn": "arn:aws:s3:::b/x"},
		"extra pair":    {"aws:s3:arn": "arn:aws:s3:::b/k", "a": "b"},
		"shifted split": {"aws:s3:arn": "arn:aws:s3:::b/", "k": ""},
	} {
		if _, err := r.Decrypt(k, blob, other); err == nil {
			t.Errorf("%s: decrypted under another context", name)
		}
	}
	// Rotation keeps old material; new blobs use the new version.
	k2, err := r.Rotate(ctx, k.ID, now.Add(time.Hour))
	if err != nil || len(k2.Material) != 2 {
		t.Fatal(err)
	}
	if pt, err := r.Decrypt(k2, blob, ec); err != nil || string(pt) != "data key" {
		t.Fatal("old blob after rotation", err)
	}
	blob2, _ := r.Encrypt(k2, []byte("x"), nil)
	if bytes.Equal(blob2[37:41], blob[37:41]) {
		t.Fatal("rotation did not change the material version")
	}
	// Master key rotation re-wraps the material.
	m2, err := AddKey(kf)
	if err != nil {
		t.Fatal(err)
	}
	r.master = m2
	if n, err := r.RewrapMaterial(ctx); err != nil || n != 2 {
		t.Fatal(n, err)
	}
	m3, _ := RetireOld(kf)
	r2 := NewKeyring(r.store, m3, "us-east-1")
	k3, _ := r2.Get(ctx, k.ID)
	if pt, err := r2.Decrypt(k3, blob, ec); err != nil || string(pt) != "data key" {
		t.Fatal("after master rotation", err)
	}
	// Aliases.
	a := &Alias{Name: "alias/app", Account: k.Account, KeyID: k.ID, Created: now}
	if err := r.PutAlias(ctx, a, false); err != nil {
		t.Fatal(err)
	}
	if err := r.PutAlias(ctx, a, false); err != ErrAliasExists {
		t.Fatal("duplicate alias", err)
	}
	if got, err := r.GetAlias(ctx, k.Account, "alias/app"); err != nil || got.KeyID != k.ID {
		t.Fatal(err)
	}
	if err := r.Delete(ctx, k3); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Get(ctx, k.ID); err != ErrNoKey {
		t.Fatal("deleted key still there", err)
	}
	if as, _ := r.Aliases(ctx, k.Account); len(as) != 0 {
		t.Fatal("alias of a deleted key survives")
	}
}
