package lifecycle

import (
	"bytes"
	"errors"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// Parse faces untrusted bodies: it must never panic, must answer only with
// API errors, and what it accepts must render to a document that parses to
// the same rendering.
func FuzzParse(f *testing.F) {
	for _, d := range [][]byte{
		doc(rule(el("ID", "a"), el("Filter", el("Prefix", "tmp/")), enabled, expire7)),
		doc(rule(el("Prefix", "x"), enabled, el("Expiration", el("Date", "2030-01-01T00:00:00Z")))),
		doc(rule(el("Filter", el("And", el("Prefix", "p"), el("Tag", el("Key", "k"), el("Value", "v")), el("ObjectSizeLessThan", "9"))), enabled,
			el("NoncurrentVersionExpiration", el("NoncurrentDays", "3"), el("NewerNoncurrentVersions", "2")))),
		doc(rule(all, enabled, el("AbortIncompleteMultipartUpload", el("DaysAfterInitiation", "1")), el("Expiration", el("ExpiredObjectDeleteMarker", "true")))),
		doc(rule(el("Filter", el("And", el("Prefix"), el("Tag", el("Key", "k"), el("Value", "v")))), enabled, expire7)),
		[]byte(`<LifecycleConfiguration/>`), []byte(`<`), nil,
	} {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, d []byte) {
		c, err := Parse(d)
		if err != nil {
			var ae *apierr.Error
			if !errors.As(err, &ae) || (ae.Status != 400 && ae.Status != 501) {
				t.Fatalf("non-API error: %v", err)
			}
			return
		}
		out := c.Marshal()
		c2, err := Parse(out)
		if err != nil {
			t.Fatalf("accepted %q but not its rendering %q: %v", d, out, err)
		}
		if !bytes.Equal(c2.Marshal(), out) {
			t.Fatalf("rendering not stable for %q", d)
		}
	})
}
