package postpolicy

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// MaxPreData is S3's limit on a POST form before the file content:
// boundaries, part headers and field values (20 KB).
const MaxPreData = 20480

// maxReadAhead bounds what the multipart parser may read from the body
// beyond what it has handed out (its 4 KiB buffer), so that the memory of
// the fields before the file is bounded even while their exact size is not
// known yet.
const maxReadAhead = 2 * 4096

var (
	errPreData = apierr.MaxPostPreDataLengthExceeded.With("MaxPostPreDataLengthBytes", itoa(MaxPreData))
	errNoFile  = apierr.InvalidArgument.WithMessage("POST requires exactly one file upload per request.").
			With("ArgumentName", "file").With("ArgumentValue", "0")
	errTwoFiles = apierr.IncorrectNumberOfFilesInPostRequest
)

// Boundary checks that a request's Content-Type is multipart/form-data and
// returns its boundary.
func Boundary(contentType string) (string, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" {
		if err == nil || !strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "multipart/form-data") {
			return "", apierr.PostNotMultipart.With("Condition", "Bucket POST must be of the enclosure-type multipart/form-data")
		}
		return "", apierr.MalformedPOSTRequest
	}
	b := params["boundary"]
	if b == "" || len(b) > 70 {
		return "", apierr.MalformedPOSTRequest
	}
	return b, nil
}

// Reader reads a POST form as a stream: the fields up to the part named
// "file", then the file content, which is never buffered. Fields after the
// file are ignored (as S3 ignores them), but read to find a second file.
type Reader struct {
	body     *meter
	mr       *multipart.Reader
	boundary string
	file     *multipart.Part
	finished bool
	err      error
}

// NewReader reads a multipart/form-data body with the given boundary.
func NewReader(body io.Reader, boundary string) *Reader {
	m := &meter{r: body, limit: MaxPreData + maxReadAhead}
	return &Reader{body: m, mr: multipart.NewReader(m, boundary), boundary: boundary}
}

// ReadForm reads the parts before the file and the file part's headers.
func (r *Reader) ReadForm() (*Form, error) {
	f := &Form{}
	delim := len(r.boundary) + 4 // "--" boundary CRLF
	for {
		p, err := r.mr.NextRawPart()
		if err == io.EOF {
			return nil, errNoFile
		}
		if err != nil {
			return nil, r.mapErr(err)
		}
		f.PreDataSize += delim + headerSize(p) + 2
		name, params := disposition(p)
		if strings.EqualFold(name, "file") {
			fn, ok := params["filename"]
			f.FileName, f.HasFileName = baseName(fn), ok
			if f.PreDataSize > MaxPreData {
				return nil, errPreData
			}
			r.file = p
			r.body.limit = 0
			return f, nil
		}
		value, err := io.ReadAll(p)
		if err != nil {
			return nil, r.mapErr(err)
		}
		f.PreDataSize += len(value) + 2
		if f.PreDataSize > MaxPreData {
			return nil, errPreData
		}
		if name != "" {
			f.Fields = append(f.Fields, Field{Name: name, Value: string(value)})
		}
	}
}

// File is the file content. At its end the rest of the form is read: a
// second file or a malformed ending is an error instead of io.EOF, so that
// a consumer storing the file never commits it.
func (r *Reader) File() io.Reader { return fileReader{r} }

type fileReader struct{ r *Reader }

func (f fileReader) Read(p []byte) (int, error) {
	r := f.r
	if r.err != nil {
		return 0, r.err
	}
	if r.file == nil {
		return 0, io.EOF
	}
	n, err := r.file.Read(p)
	if err == io.EOF {
		if err = r.finish(); err == nil {
			err = io.EOF
		}
	} else if err != nil {
		err = r.mapErr(err)
	}
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

// finish reads the parts after the file, discarding their content.
func (r *Reader) finish() error {
	if r.finished {
		return nil
	}
	r.finished = true
	for {
		p, err := r.mr.NextRawPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return r.mapErr(err)
		}
		if name, _ := disposition(p); strings.EqualFold(name, "file") {
			return errTwoFiles
		}
		if _, err := io.Copy(io.Discard, p); err != nil {
			return r.mapErr(err)
		}
	}
}

// disposition returns a form-data part's field name and parameters; other
// dispositions have no name (S3 does not take them as fields or files).
func disposition(p *multipart.Part) (string, map[string]string) {
	v := p.Header.Get("Content-Disposition")
	d, params, err := mime.ParseMediaType(v)
	if err != nil || d != "form-data" {
		return "", nil
	}
	return params["name"], params
}

func headerSize(p *multipart.Part) int {
	n := 0
	for k, vs := range p.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// baseName keeps the text after the last slash or backslash, as S3 does
// with paths browsers send.
func baseName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		return s[i+1:]
	}
	return s
}

// mapErr keeps S3 errors and failures of the body itself (a broken
// connection); everything else the parser finds is a malformed form.
func (r *Reader) mapErr(err error) error {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return ae
	}
	if r.body.err != nil && errors.Is(err, r.body.err) {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return apierr.IncompleteBody
		}
		return err
	}
	return apierr.MalformedPOSTRequest
}

// meter fails reads past limit (0: no limit), bounding what the multipart
// parser buffers before the file.
type meter struct {
	r     io.Reader
	n     int64
	limit int64
	err   error // the body's own failure, if any
}

func (m *meter) Read(p []byte) (int, error) {
	if m.limit > 0 {
		if m.n >= m.limit {
			return 0, errPreData
		}
		if rest := m.limit - m.n; int64(len(p)) > rest {
			p = p[:rest]
		}
	}
	n, err := m.r.Read(p)
	m.n += int64(n)
	if err != nil && err != io.EOF {
		m.err = err
	}
	return n, err
}
