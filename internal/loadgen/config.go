package loadgen

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// Config describes one benchmark run. Zero values of optional fields take
// the defaults documented per field.
type Config struct {
	// Endpoint is the server's base URL, e.g. http://127.0.0.1:9000.
	Endpoint string
	// Region is used in the SigV4 scope and the CreateBucket location
	// (default us-east-1).
	Region string
	// AccessKey and SecretKey sign requests; both empty sends anonymous
	// requests. SessionToken is for temporary credentials.
	AccessKey, SecretKey, SessionToken string
	// Bucket is created when missing (default coffer-bench).
	Bucket string
	// Prefix starts every object key (default "bench/"). Limited to
	// unreserved URI characters so no encoding question can skew results.
	Prefix string
	// Name labels the workload in the report (put, get, stat or mixed).
	Name string
	// Mix selects the operations the workers draw from, by weight.
	Mix Mix
	// Size is the object size in bytes (0 allowed, at most 5 GiB).
	Size int64
	// Concurrency is the number of workers, each with one request in
	// flight (default 32).
	Concurrency int
	// Duration and MaxOps bound the timed phase; whichever is reached
	// first stops it. At least one must be positive.
	Duration time.Duration
	MaxOps   int64
	// Warmup runs the workload untimed before measuring.
	Warmup time.Duration
	// Objects is the key space (0 picks a default from Size): GET and STAT
	// read random keys of it, PUT overwrites it in turn so disk use stays
	// at Objects*Size.
	Objects int
	// PathStyle addresses the bucket in the path instead of the host name.
	PathStyle bool
	// UnsignedPayload sends x-amz-content-sha256: UNSIGNED-PAYLOAD;
	// otherwise the payload's SHA-256 is computed once and reused.
	UnsignedPayload bool
	// InsecureTLS skips certificate verification.
	InsecureTLS bool
	// Cleanup deletes the key space and the bucket afterwards.
	Cleanup bool

	// drain is how long in-flight requests may run past the deadline
	// before they are cancelled (default 5s); tests shorten it.
	drain time.Duration
	// dial replaces the network dialer; tests use it to reach a loopback
	// server under virtual-hosted bucket names.
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

const (
	defaultRegion      = "us-east-1"
	defaultBucket      = "coffer-bench"
	defaultPrefix      = "bench/"
	defaultConcurrency = 32
	defaultDrain       = 5 * time.Second
	// maxSize is S3's limit for a single PUT.
	maxSize        = 5 << 30
	maxConcurrency = 10000
	maxObjects     = 10_000_000
	// defaultObjectBytes caps the default key space's total size.
	defaultObjectBytes = 1 << 30
	defaultMaxObjects  = 1000
)

// DefaultObjects is the key space used when Config.Objects is 0: as many
// objects as fit in 1 GiB, at most 1000 and at least 1.
func DefaultObjects(size int64) int {
	if size <= 0 {
		return defaultMaxObjects
	}
	return int(max(1, min(defaultMaxObjects, defaultObjectBytes/size)))
}

// normalize fills defaults and rejects impossible settings; it returns a
// copy so the caller's Config is never changed.
func (c Config) normalize() (Config, error) {
	if c.Region == "" {
		c.Region = defaultRegion
	}
	if c.Bucket == "" {
		c.Bucket = defaultBucket
	}
	if c.Prefix == "" {
		c.Prefix = defaultPrefix
	}
	if c.Concurrency == 0 {
		c.Concurrency = defaultConcurrency
	}
	if c.drain == 0 {
		c.drain = defaultDrain
	}
	if c.Objects == 0 {
		c.Objects = DefaultObjects(c.Size)
	}
	if c.Name == "" {
		c.Name = "mixed"
		if op, ok := c.Mix.only(); ok {
			c.Name = op.String()
		}
	}
	if _, err := parseEndpoint(c.Endpoint); err != nil {
		return c, err
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if err := checkBucketName(c.Bucket); err != nil {
		errs = append(errs, err)
	}
	if !safePrefix(c.Prefix) {
		bad("invalid prefix %q: use only letters, digits and - _ . ~ /, with no empty, . or .. segment", c.Prefix)
	}
	if (c.AccessKey == "") != (c.SecretKey == "") {
		bad("give both an access key and a secret key, or neither for anonymous requests")
	}
	if c.Size < 0 || c.Size > maxSize {
		bad("size %d is outside 0..5GiB (the S3 single-PUT limit)", c.Size)
	}
	if c.Concurrency < 1 || c.Concurrency > maxConcurrency {
		bad("concurrency %d is outside 1..%d", c.Concurrency, maxConcurrency)
	}
	if c.Duration < 0 || c.MaxOps < 0 || c.Warmup < 0 {
		bad("duration, max-ops and warmup must not be negative")
	}
	if c.Duration == 0 && c.MaxOps == 0 {
		bad("give a positive duration or max-ops to bound the run")
	}
	if c.Objects < 1 || c.Objects > maxObjects {
		bad("objects %d is outside 1..%d", c.Objects, maxObjects)
	}
	if c.Mix.total() == 0 {
		bad("no operation selected")
	}
	return c, errors.Join(errs...)
}

// needsPrefill reports whether reads need existing objects.
func (c Config) needsPrefill() bool { return c.Mix.has(OpGet) || c.Mix.has(OpStat) }

func parseEndpoint(s string) (*url.URL, error) {
	if s == "" {
		return nil, errors.New("an endpoint is required, e.g. http://127.0.0.1:9000")
	}
	if !strings.Contains(s, "://") {
		return nil, fmt.Errorf("invalid endpoint %q: want http://host[:port] or https://host[:port]", s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("invalid endpoint %q: %w", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("invalid endpoint %q: want http://host[:port] or https://host[:port]", s)
	}
	if strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("invalid endpoint %q: give only scheme, host and port", s)
	}
	return u, nil
}

// checkBucketName applies S3's naming rules that matter for addressing.
func checkBucketName(b string) error {
	if len(b) < 3 || len(b) > 63 {
		return fmt.Errorf("invalid bucket %q: must be 3 to 63 characters", b)
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return fmt.Errorf("invalid bucket %q: use lower-case letters, digits, '-' and '.'", b)
		}
	}
	if !isAlnum(b[0]) || !isAlnum(b[len(b)-1]) {
		return fmt.Errorf("invalid bucket %q: must begin and end with a letter or digit", b)
	}
	return nil
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// safePrefix reports whether keys under s need no percent-encoding and no
// path normalisation, so Go's path escaping, S3's canonical URI and any
// proxy or server that cleans paths all see the same key.
func safePrefix(s string) bool {
	for seg := range strings.SplitSeq(s, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	if strings.HasPrefix(s, "/") || strings.Contains(s, "//") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
			return false
		}
	}
	return true
}
