package iam

import (
	"sort"
	"sync"
	"testing"

	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/policy"
)

func refIDs(refs []authz.PolicyRef) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.ID)
	}
	sort.Strings(out)
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPolicySetUser(t *testing.T) {
	f := newFixture(t)
	s := f.s
	s.CreateUser(ctx, acct, UserInput{Name: "alice", Tags: []Tag{{"team", "x"}}})
	s.CreateGroup(ctx, acct, "g", "")
	lp, _ := s.CreatePolicy(ctx, acct, PolicyInput{Name: "Mine", Document: denyDelete})
	bp, _ := s.CreatePolicy(ctx, acct, PolicyInput{Name: "Bound", Document: allowS3})
	f.must(s.PutInlinePolicy(ctx, acct, EntityUser, "alice", "own", allowS3))
	f.must(s.AttachPolicy(ctx, acct, EntityUser, "alice", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"))
	f.must(s.AddUserToGroup(ctx, acct, "g", "alice"))
	f.must(s.PutInlinePolicy(ctx, acct, EntityGroup, "g", "gp", allowS3))
	f.must(s.AttachPolicy(ctx, acct, EntityGroup, "g", lp.ARN()))
	f.must(s.AttachPolicy(ctx, acct, EntityGroup, "g", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"))
	f.must(s.PutBoundary(ctx, acct, EntityUser, "alice", bp.ARN()))
	k, _, _ := s.CreateAccessKey(ctx, acct, "alice")
	cred, _ := s.LookupKey(ctx, k.ID)
	p := &cred.Principal
	set, err := s.PolicySet(ctx, p)
	f.must(err)
	want := []string{"arn:aws:iam::111111111111:policy/Mine", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "group/g/inline/gp", "user/alice/inline/own"}
	if !equal(refIDs(set.Identity), want) {
		t.Fatalf("identity %v", refIDs(set.Identity))
	}
	if set.Boundary == nil || set.Boundary.ID != bp.ARN() || len(set.Tags) != 1 {
		t.Fatalf("boundary/tags %+v", set)
	}
	again, _ := s.PolicySet(ctx, p)
	if again != set {
		t.Error("set not cached")
	}
	// Any change starts a new generation.
	f.must(s.DetachPolicy(ctx, acct, EntityGroup, "g", lp.ARN()))
	set2, _ := s.PolicySet(ctx, p)
	if set2 == set || len(set2.Identity) != 3 {
		t.Fatalf("after detach %v", refIDs(set2.Identity))
	}
	// The compiled policies decide as expected.
	in := authz.Input{Principal: &p.Principal, Action: policy.NewAction("s3:GetObject"), Resource: policy.NewResource("arn:aws:s3:::b/k"),
		ResourceOwner: acct, Identity: set2.Identity, Boundary: set2.Boundary, Context: policy.NewContext()}
	if d := authz.Decide(&in); !d.Allowed {
		t.Fatalf("GetObject denied: %v", d.Reason)
	}
	// Root and anonymous have no set.
	rc, _ := s.LookupKey(ctx, "AKIAROOT"+acct)
	if set, err := s.PolicySet(ctx, &rc.Principal); set != nil || err != nil {
		t.Fatal("root set", set, err)
	}
	if set, _ := s.PolicySet(ctx, &AnonymousPrincipal); set != nil {
		t.Fatal("anonymous set")
	}
	// A principal of a deleted user gets nothing.
	stale := *p
	stale.UserID = "AIDAXXXXXXXXXXXXXXXXX"
	if set, _ := s.PolicySet(ctx, &stale); set != nil {
		t.Fatal("stale user id got a set")
	}
}

func TestPolicySetRole(t *testing.T) {
	f := newFixture(t)
	s := f.s
	r, _ := s.CreateRole(ctx, acct, RoleInput{Name: "R", Path: "/a/", TrustDocument: trustAccount(acct), Tags: []Tag{{"k", "v"}}})
	f.must(s.PutInlinePolicy(ctx, acct, EntityRole, "r", "in", allowS3))
	f.must(s.AttachPolicy(ctx, acct, EntityRole, "r", "arn:aws:iam::aws:policy/AmazonS3FullAccess"))
	p := &Principal{Principal: policy.Principal{Type: policy.AssumedRole, Account: acct, RoleARN: r.ARN(),
		ARN: "arn:aws:sts::111111111111:assumed-role/R/s", UserID: r.ID + ":s"}}
	set, err := s.PolicySet(ctx, p)
	f.must(err)
	if !equal(refIDs(set.Identity), []string{"arn:aws:iam::aws:policy/AmazonS3FullAccess", "role/R/inline/in"}) || set.Tags[0].Key != "k" {
		t.Fatal(refIDs(set.Identity))
	}
	// Re-created role with the same name: the old session gets nothing.
	f.must(s.DeleteInlinePolicy(ctx, acct, EntityRole, "r", "in"))
	f.must(s.DetachPolicy(ctx, acct, EntityRole, "r", "arn:aws:iam::aws:policy/AmazonS3FullAccess"))
	f.must(s.DeleteRole(ctx, acct, "r"))
	s.CreateRole(ctx, acct, RoleInput{Name: "R", Path: "/a/", TrustDocument: trustAccount(acct)})
	if set, _ := s.PolicySet(ctx, p); set != nil {
		t.Fatal("session of a deleted role got the new role's set")
	}
	es, err := s.EntityPolicies(ctx, acct, EntityRole, "r")
	if err != nil || len(es.Identity) != 0 {
		t.Fatal(es, err)
	}
}

func TestPersistence(t *testing.T) {
	f := newFixture(t)
	s := f.s
	s.CreateUser(ctx, acct, UserInput{Name: "u", Path: "/p/", Tags: []Tag{{"a", "b"}}})
	s.CreateGroup(ctx, acct, "g", "")
	f.must(s.AddUserToGroup(ctx, acct, "g", "u"))
	k, secret, _ := s.CreateAccessKey(ctx, acct, "u")
	lp, _ := s.CreatePolicy(ctx, acct, PolicyInput{Name: "P", Document: allowS3})
	s.CreatePolicyVersion(ctx, acct, lp.ARN(), denyDelete, true)
	f.must(s.AttachPolicy(ctx, acct, EntityUser, "u", lp.ARN()))
	f.must(s.PutInlinePolicy(ctx, acct, EntityGroup, "g", "gi", allowS3))
	s.CreateRole(ctx, acct, RoleInput{Name: "r", TrustDocument: trustAccount(other), MaxSessionDuration: 7200})
	f.must(s.PutBoundary(ctx, acct, EntityRole, "r", lp.ARN()))
	f.reopen()
	s = f.s
	cred, err := s.LookupKey(ctx, k.ID)
	if err != nil || cred.Secret != secret || cred.Principal.ARN != "arn:aws:iam::111111111111:user/p/u" {
		t.Fatal(cred, err)
	}
	set, err := s.PolicySet(ctx, &cred.Principal)
	if err != nil || !equal(refIDs(set.Identity), []string{lp.ARN(), "group/g/inline/gi"}) {
		t.Fatal(set, err)
	}
	p, _ := s.GetPolicy(ctx, acct, lp.ARN())
	if p.DefaultVersion != "v2" || p.Default().Policy() == nil || p.AttachmentCount != 1 || p.BoundaryUsageCount != 1 {
		t.Fatal(p)
	}
	r, _ := s.Role(ctx, acct, "r")
	if r.Trust() == nil || r.MaxSessionDuration != 7200 || r.Boundary != lp.ARN() {
		t.Fatal(r)
	}
	if _, err := s.LookupKey(ctx, "AKIAROOT"+acct); err != nil {
		t.Fatal(err)
	}
	created, err := s.EnsureAccount(ctx, Account{ID: acct}, "AKIAROOT"+acct, "root-secret-0123456789-"+acct)
	if created || err != nil {
		t.Fatal("EnsureAccount not idempotent", created, err)
	}
	if _, err := s.EnsureAccount(ctx, Account{ID: other}, k.ID, "whatever-secret-123456"); err == nil {
		t.Fatal("a user's key id was given to another root")
	}
}

// TestConcurrentReads runs lookups while identities change (for -race).
func TestConcurrentReads(t *testing.T) {
	f := newFixture(t)
	s := f.s
	s.CreateUser(ctx, acct, UserInput{Name: "u"})
	f.must(s.PutInlinePolicy(ctx, acct, EntityUser, "u", "p", allowS3))
	k, _, _ := s.CreateAccessKey(ctx, acct, "u")
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				c, err := s.LookupKey(ctx, k.ID)
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := s.PolicySet(ctx, &c.Principal); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := 0; i < 30; i++ {
		f.must(s.TagUser(ctx, acct, "u", []Tag{{"n", itoa(i)}}))
	}
	close(stop)
	wg.Wait()
}

func BenchmarkLookupKey(b *testing.B) {
	f := newFixture(b)
	s := f.s
	s.CreateUser(ctx, acct, UserInput{Name: "u"})
	k, _, _ := s.CreateAccessKey(ctx, acct, "u")
	b.ReportAllocs()
	for b.Loop() {
		c, err := s.LookupKey(ctx, k.ID)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.PolicySet(ctx, &c.Principal); err != nil {
			b.Fatal(err)
		}
	}
}
