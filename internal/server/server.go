package server

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/authn"
	"github.com/coffer-s3/coffer/internal/blob"
	"github.com/coffer-s3/coffer/internal/control"
	"github.com/coffer-s3/coffer/internal/controlapi"
	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/iamapi"
	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/kms"
	"github.com/coffer-s3/coffer/internal/kmsapi"
	"github.com/coffer-s3/coffer/internal/meta/embedded"
	"github.com/coffer-s3/coffer/internal/s3api"
	"github.com/coffer-s3/coffer/internal/sts"
	"github.com/coffer-s3/coffer/internal/stsapi"
)

// Server is a wired Coffer instance.
type Server struct {
	metrics *metrics
	cfg     Config
	log     *slog.Logger
	meta    *embedded.Store
	blobs   *blob.Local
	iam     *iam.Service
	engine  *engine.Engine
	kms     *kms.Service
	certs   *certHolder // nil without TLS
	handler http.Handler
	net     *network // VPC endpoints: attribution, listeners, reloads
	// auditFile is the --audit-log file, closed with the server.
	auditFile *os.File
	// FirstKey is set when this start created the first account: its root
	// access key, to be shown once.
	FirstKey *AccountSpec
}

// New opens the data directory and builds the server. It starts nothing.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 30 * time.Second
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, err
	}
	keyFile := cfg.MasterKeyFile
	if keyFile == "" {
		keyFile = filepath.Join(cfg.DataDir, "master.key")
	}
	master, created, err := keys.LoadOrCreate(keyFile)
	if err != nil {
		return nil, fmt.Errorf("master key: %w", err)
	}
	if created {
		cfg.Logger.Info("created a new master key", "file", keyFile, "key_id", master.ID())
	}
	if inside(cfg.DataDir, keyFile) {
		cfg.Logger.Warn("the master key file is inside the data directory: anyone with a copy of the data directory can decrypt its secrets; keep it elsewhere with --master-key-file", "file", keyFile)
	}
	ms, err := embedded.Open(filepath.Join(cfg.DataDir, "meta"), embedded.Options{Logger: cfg.Logger, Now: cfg.Now})
	if err != nil {
		return nil, fmt.Errorf("metadata store: %w", err)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, meta: ms}
	if s.certs, err = setupTLS(cfg.TLS, cfg.DataDir, cfg.Listen, cfg.Domain); err != nil {
		ms.Close()
		return nil, err
	}
	if err := s.build(ctx, master); err != nil {
		ms.Close()
		return nil, err
	}
	return s, nil
}

func (s *Server) build(ctx context.Context, master *keys.Master) error {
	s.metrics = newMetrics()
	var err error
	cfg := s.cfg
	if s.blobs, err = blob.OpenLocal(filepath.Join(cfg.DataDir, "data")); err != nil {
		return fmt.Errorf("blob store: %w", err)
	}
	if s.iam, err = iam.New(ctx, s.meta, master, cfg.Now); err != nil {
		return fmt.Errorf("identities: %w", err)
	}
	if err := s.applyAccounts(ctx); err != nil {
		return err
	}
	ctl, err := control.New(ctx, s.meta, cfg.Region, cfg.Now)
	if err != nil {
		return fmt.Errorf("access points: %w", err)
	}
	az := access.New(access.Options{IAM: s.iam, Logger: cfg.Logger})
	s.kms = kms.New(kms.Options{Keyring: keys.NewKeyring(s.meta, master, cfg.Region), Access: az, Region: cfg.Region, Logger: cfg.Logger, Now: cfg.Now})
	s.engine = engine.New(engine.Options{Meta: s.meta, Blobs: s.blobs, Region: cfg.Region, InlineMax: cfg.InlineMax, Logger: cfg.Logger, Now: cfg.Now,
		Master: master, KMS: s.kms, UnencryptedForBenchmarks: cfg.UnencryptedForBenchmarks})
	// Before listening, so no write can be in flight: blobs left by a crash
	// between their rename and the metadata commit are removed.
	if n, err := s.engine.SweepOrphans(ctx, time.Now()); err != nil {
		return fmt.Errorf("sweeping orphaned blobs: %w", err)
	} else if n > 0 {
		s.log.Info("removed orphaned blobs", "count", n)
	}
	tokens := sts.New(sts.Options{IAM: s.iam, Access: az, Master: master, Now: cfg.Now})
	an := authn.New(authn.Options{IAM: s.iam, Sessions: tokens, Region: cfg.Region, Now: cfg.Now})
	sink, err := s.openAudit()
	if err != nil {
		return err
	}
	s.handler = &services{
		s3: s3api.New(s3api.Options{
			Engine: s.engine, Authn: an, Access: az, IAM: s.iam, Control: ctl, KMS: s.kms, Region: cfg.Region, Domain: cfg.Domain, Logger: cfg.Logger, Now: cfg.Now,
			Audit: sink, Observe: s.metrics.observe,
		}),
		control: controlapi.New(controlapi.Options{Authn: an, Access: az, Control: ctl, Engine: s.engine, Region: cfg.Region, Logger: cfg.Logger, Now: cfg.Now, Audit: sink}),
		sts:     stsapi.New(stsapi.Options{Authn: an, STS: tokens, Logger: cfg.Logger, Now: cfg.Now, Audit: sink}),
		iam:     iamapi.New(iamapi.Options{IAM: s.iam, Authn: an, Access: az, Logger: cfg.Logger, Now: cfg.Now, Audit: sink}),
		kms:     kmsapi.New(kmsapi.Options{Authn: an, KMS: s.kms, Access: az, Logger: cfg.Logger, Now: cfg.Now, Audit: sink}),
	}
	return s.wireNetwork(ctx, an, az, sink)
}

