package server

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestSelfSignedAndReload(t *testing.T) {
	dir := t.TempDir()
	h, err := setupTLS(TLSConfig{SelfSigned: true}, dir, "127.0.0.1:9000", "")
	if err != nil {
		t.Fatal(err)
	}
	fp := h.Fingerprint()
	if len(fp) != 95 {
		t.Fatalf("fingerprint %q", fp)
	}
	// A second start reuses the certificate, so clients can pin it.
	h2, err := setupTLS(TLSConfig{SelfSigned: true}, dir, "127.0.0.1:9000", "")
	if err != nil || h2.Fingerprint() != fp {
		t.Fatal("self-signed certificate not kept", err)
	}
	// Reload picks up replaced files; a broken file keeps the old one.
	certDir := filepath.Join(dir, "tls")
	for _, f := range []string{"self-signed.crt", "self-signed.key"} {
		os.Remove(filepath.Join(certDir, f))
	}
	if _, _, err := selfSigned(certDir, "127.0.0.1:9000", ""); err != nil {
		t.Fatal(err)
	}
	if err := h.load(); err != nil || h.Fingerprint() == fp {
		t.Fatal("reload did not swap the certificate", err)
	}
	fp2 := h.Fingerprint()
	os.WriteFile(filepath.Join(certDir, "self-signed.crt"), []byte("junk"), 0o600)
	if err := h.load(); err == nil || h.Fingerprint() != fp2 {
		t.Fatal("a broken certificate replaced the good one")
	}
	cfg := serverTLSConfig(h)
	if cfg.MinVersion != tls.VersionTLS12 {
		t.Fatal("TLS minimum")
	}
	if _, err := setupTLS(TLSConfig{CertFile: "a"}, dir, "", ""); err == nil {
		t.Fatal("--tls-cert without --tls-key accepted")
	}
}

func TestSelfSignedCoversDomain(t *testing.T) {
	for _, tc := range []struct {
		addr, domain string
		want         []string
	}{
		{"127.0.0.1:9000", "", []string{"localhost"}},
		{"127.0.0.1:9000", "localhost", []string{"localhost", "*.localhost"}},
		{"s3.example.test:443", "s3.example.test", []string{"localhost", "s3.example.test", "*.s3.example.test"}},
		{"0.0.0.0:443", "example.test", []string{"localhost", "example.test", "*.example.test"}},
	} {
		certFile, _, err := selfSigned(t.TempDir(), tc.addr, tc.domain)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := os.ReadFile(certFile)
		block, _ := pem.Decode(raw)
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(cert.DNSNames, tc.want) {
			t.Errorf("%s %q: DNS names %v, want %v", tc.addr, tc.domain, cert.DNSNames, tc.want)
		}
	}
}
