package sigv4

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// DefaultMaxChunkSize bounds one signed chunk, which must be held in memory
// until its signature is checked. SDKs send 64 KiB to 1 MiB chunks.
const DefaultMaxChunkSize = 16 << 20

const (
	minChunkSize = 8 << 10 // S3's minimum for every signed chunk but the last
	maxLineSize  = 4 << 10 // a chunk header or trailer line
	maxTrailers  = 8
)

// ChunkedConfig describes an aws-chunked body. ChunkedConfigFor fills it
// from a verified request.
type ChunkedConfig struct {
	// Mode is PayloadStreaming, PayloadStreamingTrailer or
	// PayloadStreamingUnsignedTrailer.
	Mode PayloadMode
	// SigningKey, Timestamp (X-Amz-Date), Scope and Seed (the request's
	// signature) start the chunk signature chain; unused when unsigned.
	SigningKey             []byte
	Timestamp, Scope, Seed string
	// DecodedLength is x-amz-decoded-content-length, which the decoded body
	// must match exactly; negative means unknown (not enforced).
	DecodedLength int64
	// Trailers are the lower-case names declared in x-amz-trailer; the
	// trailer section must carry exactly these.
	Trailers []string
	// MaxChunkSize bounds signed chunks; 0 means DefaultMaxChunkSize.
	MaxChunkSize int
}

// ChunkedConfigFor reads the streaming parameters of a request whose
// signature VerifyV4 accepted: the payload mode, the decoded length and the
// declared trailers, and the seed of the chunk signature chain.
func ChunkedConfigFor(r *http.Request, a *Auth, signingKey []byte) (ChunkedConfig, error) {
	mode, err := ClassifyPayload(headerValue(r.Header, "X-Amz-Content-Sha256"))
	if err != nil {
		return ChunkedConfig{}, err
	}
	if mode != PayloadStreaming && mode != PayloadStreamingTrailer && mode != PayloadStreamingUnsignedTrailer {
		return ChunkedConfig{}, apierr.InvalidRequest.WithMessage("The request is not aws-chunked encoded.")
	}
	cfg := ChunkedConfig{Mode: mode, DecodedLength: -1}
	if v, ok := r.Header["X-Amz-Decoded-Content-Length"]; !ok || len(v) == 0 {
		return ChunkedConfig{}, apierr.MissingContentLength.WithMessage("You must provide the x-amz-decoded-content-length HTTP header.")
	} else if n, err := strconv.ParseInt(v[0], 10, 64); err != nil || n < 0 {
		return ChunkedConfig{}, apierr.InvalidArgument.WithMessage("x-amz-decoded-content-length must be a non-negative integer.").
			With("ArgumentName", "x-amz-decoded-content-length").With("ArgumentValue", v[0])
	} else {
		cfg.DecodedLength = n
	}
	for _, v := range r.Header["X-Amz-Trailer"] {
		for name := range strings.SplitSeq(v, ",") {
			if name = lowerASCII(strings.TrimSpace(name)); name != "" && !slices.Contains(cfg.Trailers, name) {
				cfg.Trailers = append(cfg.Trailers, name)
			}
		}
	}
	if mode == PayloadStreaming && len(cfg.Trailers) > 0 {
		return ChunkedConfig{}, apierr.MalformedTrailerError
	}
	if mode != PayloadStreamingUnsignedTrailer {
		if a.Version != 4 || a.Kind != KindHeader || a.amzDate == "" {
			return ChunkedConfig{}, apierr.AccessDenied
		}
		cfg.SigningKey, cfg.Timestamp, cfg.Scope, cfg.Seed = signingKey, a.amzDate, a.Scope(), a.Signature
	}
	return cfg, nil
}

type chunkState int

const (
	stHeader  chunkState = iota // before a chunk header line
	stData                      // inside an unsigned chunk's data
	stDataEnd                   // before the CRLF that ends a chunk's data
	stDone                      // trailers read, body at EOF
)

