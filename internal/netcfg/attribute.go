package netcfg

import (
	"net/netip"
	"strings"
)

// Public names the public listener in Attribute.
const Public = ""

// Attribute answers which endpoint a request belongs to. via is the
// listener it arrived on: Public, or the id of the interface endpoint whose
// listener took it; src is its source address (ClientAddr).
//
// A request on an interface endpoint's listener belongs to that endpoint
// whatever its source, as on AWS where the endpoint's network interfaces
// take the traffic. On the public listener, a source inside a VPC that has
// a gateway endpoint belongs to that gateway endpoint (AWS's route-table
// entry); any other source, one inside a VPC without a gateway endpoint
// included, is public: nil.
func (c *Config) Attribute(via string, src netip.Addr) *Endpoint {
	if c == nil {
		return nil
	}
	if via != Public {
		if e := c.byID[via]; e != nil && e.Type == Interface {
			return e
		}
		return nil
	}
	return c.Gateway(src)
}

// Gateway returns the gateway endpoint of the VPC containing src, or nil.
func (c *Config) Gateway(src netip.Addr) *Endpoint {
	if c == nil || len(c.gateways) == 0 || !src.IsValid() {
		return nil
	}
	if v := c.VPCOf(src); v != nil {
		return c.gateways[v.ID]
	}
	return nil
}

// VPCOf returns the VPC whose CIDRs contain src, or nil. CIDRs of
// different VPCs never overlap (validation), so the answer is unique.
func (c *Config) VPCOf(src netip.Addr) *VPC {
	if c == nil {
		return nil
	}
	src = src.Unmap()
	for i := range c.VPCs {
		for _, p := range c.VPCs[i].CIDRs {
			if p.Contains(src) {
				return &c.VPCs[i]
			}
		}
	}
	return nil
}

// Trusted reports whether addr lies in a trusted proxy network.
func (c *Config) Trusted(addr netip.Addr) bool {
	if c == nil {
		return false
	}
	addr = addr.Unmap()
	for _, p := range c.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// ClientAddr returns a request's source address: the TCP peer, unless the
// peer is a trusted proxy, in which case X-Forwarded-For is read from the
// right, skipping trusted proxies, and the first other address is the
// client. Without trusted proxies no header is ever read: a client cannot
// choose its own source address. forwardedFor holds the header's values in
// order (several headers count as one comma-separated list).
func (c *Config) ClientAddr(peer netip.Addr, forwardedFor []string) netip.Addr {
	peer = peer.Unmap()
	if c == nil || len(c.TrustedProxies) == 0 || !c.Trusted(peer) {
		return peer
	}
	cur := peer
	for i := len(forwardedFor) - 1; i >= 0; i-- {
		list := forwardedFor[i]
		for list != "" {
			var item string
			if j := strings.LastIndexByte(list, ','); j >= 0 {
				item, list = list[j+1:], list[:j]
			} else {
				item, list = list, ""
			}
			a, ok := parseForwarded(strings.TrimSpace(item))
			if !ok {
				// A garbled hop: the last address a trusted proxy vouched
				// for stands.
				return cur
			}
			cur = a
			if !c.Trusted(a) {
				return a
			}
		}
	}
	return cur
}

// parseForwarded reads one X-Forwarded-For hop: an address, possibly with
// a port or IPv6 brackets.
func parseForwarded(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
		if a, err := netip.ParseAddr(s[1 : len(s)-1]); err == nil {
			return a.Unmap(), true
		}
	}
	return netip.Addr{}, false
}
