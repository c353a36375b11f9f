package netcfg

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"strconv"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/policy"
)

// ValidVPCID reports an id of the form vpc- and 8 or 17 lower-case hex
// digits, as EC2 issues them.
func ValidVPCID(id string) bool {
	return hasHexID(id, "vpc-", 8) || hasHexID(id, "vpc-", 17)
}

// ValidEndpointID reports an id of the form vpce- and 17 lower-case hex
// digits.
func ValidEndpointID(id string) bool { return hasHexID(id, "vpce-", 17) }

func hasHexID(id, prefix string, n int) bool {
	if len(id) != len(prefix)+n || id[:len(prefix)] != prefix {
		return false
	}
	for i := len(prefix); i < len(id); i++ {
		c := id[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func validAccount(a string) bool {
	if len(a) != 12 {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] < '0' || a[i] > '9' {
			return false
		}
	}
	return true
}

func build(f *fileShape) (*Config, error) {
	c := &Config{byID: map[string]*Endpoint{}, vpcs: map[string]*VPC{}, gateways: map[string]*Endpoint{}}
	c.VPCs = make([]VPC, 0, len(f.VPCs))
	for i, v := range f.VPCs {
		where := fmt.Sprintf("vpcs[%d]", i)
		if !ValidVPCID(v.ID) {
			return nil, fmt.Errorf("%s: id %q is not a VPC id (vpc- and 8 or 17 lower-case hex digits)", where, v.ID)
		}
		if c.vpcs[v.ID] != nil {
			return nil, fmt.Errorf("%s: VPC %s is declared twice", where, v.ID)
		}
		if len(v.CIDRs) == 0 {
			return nil, fmt.Errorf("vpc %s: cidrs: at least one CIDR is required", v.ID)
		}
		vpc := VPC{ID: v.ID}
		for _, s := range v.CIDRs {
			p, err := parsePrefix(s)
			if err != nil {
				return nil, fmt.Errorf("vpc %s: cidrs: %v", v.ID, err)
			}
			vpc.CIDRs = append(vpc.CIDRs, p)
		}
		c.VPCs = append(c.VPCs, vpc)
		c.vpcs[v.ID] = &c.VPCs[len(c.VPCs)-1]
	}
	if err := c.checkOverlaps(); err != nil {
		return nil, err
	}
	listens := map[string]string{}
	for i := range f.Endpoints {
		e, err := c.endpoint(f, i, listens)
		if err != nil {
			return nil, err
		}
		c.Endpoints = append(c.Endpoints, e)
		c.byID[e.ID] = e
	}
	for _, s := range f.TrustedProxies {
		p, err := parsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("trusted_proxies: %v", err)
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	return c, nil
}

// checkOverlaps rejects CIDRs shared by two VPCs: a source address must
// name one network, or gateway attribution would be ambiguous.
func (c *Config) checkOverlaps() error {
	for i := range c.VPCs {
		for j := i + 1; j < len(c.VPCs); j++ {
			for _, a := range c.VPCs[i].CIDRs {
				for _, b := range c.VPCs[j].CIDRs {
					if a.Overlaps(b) {
						return fmt.Errorf("vpc %s: CIDR %s overlaps %s of vpc %s", c.VPCs[j].ID, b, a, c.VPCs[i].ID)
					}
				}
			}
		}
	}
	return nil
}

func (c *Config) endpoint(f *fileShape, i int, listens map[string]string) (*Endpoint, error) {
	fe := &f.Endpoints[i]
	if !ValidEndpointID(fe.ID) {
		return nil, fmt.Errorf("endpoints[%d]: id %q is not an endpoint id (vpce- and 17 lower-case hex digits)", i, fe.ID)
	}
	if c.byID[fe.ID] != nil {
		return nil, fmt.Errorf("endpoints[%d]: endpoint %s is declared twice", i, fe.ID)
	}
	e := &Endpoint{ID: fe.ID, VPC: fe.VPC, Owner: fe.Owner, Type: Type(fe.Type), Listen: fe.Listen, TLSCert: fe.TLSCert, TLSKey: fe.TLSKey}
	fail := func(format string, a ...any) error {
		return fmt.Errorf("endpoint %s: "+format, append([]any{e.ID}, a...)...)
	}
	if c.vpcs[e.VPC] == nil {
		return nil, fail("vpc %q is not declared under vpcs", e.VPC)
	}
	if !validAccount(e.Owner) {
		return nil, fail("owner %q is not a 12-digit account id", e.Owner)
	}
	switch e.Type {
	case Interface:
		if e.Listen == "" {
			return nil, fail("an Interface endpoint needs listen (host:port)")
		}
		if err := checkListen(e.Listen); err != nil {
			return nil, fail("listen %q: %v", e.Listen, err)
		}
		if other, ok := listens[e.Listen]; ok {
			return nil, fail("listen %s is already used by endpoint %s", e.Listen, other)
		}
		listens[e.Listen] = e.ID
		if (e.TLSCert == "") != (e.TLSKey == "") {
			return nil, fail("tls_cert and tls_key go together")
		}
	case Gateway:
		if e.Listen != "" || e.TLSCert != "" || e.TLSKey != "" {
			return nil, fail("a Gateway endpoint has no listener: remove listen, tls_cert and tls_key")
		}
		if g := c.gateways[e.VPC]; g != nil {
			return nil, fail("vpc %s already has gateway endpoint %s", e.VPC, g.ID)
		}
		c.gateways[e.VPC] = e
	default:
		return nil, fail("type %q: must be Interface or Gateway", fe.Type)
	}
	if err := e.setPolicy(fe.Policy); err != nil {
		return nil, fail("policy: %v", err)
	}
	return e, nil
}

// setPolicy compiles the policy given as a JSON object or as a string
// holding one (as EC2's PolicyDocument carries it).
func (e *Endpoint) setPolicy(raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		raw = []byte(s)
	}
	doc, p, err := CompilePolicy(raw)
	if err != nil {
		return err
	}
	e.PolicyDoc, e.Policy = doc, p
	return nil
}

// CompilePolicy validates and compiles an endpoint policy, returning it
// as compact JSON with it. The error is the policy engine's
// *apierr.Error (MalformedPolicyDocument and AWS's message).
func CompilePolicy(doc []byte) ([]byte, *policy.Policy, error) {
	var buf bytes.Buffer
	if err := json.Compact(&buf, doc); err != nil {
		return nil, nil, apierr.MalformedPolicyDocument.WithMessage("Syntax errors in policy.")
	}
	p, err := policy.ParseWith(buf.Bytes(), policy.KindEndpoint, policy.Options{Family: policy.FamilyIAM})
	if err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), p, nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR (address/bits)", s)
	}
	if p.Masked() != p {
		return netip.Prefix{}, fmt.Errorf("%q has host bits set (did you mean %s?)", s, p.Masked())
	}
	if p.Addr().Is4In6() {
		return netip.Prefix{}, fmt.Errorf("%q: write IPv4 networks in dotted form", s)
	}
	return p, nil
}

func checkListen(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host != "" {
		if _, err := netip.ParseAddr(host); err != nil && !validHostname(host) {
			return fmt.Errorf("host %q is neither an IP address nor a host name", host)
		}
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("port %q: must be 1 to 65535", port)
	}
	return nil
}

func validHostname(h string) bool {
	if len(h) == 0 || len(h) > 253 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
