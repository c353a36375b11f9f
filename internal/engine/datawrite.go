package engine

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"sync"

	"github.com/coffer-s3/coffer/internal/checksum"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/sse"
)

// dataEnc is how received data is sealed: the data key and the part number
// the stream binds (0 for whole objects). nil stores data in the clear
// (benchmarks only).
type dataEnc struct {
	key  []byte
	part int
}

// createBlob starts a blob whose writes are encrypted with enc.
func (e *Engine) createBlob(enc *dataEnc) (blobWriter, error) {
	w, err := e.blobs.Create()
	if err != nil || enc == nil {
		return w, err
	}
	// Sealed chunks are 64 KiB; batching them keeps write calls as large
	// as on the plaintext path.
	bw := bufio.NewWriterSize(w, 1<<20)
	sw, err := sse.NewWriter(bw, enc.key, blobStreamID(w.ID(), enc.part))
	if err != nil {
		w.Abort()
		return nil, err
	}
	return &sealedBlob{Writer: w, sw: sw, bw: bw}, nil
}

// sealedBlob encrypts what is written to a blob; Commit seals the final
// chunk first.
type sealedBlob struct {
	Writer blobWriter
	sw     *sse.Writer
	bw     *bufio.Writer
}

func (b *sealedBlob) Write(p []byte) (int, error) { return b.sw.Write(p) }
func (b *sealedBlob) ID() string                  { return b.Writer.ID() }
func (b *sealedBlob) Abort() error                { return b.Writer.Abort() }

func (b *sealedBlob) Commit() (string, error) {
	err := b.sw.Close()
	if err == nil {
		err = b.bw.Flush()
	}
	if err != nil {
		b.Writer.Abort()
		return "", err
	}
	return b.Writer.Commit()
}

// sealInline encrypts inline data in place of the plaintext.
func (r *received) sealInline(enc *dataEnc) error {
	if enc == nil || r.data == nil {
		return nil
	}
	sealed, err := sse.Encrypt(r.data, enc.key, inlineID)
	if err != nil {
		return err
	}
	clear(r.data)
	r.data = sealed
	return nil
}

// openSealed opens encrypted data for a range. The first chunk is
// decrypted before returning, so that damaged data fails the request
// before any header is sent.
func (e *Engine) openSealed(ctx context.Context, v *meta.Version, start, length int64, dk []byte) (io.Reader, io.Closer, error) {
	var (
		r      io.Reader
		closer io.Closer
		err    error
	)
	switch {
	case v.Inline:
		data, rerr := e.meta.ReadInline(ctx, v)
		if rerr != nil {
			return nil, nil, rerr
		}
		r, err = sse.NewRangeReader(bytes.NewReader(data), v.Size, dk, inlineID, start, length)
	case v.Blob != "":
		f, oerr := e.blobs.Open(v.Blob)
		if oerr != nil {
			return nil, nil, oerr
		}
		closer = f
		r, err = sse.NewRangeReader(f, v.Size, dk, blobStreamID(v.Blob, 0), start, length)
	default:
		pr := &partsReader{e: e, parts: v.Parts, left: length, dk: dk}
		for pr.idx < len(pr.parts) && start >= pr.parts[pr.idx].Size {
			start -= pr.parts[pr.idx].Size
			pr.idx++
		}
		pr.offset = start
		r, closer = pr, pr
	}
	if err == nil && length > 0 {
		r, err = prime(r)
	}
	if err != nil {
		if closer != nil {
			closer.Close()
		}
		return nil, nil, e.dataError(v, err)
	}
	return r, closer, nil
}

// dataError logs authentication failures of stored data: they mean damage
// or tampering on disk, never a client error.
func (e *Engine) dataError(v *meta.Version, err error) error {
	if errors.Is(err, sse.ErrAuth) || errors.Is(err, sse.ErrFormat) {
		e.log.Error("stored object data failed authentication: damaged or tampered", "bucket", v.Bucket, "key", v.Key, "version", v.VersionID, "err", err)
	}
	return err
}

// primed is a reader whose first byte was read ahead.
type primed struct {
	first [1]byte
	has   bool
	r     io.Reader
}

func prime(r io.Reader) (io.Reader, error) {
	p := &primed{r: r}
	n, err := io.ReadFull(r, p.first[:])
	if err != nil {
		return nil, err
	}
	p.has = n == 1
	return p, nil
}

func (p *primed) Read(b []byte) (int, error) {
	if p.has && len(b) > 0 {
		b[0] = p.first[0]
		p.has = false
		return 1, nil
	}
	return p.r.Read(b)
}

// WriteTo keeps the decrypting reader's WriteTo on the copy path.
func (p *primed) WriteTo(w io.Writer) (int64, error) {
	var total int64
	if p.has {
		p.has = false
		n, err := w.Write(p.first[:])
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
	if wt, ok := p.r.(io.WriterTo); ok {
		n, err := wt.WriteTo(w)
		return total + n, err
	}
	n, err := io.Copy(w, struct{ io.Reader }{p.r})
	return total + n, err
}

// hashAndWrite hashes p and writes it to w at the same time: storing
// (encrypting, for sealed blobs) overlaps MD5, which is the slowest step.
// Small buffers go the serial path.
func hashAndWrite(h *checksum.Hasher, w io.Writer, p []byte) error {
	if len(p) < 256<<10 {
		h.WriteConcurrent(p)
		_, err := w.Write(p)
		return err
	}
	var (
		wg   sync.WaitGroup
		werr error
	)
	wg.Go(func() { _, werr = w.Write(p) })
	h.WriteConcurrent(p)
	wg.Wait()
	return werr
}
