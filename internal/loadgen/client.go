package loadgen

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"time"
)

const (
	unsignedPayload = "UNSIGNED-PAYLOAD"
	// emptySHA256 is the payload hash of every body-less request.
	emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	userAgent   = "coffer-bench/1"
	ioBufSize   = 64 << 10
)

// client holds everything the workers share, all read-only once built.
type client struct {
	cfg     Config
	rt      http.RoundTripper
	idle    func() // closes idle connections at the end
	creds   credentials
	anon    bool
	payload []byte
	// hashes is the x-amz-content-sha256 value per operation.
	hashes [NumOps + 1]string
	// keys are the object URLs of the key space, built once so a request
	// costs no formatting or URL parsing.
	keys   []url.URL
	bucket url.URL
}

func newClient(cfg Config) (*client, error) {
	ep, err := parseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	tr := newTransport(cfg)
	c := &client{
		cfg:     cfg,
		rt:      tr,
		idle:    tr.CloseIdleConnections,
		creds:   credentials{AccessKeyID: cfg.AccessKey, SecretAccessKey: cfg.SecretKey, SessionToken: cfg.SessionToken},
		anon:    cfg.AccessKey == "",
		payload: makePayload(cfg.Size),
	}
	for op := range c.hashes {
		c.hashes[op] = unsignedPayload
		if !cfg.UnsignedPayload {
			c.hashes[op] = emptySHA256
		}
	}
	if !cfg.UnsignedPayload {
		sum := sha256.Sum256(c.payload)
		c.hashes[OpPut] = hex.EncodeToString(sum[:])
	}
	// Path style puts the bucket first in the path; virtual-hosted style
	// puts it in the host name and the bucket itself is "/".
	host, base := ep.Host, "/"+cfg.Bucket
	c.bucket = url.URL{Scheme: ep.Scheme, Host: host, Path: base}
	if !cfg.PathStyle {
		host, base = cfg.Bucket+"."+ep.Host, ""
		c.bucket = url.URL{Scheme: ep.Scheme, Host: host, Path: "/"}
	}
	// Key names do not depend on Objects, so a later run (or its cleanup)
	// finds the objects an earlier run wrote.
	c.keys = make([]url.URL, cfg.Objects)
	for i := range c.keys {
		c.keys[i] = url.URL{Scheme: ep.Scheme, Host: host, Path: fmt.Sprintf("%s/%sobj-%08d", base, cfg.Prefix, i)}
	}
	return c, nil
}

// newTransport tunes net/http for many short requests to one host: enough
// idle connections that no worker ever redials, no compression (it would
// cost client CPU and change what the server does), and HTTP/1.1 only,
// because S3 clients use one connection per request in flight and HTTP/2
// would multiplex every worker over one connection.
func newTransport(cfg Config) *http.Transport {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	dial := dialer.DialContext
	if cfg.dial != nil {
		dial = cfg.dial
	}
	protos := new(http.Protocols)
	protos.SetHTTP1(true)
	return &http.Transport{
		DialContext:         dial,
		MaxIdleConns:        cfg.Concurrency + 16,
		MaxIdleConnsPerHost: cfg.Concurrency + 16,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second,
		DisableCompression:  true,
		WriteBufferSize:     ioBufSize,
		ReadBufferSize:      ioBufSize,
		Protocols:           protos,
		TLSClientConfig: &tls.Config{
			InsecureSkipVerify: cfg.InsecureTLS, //nolint:gosec // the user asked for it with --insecure-tls
			MinVersion:         tls.VersionTLS12,
		},
	}
}

// makePayload fills the object with pseudo-random bytes so that servers
// which compress or deduplicate cannot make the benchmark look better than
// real data would.
func makePayload(size int64) []byte {
	b := make([]byte, size)
	rand.NewChaCha8([32]byte{'c', 'o', 'f', 'f', 'e', 'r'}).Read(b)
	return b
}

// bucketRequest sends one bucket-level request (create, head, delete). It
// is not on the hot path, so it builds a fresh request each time.
func (c *client) bucketRequest(ctx context.Context, method string, body []byte) (status int, code string, err error) {
	u := c.bucket
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return 0, "", err
	}
	hash := unsignedPayload
	if !c.cfg.UnsignedPayload {
		sum := sha256.Sum256(body)
		hash = hex.EncodeToString(sum[:])
	}
	if len(body) > 0 {
		req.Body = &payloadReader{data: body}
		req.ContentLength = int64(len(body))
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("X-Amz-Content-Sha256", hash)
	if !c.anon {
		sign(req, &c.creds, hash, c.cfg.Region, time.Now())
	}
	resp, err := c.rt.RoundTrip(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	buf := make([]byte, errorHead)
	n, _ := readUpTo(resp.Body, buf)
	return resp.StatusCode, errorCode(buf[:n]), nil
}
