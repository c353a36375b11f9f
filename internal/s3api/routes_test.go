package s3api

import (
	"testing"

	"github.com/coffer-s3/coffer/internal/s3op"
)

// Every operation the classifier can name has a handler, and every handled
// operation declares its IAM action (s3op's own test checks the table).
func TestEveryOperationHasAHandler(t *testing.T) {
	if len(handlers) != len(s3op.All())+1 {
		t.Fatalf("handlers table has %d entries, s3op has %d operations", len(handlers), len(s3op.All()))
	}
	for _, op := range s3op.All() {
		if handlers[op] == nil {
			t.Errorf("%s has no handler", op)
		}
		// The CORS preflight is the only operation without an IAM action:
		// S3 evaluates the bucket's CORS configuration alone for it.
		if info := op.Info(); info.Action == "" && !(info.Preflight && op == s3op.Preflight) {
			t.Errorf("%s has no IAM action", op)
		}
		if op.Info().Preflight && (op != s3op.Preflight || op.Info().Action != "") {
			t.Errorf("%s: only the preflight may skip authorization", op)
		}
	}
}

func TestParseCopySource(t *testing.T) {
	cases := []struct{ in, b, k, v string }{
		{"bkt/key", "bkt", "key", ""},
		{"/bkt/a/b%20c", "bkt", "a/b c", ""},
		{"bkt/key?versionId=abc", "bkt", "key", "abc"},
	}
	for _, c := range cases {
		b, k, v, err := parseCopySource(c.in)
		if err != nil || b != c.b || k != c.k || v != c.v {
			t.Errorf("%q: %q %q %q %v", c.in, b, k, v, err)
		}
	}
	for _, bad := range []string{"", "bkt", "/bkt/", "bkt/key?versionId="} {
		if _, _, _, err := parseCopySource(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
