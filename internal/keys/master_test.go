package keys

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadOrCreateAndSeal(t *testing.T) {
	p := filepath.Join(t.TempDir(), "k", "master.key")
	m, created, err := LoadOrCreate(p)
	if err != nil || !created {
		t.Fatal(err, created)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	m2, created, err := LoadOrCreate(p)
	if err != nil || created || m2.ID() != m.ID() {
		t.Fatal(err, created)
	}
	s := m.Seal([]byte("secret"), []byte("AKIA1"))
	if got, err := m2.Open(s, []byte("AKIA1")); err != nil || string(got) != "secret" {
		t.Fatal(got, err)
	}
	if _, err := m2.Open(s, []byte("AKIA2")); err == nil {
		t.Fatal("opened with the wrong aad")
	}
	s[len(s)-1] ^= 1
	if _, err := m2.Open(s, []byte("AKIA1")); err == nil {
		t.Fatal("opened a tampered value")
	}
	if err := os.WriteFile(p, []byte("junk\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreate(p); err == nil {
		t.Fatal("accepted a junk key file")
	}
}