// ChunkedReader decodes an aws-chunked body: Read returns the payload with
// the framing stripped, and an *apierr.Error when the framing, a chunk
// signature, the trailer or the decoded length is wrong. Signed chunks are
// verified before any of their bytes are returned; unsigned chunks are
// read straight into the caller's buffer.
type ChunkedReader struct {
	br        *bufio.Reader
	cfg       ChunkedConfig
	signed    bool
	chain     chain
	state     chunkState
	left      int64  // unsigned: bytes left in the current chunk
	buf       []byte // signed: the current, verified chunk
	pos       int
	total     int64 // decoded bytes announced by chunk headers so far
	chunks    int
	prevSmall int64 // size of the last data chunk if it was under the minimum
	trailers  []trailerField
	trailSig  string
	err       error
}

type trailerField struct{ name, value string }

// NewChunkedReader decodes body as cfg describes.
func NewChunkedReader(body io.Reader, cfg ChunkedConfig) *ChunkedReader {
	r := &ChunkedReader{br: bufio.NewReaderSize(body, maxLineSize), cfg: cfg}
	switch cfg.Mode {
	case PayloadStreaming, PayloadStreamingTrailer:
		r.signed = true
		r.chain.init(cfg.SigningKey, cfg.Timestamp, cfg.Scope, cfg.Seed)
		if r.cfg.MaxChunkSize <= 0 {
			r.cfg.MaxChunkSize = DefaultMaxChunkSize
		}
	case PayloadStreamingUnsignedTrailer:
	default:
		r.err = apierr.InvalidRequest.WithMessage("The request is not aws-chunked encoded.")
	}
	return r
}

// Trailer returns the value of a trailing header once Read has returned
// io.EOF, and "" before. The reader checks that the trailer names are the
// declared ones (and, when signed, the trailer signature), not the values:
// with STREAMING-UNSIGNED-PAYLOAD-TRAILER the x-amz-checksum-* trailer is
// the body's only integrity check, and the caller must compare it with the
// checksum of the bytes it read.
func (r *ChunkedReader) Trailer(name string) string {
	if r.state != stDone {
		return ""
	}
	for _, f := range r.trailers {
		if strings.EqualFold(f.name, name) {
			return f.value
		}
	}
	return ""
}

func (r *ChunkedReader) Read(p []byte) (int, error) {
	for r.err == nil {
		if r.pos < len(r.buf) {
			n := copy(p, r.buf[r.pos:])
			r.pos += n
			return n, nil
		}
		switch r.state {
		case stData:
			if len(p) == 0 {
				return 0, nil
			}
			return r.readData(p)
		case stDataEnd:
			r.err = r.readDataEnd()
		case stHeader:
			r.err = r.nextChunk()
		case stDone:
			return 0, io.EOF
		}
	}
	return 0, r.err
}

func (r *ChunkedReader) readData(p []byte) (int, error) {
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n, err := r.br.Read(p)
	r.left -= int64(n)
	if r.left == 0 {
		r.state = stDataEnd
	}
	if err != nil && (err != io.EOF || r.left > 0) {
		r.err = ioError(err)
	}
	if n == 0 && r.err != nil {
		return 0, r.err
	}
	return n, nil
}

func (r *ChunkedReader) readDataEnd() error {
	line, err := r.readLine()
	if err != nil {
		return ioError(err)
	}
	if len(line) != 0 {
		return errFraming()
	}
	r.state = stHeader
	return nil
}

