package control

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/meta/embedded"
)

func TestPAB(t *testing.T) {
	a := PAB{BlockPublicAcls: true}
	b := PAB{RestrictPublicBuckets: true}
	if got := a.Or(b); got != (PAB{BlockPublicAcls: true, RestrictPublicBuckets: true}) {
		t.Fatal(got)
	}
	if p, ok := DecodePAB(AllOn.Encode()); !ok || p != AllOn {
		t.Fatal(p, ok)
	}
	if _, ok := DecodePAB(nil); ok {
		t.Fatal("nothing stored decoded as a setting")
	}
	// An unreadable stored setting fails closed.
	if p, ok := DecodePAB([]byte("{")); !ok || p != AllOn {
		t.Fatal(p, ok)
	}
}

func TestValidName(t *testing.T) {
	for _, ok := range []string{"abc", "my-ap-1", strings.Repeat("a", 50)} {
		if !ValidName(ok) {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{"ab", strings.Repeat("a", 51), "Upper", "-lead", "trail-", "under_score", "x-s3alias", "a.b"} {
		if ValidName(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestAccessPointsPersistAndAliasesAreUnique(t *testing.T) {
	dir := t.TempDir()
	store, err := embedded.Open(dir, embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s, err := New(ctx, store, "us-east-1", time.Now)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("n", 50)
	ap, err := s.Create(ctx, CreateInput{Account: "111111111111", Name: long, Bucket: "b", BucketAccount: "111111111111"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ap.Alias) > 63 || !strings.HasSuffix(ap.Alias, "-s3alias") || ap.PAB != AllOn || ap.NetworkOrigin() != OriginInternet {
		t.Fatalf("%+v", ap)
	}
	if _, err := s.Create(ctx, CreateInput{Account: "111111111111", Name: long, Bucket: "b"}); err == nil {
		t.Fatal("duplicate name accepted")
	}
	if err := s.SetPolicy(ctx, "111111111111", long, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"`+ap.ARN()+`/object/*"}]}`); err != nil {
		t.Fatal(err)
	}
	if err := s.PutAccountPAB(ctx, "111111111111", &PAB{BlockPublicPolicy: true}); err != nil {
		t.Fatal(err)
	}
	store.Close()
	store, err = embedded.Open(dir, embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	s, err = New(ctx, store, "us-east-1", time.Now)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := s.ByAlias(ap.Alias)
	if !ok || got.Name != long || got.CompiledPolicy() == nil || !got.Public() {
		t.Fatalf("after reopen: %+v %v", got, ok)
	}
	if p, ok := s.AccountPAB("111111111111"); !ok || !p.BlockPublicPolicy {
		t.Fatal(p, ok)
	}
	if err := s.Delete(ctx, "111111111111", long); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.ByAlias(ap.Alias); ok {
		t.Fatal("alias outlived its access point")
	}
}
