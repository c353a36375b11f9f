package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"

	"github.com/coffer-s3/coffer/internal/server"
)

func runServer(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	dataDir := fs.String("data-dir", "./coffer-data", "directory for metadata and object data")
	listen := fs.String("listen", "127.0.0.1:9000", "address of the S3 listener")
	accounts := fs.String("accounts", "", "JSON file of accounts and their root access keys, applied at every start")
	region := fs.String("region", "us-east-1", "region this server answers for")
	domain := fs.String("domain", "", "base domain for virtual-hosted-style requests (BUCKET.DOMAIN)")
	masterKey := fs.String("master-key-file", "", "master key file (default DATA_DIR/master.key; keep it outside the data dir)")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	debugListen := fs.String("debug-listen", "", "address serving /metrics and /debug/pprof (off by default; keep it private)")
	tlsCert := fs.String("tls-cert", "", "PEM certificate (chain) for HTTPS; reloaded on SIGHUP")
	tlsKey := fs.String("tls-key", "", "PEM private key for --tls-cert")
	tlsSelf := fs.Bool("tls-self-signed", false, "serve HTTPS with a self-signed certificate for the listen address (kept in DATA_DIR/tls)")
	httpsListen := fs.String("https-listen", "", "with TLS: serve HTTPS on this address and keep --listen plain HTTP")
	networkConfig := fs.String("network-config", "", "JSON or YAML file of VPCs, VPC endpoints and trusted proxies; re-read on SIGHUP")
	auditLog := fs.String("audit-log", "", "append one JSON audit record per request to this file (- for standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	cfg := server.Config{DataDir: *dataDir, Listen: *listen, Region: *region, Domain: *domain, MasterKeyFile: *masterKey, Logger: logger, DebugListen: *debugListen}
	cfg.TLS = server.TLSConfig{CertFile: *tlsCert, KeyFile: *tlsKey, SelfSigned: *tlsSelf, HTTPSListen: *httpsListen}
	cfg.NetworkConfigFile, cfg.AuditLog = *networkConfig, *auditLog
	if *accounts != "" {
		specs, err := readAccounts(*accounts)
		if err != nil {
			return err
		}
		cfg.Accounts = specs
	}
	srv, err := server.New(ctx, cfg)
	if err != nil {
		return err
	}
	if k := srv.FirstKey; k != nil {
		// Shown once: the secret is stored only in sealed form.
		fmt.Fprintf(os.Stdout, "Created account %s (%s). Its root access key, shown only now:\n  AWS_ACCESS_KEY_ID=%s\n  AWS_SECRET_ACCESS_KEY=%s\n",
			k.ID, k.Name, k.AccessKeyID, k.SecretAccessKey)
	}
	if fp := srv.TLSFingerprint(); fp != "" {
		fmt.Fprintf(os.Stdout, "TLS certificate SHA-256 fingerprint: %s\n", fp)
	}
	stopHUP := reloadOnHUP(srv, logger)
	defer stopHUP()
	return srv.Run(ctx, func(addr net.Addr) {
		logger.Info("coffer is listening", "addr", addr.String(), "region", *region, "data_dir", *dataDir)
	})
}

func readAccounts(path string) ([]server.AccountSpec, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Accounts []server.AccountSpec `json:"accounts"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("accounts file %s: %w", path, err)
	}
	return doc.Accounts, nil
}
