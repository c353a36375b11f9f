package postpolicy

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// FuzzParse: any document parses or fails with InvalidPolicyDocument, never
// panics; a parsed policy can be checked against any form.
func FuzzParse(f *testing.F) {
	for _, v := range v4Vectors {
		f.Add([]byte(v.policy), true)
	}
	for _, s := range []string{
		`{"expiration": "2030-01-01T00:00:00Z", "conditions": [{"bucket": "b"}, ["starts-with", "$key", "\$a\v"], ["content-length-range", 1, "2"]]}`,
		`{"expiration": "2030-01-01T00:00:00.123Z", "conditions": [["eq", "$Content-Type", "a,b"], ["content-length-range", "x", 1]]}`,
		`{"expiration": "x", "conditions": 1}`, `{"conditions": [[]]}`, `\`, `{"a":`, `[{"b": null}]`,
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, encoded bool) {
		var p *Policy
		var err error
		if encoded {
			p, err = Parse(string(data))
		} else {
			p, err = ParseDocument(data)
		}
		if err != nil {
			var ae *apierr.Error
			if !errors.As(err, &ae) || ae.Code != "InvalidPolicyDocument" {
				t.Fatalf("error %v is not InvalidPolicyDocument", err)
			}
			return
		}
		for _, c := range p.Conditions {
			_ = c.String()
		}
		fm := &Form{Fields: []Field{{"key", "a"}, {"Content-Type", "x,y"}}}
		sr, err := p.Check(fm, "b", time.Unix(0, 0), false)
		if err == nil && sr.Set && sr.CheckSize(0) == nil && sr.Min > 0 {
			t.Fatalf("size 0 passed a range with min %d", sr.Min)
		}
	})
}

// FuzzForm: the form reader never panics, fails only with S3 errors, and
// bounds the fields it keeps before the file.
func FuzzForm(f *testing.F) {
	seed := func(fn string, kv ...string) {
		b, bd := body(f, fn, kv...)
		f.Add(b.Bytes(), bd)
	}
	seed("a.txt", "key", "k/${filename}", "policy", "p", "file", "content", "after", "x")
	seed("-", "key", "k", "file", "")
	seed("f", "key", "k", "file", "a", "file", "b")
	f.Add([]byte("--B\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''%E2%82%AC.txt\r\n\r\nx\r\n--B--\r\n"), "B")
	f.Add([]byte("preamble\r\n--B  \r\nContent-Disposition: file; name=\"file\"\r\n\r\nx\r\n--B\r\n\r\n\r\n--B--"), "B")
	f.Add([]byte("--B\r\nContent-Disposition: form-data; name=\"key\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=41\r\n--B"), "B")
	f.Fuzz(func(t *testing.T, data []byte, boundary string) {
		if boundary == "" || len(boundary) > 70 {
			return
		}
		r := NewReader(bytes.NewReader(data), boundary)
		fm, err := r.ReadForm()
		if err == nil {
			if fm.PreDataSize > MaxPreData {
				t.Fatalf("pre-data %d accepted", fm.PreDataSize)
			}
			n := 0
			for _, fl := range fm.Fields {
				n += len(fl.Value)
			}
			if n > MaxPreData {
				t.Fatalf("%d bytes of fields kept", n)
			}
			fm.ExpandFilename()
			_, err = io.Copy(io.Discard, r.File())
		}
		if err != nil {
			var ae *apierr.Error
			if !errors.As(err, &ae) {
				t.Fatalf("non-S3 error %v", err)
			}
			if !strings.Contains("InvalidArgument MalformedPOSTRequest MaxPostPreDataLengthExceeded IncorrectNumberOfFilesInPostRequest", ae.Code) {
				t.Fatalf("unexpected code %s", ae.Code)
			}
		}
	})
}
