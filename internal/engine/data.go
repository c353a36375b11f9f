package engine

import (
	"bytes"
	"context"
	"io"
	"os"

	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/sse"
)

// openData returns a reader of length bytes of v's data from start. For a
// single plaintext blob it is an *io.LimitedReader over the *os.File, which
// lets net/http send it with sendfile. With dk (the version's data key) the
// data is decrypted, reading only the chunks the range touches.
func (e *Engine) openData(ctx context.Context, v *meta.Version, start, length int64, dk []byte) (io.Reader, io.Closer, error) {
	if dk != nil {
		return e.openSealed(ctx, v, start, length, dk)
	}
	switch {
	case v.Inline:
		data, err := e.meta.ReadInline(ctx, v)
		if err != nil {
			return nil, nil, err
		}
		return bytes.NewReader(data[start : start+length]), nil, nil
	case v.Blob != "":
		f, err := e.openAt(v.Blob, start)
		if err != nil {
			return nil, nil, err
		}
		return &io.LimitedReader{R: f, N: length}, f, nil
	}
	pr := &partsReader{e: e, parts: v.Parts, left: length, dk: dk}
	// Find the first part and the offset in it.
	for pr.idx < len(pr.parts) && start >= pr.parts[pr.idx].Size {
		start -= pr.parts[pr.idx].Size
		pr.idx++
	}
	pr.offset = start
	// Open the first part now so a missing blob fails before headers go out.
	if length > 0 {
		if err := pr.openNext(); err != nil {
			return nil, nil, err
		}
	}
	return pr, pr, nil
}

func (e *Engine) openAt(id string, off int64) (*os.File, error) {
	f, err := e.blobs.Open(id)
	if err != nil {
		return nil, err
	}
	if off > 0 {
		if _, err := f.Seek(off, io.SeekStart); err != nil {
			f.Close()
			return nil, err
		}
	}
	return f, nil
}

// partsReader reads across the blobs of a multipart object, one open file at
// a time.
type partsReader struct {
	e      *Engine
	parts  []meta.Part
	idx    int
	offset int64 // into parts[idx] when it is opened next
	cur    *os.File
	src    io.Reader // what is read: cur, or a decrypting reader over it
	curN   int64     // bytes left in the current part
	left   int64     // bytes left overall
	dk     []byte    // data key of an encrypted object
}

func (p *partsReader) openNext() error {
	if p.idx >= len(p.parts) {
		return io.ErrUnexpectedEOF
	}
	part := p.parts[p.idx]
	if p.dk != nil {
		f, err := p.e.blobs.Open(part.Blob)
		if err != nil {
			return err
		}
		rr, err := sse.NewRangeReader(f, part.Size, p.dk, blobStreamID(part.Blob, int(part.Number)), p.offset, part.Size-p.offset)
		if err != nil {
			f.Close()
			return err
		}
		p.cur, p.src = f, rr
	} else {
		f, err := p.e.openAt(part.Blob, p.offset)
		if err != nil {
			return err
		}
		p.cur, p.src = f, f
	}
	p.curN = part.Size - p.offset
	p.offset = 0
	p.idx++
	return nil
}

func (p *partsReader) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, io.EOF
	}
	for p.cur == nil || p.curN == 0 {
		if p.cur != nil {
			p.cur.Close()
			p.cur = nil
		}
		if err := p.openNext(); err != nil {
			return 0, err
		}
	}
	if int64(len(b)) > p.curN {
		b = b[:p.curN]
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	n, err := p.src.Read(b)
	p.curN -= int64(n)
	p.left -= int64(n)
	if err == io.EOF {
		if p.curN > 0 {
			return n, io.ErrUnexpectedEOF
		}
		err = nil
	}
	return n, err
}

func (p *partsReader) Close() error {
	if p.cur != nil {
		p.cur.Close()
		p.cur = nil
	}
	return nil
}
