package postpolicy

import (
	"errors"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

var now = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func policy(t *testing.T, conds string) *Policy {
	t.Helper()
	p, err := ParseDocument([]byte(`{"expiration": "2025-01-01T00:00:01Z", "conditions": [` + conds + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func form(kv ...string) *Form {
	f := &Form{}
	for i := 0; i < len(kv); i += 2 {
		f.Fields = append(f.Fields, Field{kv[i], kv[i+1]})
	}
	return f
}

func TestCheck(t *testing.T) {
	base := `{"bucket": "b"}, ["starts-with", "$key", "user/"]`
	cases := []struct {
		name, conds string
		form        *Form
		v2          bool
		msg         string // "" means accepted
	}{
		{"ok", base, form("key", "user/a"), false, ""},
		{"field case", base, form("KEY", "user/a"), false, ""},
		{"key prefix", base, form("key", "other/a"), false, `Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "user/"]`},
		{"bucket", `{"bucket": "c"}, ["starts-with", "$key", ""]`, form("key", "a"), false, `Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "c"]`},
		{"bucket field is the URL's", `{"bucket": "b"}, ["starts-with", "$key", ""]`, form("key", "a", "bucket", "b"), false, ""},
		{"missing field fails even with empty prefix", base + `, ["starts-with", "$Content-Type", ""]`, form("key", "user/a"), false,
			`Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", ""]`},
		{"extra field", base, form("key", "user/a", "Content-Type", "x"), false, "Invalid according to Policy: Extra input fields: Content-Type"},
		{"two extra", base, form("key", "user/a", "zeta", "1", "alpha", "2", "ZETA", "3"), false, "Invalid according to Policy: Extra input fields: zeta, alpha"},
		{"exempt", base, form("key", "user/a", "x-amz-signature", "s", "Policy", "p", "file", "f", "x-ignore-me", "1"), false, ""},
		{"v2 exempt", base, form("key", "user/a", "AWSAccessKeyId", "a", "Signature", "s"), true, ""},
		{"v2 fields in v4", base, form("key", "user/a", "AWSAccessKeyId", "a"), false, "Invalid according to Policy: Extra input fields: AWSAccessKeyId"},
		{"eq", base + `, {"acl": "private"}`, form("key", "user/a", "acl", "public-read"), false, `Invalid according to Policy: Policy Condition failed: ["eq", "$acl", "private"]`},
		{"eq case-sensitive value", base + `, ["eq", "$success_action_redirect", "http://a/"]`, form("key", "user/a", "success_action_redirect", "HTTP://a/"), false,
			`Invalid according to Policy: Policy Condition failed: ["eq", "$success_action_redirect", "http://a/"]`},
		{"no dollar", base + `, ["eq", "acl", "private"]`, form("key", "user/a", "acl", "private"), false, `Invalid according to Policy: Policy Condition failed: ["eq", "acl", "private"]`},
		{"content-type list", base + `, ["starts-with", "$Content-Type", "image/"]`, form("key", "user/a", "content-type", "image/jpg, image/png,image/gif"), false, ""},
		{"content-type list fails", base + `, ["starts-with", "$Content-Type", "image/"]`, form("key", "user/a", "content-type", "image/jpg,text/plain"), false,
			`Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]`},
		{"other fields are strings", base + `, ["starts-with", "$x-amz-meta-a", "b"]`, form("key", "user/a", "x-amz-meta-a", "b,c"), false, ""},
		{"repeated fields join", base + `, {"x-amz-meta-tag": "Ninja,Stallman"}`, form("key", "user/a", "x-amz-meta-tag", "Ninja", "x-amz-meta-tag", "Stallman"), false, ""},
		{"range over text", base + `, ["content-length-range", "test", "10"]`, form("key", "user/a"), false,
			`Invalid according to Policy: Policy Condition failed: ["content-length-range", "test", "10"]`},
	}
	for _, c := range cases {
		_, err := policy(t, c.conds).Check(c.form, "b", now, c.v2)
		if c.msg == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		var ae *apierr.Error
		if !errors.As(err, &ae) || ae.Code != "AccessDenied" || ae.Status != 403 || ae.Message != c.msg {
			t.Errorf("%s:\n got %v\nwant AccessDenied %q", c.name, err, c.msg)
		}
	}
}

func TestExpired(t *testing.T) {
	p := policy(t, `["starts-with", "$key", ""]`)
	if _, err := p.Check(form("key", "a"), "b", now.Add(time.Second), false); err == nil || err.(*apierr.Error).Message != "Invalid according to Policy: Policy expired." {
		t.Fatalf("expired: %v", err)
	}
	if _, err := p.Check(form("key", "a"), "b", now, false); err != nil {
		t.Fatalf("a second before: %v", err)
	}
}

func TestSizeRange(t *testing.T) {
	p := policy(t, `["starts-with", "$key", ""], ["content-length-range", 5, 10], ["content-length-range", "2", "8"]`)
	sr, err := p.Check(form("key", "a"), "b", now, false)
	if err != nil || sr != (SizeRange{Min: 5, Max: 8, Set: true}) {
		t.Fatalf("%+v %v", sr, err)
	}
	for _, c := range []struct {
		n    int64
		code string
	}{{4, "EntityTooSmall"}, {5, ""}, {8, ""}, {9, "EntityTooLarge"}} {
		err := sr.CheckSize(c.n)
		if c.code == "" {
			if err != nil {
				t.Errorf("%d: %v", c.n, err)
			}
			continue
		}
		ae, _ := err.(*apierr.Error)
		if ae == nil || ae.Code != c.code || ae.Get("ProposedSize") != itoa(c.n) {
			t.Errorf("%d: %v", c.n, err)
		}
	}
	if (SizeRange{}).CheckSize(1<<40) != nil {
		t.Error("no range refused a size")
	}
}

func TestExpandFilename(t *testing.T) {
	f := form("key", "up/${filename}", "x-amz-meta-n", "${filename}")
	f.FileName, f.HasFileName = "a.txt", true
	f.ExpandFilename()
	if v, _ := f.Get("key"); v != "up/a.txt" {
		t.Errorf("key %q", v)
	}
	if v, _ := f.Get("X-Amz-Meta-N"); v != "a.txt" {
		t.Errorf("meta %q", v)
	}
	g := form("key", "up/${filename}")
	g.ExpandFilename()
	if v, _ := g.Get("key"); v != "up/${filename}" {
		t.Errorf("no filename parameter: key %q", v)
	}
}
