package loadgen

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

const (
	testAK = "AKIDEXAMPLE"
	testSK = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
)

// fakeS3 implements just enough S3 to drive the generator, and checks every
// request's SigV4 Authorization header, including the signature itself.
type fakeS3 struct {
	t       testing.TB
	vhost   bool // expect virtual-hosted addressing
	region  string
	mu      sync.Mutex
	buckets map[string]map[string][]byte
	// lenient answers bad signatures with 403 instead of failing the test.
	lenient bool
	// fail, when set, may answer a request instead of the fake store.
	fail func(w http.ResponseWriter, r *http.Request) bool

	requests atomic.Int64
	authBad  atomic.Int64
	methods  sync.Map // method -> *atomic.Int64
}

func newFakeS3(t testing.TB) *fakeS3 {
	return &fakeS3{t: t, region: "us-east-1", buckets: map[string]map[string][]byte{}}
}

func (f *fakeS3) start() *httptest.Server {
	srv := httptest.NewServer(f)
	f.t.Cleanup(srv.Close)
	return srv
}

func (f *fakeS3) count(method string) int64 {
	v, _ := f.methods.LoadOrStore(method, new(atomic.Int64))
	return v.(*atomic.Int64).Load()
}

func writeS3Error(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n<Error><Code>%s</Code><Message>fake</Message></Error>", code)
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	v, _ := f.methods.LoadOrStore(r.Method, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
	if f.fail != nil && f.fail(w, r) {
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	if msg := f.checkAuth(r, body); msg != "" {
		f.authBad.Add(1)
		if !f.lenient {
			f.t.Errorf("%s %s: %s", r.Method, r.URL.Path, msg)
		}
		writeS3Error(w, 403, "SignatureDoesNotMatch")
		return
	}
	bucket, key := f.target(r)
	f.mu.Lock()
	defer f.mu.Unlock()
	objs, exists := f.buckets[bucket]
	switch {
	case key == "" && r.Method == http.MethodPut:
		if exists {
			writeS3Error(w, 409, "BucketAlreadyOwnedByYou")
			return
		}
		f.buckets[bucket] = map[string][]byte{}
	case key == "" && r.Method == http.MethodHead:
		if !exists {
			w.WriteHeader(404)
		}
	case key == "" && r.Method == http.MethodDelete:
		switch {
		case !exists:
			writeS3Error(w, 404, "NoSuchBucket")
		case len(objs) > 0:
			writeS3Error(w, 409, "BucketNotEmpty")
		default:
			delete(f.buckets, bucket)
			w.WriteHeader(204)
		}
	case !exists:
		writeS3Error(w, 404, "NoSuchBucket")
	case r.Method == http.MethodPut:
		if int64(len(body)) != r.ContentLength {
			writeS3Error(w, 400, "IncompleteBody")
			return
		}
		objs[key] = body
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		data, ok := objs[key]
		if !ok {
			if r.Method == http.MethodHead {
				w.WriteHeader(404)
			} else {
				writeS3Error(w, 404, "NoSuchKey")
			}
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		if r.Method == http.MethodGet {
			w.Write(data)
		}
	case r.Method == http.MethodDelete:
		delete(objs, key)
		w.WriteHeader(204)
	default:
		writeS3Error(w, 405, "MethodNotAllowed")
	}
}

func (f *fakeS3) target(r *http.Request) (bucket, key string) {
	path := strings.TrimPrefix(r.URL.Path, "/")
	if f.vhost {
		host, _, _ := strings.Cut(r.Host, ":")
		bucket, _, _ = strings.Cut(host, ".")
		return bucket, path
	}
	bucket, key, _ = strings.Cut(path, "/")
	return bucket, key
}

func (f *fakeS3) objectCount(bucket string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.buckets[bucket])
}

var authRE = regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([a-z0-9-]+)/s3/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$`)

// checkAuth verifies the header's shape, that every x-amz-* header is
// signed, the payload hash, and recomputes the signature independently of
// the SDK that produced it.
func (f *fakeS3) checkAuth(r *http.Request, body []byte) string {
	m := authRE.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		return fmt.Sprintf("malformed Authorization %q", r.Header.Get("Authorization"))
	}
	date := r.Header.Get("X-Amz-Date")
	if m[1] != testAK || m[3] != f.region || len(date) != 16 || m[2] != date[:8] {
		return fmt.Sprintf("bad credential scope %q for date %q", m[0], date)
	}
	signed := strings.Split(m[4], ";")
	for _, h := range []string{"host", "x-amz-content-sha256", "x-amz-date"} {
		if !slices.Contains(signed, h) {
			return "header " + h + " not signed"
		}
	}
	for h := range r.Header {
		if lh := strings.ToLower(h); strings.HasPrefix(lh, "x-amz-") && !slices.Contains(signed, lh) {
			return "x-amz header " + lh + " present but not signed"
		}
	}
	hash := r.Header.Get("X-Amz-Content-Sha256")
	if hash != unsignedPayload {
		sum := sha256.Sum256(body)
		if hash != hex.EncodeToString(sum[:]) {
			return "x-amz-content-sha256 does not match the body"
		}
	}
	var canon strings.Builder
	fmt.Fprintf(&canon, "%s\n%s\n%s\n", r.Method, r.URL.EscapedPath(), r.URL.RawQuery)
	for _, h := range signed {
		v := strings.Join(r.Header.Values(h), ",")
		switch h {
		case "host":
			v = r.Host
		case "content-length":
			v = strconv.FormatInt(r.ContentLength, 10)
		}
		fmt.Fprintf(&canon, "%s:%s\n", h, strings.TrimSpace(v))
	}
	fmt.Fprintf(&canon, "\n%s\n%s", m[4], hash)
	sum := sha256.Sum256([]byte(canon.String()))
	scope := m[2] + "/" + f.region + "/s3/aws4_request"
	sts := "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
	key := []byte("AWS4" + testSK)
	for _, part := range []string{m[2], f.region, "s3", "aws4_request", sts} {
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(part))
		key = mac.Sum(nil)
	}
	if got := hex.EncodeToString(key); got != m[5] {
		return "signature mismatch"
	}
	return ""
}
