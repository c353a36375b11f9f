package server

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// TLSConfig enables HTTPS on the listener.
type TLSConfig struct {
	CertFile, KeyFile string
	// SelfSigned makes (once, kept under DataDir/tls) a certificate for the
	// listen address instead of CertFile/KeyFile.
	SelfSigned bool
	// HTTPSListen, when set, serves HTTPS on this address while Listen
	// keeps serving plain HTTP; otherwise Listen itself serves HTTPS.
	HTTPSListen string
}

// Enabled reports whether TLS is configured.
func (c TLSConfig) Enabled() bool { return c.SelfSigned || c.CertFile != "" }

// certHolder serves the current certificate to each handshake, so a reload
// swaps it for new connections while open ones keep theirs.
type certHolder struct {
	certFile, keyFile string
	mu                sync.RWMutex
	cert              *tls.Certificate
}

func (h *certHolder) load() error {
	c, err := tls.LoadX509KeyPair(h.certFile, h.keyFile)
	if err != nil {
		return fmt.Errorf("tls: %w", err)
	}
	h.mu.Lock()
	h.cert = &c
	h.mu.Unlock()
	return nil
}

func (h *certHolder) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.cert, nil
}

// Fingerprint is the SHA-256 fingerprint of the leaf certificate, as
// openssl prints it (colon-separated upper-case hex).
func (h *certHolder) Fingerprint() string {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.cert == nil || len(h.cert.Certificate) == 0 {
		return ""
	}
	sum := sha256.Sum256(h.cert.Certificate[0])
	hx := strings.ToUpper(hex.EncodeToString(sum[:]))
	var b strings.Builder
	for i := 0; i < len(hx); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(hx[i : i+2])
	}
	return b.String()
}

// serverTLSConfig allows TLS 1.2 with forward-secret AEAD suites only, and
// TLS 1.3 (whose suites Go fixes).
func serverTLSConfig(h *certHolder) *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		CipherSuites: []uint16{
			tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
			tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
			tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
		},
		GetCertificate: h.get,
		NextProtos:     []string{"http/1.1"},
	}
}

// setupTLS prepares the certificate holder: the configured files, or a
// self-signed certificate kept under dataDir/tls.
func setupTLS(c TLSConfig, dataDir, listen, domain string) (*certHolder, error) {
	if !c.Enabled() {
		return nil, nil
	}
	h := &certHolder{certFile: c.CertFile, keyFile: c.KeyFile}
	if c.SelfSigned {
		if c.CertFile != "" || c.KeyFile != "" {
			return nil, errors.New("tls: --tls-self-signed excludes --tls-cert and --tls-key")
		}
		addr := listen
		if c.HTTPSListen != "" {
			addr = c.HTTPSListen
		}
		var err error
		if h.certFile, h.keyFile, err = selfSigned(filepath.Join(dataDir, "tls"), addr, domain); err != nil {
			return nil, err
		}
	} else if c.CertFile == "" || c.KeyFile == "" {
		return nil, errors.New("tls: --tls-cert and --tls-key go together")
	}
	return h, h.load()
}

// selfSigned returns the self-signed certificate of dir, making one for
// host (plus localhost and the loopback addresses) when none exists yet.
// With a base domain it also covers *.domain: virtual-hosted-style
// buckets and the account-id host prefix of S3 Control calls.
func selfSigned(dir, addr, domain string) (certFile, keyFile string, err error) {
	certFile, keyFile = filepath.Join(dir, "self-signed.crt"), filepath.Join(dir, "self-signed.key")
	if _, err := os.Stat(certFile); err == nil {
		return certFile, keyFile, nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", "", err
	}
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	tpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "coffer self-signed", Organization: []string{"Coffer"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(1, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		// Lets clients that pin this certificate use it as its own root.
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	tpl.KeyUsage |= x509.KeyUsageCertSign
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsLoopback() && !ip.IsUnspecified() {
			tpl.IPAddresses = append(tpl.IPAddresses, ip)
		}
	} else if host != "" && host != "localhost" {
		tpl.DNSNames = append(tpl.DNSNames, host)
	}
	if domain != "" {
		if domain != "localhost" && domain != host {
			tpl.DNSNames = append(tpl.DNSNames, domain)
		}
		tpl.DNSNames = append(tpl.DNSNames, "*."+domain)
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		return "", "", err
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return "", "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return "", "", err
	}
	return certFile, keyFile, nil
}

// ReloadTLS re-reads the certificate files (on SIGHUP). Connections open
// now keep their certificate; new handshakes get the new one. A failed
// reload keeps the old certificate.
func (s *Server) ReloadTLS() error {
	if s.certs == nil {
		return nil
	}
	if err := s.certs.load(); err != nil {
		return err
	}
	s.log.Info("TLS certificate reloaded", "sha256", s.certs.Fingerprint())
	return nil
}

// TLSFingerprint is the SHA-256 fingerprint of the served certificate, ""
// without TLS.
func (s *Server) TLSFingerprint() string {
	if s.certs == nil {
		return ""
	}
	return s.certs.Fingerprint()
}
