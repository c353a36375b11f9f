package loadgen

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/coffer-s3/coffer/internal/sigv4"
)

const (
	// errorHead is how much of an error body is searched for <Code>.
	errorHead = 4 << 10
	// errorDrain is how much more of an error body is read so the
	// connection can be reused; longer bodies cost a new connection.
	errorDrain = 64 << 10
)

// sign signs a request with Coffer's own SigV4 signer (the same
// canonicalisation the server verifies with, tested against the AWS SDK's
// signer). It costs a fraction of the SDK signer's CPU and allocations,
// which keeps the load generator measuring the server, not itself.
func sign(req *http.Request, creds *credentials, hash, region string, now time.Time) {
	sigv4.SignV4(req, creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken, region, "s3", hash, now)
}

// credentials are the static credentials the generator signs with.
type credentials struct {
	AccessKeyID, SecretAccessKey, SessionToken string
}

// payloadReader reads the shared payload. Close records that the transport
// is done with it, which is what makes reusing it (and its request) safe.
type payloadReader struct {
	data   []byte
	off    int
	closed atomic.Bool
}

func (r *payloadReader) Read(p []byte) (int, error) {
	if r.off >= len(r.data) {
		return 0, io.EOF
	}
	n := copy(p, r.data[r.off:])
	r.off += n
	return n, nil
}

func (r *payloadReader) Close() error {
	r.closed.Store(true)
	return nil
}

// reply is the outcome of one request.
type reply struct {
	status int
	bytes  int64
	code   string
	err    error
	lat    time.Duration
}

func (r reply) ok() bool { return r.err == nil && r.status >= 200 && r.status < 300 }

// conn is one worker's request machinery. It reuses one http.Request, its
// header map, URL and body reader across operations. net/http allows reuse
// once the response body is closed; conn is stricter and reuses only after
// an exchange the transport has provably finished (body read to EOF, request
// body closed). After anything else it starts afresh, which costs a few
// allocations and never a data race.
type conn struct {
	cl      *client
	ctx     context.Context
	req     *http.Request
	url     url.URL
	body    *payloadReader
	getBody func() (io.ReadCloser, error)
	hashes  [NumOps + 1][]string
	ua      []string
	dirty   bool
	buf     []byte
}

func newConn(cl *client) *conn {
	c := &conn{cl: cl, buf: make([]byte, ioBufSize), ua: []string{userAgent}}
	for op, h := range cl.hashes {
		c.hashes[op] = []string{h}
	}
	// The transport calls GetBody only to retry on a connection the server
	// closed before reading anything; the fresh reader shares the payload.
	c.getBody = func() (io.ReadCloser, error) { return &payloadReader{data: cl.payload}, nil }
	return c
}

func methodOf(op Op) string {
	switch op {
	case OpPut:
		return http.MethodPut
	case OpStat:
		return http.MethodHead
	case opDelete:
		return http.MethodDelete
	}
	return http.MethodGet
}

// prepare readies the request for op on the object at u.
func (c *conn) prepare(op Op, u *url.URL) *http.Request {
	if c.req == nil || c.dirty || c.body != nil && !c.body.closed.Load() {
		c.req = (&http.Request{
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: make(http.Header, 8),
		}).WithContext(c.ctx)
		c.body, c.dirty = nil, false
	}
	req := c.req
	req.Method = methodOf(op)
	c.url = *u
	req.URL = &c.url
	req.Body, req.GetBody, req.ContentLength = nil, nil, 0
	if op == OpPut {
		req.Body = http.NoBody
		if n := len(c.cl.payload); n > 0 {
			if c.body == nil {
				c.body = &payloadReader{data: c.cl.payload}
			} else {
				c.body.off = 0
				c.body.closed.Store(false)
			}
			req.Body, req.GetBody, req.ContentLength = c.body, c.getBody, int64(n)
		}
	}
	req.Header["User-Agent"] = c.ua
	req.Header["X-Amz-Content-Sha256"] = c.hashes[op]
	return req
}

// exec performs op on key i, signing at now. The latency covers the round
// trip and reading the whole response body, not the signing.
func (c *conn) exec(op Op, i int, now time.Time) reply {
	req := c.prepare(op, &c.cl.keys[i])
	if !c.cl.anon {
		sign(req, &c.cl.creds, c.hashes[op][0], c.cl.cfg.Region, now)
	}
	start := time.Now()
	resp, err := c.cl.rt.RoundTrip(req)
	if err != nil {
		c.dirty = true
		return reply{err: err, lat: time.Since(start)}
	}
	r := c.finish(op, resp)
	r.lat = time.Since(start)
	return r
}

// finish consumes and closes the response. Success bodies are read to the
// end through the worker's buffer (io.Discard's ReadFrom would bypass it
// with a pooled buffer of its own); error bodies are searched for <Code>.
func (c *conn) finish(op Op, resp *http.Response) reply {
	r := reply{status: resp.StatusCode}
	if r.ok() {
		n, err := c.drain(resp.Body, -1)
		r.bytes, r.err = n, err
		if op == OpPut && err == nil {
			r.bytes = int64(len(c.cl.payload))
		}
	} else {
		n, err := readUpTo(resp.Body, c.buf[:errorHead])
		r.code = errorCode(c.buf[:n])
		if err == nil {
			_, err = c.drain(resp.Body, errorDrain)
		}
		if err != nil && err != io.EOF {
			c.dirty = true
		}
	}
	if r.err != nil {
		c.dirty = true
	}
	resp.Body.Close()
	return r
}

// drain reads body to EOF, or gives up after limit bytes (limit < 0: no
// limit) and reports io.ErrShortBuffer so the caller knows EOF was not seen.
func (c *conn) drain(body io.Reader, limit int64) (int64, error) {
	var total int64
	for {
		n, err := body.Read(c.buf)
		total += int64(n)
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
		if limit >= 0 && total > limit {
			return total, io.ErrShortBuffer
		}
	}
}

// readUpTo fills buf as far as the body allows; io.EOF means the body ended
// within buf.
func readUpTo(body io.Reader, buf []byte) (int, error) {
	n, err := io.ReadFull(body, buf)
	if err == io.ErrUnexpectedEOF {
		err = io.EOF
	}
	if err == nil && n == 0 {
		err = io.EOF
	}
	return n, err
}
