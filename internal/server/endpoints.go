package server

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/audit"
	"github.com/coffer-s3/coffer/internal/authn"
	"github.com/coffer-s3/coffer/internal/ec2api"
	"github.com/coffer-s3/coffer/internal/netcfg"
	"github.com/coffer-s3/coffer/internal/s3xml"
	"github.com/coffer-s3/coffer/internal/vpce"
)

// network runs the VPC endpoints: the network configuration in force (in
// vpce), attribution of requests on the public listener, and one listener
// per interface endpoint, which a reload opens and closes.
type network struct {
	s    *Server
	sv   *services // the APIs, shared with the public listener
	file string    // --network-config; "" for none
	svc  *vpce.Service

	mu        sync.Mutex // serialises start, reloads and stop
	listeners map[string]*ifaceListener
	started   bool
	stopped   bool
	serving   sync.WaitGroup // Serve loops and background shutdowns
}

// ifaceListener is an interface endpoint's own listener. It serves S3 and
// S3 Control only, as AWS's S3 interface endpoints do, and every request
// on it belongs to its endpoint whatever the source address.
type ifaceListener struct {
	n      *network
	id     string
	listen string
	certs  *certHolder // nil for plain HTTP
	ln     net.Listener
	srv    *http.Server
	// last is the endpoint as the listener last knew it: a request that
	// races the listener's removal still gets its endpoint, never the
	// public listener's treatment.
	last atomic.Pointer[access.Endpoint]
}

// wireNetwork builds the VPC endpoint machinery and the EC2 API that
// manages it, and hooks both into the router.
func (s *Server) wireNetwork(ctx context.Context, an *authn.Authenticator, az *access.Authorizer, sink audit.Sink) error {
	n, err := s.newNetwork(ctx)
	if err != nil {
		return err
	}
	sv := s.handler.(*services)
	n.sv, sv.net, s.net = sv, n, n
	sv.ec2 = ec2api.New(ec2api.Options{Authn: an, Access: az, Endpoints: n.svc, Region: s.cfg.Region, Audit: sink,
		Logger: s.log, Now: s.cfg.Now})
	return nil
}

func (s *Server) newNetwork(ctx context.Context) (*network, error) {
	n := &network{s: s, file: s.cfg.NetworkConfigFile, listeners: map[string]*ifaceListener{}}
	cfg, err := n.read()
	if err != nil {
		return nil, err
	}
	if n.svc, err = vpce.New(ctx, vpce.Options{Store: s.meta, Logger: s.log, Now: s.cfg.Now}, cfg); err != nil {
		return nil, fmt.Errorf("network config: %w", err)
	}
	return n, nil
}

// read parses the configuration file; no file means no endpoints.
func (n *network) read() (*netcfg.Config, error) {
	if n.file == "" {
		return &netcfg.Config{}, nil
	}
	raw, err := os.ReadFile(n.file)
	if err != nil {
		return nil, fmt.Errorf("network config: %w", err)
	}
	cfg, err := netcfg.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("network config %s: %w", n.file, err)
	}
	return cfg, nil
}

// source applies the trusted proxies: when the TCP peer is one, the
// request's RemoteAddr becomes the client X-Forwarded-For names. Without
// trusted proxies no header is read.
func (n *network) source(r *http.Request) *http.Request {
	cfg := n.svc.Current().Config
	if len(cfg.TrustedProxies) == 0 {
		return r
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r
	}
	client := cfg.ClientAddr(ap.Addr(), r.Header.Values("X-Forwarded-For"))
	if client == ap.Addr().Unmap() {
		return r
	}
	r = r.WithContext(r.Context())
	r.RemoteAddr = netip.AddrPortFrom(client, 0).String()
	return r
}

// viaGateway attributes an S3 request on the public listener to the
// gateway endpoint of the VPC its source lies in, if any.
func (n *network) viaGateway(r *http.Request) *http.Request {
	st := n.svc.Current()
	if len(st.Config.Endpoints) == 0 {
		return r
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r
	}
	if e := st.Attribute(netcfg.Public, ap.Addr()); e != nil {
		return r.WithContext(access.WithEndpoint(r.Context(), e))
	}
	return r
}

// ServeHTTP serves a request on an interface endpoint's listener. Calls
// for IAM, STS, KMS or EC2 fall through to S3, which answers them as S3
// does for a signature scoped to another service.
func (l *ifaceListener) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sv := l.n.sv
	e := l.n.svc.Current().Endpoint(l.id)
	if e == nil {
		e = l.last.Load()
	} else if e != l.last.Load() {
		l.last.Store(e)
	}
	r = l.n.source(r)
	r = r.WithContext(access.WithEndpoint(r.Context(), e))
	if sv.control != nil && strings.HasPrefix(r.URL.Path, "/v20180820/") && r.Header.Get("X-Amz-Account-Id") != "" {
		sv.control.ServeHTTP(w, r)
		return
	}
	if svc := signedService(r); svc != "" && svc != "s3" {
		wrongService(w, r, svc)
		return
	}
	sv.s3.ServeHTTP(w, r)
}

