package server

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	epOne = "vpce-0aaaaaaaaaaaaaaa1"
	epTwo = "vpce-0aaaaaaaaaaaaaaa2"
)

// netServer runs a server with a network configuration file until the
// test ends.
type netServer struct {
	t    *testing.T
	s    *Server
	file string
	log  *strings.Builder
}

func freeAddr(t *testing.T, host string) string {
	ln, err := net.Listen("tcp", host+":0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func endpointsDoc(eps ...string) string {
	return `{"vpcs":[{"id":"vpc-0a0a0a0a","cidrs":["127.93.1.0/24"]}],"endpoints":[` + strings.Join(eps, ",") + `]}`
}

func iface(id, listen, extra string) string {
	return fmt.Sprintf(`{"id":%q,"vpc":"vpc-0a0a0a0a","owner":"111111111111","type":"Interface","listen":%q%s}`, id, listen, extra)
}

func startNet(t *testing.T, doc string) *netServer {
	t.Helper()
	dir := t.TempDir()
	n := &netServer{t: t, file: filepath.Join(dir, "net.json"), log: &strings.Builder{}}
	n.write(doc)
	s, err := New(context.Background(), Config{DataDir: filepath.Join(dir, "data"), Listen: "127.0.0.1:0",
		MasterKeyFile: filepath.Join(dir, "master.key"), NetworkConfigFile: n.file,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), ShutdownTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	n.s = s
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan struct{}), make(chan error, 1)
	go func() { done <- s.Run(ctx, func(net.Addr) { close(ready) }) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return n
}

func (n *netServer) write(doc string) {
	if err := os.WriteFile(n.file, []byte(doc), 0o600); err != nil {
		n.t.Fatal(err)
	}
}

func (n *netServer) reload(doc string) error {
	n.write(doc)
	return n.s.ReloadNetwork(context.Background())
}

// listening maps endpoint ids to listen addresses.
func (n *netServer) listening() map[string]string {
	n.s.net.mu.Lock()
	defer n.s.net.mu.Unlock()
	out := map[string]string{}
	for id, l := range n.s.net.listeners {
		out[id] = l.listen
	}
	return out
}

func serves(addr string, tlsConf *tls.Config) bool {
	scheme := "http"
	tr := &http.Transport{}
	if tlsConf != nil {
		scheme, tr.TLSClientConfig = "https", tlsConf
	}
	resp, err := (&http.Client{Transport: tr, Timeout: 5 * time.Second}).Get(scheme + "://" + addr + "/")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.Header.Get("Server") == "Coffer"
}

func TestReloadListeners(t *testing.T) {
	a1, a2 := freeAddr(t, "127.93.1.1"), freeAddr(t, "127.93.1.1")
	n := startNet(t, endpointsDoc(iface(epOne, a1, "")))
	if got := n.listening(); got[epOne] != a1 || !serves(a1, nil) {
		t.Fatalf("start: %v", got)
	}

	// The address moves to another endpoint in one reload: the leaving
	// listener frees it first.
	if err := n.reload(endpointsDoc(iface(epTwo, a1, ""))); err != nil {
		t.Fatal(err)
	}
	if got := n.listening(); len(got) != 1 || got[epTwo] != a1 || !serves(a1, nil) {
		t.Fatalf("moved address: %v", got)
	}

	// A new port for the same endpoint: the old one closes.
	if err := n.reload(endpointsDoc(iface(epTwo, a2, ""))); err != nil {
		t.Fatal(err)
	}
	if got := n.listening(); got[epTwo] != a2 || !serves(a2, nil) || serves(a1, nil) {
		t.Fatalf("new port: %v", got)
	}

	// TLS on the same address.
	cert, key, pool := testCert(t, "127.93.1.1")
	if err := n.reload(endpointsDoc(iface(epTwo, a2, fmt.Sprintf(`,"tls_cert":%q,"tls_key":%q`, cert, key)))); err != nil {
		t.Fatal(err)
	}
	if !serves(a2, &tls.Config{RootCAs: pool}) {
		t.Fatal("TLS listener does not serve")
	}

	// All or nothing: an address another process holds, a missing
	// certificate, an invalid file.
	busy, err := net.Listen("tcp", "127.93.1.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	failures := []string{
		endpointsDoc(iface(epTwo, a2, ""), iface(epOne, busy.Addr().String(), "")),
		endpointsDoc(iface(epTwo, a2, `,"tls_cert":"/nonexistent.crt","tls_key":"/nonexistent.key"`)),
		`{"vpcs":[{"id":"vpc-0a0a0a0a"}]}`,
	}
	for i, doc := range failures {
		if err := n.reload(doc); err == nil {
			t.Fatalf("failure %d: reload succeeded", i)
		}
		if got := n.listening(); len(got) != 1 || got[epTwo] != a2 || !serves(a2, &tls.Config{RootCAs: pool}) {
			t.Fatalf("failure %d changed the listeners: %v", i, got)
		}
		if n.s.net.svc.Current().Config.Endpoint(epTwo) == nil || n.s.net.svc.Current().Config.Endpoint(epOne) != nil {
			t.Fatalf("failure %d changed the configuration", i)
		}
	}

	// No endpoints at all.
	if err := n.reload(endpointsDoc()); err != nil {
		t.Fatal(err)
	}
	if got := n.listening(); len(got) != 0 || serves(a2, &tls.Config{RootCAs: pool}) {
		t.Fatalf("all removed: %v", got)
	}
}

func testCert(t *testing.T, ip string) (string, string, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "t"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.ParseIP(ip)}, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	dir := t.TempDir()
	cf, kf := filepath.Join(dir, "c.pem"), filepath.Join(dir, "k.pem")
	os.WriteFile(cf, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(kf, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	c, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return cf, kf, pool
}
