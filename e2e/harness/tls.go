package harness

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// TLSServer is a server that serves HTTPS (a self-signed certificate) on
// HTTPSAddr beside plain HTTP on Addr, so tests can compare the two.
type TLSServer struct {
	*Server
	HTTPSAddr string
	HTTPSURL  string // https://host:port
	CertFile  string // the self-signed certificate (PEM), to trust
	Roots     *x509.CertPool
}

// StartTLS starts a server with --tls-self-signed and --https-listen.
func StartTLS(t testing.TB, o Options) *TLSServer {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", FreePort(t))
	o.Args = append(append([]string(nil), o.Args...), "--tls-self-signed", "--https-listen", addr)
	s := Start(t, o)
	ts := &TLSServer{Server: s, HTTPSAddr: addr, HTTPSURL: "https://" + addr,
		CertFile: filepath.Join(s.DataDir, "tls", "self-signed.crt")}
	pem, err := os.ReadFile(ts.CertFile)
	if err != nil {
		t.Fatal(err)
	}
	ts.Roots = x509.NewCertPool()
	if !ts.Roots.AppendCertsFromPEM(pem) {
		t.Fatal("self-signed certificate does not parse")
	}
	return ts
}

// HTTPSClient is an http.Client that trusts the server's certificate.
func (s *TLSServer) HTTPSClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64,
		TLSClientConfig: &tls.Config{RootCAs: s.Roots, MinVersion: tls.VersionTLS12}}}
}

// TLSClient returns an S3 client for an account over HTTPS, path-style.
func (s *TLSServer) TLSClient(a Account, opts ...func(*s3.Options)) *s3.Client {
	cfg := aws.Config{
		Region:      s.Region,
		Credentials: credentials.NewStaticCredentialsProvider(a.AccessKey, a.SecretKey, ""),
		HTTPClient:  s.HTTPSClient(),
	}
	return s3.NewFromConfig(cfg, append([]func(*s3.Options){func(o *s3.Options) {
		o.BaseEndpoint = aws.String(s.HTTPSURL)
		o.UsePathStyle = true
		o.RetryMaxAttempts = 1
	}}, opts...)...)
}

// TLSEnv is Env for the aws cli and boto3 over HTTPS (trusting the
// server's certificate through AWS_CA_BUNDLE).
func (s *TLSServer) TLSEnv(a Account) []string {
	return append(s.Env(a), "AWS_ENDPOINT_URL="+s.HTTPSURL, "AWS_CA_BUNDLE="+s.CertFile)
}
