package s3api

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/postpolicy"
)

func TestRedirectURL(t *testing.T) {
	const etag = `"abc"`
	cases := []struct{ in, want string }{
		{"", ""},
		{"/relative/path", ""},
		{"http:relative", ""},
		{"ftp://host/x", ""},
		{"https://app.example/done", "https://app.example/done?bucket=b&key=dir%2Fa+b&etag=%22abc%22"},
		{"https://app.example/done?x=1 2", "https://app.example/done?x=1 2&bucket=b&key=dir%2Fa+b&etag=%22abc%22"},
		{"https://app.example/done?", "https://app.example/done?bucket=b&key=dir%2Fa+b&etag=%22abc%22"},
		{"http://app.example/#frag", "http://app.example/?bucket=b&key=dir%2Fa+b&etag=%22abc%22#frag"},
	}
	for _, c := range cases {
		if got := redirectURL(c.in, "b", "dir/a b", etag); got != c.want {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSizeGuard(t *testing.T) {
	read := func(n int, sr postpolicy.SizeRange) error {
		_, err := io.Copy(io.Discard, &sizeGuard{r: strings.NewReader(strings.Repeat("x", n)), sr: sr})
		return err
	}
	sr := postpolicy.SizeRange{Min: 5, Max: 10, Set: true}
	for _, c := range []struct {
		n    int
		code string
	}{{4, "EntityTooSmall"}, {5, ""}, {10, ""}, {11, "EntityTooLarge"}, {100000, "EntityTooLarge"}} {
		err := read(c.n, sr)
		var ae *apierr.Error
		if c.code == "" && err != nil || c.code != "" && (!errors.As(err, &ae) || ae.Code != c.code) {
			t.Errorf("%d bytes: %v, want %s", c.n, err, c.code)
		}
		if c.n == 100000 && ae.Get("ProposedSize") != "100000" {
			t.Errorf("ProposedSize %q", ae.Get("ProposedSize"))
		}
	}
	if err := read(1<<16, postpolicy.SizeRange{}); err != nil {
		t.Errorf("no range: %v", err)
	}
}
