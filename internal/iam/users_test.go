package iam

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
)

func TestUserLifecycle(t *testing.T) {
	f := newFixture(t)
	s := f.s
	u, err := s.CreateUser(ctx, acct, UserInput{Name: "Alice", Path: "/eng/", Tags: []Tag{{"team", "a"}}})
	f.must(err)
	if u.ARN() != "arn:aws:iam::111111111111:user/eng/Alice" || !strings.HasPrefix(u.ID, "AIDA") || len(u.ID) != 21 || !u.Created.Equal(f.clock) {
		t.Fatalf("user %+v", u)
	}
	_, err = s.CreateUser(ctx, acct, UserInput{Name: "alice"})
	wantErr(t, err, apierr.EntityAlreadyExists, "User with name alice already exists.")
	if _, err := s.CreateUser(ctx, other, UserInput{Name: "alice"}); err != nil {
		t.Fatal("names are per account:", err)
	}
	got, err := s.GetUser(ctx, acct, "ALICE")
	if err != nil || got != u {
		t.Fatalf("GetUser case-insensitive: %v", err)
	}
	_, err = s.GetUser(ctx, acct, "bob")
	wantErr(t, err, apierr.NoSuchEntity, "The user with name bob cannot be found.")

	f.must(s.UpdateUser(ctx, acct, "alice", "alice2", "/ops/"))
	if _, err := s.GetUser(ctx, acct, "alice"); err == nil {
		t.Fatal("old name still resolves")
	}
	u2, _ := s.GetUser(ctx, acct, "alice2")
	if u2.ID != u.ID || u2.Path != "/ops/" || u2.Tags[0].Value != "a" {
		t.Fatalf("renamed %+v", u2)
	}
	f.must(s.TagUser(ctx, acct, "alice2", []Tag{{"TEAM", "b"}, {"x", ""}}))
	f.must(s.UntagUser(ctx, acct, "alice2", []string{"X", "absent"}))
	u2, _ = s.GetUser(ctx, acct, "alice2")
	if len(u2.Tags) != 1 || u2.Tags[0] != (Tag{"TEAM", "b"}) {
		t.Fatalf("tags %+v", u2.Tags)
	}
	s.CreateUser(ctx, acct, UserInput{Name: "bob", Path: "/eng/"})
	s.CreateUser(ctx, acct, UserInput{Name: "carol"})
	list, _ := s.ListUsers(ctx, acct, "/eng/")
	if len(list) != 1 || list[0].Name != "bob" {
		t.Fatalf("ListUsers /eng/: %d", len(list))
	}
	list, _ = s.ListUsers(ctx, acct, "")
	if len(list) != 3 || list[0].Name != "alice2" || list[2].Name != "carol" {
		t.Fatalf("ListUsers: %v", list)
	}
	f.must(s.DeleteUser(ctx, acct, "carol"))
	wantErr(t, s.DeleteUser(ctx, acct, "carol"), apierr.NoSuchEntity, "")
}