func (r *ChunkedReader) nextChunk() error {
	line, err := r.readLine()
	if err != nil && (err != io.EOF || len(line) == 0) {
		return ioError(err)
	}
	size, sig, perr := r.parseChunkHeader(line)
	if perr != nil {
		return perr
	}
	if err == io.EOF && size != 0 {
		return errFraming()
	}
	r.chunks++
	if size == 0 {
		if r.signed {
			if err := r.verifyChunk(sig, nil); err != nil {
				return err
			}
		}
		if r.cfg.DecodedLength >= 0 && r.total < r.cfg.DecodedLength {
			return apierr.IncompleteBody
		}
		return r.finish()
	}
	if r.cfg.DecodedLength >= 0 && size > r.cfg.DecodedLength-r.total || size > math.MaxInt64-r.total {
		return errTooLong()
	}
	r.total += size
	if !r.signed {
		r.left, r.state = size, stData
		return nil
	}
	if r.prevSmall > 0 {
		return apierr.InvalidChunkSizeError.With("Chunk", strconv.Itoa(r.chunks-1)).With("BadChunkSize", strconv.FormatInt(r.prevSmall, 10))
	}
	if size < minChunkSize {
		r.prevSmall = size
	}
	if size > int64(r.cfg.MaxChunkSize) {
		return apierr.InvalidChunkSizeError.WithMessage("Chunks larger than "+strconv.Itoa(r.cfg.MaxChunkSize)+" bytes are not accepted.").
			With("Chunk", strconv.Itoa(r.chunks)).With("BadChunkSize", strconv.FormatInt(size, 10))
	}
	var want [2 * sha256.Size]byte
	if len(sig) != len(want) {
		return errChunkSignature()
	}
	copy(want[:], sig) // sig points into the read buffer that the data read reuses
	if err := r.readChunk(int(size)); err != nil {
		return err
	}
	if err := r.verifyChunk(want[:], r.buf); err != nil {
		return err
	}
	r.pos, r.state = 0, stDataEnd
	return nil
}

// readChunk reads one signed chunk into r.buf, growing it as the data
// arrives rather than by the declared size.
func (r *ChunkedReader) readChunk(n int) error {
	r.buf = r.buf[:0]
	for len(r.buf) < n {
		if len(r.buf) == cap(r.buf) {
			r.buf = slices.Grow(r.buf, min(max(cap(r.buf), 32<<10), n-len(r.buf)))
		}
		m, err := r.br.Read(r.buf[len(r.buf):min(n, cap(r.buf))])
		r.buf = r.buf[:len(r.buf)+m]
		if err != nil && len(r.buf) < n {
			return ioError(err)
		}
	}
	return nil
}

func (r *ChunkedReader) verifyChunk(sig, data []byte) error {
	got := r.chain.chunk(sha256.Sum256(data))
	if !hexEqual(sig, got) {
		return errChunkSignature()
	}
	r.chain.advance(got)
	return nil
}

// parseChunkHeader parses "hex-size[;ext...]". Signed chunks need the one
// extension chunk-signature=<hex>; unsigned ones may carry any, ignored.
func (r *ChunkedReader) parseChunkHeader(line []byte) (int64, []byte, error) {
	sizePart, ext, hasExt := bytes.Cut(line, []byte{';'})
	sizePart = bytes.TrimSpace(sizePart)
	if len(sizePart) == 0 || len(sizePart) > 16 {
		return 0, nil, errFraming()
	}
	var size uint64
	for _, c := range sizePart {
		d, ok := unhex(c)
		if !ok {
			return 0, nil, errFraming()
		}
		size = size<<4 | uint64(d)
	}
	if size > math.MaxInt64 {
		return 0, nil, errFraming()
	}
	if !r.signed {
		return int64(size), nil, nil
	}
	name, sig, _ := bytes.Cut(bytes.TrimSpace(ext), []byte{'='})
	if !hasExt || string(name) != "chunk-signature" {
		return 0, nil, errChunkSignature()
	}
	return int64(size), bytes.TrimSpace(sig), nil
}

// readLine returns the next line without its "\r\n" (or bare "\n"). At the
// end of the body it returns what is left and io.EOF.
func (r *ChunkedReader) readLine() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	switch err {
	case nil:
		line = line[:len(line)-1]
	case bufio.ErrBufferFull:
		return nil, errFraming()
	default:
		if err != io.EOF {
			return nil, err
		}
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, err
}

// ioError maps the ways a body ends too early to IncompleteBody and passes
// transport errors (timeouts, size limits) through unchanged.
func ioError(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return errFraming()
	}
	return err
}

func errFraming() *apierr.Error {
	return apierr.IncompleteBody.WithMessage("The request body terminated unexpectedly")
}

func errTooLong() *apierr.Error {
	return apierr.InvalidRequest.WithMessage("The decoded body is longer than x-amz-decoded-content-length.")
}

func errChunkSignature() *apierr.Error { return apierr.SignatureDoesNotMatch }
