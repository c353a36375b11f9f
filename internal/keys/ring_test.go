package keys

import (
	"path/filepath"
	"testing"
)

func TestRingRotation(t *testing.T) {
	p := filepath.Join(t.TempDir(), "master.key")
	m1, _, err := LoadOrCreate(p)
	if err != nil {
		t.Fatal(err)
	}
	old := m1.Seal([]byte("secret"), []byte("a"))
	m2, err := AddKey(p)
	if err != nil {
		t.Fatal(err)
	}
	if m2.ID() == m1.ID() || len(m2.IDs()) != 2 || m2.IDs()[0] != m1.ID() {
		t.Fatalf("ids %v", m2.IDs())
	}
	if got, err := m2.Open(old, []byte("a")); err != nil || string(got) != "secret" {
		t.Fatal("old value does not open with the ring", err)
	}
	nw := m2.Seal([]byte("x"), nil)
	if SealedBy(nw) != m2.ID() {
		t.Fatal("newest key does not seal")
	}
	re, changed, err := m2.Rewrap(old, []byte("a"))
	if err != nil || !changed || SealedBy(re) != m2.ID() {
		t.Fatal("rewrap", err, changed)
	}
	if _, changed, _ := m2.Rewrap(re, []byte("a")); changed {
		t.Fatal("rewrap of a current value changed it")
	}
	if _, _, err := m2.Rewrap(old, []byte("b")); err == nil {
		t.Fatal("rewrap ignored aad")
	}
	m3, err := RetireOld(p)
	if err != nil || len(m3.IDs()) != 1 || m3.ID() != m2.ID() {
		t.Fatal("retire", err)
	}
	if _, err := m3.Open(old, []byte("a")); err == nil {
		t.Fatal("retired key still opens")
	}
	if got, err := m3.Open(re, []byte("a")); err != nil || string(got) != "secret" {
		t.Fatal("rewrapped value lost", err)
	}
	reloaded, _, err := LoadOrCreate(p)
	if err != nil || reloaded.ID() != m3.ID() {
		t.Fatal(err)
	}
}
