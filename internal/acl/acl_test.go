package acl

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
)

const (
	aliceID = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
	bobID   = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"
)

var (
	alice   = User(aliceID, "111111111111")
	bob     = User(bobID, "222222222222")
	all     = Grantee{Group: AllUsers}
	authd   = Grantee{Group: AuthenticatedUsers}
	logs    = Grantee{Group: LogDelivery}
	testRes = Resolver{
		ByID: func(id string) (string, bool) {
			switch id {
			case aliceID:
				return alice.Account, true
			case bobID:
				return bob.Account, true
			}
			return "", false
		},
		ByEmail: func(addr string) []Grantee {
			switch strings.ToLower(addr) {
			case "bob@example.com":
				return []Grantee{bob}
			case "shared@example.com":
				return []Grantee{alice, bob}
			}
			return nil
		},
	}
)

func grants(gs ...any) []Grant {
	var out []Grant
	for i := 0; i < len(gs); i += 2 {
		out = append(out, Grant{Grantee: gs[i].(Grantee), Permission: gs[i+1].(Permission)})
	}
	return out
}

func TestCanned(t *testing.T) {
	cases := []struct {
		name   string
		target Target
		want   []Grant
		public bool
	}{
		{CannedPrivate, ForBucket, grants(bob, FullControl), false},
		{CannedPublicRead, ForObject, grants(bob, FullControl, all, Read), true},
		{CannedPublicReadWrite, ForBucket, grants(bob, FullControl, all, Read, all, Write), true},
		{CannedAuthenticatedRead, ForObject, grants(bob, FullControl, authd, Read), true},
		{CannedAWSExecRead, ForObject, grants(bob, FullControl, Grantee{ID: ExecReadID}, Read), false},
		{CannedBucketOwnerRead, ForObject, grants(bob, FullControl, alice, Read), false},
		{CannedBucketOwnerRead, ForBucket, grants(bob, FullControl), false},
		{CannedBucketOwnerFullControl, ForObject, grants(bob, FullControl, alice, FullControl), false},
		{CannedBucketOwnerFullControl, ForBucket, grants(bob, FullControl), false},
		{CannedLogDeliveryWrite, ForBucket, grants(bob, FullControl, logs, Write, logs, ReadACP), false},
	}
	for _, c := range cases {
		a, err := Canned(c.name, c.target, bob, alice)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !reflect.DeepEqual(a.Grants, c.want) {
			t.Errorf("%s (%d): %+v, want %+v", c.name, c.target, a.Grants, c.want)
		}
		if a.Public() != c.public {
			t.Errorf("%s: public = %v", c.name, a.Public())
		}
	}
	// The owner writing bucket-owner-full-control into its own bucket gets
	// one grant, not two.
	a, _ := Canned(CannedBucketOwnerFullControl, ForObject, alice, alice)
	if len(a.Grants) != 1 || !a.OnlyAccount(alice.Account) {
		t.Fatalf("self bucket-owner-full-control: %+v", a.Grants)
	}
	_, err := Canned("public", ForObject, bob, alice)
	if ae := apierr.As(err); ae.Code != "InvalidArgument" || ae.Get("ArgumentName") != "x-amz-acl" || ae.Get("ArgumentValue") != "public" {
		t.Fatalf("unknown canned ACL: %v %+v", err, ae)
	}
}

func TestOwnership(t *testing.T) {
	for _, s := range []string{"BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"} {
		o, ok := ParseOwnership(s)
		if !ok || o.String() != s {
			t.Errorf("%s: %v %v", s, o, ok)
		}
	}
	if _, ok := ParseOwnership("bucketownerenforced"); ok {
		t.Error("ownership values are case-sensitive")
	}
	if o, set := OwnershipOf(nil); o != ObjectWriter || set {
		t.Errorf("no controls: %v %v", o, set)
	}
	if o, _ := OwnershipOf([]byte("garbage")); o != BucketOwnerEnforced {
		t.Errorf("unreadable controls: %v", o)
	}
	cases := []struct {
		o      Ownership
		canned string
		want   string
	}{
		{BucketOwnerEnforced, "", "A"},
		{BucketOwnerEnforced, CannedBucketOwnerFullControl, "A"},
		{BucketOwnerPreferred, "", "B"},
		{BucketOwnerPreferred, CannedPublicRead, "B"},
		{BucketOwnerPreferred, CannedBucketOwnerFullControl, "A"},
		{ObjectWriter, CannedBucketOwnerFullControl, "B"},
		{ObjectWriter, "", "B"},
	}
	for _, c := range cases {
		if got := ObjectOwner(c.o, "A", "B", c.canned); got != c.want {
			t.Errorf("%v %q: owner %s, want %s", c.o, c.canned, got, c.want)
		}
	}
}

