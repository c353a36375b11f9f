package lifecycle

import (
	"strings"
	"time"
)

// Day is the length of a lifecycle day. Callers pass it to every decision
// so that tests (and only tests) can shorten it.
const Day = 24 * time.Hour

// Object is what a rule's filter looks at.
type Object struct {
	Key  string
	Size int64
	Tags []Tag
}

// Matches reports whether the filter selects the object: the prefix, every
// tag (key and value) and both size bounds must hold.
func (f *Filter) Matches(o *Object) bool {
	if !strings.HasPrefix(o.Key, f.Prefix) {
		return false
	}
	if f.SizeGreater >= 0 && o.Size <= f.SizeGreater {
		return false
	}
	if f.SizeLess >= 0 && o.Size >= f.SizeLess {
		return false
	}
	for _, want := range f.Tags {
		found := false
		for _, t := range o.Tags {
			if t.Key == want.Key {
				found = t.Value == want.Value
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// DueAt is when an action counted in days from t falls due: t plus the
// days, rounded up to the next day boundary (midnight UTC for real days),
// as S3 computes it.
func DueAt(t time.Time, days int, day time.Duration) time.Time {
	due := t.UTC().Add(time.Duration(days) * day)
	at := due.Truncate(day)
	if at.Before(due) {
		at = at.Add(day)
	}
	return at
}

// Expiry is when the current version of an object expires under the
// configuration, and the rule that decides it (the earliest). ok is false
// when no enabled rule expires it.
func (c *Config) Expiry(o *Object, created time.Time, day time.Duration) (at time.Time, ruleID string, ok bool) {
	for i := range c.Rules {
		r := &c.Rules[i]
		if !r.Enabled || !r.Filter.Matches(o) {
			continue
		}
		var t time.Time
		switch {
		case r.ExpirationDays > 0:
			t = DueAt(created, r.ExpirationDays, day)
		case !r.ExpirationDate.IsZero():
			t = r.ExpirationDate
		default:
			continue
		}
		if !ok || t.Before(at) {
			at, ruleID, ok = t, r.ID, true
		}
	}
	return at, ruleID, ok
}

// AbortDue is when an incomplete multipart upload of key started at
// initiated is aborted, and by which rule (the earliest).
func (c *Config) AbortDue(key string, initiated time.Time, day time.Duration) (at time.Time, ruleID string, ok bool) {
	o := &Object{Key: key}
	for i := range c.Rules {
		r := &c.Rules[i]
		// Abort rules filter by prefix only (Parse refuses tags and sizes).
		if !r.Enabled || r.AbortDays == 0 || !r.Filter.Matches(o) {
			continue
		}
		t := DueAt(initiated, r.AbortDays, day)
		if !ok || t.Before(at) {
			at, ruleID, ok = t, r.ID, true
		}
	}
	return at, ruleID, ok
}

// Version is one version or delete marker of a key, as Plan sees it.
type Version struct {
	ID           string
	DeleteMarker bool
	Size         int64
	Tags         []Tag
	Modified     time.Time
}

// Kind is what Plan asks to do with a version.
type Kind uint8

const (
	// ExpireCurrent expires the current version: a delete marker on top in
	// a versioned bucket, removal otherwise (what DeleteObject does).
	ExpireCurrent Kind = iota + 1
	// DeleteNoncurrent removes a noncurrent version permanently.
	DeleteNoncurrent
	// RemoveMarker removes a delete marker that no longer hides anything.
	RemoveMarker
)

// Action is one step of a plan, on the version with VersionID.
type Action struct {
	Kind      Kind
	VersionID string
	RuleID    string
}

// Plan decides what is due at now for one key, given its versions newest
// first. Each action names the version it acts on; the caller applies it
// only if that version is still where Plan saw it.
func (c *Config) Plan(key string, versions []Version, now time.Time, day time.Duration) []Action {
	if len(versions) == 0 {
		return nil
	}
	var out []Action
	cur := &versions[0]
	if cur.DeleteMarker {
		if len(versions) == 1 {
			if id, ok := c.markerExpired(key, cur, now, day); ok {
				out = append(out, Action{RemoveMarker, cur.ID, id})
			}
		}
	} else if at, id, ok := c.Expiry(&Object{Key: key, Size: cur.Size, Tags: cur.Tags}, cur.Modified, day); ok && !now.Before(at) {
		out = append(out, Action{ExpireCurrent, cur.ID, id})
	}
	return append(out, c.noncurrent(key, versions, now, day)...)
}

// markerExpired reports whether a lone delete marker is to go: a rule with
// ExpiredObjectDeleteMarker, or one expiring current versions by age
// (S3 removes expired object delete markers for those as well).
func (c *Config) markerExpired(key string, m *Version, now time.Time, day time.Duration) (string, bool) {
	o := &Object{Key: key}
	for i := range c.Rules {
		r := &c.Rules[i]
		if !r.Enabled || len(r.Filter.Tags) > 0 || !r.Filter.Matches(o) {
			continue
		}
		if r.ExpiredObjectDeleteMarker || (r.ExpirationDays > 0 && !now.Before(DueAt(m.Modified, r.ExpirationDays, day))) {
			return r.ID, true
		}
	}
	return "", false
}

// noncurrent decides the noncurrent versions (versions[1:]): a version
// became noncurrent when the next newer one was written; it goes once the
// rule's NoncurrentDays have passed since then and more than
// NewerNoncurrentVersions noncurrent versions are newer than it.
func (c *Config) noncurrent(key string, versions []Version, now time.Time, day time.Duration) []Action {
	var out []Action
	for i := 1; i < len(versions); i++ {
		v := &versions[i]
		since := versions[i-1].Modified
		o := &Object{Key: key, Size: v.Size, Tags: v.Tags}
		newer := i - 1 // noncurrent versions newer than v
		for j := range c.Rules {
			r := &c.Rules[j]
			if !r.Enabled || r.NoncurrentDays == 0 || !r.Filter.Matches(o) {
				continue
			}
			if newer < r.NewerNoncurrentVersions || now.Before(DueAt(since, r.NoncurrentDays, day)) {
				continue
			}
			out = append(out, Action{DeleteNoncurrent, v.ID, r.ID})
			break
		}
	}
	return out
}
