package server

import (
	"log/slog"
	"time"
)

// Config is everything the server needs; it is not changed after New.
type Config struct {
	DataDir       string
	Listen        string
	Region        string
	Domain        string
	MasterKeyFile string // default DataDir/master.key
	Accounts      []AccountSpec
	// InlineMax overrides the largest object stored inline (bytes).
	InlineMax int64
	Logger    *slog.Logger
	Now       func() time.Time
	// DebugListen, when set, serves /metrics (Prometheus) and /debug/pprof
	// on a separate listener that is never exposed with the S3 API.
	DebugListen string
	// ShutdownTimeout bounds the wait for requests in flight at stop.
	ShutdownTimeout time.Duration
	// TLS enables HTTPS (see TLSConfig).
	TLS TLSConfig
	// UnencryptedForBenchmarks stores objects in the clear. Only benchmarks
	// set it, to measure what encryption costs; no flag reaches it.
	UnencryptedForBenchmarks bool
	// NetworkConfigFile is the --network-config file (VPCs, VPC endpoints
	// and their policies, trusted proxies), re-read by ReloadNetwork.
	NetworkConfigFile string
	// AuditLog is where audit records go: a file (JSON lines), "-" for
	// standard output, "" for none.
	AuditLog string
}

// AccountSpec is one entry of the --accounts file.
type AccountSpec struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Email           string `json:"email,omitempty"`
	DisplayName     string `json:"display_name,omitempty"`
	AccessKeyID     string `json:"access_key_id"`
	SecretAccessKey string `json:"secret_access_key"`
}