// wrongService answers a call signed for another service (IAM, STS, KMS,
// EC2) as S3 answers a signature scoped to a service that is not S3's:
// an S3 interface endpoint serves S3 alone.
func wrongService(w http.ResponseWriter, r *http.Request, svc string) {
	e := apierr.AuthorizationHeaderMalformed.WithMessage(`The authorization header is malformed; incorrect service "` + svc + `". This endpoint belongs to "s3".`)
	if r.Header.Get("Authorization") == "" {
		e = apierr.AuthorizationQueryParametersError.WithMessage(`Error parsing the X-Amz-Credential parameter; incorrect service "` + svc + `". This endpoint belongs to "s3".`)
	}
	id := newRequestID()
	body := s3xml.AppendError(nil, e, r.URL.Path, id, id)
	h := w.Header()
	h.Set("Content-Type", "application/xml")
	h.Set("X-Amz-Request-Id", id)
	h.Set("Server", "Coffer")
	w.WriteHeader(e.Status)
	w.Write(body)
}

func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return strings.ToUpper(hex.EncodeToString(b[:]))
}

// start opens the listeners of the configuration in force (Run calls it).
func (n *network) start() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.started = true
	cfg := n.svc.Current().Config
	var opened []*ifaceListener
	for _, e := range cfg.Interfaces() {
		l, err := n.open(e)
		if err != nil {
			for _, o := range opened {
				o.ln.Close()
			}
			return err
		}
		opened = append(opened, l)
	}
	for _, l := range opened {
		n.serve(l)
	}
	return nil
}

// open binds an interface endpoint's listener (and loads its certificate)
// without serving yet.
func (n *network) open(e *netcfg.Endpoint) (*ifaceListener, error) {
	l := &ifaceListener{n: n, id: e.ID, listen: e.Listen}
	if e.TLS() {
		l.certs = &certHolder{certFile: e.TLSCert, keyFile: e.TLSKey}
		if err := l.certs.load(); err != nil {
			return nil, fmt.Errorf("endpoint %s: %w", e.ID, err)
		}
	}
	ln, err := net.Listen("tcp", e.Listen)
	if err != nil {
		return nil, fmt.Errorf("endpoint %s: %w", e.ID, err)
	}
	if l.certs != nil {
		ln = tls.NewListener(ln, serverTLSConfig(l.certs))
	}
	l.ln = ln
	l.srv = &http.Server{
		Handler:           l,
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(n.s.log.Handler(), slog.LevelWarn),
	}
	return l, nil
}

func (n *network) serve(l *ifaceListener) {
	n.listeners[l.id] = l
	if e := n.svc.Current().Endpoint(l.id); e != nil {
		l.last.Store(e)
	}
	n.s.log.Info("VPC endpoint listening", "endpoint", l.id, "addr", l.ln.Addr().String(), "tls", l.certs != nil)
	n.serving.Add(1)
	go func() {
		defer n.serving.Done()
		// Retiring closes the socket first (no new connections at once), so
		// a closed listener is the normal end too.
		if err := l.srv.Serve(l.ln); err != nil && !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			n.s.log.Error("VPC endpoint listener failed", "endpoint", l.id, "err", err)
		}
	}()
}

// retire stops a listener: it takes no new connection at once, and
// requests in flight finish in the background (up to ShutdownTimeout).
func (n *network) retire(l *ifaceListener) {
	delete(n.listeners, l.id)
	// Counted before the close ends the Serve loop, so the group never
	// drops to zero under a concurrent stop's Wait.
	n.serving.Add(1)
	l.ln.Close()
	go func() {
		defer n.serving.Done()
		ctx, cancel := context.WithTimeout(context.Background(), n.s.cfg.ShutdownTimeout)
		defer cancel()
		if err := l.srv.Shutdown(ctx); err != nil {
			l.srv.Close()
		}
	}()
}

// stop closes every endpoint listener and waits for their requests in
// flight until ctx ends.
func (n *network) stop(ctx context.Context) {
	n.mu.Lock()
	n.stopped = true
	for _, l := range n.listeners {
		n.retire(l)
	}
	n.mu.Unlock()
	done := make(chan struct{})
	go func() { n.serving.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
}
