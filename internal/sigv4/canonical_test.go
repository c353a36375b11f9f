package sigv4

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/coffer-s3/coffer/internal/apierr"
)

func TestCanonicalQuery(t *testing.T) {
	cases := []struct{ raw, want string }{
		{"", ""},
		{"b=2&a=1", "a=1&b=2"},
		{"acl", "acl="},
		{"a=1&a=0", "a=0&a=1"},
		{"Param-3=a&Param=b", "Param=b&Param-3=a"},
		{"x=a+b", "x=a%20b"},
		{"x=a%20b", "x=a%20b"},
		{"x=%7e%7E~", "x=~~~"},
		{"x=%2f%2F/", "x=%2F%2F%2F"},
		{"x=%zz&y=%4", "x=%25zz&y=%254"},
		{"&&a=1&", "a=1"},
		{"k=v=w", "k=v%3Dw"},
		{"\xe1\x88\xb4=bar", "%E1%88%B4=bar"},
		{"prefix=&delimiter=%2F", "delimiter=%2F&prefix="},
		{"X-Amz-Signature=abc&a=1", "X-Amz-Signature=abc&a=1"},
	}
	for _, c := range cases {
		if got := string(appendCanonicalQuery(nil, c.raw, false)); got != c.want {
			t.Errorf("%q: got %q, want %q", c.raw, got, c.want)
		}
	}
	if got := string(appendCanonicalQuery(nil, "X-Amz-Signature=abc&a=1&X%2DAmz-Signature=d", true)); got != "a=1" {
		t.Errorf("presigned: %q", got)
	}
	// Many parameters: sorted without a stack-sized scratch.
	var raw []string
	for i := 99; i >= 0; i-- {
		raw = append(raw, "p"+strings.Repeat("x", i)+"="+strings.Repeat("v", 30))
	}
	got := string(appendCanonicalQuery(nil, strings.Join(raw, "&"), false))
	if !strings.HasPrefix(got, "p=vvv") || strings.Count(got, "&") != 99 {
		t.Errorf("many: %.80q", got)
	}
}

func TestCanonicalPath(t *testing.T) {
	cases := []struct{ path, want string }{
		{"", "/"},
		{"/", "/"},
		{"/a b/./../c//d", "/a%20b/./../c//d"},
		{"/k+y=z&x", "/k%2By%3Dz%26x"},
		{"/-._~AZaz09", "/-._~AZaz09"},
		{"/\xc3\xbc", "/%C3%BC"},
		{"/a%20b", "/a%2520b"}, // an escaped path given for double encoding
	}
	for _, c := range cases {
		if got := string(appendCanonicalPath(nil, c.path)); got != c.want {
			t.Errorf("%q: got %q, want %q", c.path, got, c.want)
		}
	}
}

func TestAppendTrimmed(t *testing.T) {
	cases := []struct{ in, want string }{
		{"  a   b  ", "a b"},
		{"\ta\t", "a"},
		{`"a   b   c"`, `"a b c"`},
		{"", ""},
		{"a\t\tb", "a\t\tb"},
	}
	for _, c := range cases {
		if got := string(appendTrimmed(nil, c.in)); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
}

func TestHMACMatchesStdlib(t *testing.T) {
	for _, kl := range []int{0, 1, 32, 63, 64, 65, 200} {
		for _, ml := range []int{0, 1, 200, 447, 448, 449, 5000} {
			key := bytes.Repeat([]byte{byte(kl)}, kl)
			msg := bytes.Repeat([]byte{byte(ml)}, ml)
			m := hmac.New(sha256.New, key)
			m.Write(msg)
			got := hmacSHA256(key, msg)
			if !bytes.Equal(got[:], m.Sum(nil)) {
				t.Fatalf("key %d msg %d", kl, ml)
			}
		}
	}
}

func TestHexEqual(t *testing.T) {
	want := sha256.Sum256([]byte("x"))
	h := sha256Hex([]byte("x"))
	if !hexEqual(h, want) || !hexEqual(strings.ToUpper(h), want) || !hexEqual([]byte(h), want) {
		t.Fatal("equal")
	}
	if hexEqual(h[:63], want) || hexEqual(h[:63]+"g", want) || hexEqual(h[:63]+"0", want) && h[63] != '0' {
		t.Fatal("unequal")
	}
}

func TestHexBytes(t *testing.T) {
	if got := hexBytes("PUT\n"); got != "50 55 54 0a" {
		t.Fatal(got)
	}
	if hexBytes("") != "" {
		t.Fatal("empty")
	}
}

func TestSHA256Checker(t *testing.T) {
	body := bytes.Repeat([]byte("payload "), 1000)
	ok := NewSHA256Checker(iotest.HalfReader(bytes.NewReader(body)), sha256Hex(body))
	if err := iotest.TestReader(ok, body); err != nil {
		t.Fatal(err)
	}
	bad := NewSHA256Checker(bytes.NewReader(body), emptySHA256)
	_, err := io.ReadAll(bad)
	e := apierr.As(err)
	if !errors.Is(err, apierr.XAmzContentSHA256Mismatch) || e.Get("ClientComputedContentSHA256") != emptySHA256 ||
		e.Get("S3ComputedContentSHA256") != sha256Hex(body) {
		t.Fatalf("mismatch: %v %+v", err, e.Extra)
	}
	if _, err2 := bad.Read(make([]byte, 1)); err2 != err {
		t.Fatal("error not sticky")
	}
}

func TestDeriveSigningKey(t *testing.T) {
	// AWS's documented example of the derivation (IAM user guide).
	got := DeriveSigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam")
	if h := sha256HexRaw(got); h != "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9" {
		t.Fatalf("got %s", h)
	}
}

func sha256HexRaw(b []byte) string { return string(appendHex(nil, b)) }
