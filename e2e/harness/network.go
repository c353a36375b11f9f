package harness

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
)

// NetClient is how a test reaches a server: through which listener (an
// interface endpoint's or the public one) and from which source address
// (any address of 127.0.0.0/8 works on Linux without setup).
type NetClient struct {
	// URL is the listener's base URL (http:// or https://).
	URL string
	// Source is the local address to connect from; "" lets the kernel pick.
	Source string
	// TLS configures HTTPS listeners (nil: system roots).
	TLS *tls.Config
	// Header is added to every request (e.g. X-Forwarded-For).
	Header http.Header
}

// HTTPClient dials the listener of URL from Source, whatever host a
// request names (access point and S3 Control hosts carry prefixes that
// resolve nowhere).
func (n NetClient) HTTPClient() *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second}
	if n.Source != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(n.Source)}
	}
	addr := strings.TrimPrefix(strings.TrimPrefix(n.URL, "http://"), "https://")
	var rt http.RoundTripper = &http.Transport{
		MaxIdleConnsPerHost: 16,
		TLSClientConfig:     n.TLS,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
	}
	if len(n.Header) > 0 {
		rt = headerRT{rt: rt, h: n.Header}
	}
	return &http.Client{Transport: rt}
}

type headerRT struct {
	rt http.RoundTripper
	h  http.Header
}

func (h headerRT) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for k, vs := range h.h {
		r.Header[k] = vs
	}
	return h.rt.RoundTrip(r)
}

// S3 returns an S3 client for account a through n, path-style.
func (n NetClient) S3(s *Server, a Account, opts ...func(*s3.Options)) *s3.Client {
	return s3.NewFromConfig(aws.Config{
		Region:      s.Region,
		Credentials: credentials.NewStaticCredentialsProvider(a.AccessKey, a.SecretKey, ""),
		HTTPClient:  n.HTTPClient(),
	}, append([]func(*s3.Options){func(o *s3.Options) {
		o.BaseEndpoint = aws.String(n.URL)
		o.UsePathStyle = true
		o.RetryMaxAttempts = 1
	}}, opts...)...)
}

// Control returns an S3 Control client for account a through n.
func (n NetClient) Control(s *Server, a Account) *s3control.Client {
	return s3control.NewFromConfig(aws.Config{
		Region:      s.Region,
		Credentials: credentials.NewStaticCredentialsProvider(a.AccessKey, a.SecretKey, ""),
		HTTPClient:  n.HTTPClient(),
	}, func(o *s3control.Options) {
		o.BaseEndpoint = aws.String(n.URL)
		o.RetryMaxAttempts = 1
	})
}

// FreePortOn returns a port free on the loopback address host.
func FreePortOn(t testing.TB, host string) int {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// Reload sends SIGHUP (configuration reload) and waits until the log has
// one more line containing done than before, or fails after 20 s.
func (s *Server) Reload(t testing.TB, done string) {
	t.Helper()
	before := strings.Count(s.Log(), done)
	if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	s.WaitLog(t, done, before+1)
}

// WaitLog waits until the log contains substr at least n times.
func (s *Server) WaitLog(t testing.TB, substr string, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Count(s.Log(), substr) >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("log never showed %q %d times:\n%s", substr, n, s.Log())
}

// Dial checks that addr accepts TCP connections.
func Dial(addr string) error {
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return err
	}
	return c.Close()
}

// String names the client in test messages.
func (n NetClient) String() string { return fmt.Sprintf("%s from %s", n.URL, n.Source) }
