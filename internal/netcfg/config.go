package netcfg

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"

	"sigs.k8s.io/yaml"

	"github.com/coffer-s3/coffer/internal/policy"
)

// Type is an endpoint type, spelled as EC2 spells VpcEndpointType.
type Type string

// The endpoint types.
const (
	Interface Type = "Interface"
	Gateway   Type = "Gateway"
)

// MaxFileSize bounds a network configuration file.
const MaxFileSize = 4 << 20

// Config is a validated network configuration. It is immutable: a reload
// builds a new one.
type Config struct {
	VPCs      []VPC
	Endpoints []*Endpoint
	// TrustedProxies are the networks whose X-Forwarded-For header names
	// the client; empty means the TCP peer is always the source.
	TrustedProxies []netip.Prefix

	byID     map[string]*Endpoint
	vpcs     map[string]*VPC
	gateways map[string]*Endpoint // VPC id -> its gateway endpoint
}

// VPC is a private network.
type VPC struct {
	ID    string
	CIDRs []netip.Prefix
}

// Endpoint is a VPC endpoint.
type Endpoint struct {
	ID    string // vpce- and 17 hex digits
	VPC   string
	Owner string // the 12-digit account that owns the endpoint
	Type  Type
	// Listen is an interface endpoint's address (host:port).
	Listen string
	// TLSCert and TLSKey name PEM files; both empty for plain HTTP.
	TLSCert, TLSKey string
	// PolicyDoc is the endpoint policy as compact JSON; nil when the file
	// gives none (full access).
	PolicyDoc []byte
	// Policy is PolicyDoc compiled; nil when there is none.
	Policy *policy.Policy
}

// TLS reports whether an interface endpoint serves HTTPS.
func (e *Endpoint) TLS() bool { return e.TLSCert != "" }

// PolicyHash identifies the file's policy of an endpoint: it changes when
// the policy's content changes, not when the file is reformatted.
func (e *Endpoint) PolicyHash() string {
	sum := sha256.Sum256(e.PolicyDoc)
	return hex.EncodeToString(sum[:])
}

// fileShape is the document as written. Field names are part of the
// contract (other tools and tests write this shape).
type fileShape struct {
	VPCs []struct {
		ID    string   `json:"id"`
		CIDRs []string `json:"cidrs"`
	} `json:"vpcs"`
	Endpoints []struct {
		ID      string          `json:"id"`
		VPC     string          `json:"vpc"`
		Owner   string          `json:"owner"`
		Type    string          `json:"type"`
		Listen  string          `json:"listen"`
		TLSCert string          `json:"tls_cert"`
		TLSKey  string          `json:"tls_key"`
		Policy  json.RawMessage `json:"policy"`
	} `json:"endpoints"`
	TrustedProxies []string `json:"trusted_proxies"`
}

// Parse reads a network configuration, JSON or YAML (a document whose
// first non-blank byte is '{' is JSON), and validates it. Errors name the
// entry at fault.
func Parse(raw []byte) (*Config, error) {
	if len(raw) > MaxFileSize {
		return nil, fmt.Errorf("network config: larger than %d bytes", MaxFileSize)
	}
	doc := bytes.TrimSpace(raw)
	if len(doc) == 0 {
		return nil, errors.New("network config: empty document")
	}
	if doc[0] != '{' {
		j, err := yaml.YAMLToJSON(doc)
		if err != nil {
			return nil, fmt.Errorf("network config: YAML: %v", err)
		}
		doc = j
	}
	var f fileShape
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("network config: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("network config: data after the top-level object")
	}
	return build(&f)
}

// Endpoint returns the endpoint with the id, or nil.
func (c *Config) Endpoint(id string) *Endpoint {
	if c == nil {
		return nil
	}
	return c.byID[id]
}

// VPC returns the VPC with the id, or nil.
func (c *Config) VPC(id string) *VPC {
	if c == nil {
		return nil
	}
	return c.vpcs[id]
}

// Interfaces returns the interface endpoints, in file order.
func (c *Config) Interfaces() []*Endpoint {
	if c == nil {
		return nil
	}
	var out []*Endpoint
	for _, e := range c.Endpoints {
		if e.Type == Interface {
			out = append(out, e)
		}
	}
	return out
}
