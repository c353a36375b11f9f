// Package e2e drives the real coffer binary with aws-sdk-go-v2: one shared
// server for most tests (each test uses its own buckets, so they run in
// parallel), and private servers for crash and restart tests.
package e2e

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// testDomain is the --domain of the shared server (virtual-hosted style).
const testDomain = "localhost"

// shared is the server most tests use; TestMain starts it.
var shared *harness.Server

func TestMain(m *testing.M) {
	tb := &mainTB{}
	root, err := os.MkdirTemp("", "coffer-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tb.root = root
	code := func() int {
		defer tb.runCleanups()
		shared = harness.Start(tb, harness.Options{Args: []string{"--domain", testDomain}})
		return m.Run()
	}()
	os.RemoveAll(root)
	os.Exit(code)
}

// mainTB lets TestMain use the harness, which wants a testing.TB, before any
// test exists. Only the methods the harness calls are implemented.
type mainTB struct {
	testing.TB
	root     string
	n        int
	cleanups []func()
}

func (m *mainTB) Helper()                 {}
func (m *mainTB) Logf(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...) }
func (m *mainTB) Errorf(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "e2e setup: "+f+"\n", a...)
}
func (m *mainTB) Fatal(a ...any) { m.Fatalf("%s", fmt.Sprint(a...)) }
func (m *mainTB) Fatalf(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "e2e setup: "+f+"\n", a...)
	m.runCleanups()
	os.RemoveAll(m.root)
	os.Exit(2)
}
func (m *mainTB) Cleanup(f func()) { m.cleanups = append(m.cleanups, f) }
func (m *mainTB) TempDir() string {
	m.n++
	d := filepath.Join(m.root, fmt.Sprintf("d%d", m.n))
	if err := os.Mkdir(d, 0o700); err != nil {
		m.Fatal(err)
	}
	return d
}
func (m *mainTB) runCleanups() {
	for i := len(m.cleanups) - 1; i >= 0; i-- {
		m.cleanups[i]()
	}
	m.cleanups = nil
}

var bucketSeq atomic.Int64

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

// bucketName returns a fresh, valid bucket name derived from the test name.
func bucketName(t testing.TB) string {
	base := strings.Trim(nonName.ReplaceAllString(strings.ToLower(t.Name()), "-"), "-")
	if len(base) > 40 {
		base = base[len(base)-40:]
		base = strings.Trim(base, "-")
	}
	return fmt.Sprintf("e2e-%d-%s", bucketSeq.Add(1), base)
}

// newBucket creates a bucket for alice on the shared server.
func newBucket(t testing.TB, c *s3.Client) string {
	t.Helper()
	name := bucketName(t)
	if _, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &name}); err != nil {
		t.Fatalf("CreateBucket %s: %v", name, err)
	}
	return name
}

// alice and bob are clients of the shared server with the checksum
// behaviour config.LoadDefaultConfig gives (the harness builds its
// aws.Config by hand, which leaves it unset: no checksums at all).
func alice() *s3.Client { return shared.Client(harness.Alice, sdkDefaults) }
func bob() *s3.Client   { return shared.Client(harness.Bob, sdkDefaults) }

func sdkDefaults(o *s3.Options) {
	o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenSupported
	o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenSupported
}

// ctx is a per-call deadline that keeps a hung server from hanging the suite.
func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

// errCode returns the S3 error code of err, or "" when err is nil or not an
// API error.
func errCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// httpStatus returns the HTTP status of a failed SDK call, 0 if none.
func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// wantErr fails unless err carries the S3 error code (and status, if > 0).
func wantErr(t testing.TB, err error, code string, status int) {
	t.Helper()
	if err == nil {
		t.Fatalf("want error %s (%d), got success", code, status)
	}
	if code != "" && errCode(err) != code {
		t.Fatalf("want error code %s, got %q (%v)", code, errCode(err), err)
	}
	if status > 0 && httpStatus(err) != status {
		t.Fatalf("want HTTP %d, got %d (%v)", status, httpStatus(err), err)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// put stores data under key and returns the output.
func put(t testing.TB, c *s3.Client, bucket, key string, data []byte, opts ...func(*s3.PutObjectInput)) *s3.PutObjectOutput {
	t.Helper()
	in := &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: bytes.NewReader(data)}
	for _, o := range opts {
		o(in)
	}
	out, err := c.PutObject(ctx(t), in)
	if err != nil {
		t.Fatalf("PutObject %s/%s: %v", bucket, key, err)
	}
	return out
}

// get reads a whole object.
func get(t testing.TB, c *s3.Client, bucket, key string) []byte {
	t.Helper()
	out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatalf("GetObject %s/%s: %v", bucket, key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatalf("GetObject %s/%s body: %v", bucket, key, err)
	}
	return b
}

// randBytes returns n pseudo-random bytes from a seeded generator.
func randBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	for i := n &^ 7; i < n; i++ {
		b[i] = byte(r.Uint32())
	}
	return b
}

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

// quoted returns an ETag as S3 sends it.
func quoted(s string) string { return `"` + s + `"` }

// listAllV2 lists every key under prefix with ListObjectsV2.
func listAllV2(t testing.TB, c *s3.Client, bucket, prefix string) []string {
	t.Helper()
	var out []string
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: &bucket, Prefix: &prefix})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatalf("ListObjectsV2 %s: %v", bucket, err)
		}
		for _, o := range page.Contents {
			out = append(out, aws.ToString(o.Key))
		}
	}
	return out
}

// sortedCopy sorts keys by UTF-8 bytes, as S3 lists them.
func sortedCopy(keys []string) []string {
	out := append([]string(nil), keys...)
	sort.Strings(out)
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// readAll drains and closes a body.
func readAll(t testing.TB, r io.ReadCloser) string {
	t.Helper()
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
