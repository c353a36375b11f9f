package iam

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/meta/embedded"
)

const (
	acct  = "111111111111"
	other = "222222222222"
)

type fixture struct {
	t      testing.TB
	s      *Service
	store  *embedded.Store
	master *keys.Master
	dir    string
	clock  time.Time
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: t.TempDir(), clock: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)}
	m, _, err := keys.LoadOrCreate(filepath.Join(f.dir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	f.master = m
	f.open()
	for _, a := range []string{acct, other} {
		if _, err := f.s.EnsureAccount(context.Background(), Account{ID: a, Name: a}, "AKIAROOT"+a, "root-secret-0123456789-"+a); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f *fixture) open() {
	f.t.Helper()
	st, err := embedded.Open(filepath.Join(f.dir, "meta"), embedded.Options{})
	if err != nil {
		f.t.Fatal(err)
	}
	f.store = st
	f.t.Cleanup(func() { st.Close() })
	s, err := New(context.Background(), st, f.master, func() time.Time { return f.clock })
	if err != nil {
		f.t.Fatal(err)
	}
	f.s = s
}

// reopen closes the store and loads the service afresh from disk.
func (f *fixture) reopen() {
	f.t.Helper()
	if err := f.store.Close(); err != nil {
		f.t.Fatal(err)
	}
	f.open()
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

var ctx = context.Background()

// wantErr checks an error's code and, if msg is not empty, its message.
func wantErr(t *testing.T, err error, code *apierr.Error, msg string) {
	t.Helper()
	var e *apierr.Error
	if !errors.As(err, &e) {
		t.Fatalf("want %s, got %v", code.Code, err)
	}
	if e.Code != code.Code || e.Status != code.Status {
		t.Fatalf("want %s (%d), got %s (%d): %s", code.Code, code.Status, e.Code, e.Status, e.Message)
	}
	if msg != "" && e.Message != msg {
		t.Fatalf("message\n got: %s\nwant: %s", e.Message, msg)
	}
}

const allowS3 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
const denyDelete = `{"Version":"2012-10-17","Statement":{"Sid":"NoDelete","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}}`

func trustAccount(a string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + a + `:root"},"Action":"sts:AssumeRole"}]}`
}
