package netcfg

import (
	"net/netip"
	"testing"
)

// FuzzParse: any input either fails with an error or yields a config whose
// invariants hold; it never panics.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte(`{"vpcs":[{"id":"vpc-0a1b2c3d","cidrs":["127.0.10.0/24"]}],"endpoints":[{"id":"vpce-0fedcba9876543210","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Gateway","policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}]}`))
	f.Add([]byte("vpcs:\n  - id: vpc-0a1b2c3d\n    cidrs: [10.0.0.0/8]\ntrusted_proxies: [\"::1/128\"]\n"))
	f.Add([]byte(`{"endpoints":[{"policy":null}]}`))
	f.Add([]byte("- a\n- b"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := Parse(raw)
		if err != nil {
			return
		}
		for _, e := range c.Endpoints {
			if !ValidEndpointID(e.ID) || c.VPC(e.VPC) == nil || c.Endpoint(e.ID) != e {
				t.Fatalf("invalid endpoint accepted: %+v", e)
			}
			if (e.Policy == nil) != (e.PolicyDoc == nil) {
				t.Fatalf("policy and document disagree: %+v", e)
			}
			if e.Type == Interface && e.Listen == "" || e.Type == Gateway && e.Listen != "" {
				t.Fatalf("listener rule broken: %+v", e)
			}
		}
		for _, v := range c.VPCs {
			for _, p := range v.CIDRs {
				if got := c.VPCOf(p.Addr()); got == nil || got.ID != v.ID {
					t.Fatalf("VPCOf(%s) = %v, want %s", p.Addr(), got, v.ID)
				}
			}
		}
	})
}

// FuzzClientAddr: the answer is the peer or an address from the header,
// and only a trusted peer lets the header speak.
func FuzzClientAddr(f *testing.F) {
	c, err := Parse([]byte(`{"trusted_proxies":["127.0.50.0/24","::1/128"]}`))
	if err != nil {
		f.Fatal(err)
	}
	f.Add("127.0.50.1", "1.2.3.4, 127.0.10.5")
	f.Add("127.0.0.1", "127.0.10.5")
	f.Add("::1", "[2001:db8::1]:80, 127.0.50.9")
	f.Add("127.0.50.1", ",,, ")
	f.Fuzz(func(t *testing.T, peerStr, xff string) {
		peer, err := netip.ParseAddr(peerStr)
		if err != nil {
			return
		}
		got := c.ClientAddr(peer, []string{xff})
		if !c.Trusted(peer) && got != peer.Unmap() {
			t.Fatalf("untrusted peer %s overridden by header: %s", peer, got)
		}
		if !got.IsValid() {
			t.Fatalf("invalid address from %q %q", peerStr, xff)
		}
	})
}