func TestUserDeleteConflicts(t *testing.T) {
	f := newFixture(t)
	s := f.s
	s.CreateUser(ctx, acct, UserInput{Name: "u"})
	s.CreateGroup(ctx, acct, "g", "")
	k, _, err := s.CreateAccessKey(ctx, acct, "u")
	f.must(err)
	f.must(s.PutInlinePolicy(ctx, acct, EntityUser, "u", "p", allowS3))
	f.must(s.AttachPolicy(ctx, acct, EntityUser, "u", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"))
	f.must(s.AddUserToGroup(ctx, acct, "g", "u"))
	steps := []struct {
		msg  string
		undo func() error
	}{
		{"Cannot delete entity, must delete access keys first.", func() error { return s.DeleteAccessKey(ctx, acct, "u", k.ID) }},
		{"Cannot delete entity, must delete policies first.", func() error { return s.DeleteInlinePolicy(ctx, acct, EntityUser, "u", "p") }},
		{"Cannot delete entity, must detach all policies first.", func() error {
			return s.DetachPolicy(ctx, acct, EntityUser, "u", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
		}},
		{"Cannot delete entity, must remove user from all groups first.", func() error { return s.RemoveUserFromGroup(ctx, acct, "g", "u") }},
	}
	for _, st := range steps {
		wantErr(t, s.DeleteUser(ctx, acct, "u"), apierr.DeleteConflict, st.msg)
		f.must(st.undo())
	}
	f.must(s.DeleteUser(ctx, acct, "u"))
}

func TestValidation(t *testing.T) {
	f := newFixture(t)
	s := f.s
	long := strings.Repeat("a", 65)
	cases := []struct {
		in   UserInput
		code *apierr.Error
		msg  string
	}{
		{UserInput{Name: ""}, apierr.ValidationError, "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null"},
		{UserInput{Name: long}, apierr.ValidationError, "1 validation error detected: Value '" + long + "' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64"},
		{UserInput{Name: "a b"}, apierr.ValidationError, `1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`},
		{UserInput{Name: "ok", Path: "nope"}, apierr.ValidationError, `1 validation error detected: Value 'nope' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\u002F)|(\u002F[\u0021-\u007E]+\u002F)`},
		{UserInput{Name: "ok", Path: "/a b/"}, apierr.ValidationError, ""},
		{UserInput{Name: "ok", Path: "//"}, apierr.ValidationError, ""},
		{UserInput{Name: "ok", Tags: []Tag{{"k", "1"}, {"K", "2"}}}, apierr.InvalidInput, "Duplicate tag keys found. Please note that Tag keys are case insensitive."},
		{UserInput{Name: "ok", Tags: []Tag{{"aws:x", "1"}}}, apierr.InvalidInput, ""},
		{UserInput{Name: "ok", Tags: []Tag{{"", "1"}}}, apierr.ValidationError, ""},
		{UserInput{Name: "ok", Tags: []Tag{{"a!", "1"}}}, apierr.ValidationError, ""},
		{UserInput{Name: "ok", Tags: []Tag{{"k", strings.Repeat("v", 257)}}}, apierr.ValidationError, ""},
		{UserInput{Name: "ok", Boundary: "arn:aws:iam::111111111111:policy/none"}, apierr.NoSuchEntity, "Scope ARN: arn:aws:iam::111111111111:policy/none does not exist or is not attachable."},
	}
	for _, c := range cases {
		_, err := s.CreateUser(ctx, acct, c.in)
		wantErr(t, err, c.code, c.msg)
	}
	for _, ok := range []UserInput{{Name: "a+b=c,d.e@f_g-h"}, {Name: "x", Path: "/a/b/"}, {Name: "y", Tags: []Tag{{"Ké y:/=+-@_.", "välue 1"}}}} {
		if _, err := s.CreateUser(ctx, acct, ok); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
	var tags []Tag
	for i := 0; i < 50; i++ {
		tags = append(tags, Tag{Key: "k" + strings.Repeat("x", i)})
	}
	f.must(s.TagUser(ctx, acct, "x", tags))
	wantErr(t, s.TagUser(ctx, acct, "x", []Tag{{"one-more", ""}}), apierr.LimitExceeded, "The number of tags has reached the maximum limit.")
	wantErr(t, ValidPathPrefix("x"), apierr.ValidationError, "")
	if _, err := s.ListUsers(ctx, acct, "/"); err != nil {
		t.Error(err)
	}
}

func TestAccessKeys(t *testing.T) {
	f := newFixture(t)
	s := f.s
	u, _ := s.CreateUser(ctx, acct, UserInput{Name: "dev", Path: "/p/"})
	k1, secret, err := s.CreateAccessKey(ctx, acct, "dev")
	f.must(err)
	if !strings.HasPrefix(k1.ID, "AKIA") || len(k1.ID) != 20 || len(secret) != 40 || k1.Status != KeyActive || k1.User != "dev" {
		t.Fatalf("key %+v %q", k1, secret)
	}
	cred, err := s.LookupKey(ctx, k1.ID)
	f.must(err)
	want := policy.Principal{Type: policy.IAMUser, Account: acct, ARN: "arn:aws:iam::111111111111:user/p/dev", UserID: u.ID,
		Username: "dev", CanonicalID: cred.Principal.CanonicalID}
	if cred.Principal.Principal != want || cred.Secret != secret || !cred.Active || cred.Principal.AccessKey != k1.ID || cred.Principal.CanonicalID == "" {
		t.Fatalf("cred %+v", cred)
	}
	again, _ := s.LookupKey(ctx, k1.ID)
	if again != cred {
		t.Error("LookupKey does not reuse the credential")
	}
	f.clock = f.clock.Add(time.Second)
	k2, _, err := s.CreateAccessKey(ctx, acct, "dev")
	f.must(err)
	_, _, err = s.CreateAccessKey(ctx, acct, "dev")
	wantErr(t, err, apierr.LimitExceeded, "Cannot exceed quota for AccessKeysPerUser: 2")
	f.must(s.UpdateAccessKey(ctx, acct, "dev", k2.ID, KeyInactive))
	if c, _ := s.LookupKey(ctx, k2.ID); c.Active {
		t.Error("inactive key active")
	}
	wantErr(t, s.UpdateAccessKey(ctx, acct, "dev", k2.ID, "Off"), apierr.ValidationError, "")
	wantErr(t, s.UpdateAccessKey(ctx, acct, "", k2.ID, KeyActive), apierr.NoSuchEntity, "The Access Key with id "+k2.ID+" cannot be found.")
	keys, _ := s.ListAccessKeys(ctx, acct, "DEV")
	if len(keys) != 2 || keys[1].Status != KeyInactive {
		t.Fatalf("list %+v", keys)
	}
	// Renaming the user keeps its keys and updates their principal.
	f.must(s.UpdateUser(ctx, acct, "dev", "dev2", ""))
	cred, _ = s.LookupKey(ctx, k1.ID)
	if cred.Principal.ARN != "arn:aws:iam::111111111111:user/p/dev2" || cred.Principal.Username != "dev2" {
		t.Fatalf("after rename %+v", cred.Principal)
	}
	// A boundary shows in the principal.
	p, _ := s.CreatePolicy(ctx, acct, PolicyInput{Name: "b", Document: allowS3})
	f.must(s.PutBoundary(ctx, acct, EntityUser, "dev2", p.ARN()))
	if cred, _ = s.LookupKey(ctx, k1.ID); !cred.Principal.HasBoundary {
		t.Error("HasBoundary not set")
	}
	f.must(s.DeleteAccessKey(ctx, acct, "dev2", k1.ID))
	if _, err := s.LookupKey(ctx, k1.ID); !errors.Is(err, meta.ErrNotFound) {
		t.Fatalf("deleted key: %v", err)
	}
	wantErr(t, s.DeleteAccessKey(ctx, acct, "dev2", k1.ID), apierr.NoSuchEntity, "")
	_, _, err = s.CreateAccessKey(ctx, acct, "nobody")
	wantErr(t, err, apierr.NoSuchEntity, "The user with name nobody cannot be found.")

	// The root user manages its own keys: one exists, one more fits.
	rk, _, err := s.CreateAccessKey(ctx, acct, "")
	f.must(err)
	if c, _ := s.LookupKey(ctx, rk.ID); c.Principal.Type != policy.Root || c.Principal.ARN != "arn:aws:iam::111111111111:root" {
		t.Fatalf("root key %+v", c.Principal)
	}
	_, _, err = s.CreateAccessKey(ctx, acct, "")
	wantErr(t, err, apierr.LimitExceeded, "")
	rootKeys, _ := s.ListAccessKeys(ctx, acct, "")
	if len(rootKeys) != 2 || rootKeys[0].ID != "AKIAROOT"+acct {
		t.Fatalf("root keys %+v", rootKeys)
	}
	info, err := s.AccessKeyInfo(ctx, acct, rk.ID)
	if err != nil || !info.LastUsed.IsZero() {
		t.Fatal(info, err)
	}
	s.NoteKeyUsed(rk.ID, "s3", "us-east-1", f.clock)
	info, _ = s.AccessKeyInfo(ctx, acct, rk.ID)
	if !info.LastUsed.Equal(f.clock) || info.LastService != "s3" {
		t.Fatal(info)
	}
	if _, err := s.AccessKeyInfo(ctx, other, rk.ID); err == nil {
		t.Error("other account sees the key")
	}
}
