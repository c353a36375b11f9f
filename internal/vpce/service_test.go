package vpce

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/meta/embedded"
	"github.com/coffer-s3/coffer/internal/netcfg"
	"github.com/coffer-s3/coffer/internal/policy"
)

const (
	ifaceID = "vpce-0123456789abcdef0"
	gwID    = "vpce-0fedcba9876543210"
)

func cfgWith(t *testing.T, ifacePolicy string) *netcfg.Config {
	t.Helper()
	pol := ""
	if ifacePolicy != "" {
		pol = `,"policy":` + ifacePolicy
	}
	c, err := netcfg.Parse([]byte(`{"vpcs":[{"id":"vpc-0a1b2c3d","cidrs":["127.0.10.0/24"]}],"endpoints":[
	 {"id":"` + ifaceID + `","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Interface","listen":"127.0.10.1:9100"` + pol + `},
	 {"id":"` + gwID + `","vpc":"vpc-0a1b2c3d","owner":"222222222222","type":"Gateway"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const (
	onlyA = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::a","arn:aws:s3:::a/*"]}]}`
	onlyB = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]}`
)

func allows(p *policy.Policy, resource string) bool {
	if p == nil {
		return true
	}
	pc := policy.NewContext()
	return p.Evaluate(&policy.Request{Principal: &policy.Principal{Type: policy.Anonymous}, Action: policy.NewAction("s3:GetObject"),
		Resource: policy.NewResource(resource), Context: pc}).Allowed
}

func open(t *testing.T, dir string, cfg *netcfg.Config) (*Service, func()) {
	t.Helper()
	st, err := embedded.Open(dir, embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s, err := New(context.Background(), Options{Store: st, Now: func() time.Time { return now }}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, func() { st.Close() }
}

func TestPolicyPrecedence(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, done := open(t, dir, cfgWith(t, onlyA))
	st := s.Current()
	if !allows(st.Policy(ifaceID), "arn:aws:s3:::a/k") || allows(st.Policy(ifaceID), "arn:aws:s3:::b/k") {
		t.Fatal("file policy not in force")
	}
	if st.Policy(gwID) != nil {
		t.Fatal("gateway without policy must be full access")
	}

	// The API's policy wins over the file's.
	if err := s.SetPolicy(ctx, "111111111111", ifaceID, []byte(onlyB), false); err != nil {
		t.Fatal(err)
	}
	if p := s.Current().Policy(ifaceID); allows(p, "arn:aws:s3:::a/k") || !allows(p, "arn:aws:s3:::b/k") {
		t.Fatal("API policy not in force")
	}
	// ... across a reload with the same file policy (reformatted) ...
	if err := s.Apply(ctx, cfgWith(t, strings.ReplaceAll(onlyA, ",", " , "))); err != nil {
		t.Fatal(err)
	}
	if !allows(s.Current().Policy(ifaceID), "arn:aws:s3:::b/k") {
		t.Fatal("API policy lost on a reload that did not change the file's policy")
	}
	// ... and across a restart.
	done()
	s, done = open(t, dir, cfgWith(t, onlyA))
	if !allows(s.Current().Policy(ifaceID), "arn:aws:s3:::b/k") {
		t.Fatal("API policy lost on restart")
	}
	infos := s.Current().Describe("111111111111")
	if len(infos) != 1 || infos[0].PolicyDoc != onlyB || infos[0].Created.IsZero() {
		t.Fatalf("describe: %+v", infos)
	}
	// A changed file policy replaces it.
	if err := s.Apply(ctx, cfgWith(t, `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`)); err != nil {
		t.Fatal(err)
	}
	if !allows(s.Current().Policy(ifaceID), "arn:aws:s3:::a/k") {
		t.Fatal("changed file policy did not replace the API's")
	}
	// Reset restores full access, even against the file's policy.
	if err := s.SetPolicy(ctx, "111111111111", ifaceID, nil, true); err != nil {
		t.Fatal(err)
	}
	if s.Current().Policy(ifaceID) != nil || s.Current().Describe("111111111111")[0].PolicyDoc != DefaultPolicy {
		t.Fatal("reset did not restore full access")
	}
	done()
}

func TestSetPolicyErrors(t *testing.T) {
	s, done := open(t, t.TempDir(), cfgWith(t, ""))
	defer done()
	ctx := context.Background()
	if err := s.SetPolicy(ctx, "222222222222", ifaceID, []byte(onlyA), false); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other account's endpoint: %v", err)
	}
	if err := s.SetPolicy(ctx, "111111111111", "vpce-00000000000000000", []byte(onlyA), false); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown endpoint: %v", err)
	}
	if err := s.SetPolicy(ctx, "111111111111", ifaceID, []byte(`{"Statement":[]}`), false); err == nil || !strings.Contains(err.Error(), "MalformedPolicyDocument") {
		t.Fatalf("malformed policy: %v", err)
	}
}

func TestAttributionAndRemoval(t *testing.T) {
	s, done := open(t, t.TempDir(), cfgWith(t, ""))
	defer done()
	st := s.Current()
	if e := st.Attribute(netcfg.Public, netip.MustParseAddr("127.0.10.9")); e == nil || e.ID != gwID || e.VPC != "vpc-0a1b2c3d" {
		t.Fatalf("gateway attribution: %+v", e)
	}
	if e := st.Attribute(ifaceID, netip.MustParseAddr("127.0.0.1")); e == nil || e.ID != ifaceID {
		t.Fatalf("interface attribution: %+v", e)
	}
	if st.Attribute(netcfg.Public, netip.MustParseAddr("127.0.0.1")) != nil {
		t.Fatal("public source attributed")
	}
	if err := s.Apply(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if s.Current().Endpoint(ifaceID) != nil || len(s.Current().recs) != 0 {
		t.Fatal("removed endpoints remain")
	}
	if st.Endpoint(ifaceID) == nil {
		t.Fatal("an old state must stay usable by requests in flight")
	}
}
