package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/e2e/harness"
	"github.com/coffer-s3/coffer/internal/sigv4"
)

// rawReq is a hand-built request, for what the SDK refuses to send (wrong
// checksums, tampered signatures, skewed clocks, anonymous calls).
type rawReq struct {
	Method string
	Path   string // escaped path, e.g. "/bucket/key"
	Query  string // raw query
	Host   string // overrides the Host header
	Header http.Header
	Body   []byte
	// Account signs the request; nil sends it unsigned (anonymous).
	Account *harness.Account
	// Payload is x-amz-content-sha256: "" means the hex SHA-256 of Body.
	Payload string
	// Now is the signing time; zero means time.Now().
	Now time.Time
	// After runs after signing, to tamper with the request.
	After func(*http.Request)
	// BodyReader replaces Body on the wire when set (Content-Length stays
	// len(Body) unless ContentLength is set).
	BodyReader    io.Reader
	ContentLength int64
}

// rawResp is a response with its S3 error code parsed.
type rawResp struct {
	Status int
	Header http.Header
	Body   []byte
	Code   string
	Msg    string
}

var rawClient = &http.Client{Timeout: 2 * time.Minute}

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func (q rawReq) build(t testing.TB, base string) *http.Request {
	t.Helper()
	u := base + q.Path
	if q.Query != "" {
		u += "?" + q.Query
	}
	var body io.Reader = bytes.NewReader(q.Body)
	if q.BodyReader != nil {
		body = q.BodyReader
	}
	r, err := http.NewRequest(q.Method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	r.ContentLength = int64(len(q.Body))
	if q.ContentLength != 0 {
		r.ContentLength = q.ContentLength
	}
	if q.BodyReader != nil {
		r.GetBody = nil
	}
	for k, v := range q.Header {
		r.Header[http.CanonicalHeaderKey(k)] = v
	}
	if q.Host != "" {
		r.Host = q.Host
	}
	if q.Account != nil {
		now := q.Now
		if now.IsZero() {
			now = time.Now()
		}
		payload := q.Payload
		if payload == "" {
			payload = sha256hex(q.Body)
		}
		sigv4.SignV4(r, q.Account.AccessKey, q.Account.SecretKey, "", shared.Region, "s3", payload, now)
	}
	if q.After != nil {
		q.After(r)
	}
	return r
}

// do sends a raw request to the shared server.
func (q rawReq) do(t testing.TB) *rawResp {
	t.Helper()
	return q.doAt(t, shared.URL)
}

func (q rawReq) doAt(t testing.TB, base string) *rawResp {
	t.Helper()
	resp, err := rawClient.Do(q.build(t, base))
	if err != nil {
		t.Fatalf("%s %s: %v", q.Method, q.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", q.Method, q.Path, err)
	}
	out := &rawResp{Status: resp.StatusCode, Header: resp.Header, Body: b}
	if resp.StatusCode >= 300 && len(b) > 0 {
		var e struct {
			Code    string
			Message string
		}
		if xml.Unmarshal(b, &e) == nil {
			out.Code, out.Msg = e.Code, e.Message
		}
	}
	return out
}

// want fails unless the response has the status and error code.
func (r *rawResp) want(t testing.TB, status int, code string) {
	t.Helper()
	if r.Status != status || r.Code != code {
		t.Fatalf("want %d %q, got %d %q: %s", status, code, r.Status, r.Code, r.Body)
	}
}

func acct(a harness.Account) *harness.Account { return &a }

var aliceAcct, bobAcct = harness.Alice, harness.Bob
