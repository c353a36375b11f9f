package harness

import (
	"context"
	"net"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
)

// AnyHostHTTPClient dials the server whatever host a request names. SDKs
// prefix the endpoint host for access point ARNs (NAME-ACCOUNT.host) and
// S3 Control (ACCOUNT.host); those names resolve nowhere, so tests route
// them to the server as a wildcard DNS entry would.
func (s *Server) AnyHostHTTPClient() *http.Client {
	d := &net.Dialer{}
	return &http.Client{Transport: &http.Transport{
		MaxIdleConnsPerHost: 16,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, s.Addr)
		},
	}}
}

// ClientAnyHost is Client with virtual-hosted addressing through
// AnyHostHTTPClient (needed for access point ARNs).
func (s *Server) ClientAnyHost(a Account) *s3.Client {
	return s3.NewFromConfig(aws.Config{
		Region:      s.Region,
		Credentials: credentials.NewStaticCredentialsProvider(a.AccessKey, a.SecretKey, ""),
		HTTPClient:  s.AnyHostHTTPClient(),
	}, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(s.URL)
		o.RetryMaxAttempts = 1
	})
}

// Control returns an S3 Control client for an account.
func (s *Server) Control(a Account) *s3control.Client {
	return s3control.NewFromConfig(aws.Config{
		Region:      s.Region,
		Credentials: credentials.NewStaticCredentialsProvider(a.AccessKey, a.SecretKey, ""),
		HTTPClient:  s.AnyHostHTTPClient(),
	}, func(o *s3control.Options) {
		o.BaseEndpoint = aws.String(s.URL)
		o.RetryMaxAttempts = 1
	})
}
