package lifecycle

import (
	"reflect"
	"testing"
	"time"
)

func mustParse(t *testing.T, d []byte) *Config {
	t.Helper()
	c, err := Parse(d)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDueAt(t *testing.T) {
	cases := []struct {
		from string
		days int
		want string
	}{
		// AWS's example: 10:30 on the 15th plus 3 days is midnight of the 19th.
		{"2014-01-15T10:30:00Z", 3, "2014-01-19T00:00:00Z"},
		{"2018-08-14T19:57:04Z", 60, "2018-10-14T00:00:00Z"},
		{"2024-01-01T00:00:00Z", 1, "2024-01-02T00:00:00Z"},
		{"2024-02-28T23:59:59Z", 1, "2024-03-01T00:00:00Z"},
	}
	for _, tc := range cases {
		if got := DueAt(at(tc.from), tc.days, Day); !got.Equal(at(tc.want)) {
			t.Errorf("DueAt(%s, %d) = %s, want %s", tc.from, tc.days, got, tc.want)
		}
	}
	// A shortened day rounds to its own boundaries.
	if got := DueAt(time.Unix(105, 0), 2, 10*time.Second); !got.Equal(time.Unix(130, 0)) {
		t.Errorf("scaled day: %s", got.UTC())
	}
}

func TestMatches(t *testing.T) {
	f := Filter{Prefix: "logs/", Tags: []Tag{{"env", "prod"}}, SizeGreater: 10, SizeLess: 100}
	cases := []struct {
		o    Object
		want bool
	}{
		{Object{"logs/a", 50, []Tag{{"env", "prod"}, {"x", "y"}}}, true},
		{Object{"logs/a", 50, []Tag{{"env", "dev"}}}, false},
		{Object{"logs/a", 50, nil}, false},
		{Object{"data/a", 50, []Tag{{"env", "prod"}}}, false},
		{Object{"logs/a", 10, []Tag{{"env", "prod"}}}, false},
		{Object{"logs/a", 100, []Tag{{"env", "prod"}}}, false},
	}
	for _, tc := range cases {
		if got := f.Matches(&tc.o); got != tc.want {
			t.Errorf("%+v: %v, want %v", tc.o, got, tc.want)
		}
	}
}

func TestExpiryPicksEarliestEnabledRule(t *testing.T) {
	c := mustParse(t, doc(
		rule(el("ID", "long"), el("Filter", el("Prefix", "a")), enabled, el("Expiration", el("Days", "30"))),
		rule(el("ID", "short"), el("Filter", el("Prefix", "a/b")), enabled, el("Expiration", el("Days", "2"))),
		rule(el("ID", "off"), el("Filter", el("Prefix", "a")), el("Status", "Disabled"), el("Expiration", el("Days", "1"))),
		rule(el("ID", "date"), el("Filter", el("Prefix", "d")), enabled, el("Expiration", el("Date", "2030-01-01T00:00:00Z"))),
	))
	created := at("2026-01-01T12:00:00Z")
	when, id, ok := c.Expiry(&Object{Key: "a/b/c"}, created, Day)
	if !ok || id != "short" || !when.Equal(at("2026-01-04T00:00:00Z")) {
		t.Fatalf("a/b/c: %s %q %v", when, id, ok)
	}
	if when, id, _ := c.Expiry(&Object{Key: "a/x"}, created, Day); id != "long" || !when.Equal(at("2026-02-01T00:00:00Z")) {
		t.Fatalf("a/x: %s %q", when, id)
	}
	if when, id, _ := c.Expiry(&Object{Key: "d1"}, created, Day); id != "date" || !when.Equal(at("2030-01-01T00:00:00Z")) {
		t.Fatalf("d1: %s %q", when, id)
	}
	if _, _, ok := c.Expiry(&Object{Key: "z"}, created, Day); ok {
		t.Fatal("z expires")
	}
}

func TestPlan(t *testing.T) {
	c := mustParse(t, doc(
		rule(el("ID", "cur"), el("Filter", el("Prefix", "tmp/")), enabled, el("Expiration", el("Days", "1"))),
		rule(el("ID", "old"), all, enabled, el("NoncurrentVersionExpiration", el("NoncurrentDays", "10"), el("NewerNoncurrentVersions", "1"))),
		rule(el("ID", "dm"), el("Filter", el("Prefix", "m/")), enabled, el("Expiration", el("ExpiredObjectDeleteMarker", "true"))),
	))
	now := at("2026-03-01T00:00:00Z")
	v := func(id string, modified string, marker bool) Version {
		return Version{ID: id, Modified: at(modified), DeleteMarker: marker, Size: 1}
	}
	cases := []struct {
		name     string
		key      string
		versions []Version
		want     []Action
	}{
		{"current due", "tmp/a", []Version{v("v1", "2026-02-27T08:00:00Z", false)}, []Action{{ExpireCurrent, "v1", "cur"}}},
		{"current not yet", "tmp/a", []Version{v("v1", "2026-02-28T08:00:00Z", false)}, nil},
		{"other prefix", "keep/a", []Version{v("v1", "2020-01-01T00:00:00Z", false)}, nil},
		{"noncurrent: keeps the newest one", "x", []Version{
			v("v4", "2026-02-20T00:00:00Z", false), // current
			v("v3", "2026-02-10T00:00:00Z", false), // noncurrent since 02-20: due 03-02
			v("v2", "2026-01-10T00:00:00Z", false), // since 02-10, due 02-20; one newer noncurrent: goes
			v("v1", "2026-01-01T00:00:00Z", false), // since 01-10, due 01-20: goes
		}, []Action{{DeleteNoncurrent, "v2", "old"}, {DeleteNoncurrent, "v1", "old"}}},
		{"lone marker", "m/a", []Version{v("dm", "2026-02-28T00:00:00Z", true)}, []Action{{RemoveMarker, "dm", "dm"}}},
		{"marker still hides a version", "m/b", []Version{v("dm", "2026-02-28T00:00:00Z", true), v("v1", "2026-02-27T00:00:00Z", false)}, nil},
		{"marker outside the rule", "n/a", []Version{v("dm", "2026-02-28T00:00:00Z", true)}, nil},
	}
	for _, tc := range cases {
		if got := c.Plan(tc.key, tc.versions, now, Day); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestAbortDue(t *testing.T) {
	c := mustParse(t, doc(
		rule(el("ID", "mpu"), el("Filter", el("Prefix", "up/")), enabled, el("AbortIncompleteMultipartUpload", el("DaysAfterInitiation", "2"))),
	))
	when, id, ok := c.AbortDue("up/x", at("2026-01-01T05:00:00Z"), Day)
	if !ok || id != "mpu" || !when.Equal(at("2026-01-04T00:00:00Z")) {
		t.Fatalf("%s %q %v", when, id, ok)
	}
	if _, _, ok := c.AbortDue("other", at("2026-01-01T05:00:00Z"), Day); ok {
		t.Fatal("abort outside the prefix")
	}
}