// applyAccounts creates the accounts of the accounts file that are missing,
// or the first account of an empty installation.
func (s *Server) applyAccounts(ctx context.Context) error {
	for _, a := range s.cfg.Accounts {
		created, err := s.iam.EnsureAccount(ctx, iam.Account{ID: a.ID, Name: a.Name, Email: a.Email, DisplayName: a.DisplayName}, a.AccessKeyID, a.SecretAccessKey)
		if err != nil {
			return fmt.Errorf("accounts file: %w", err)
		}
		if created {
			s.log.Info("account applied", "account", a.ID, "name", a.Name, "access_key_id", a.AccessKeyID)
		}
	}
	if len(s.cfg.Accounts) > 0 || len(s.iam.Accounts()) > 0 {
		return nil
	}
	id, secret := iam.NewKeyPair()
	spec := AccountSpec{ID: randomAccountID(), Name: "main", AccessKeyID: id, SecretAccessKey: secret}
	if _, err := s.iam.EnsureAccount(ctx, iam.Account{ID: spec.ID, Name: spec.Name}, id, secret); err != nil {
		return err
	}
	s.FirstKey = &spec
	return nil
}

func randomAccountID() string {
	n, err := rand.Int(rand.Reader, big.NewInt(9e11))
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf("%012d", n.Int64()+1e11)
}

func inside(dir, file string) bool {
	d, err1 := filepath.Abs(dir)
	f, err2 := filepath.Abs(file)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, f)
	return err == nil && !strings.HasPrefix(rel, "..")
}

// Handler is the HTTP handler of the public listener.
func (s *Server) Handler() http.Handler { return s.handler }

// Run serves on the configured address until ctx ends, then lets requests
// in flight finish (up to ShutdownTimeout) and closes the stores. ready, if
// not nil, receives the bound address once the listener is open.
func (s *Server) Run(ctx context.Context, ready func(addr net.Addr)) error {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		s.Close()
		return err
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	if s.cfg.DebugListen != "" {
		dbg, err := s.startDebug(s.cfg.DebugListen)
		if err != nil {
			ln.Close()
			s.Close()
			return err
		}
		defer dbg.Close()
	}
	errc := make(chan error, 2)
	if s.certs != nil {
		tcfg := serverTLSConfig(s.certs)
		if s.cfg.TLS.HTTPSListen == "" {
			ln = tls.NewListener(ln, tcfg)
		} else {
			hl, err := net.Listen("tcp", s.cfg.TLS.HTTPSListen)
			if err != nil {
				ln.Close()
				s.Close()
				return err
			}
			s.log.Info("HTTPS listener", "addr", hl.Addr().String())
			go func() { errc <- srv.Serve(tls.NewListener(hl, tcfg)) }()
		}
		s.log.Info("TLS enabled", "sha256", s.certs.Fingerprint())
	}
	if err := s.net.start(); err != nil {
		ln.Close()
		s.Close()
		return err
	}
	if ready != nil {
		ready(ln.Addr())
	}
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		s.net.stop(context.Background())
		s.Close()
		return err
	case <-ctx.Done():
	}
	s.log.Info("stopping: waiting for requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	go s.net.stop(sctx)
	serr := srv.Shutdown(sctx)
	s.net.stop(sctx)
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) && serr == nil {
		serr = err
	}
	if s.certs != nil && s.cfg.TLS.HTTPSListen != "" {
		if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) && serr == nil {
			serr = err
		}
	}
	if cerr := s.Close(); serr == nil {
		serr = cerr
	}
	return serr
}

// Close closes the stores.
func (s *Server) Close() error {
	s.closeAudit()
	return s.meta.Close()
}
