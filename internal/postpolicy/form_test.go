package postpolicy

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// body builds a multipart form; a field named "file" gets filename fn
// (fn "-" sends no filename parameter).
func body(t testing.TB, fn string, kv ...string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for i := 0; i < len(kv); i += 2 {
		var pw io.Writer
		var err error
		switch {
		case kv[i] == "file" && fn != "-":
			pw, err = w.CreateFormFile("file", fn)
		default:
			pw, err = w.CreateFormField(kv[i])
		}
		if err != nil {
			t.Fatal(err)
		}
		pw.Write([]byte(kv[i+1]))
	}
	w.Close()
	return &buf, w.Boundary()
}

func readAllForm(t testing.TB, b io.Reader, boundary string) (*Form, []byte, error) {
	r := NewReader(b, boundary)
	f, err := r.ReadForm()
	if err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(r.File())
	return f, data, err
}

func code(err error) string {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

func TestReadForm(t *testing.T) {
	b, bd := body(t, `C:\dir\photo.jpg`, "key", "k/${filename}", "Content-Type", "image/jpeg", "file", "DATA", "after", "ignored")
	f, data, err := readAllForm(t, b, bd)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != "DATA" {
		t.Errorf("file %q", data)
	}
	if !f.HasFileName || f.FileName != "photo.jpg" {
		t.Errorf("filename %q %v", f.FileName, f.HasFileName)
	}
	if len(f.Fields) != 2 || f.Fields[1] != (Field{"Content-Type", "image/jpeg"}) {
		t.Errorf("fields %+v", f.Fields)
	}
	if f.PreDataSize <= 0 || f.PreDataSize > 600 {
		t.Errorf("pre-data size %d", f.PreDataSize)
	}
	// No filename parameter.
	b, bd = body(t, "-", "key", "k", "file", "x")
	if f, _, err = readAllForm(t, b, bd); err != nil || f.HasFileName {
		t.Fatalf("%+v %v", f, err)
	}
}

func TestReadFormErrors(t *testing.T) {
	big := strings.Repeat("v", MaxPreData)
	cases := []struct {
		name string
		make func() (io.Reader, string)
		code string
	}{
		{"no file", func() (io.Reader, string) { b, bd := body(t, "f", "key", "k"); return b, bd }, "InvalidArgument"},
		{"two files", func() (io.Reader, string) { b, bd := body(t, "f", "key", "k", "file", "a", "file", "b"); return b, bd }, "IncorrectNumberOfFilesInPostRequest"},
		{"pre-data", func() (io.Reader, string) { b, bd := body(t, "f", "key", big, "file", "a"); return b, bd }, "MaxPostPreDataLengthExceeded"},
		{"huge field never ends", func() (io.Reader, string) {
			return io.MultiReader(strings.NewReader("--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n"), zeros{}), "B"
		}, "MaxPostPreDataLengthExceeded"},
		{"empty", func() (io.Reader, string) { return strings.NewReader(""), "B" }, "MalformedPOSTRequest"},
		{"truncated file", func() (io.Reader, string) {
			b, bd := body(t, "f", "key", "k", "file", strings.Repeat("z", 10000))
			return bytes.NewReader(b.Bytes()[:b.Len()-100]), bd
		}, "MalformedPOSTRequest"},
		{"wrong boundary", func() (io.Reader, string) { b, _ := body(t, "f", "key", "k", "file", "a"); return b, "other" }, "MalformedPOSTRequest"},
	}
	for _, c := range cases {
		r, bd := c.make()
		_, _, err := readAllForm(t, r, bd)
		if code(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	// Just under the limit passes.
	b, bd := body(t, "f", "key", strings.Repeat("v", MaxPreData-300), "file", "a")
	if _, _, err := readAllForm(t, b, bd); err != nil {
		t.Errorf("under the limit: %v", err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

// The file streams: a reader that never ends yields as much as is read,
// with the pre-data meter off.
func TestFileStreams(t *testing.T) {
	head := "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
	r := NewReader(io.MultiReader(strings.NewReader(head), zeros{}), "B")
	if _, err := r.ReadForm(); err != nil {
		t.Fatal(err)
	}
	n, err := io.CopyN(io.Discard, r.File(), 10<<20)
	if n != 10<<20 || err != nil {
		t.Fatalf("%d %v", n, err)
	}
}

func TestBoundary(t *testing.T) {
	cases := []struct{ ct, want, code string }{
		{"multipart/form-data; boundary=abc", "abc", ""},
		{`Multipart/Form-Data; boundary="a b"`, "a b", ""},
		{"multipart/form-data", "", "MalformedPOSTRequest"},
		{"multipart/form-data; boundary", "", "MalformedPOSTRequest"},
		{"text/html", "", "PreconditionFailed"},
		{"", "", "PreconditionFailed"},
		{"application/x-www-form-urlencoded", "", "PreconditionFailed"},
	}
	for _, c := range cases {
		b, err := Boundary(c.ct)
		if b != c.want || code(err) != c.code {
			t.Errorf("%q: %q %v", c.ct, b, err)
		}
	}
}