func TestMatch(t *testing.T) {
	a := &ACL{Grants: grants(alice, FullControl, bob, Read, all, ReadACP, authd, WriteACP)}
	bobR := Requester{Account: bob.Account, Authenticated: true}
	anon := Requester{}
	carol := Requester{Account: "333333333333", Authenticated: true}
	cases := []struct {
		need   Permission
		r      Requester
		ignore bool
		want   Match
	}{
		{Read, bobR, false, MatchAccount},
		{Write, bobR, false, 0},
		{FullControl, Requester{Account: alice.Account, Authenticated: true}, false, MatchAccount},
		{ReadACP, anon, false, MatchAllUsers},
		{ReadACP, anon, true, 0},
		{WriteACP, anon, false, 0},
		{WriteACP, carol, false, MatchAuthenticated},
		{WriteACP, carol, true, 0},
		{ReadACP, bobR, false, MatchAllUsers},
		{Read, carol, false, 0},
	}
	for i, c := range cases {
		if got := a.Match(c.need, c.r, c.ignore); got != c.want {
			t.Errorf("%d: %v for %+v (ignore %v) = %b, want %b", i, c.need, c.r, c.ignore, got, c.want)
		}
	}
	// A grant to a canonical user no account has matches nobody.
	x := &ACL{Grants: grants(Grantee{ID: ExecReadID}, Read)}
	if x.Match(Read, anon, false) != 0 {
		t.Error("an unowned canonical user matched an anonymous caller")
	}
}

func TestPublicAndOnlyAccount(t *testing.T) {
	cases := []struct {
		acl    *ACL
		public bool
		only   bool // only alice
	}{
		{Private(alice), false, true},
		{&ACL{}, false, true},
		{&ACL{Grants: grants(alice, FullControl, bob, Read)}, false, false},
		{&ACL{Grants: grants(alice, FullControl, all, Read)}, true, false},
		{&ACL{Grants: grants(authd, Write)}, true, false},
		{&ACL{Grants: grants(logs, Write)}, false, false},
		{&ACL{Grants: grants(Grantee{ID: ExecReadID}, Read)}, false, false},
		{&ACL{Grants: grants(alice, Read, alice, WriteACP)}, false, true},
	}
	for i, c := range cases {
		if c.acl.Public() != c.public || c.acl.OnlyAccount(alice.Account) != c.only {
			t.Errorf("%d: public %v only %v, want %v %v", i, c.acl.Public(), c.acl.OnlyAccount(alice.Account), c.public, c.only)
		}
	}
}

func TestNeed(t *testing.T) {
	cases := []struct {
		action   string
		p        Permission
		onObject bool
		ok       bool
	}{
		{"s3:ListBucket", Read, false, true},
		{"s3:ListBucketVersions", Read, false, true},
		{"s3:PutObject", Write, false, true},
		{"s3:DeleteObject", Write, false, true},
		{"s3:GetBucketAcl", ReadACP, false, true},
		{"s3:PutBucketAcl", WriteACP, false, true},
		{"s3:GetObject", Read, true, true},
		{"s3:GetObjectVersionAcl", ReadACP, true, true},
		{"s3:PutObjectVersionAcl", WriteACP, true, true},
		{"s3:PutBucketPolicy", 0, false, false},
		{"s3:GetObjectTagging", 0, false, false},
		{"s3:DeleteObjectVersion", 0, false, false},
	}
	for _, c := range cases {
		p, on, ok := Need(c.action)
		if p != c.p || on != c.onObject || ok != c.ok {
			t.Errorf("%s: %v %v %v", c.action, p, on, ok)
		}
	}
	if !ObjectContext("s3:GetObject") || !ObjectContext("s3:PutObjectTagging") || ObjectContext("s3:DeleteObject") || ObjectContext("s3:PutObject") {
		t.Error("object context table")
	}
}

func TestCodec(t *testing.T) {
	for _, a := range []*ACL{
		{},
		Private(alice),
		{Grants: grants(alice, FullControl, bob, Read, all, Read, authd, Write, logs, ReadACP, Grantee{ID: ExecReadID}, Read)},
	} {
		got, err := Decode(a.Encode())
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Grants) != len(a.Grants) || (len(a.Grants) > 0 && !reflect.DeepEqual(got, a)) {
			t.Fatalf("round trip: %+v, want %+v", got, a)
		}
	}
	if len((&ACL{}).Encode()) == 0 {
		t.Fatal("an empty ACL must encode to a non-empty value")
	}
	for _, bad := range [][]byte{nil, {2}, {1}, {1, 1}, {1, 1, 9, 0}, {1, 1, 1, 9}, {1, 1, 1, 0, 5, 'a'}, {1, 0, 0}, {1, 200, 1}} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("%v decoded", bad)
		}
	}
	if s := Stored(nil, bob); !reflect.DeepEqual(s, Private(bob)) {
		t.Error("nothing stored is the private default")
	}
	if s := Stored([]byte{7}, bob); len(s.Grants) != 0 {
		t.Error("an unreadable ACL must grant nothing")
	}
}

func errCode(err error) string {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	if err != nil {
		return "other"
	}
	return ""
}
