package sts

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/keys"
)

func master(t *testing.T) *keys.Master {
	m, _, err := keys.LoadOrCreate(filepath.Join(t.TempDir(), "mk"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTokenRoundTripAndTamper(t *testing.T) {
	m := master(t)
	c := &claims{AccessKeyID: "ASIAEXAMPLE", Secret: "s", Account: "111111111111", Kind: "role",
		ARN: "arn:aws:sts::111111111111:assumed-role/r/s", Expires: time.Now().Add(time.Hour).Unix()}
	tok, err := seal(m, c)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(tok, "ASIAEXAMPLE") || strings.Contains(tok, "111111111111") {
		t.Fatal("token leaks its claims")
	}
	got, err := open(m, tok)
	if err != nil || got.ARN != c.ARN || got.Secret != "s" {
		t.Fatal(got, err)
	}
	// Any altered character, another key, or a foreign prefix fails.
	b := []byte(tok)
	b[len(b)-5] ^= 1
	if _, err := open(m, string(b)); err == nil {
		t.Fatal("altered token opened")
	}
	if _, err := open(master(t), tok); err == nil {
		t.Fatal("token opened with another master key")
	}
	if _, err := open(m, "FQoGZXIvYXdzE"+tok); err == nil {
		t.Fatal("foreign token opened")
	}
	if c.expired(time.Now()) || !c.expired(time.Now().Add(2*time.Hour)) {
		t.Fatal("expiry")
	}
}

func TestSessionNames(t *testing.T) {
	for _, ok := range []string{"ab", "alice@example.com", "a_b-c=d,e.f+g"} {
		if err := validSessionName(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"a", strings.Repeat("x", 65), "a b", "a/b"} {
		if err := validSessionName(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestOpenRejectsExpiredAndForeignTokens(t *testing.T) {
	m := master(t)
	now := time.Unix(1_800_000_000, 0)
	s := New(Options{Master: m, Now: func() time.Time { return now }})
	tok, err := seal(m, &claims{AccessKeyID: "ASIA1", Secret: "s", Account: "111111111111", Kind: "root", Expires: now.Unix() - 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(nil, "ASIA1", tok); err == nil || !strings.Contains(err.Error(), "ExpiredToken") {
		t.Fatalf("expired token: %v", err)
	}
	if _, err := s.Open(nil, "ASIA2", tok); err == nil || !strings.Contains(err.Error(), "InvalidToken") {
		t.Fatalf("token presented with another key id: %v", err)
	}
}
