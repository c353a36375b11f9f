package netcfg

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
)

const sample = `{"vpcs":[{"id":"vpc-0a1b2c3d","cidrs":["127.0.10.0/24"]},
  {"id":"vpc-0123456789abcdef0","cidrs":["127.0.20.0/24","10.1.0.0/16"]},
  {"id":"vpc-99999999","cidrs":["127.0.30.0/24"]}],
 "endpoints":[
  {"id":"vpce-0123456789abcdef0","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Interface","listen":"127.0.10.1:9100",
   "policy":{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}},
  {"id":"vpce-0fedcba9876543210","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Gateway"},
  {"id":"vpce-11111111111111111","vpc":"vpc-0123456789abcdef0","owner":"222222222222","type":"Interface","listen":"127.0.20.1:9100",
   "tls_cert":"c.pem","tls_key":"k.pem"}],
 "trusted_proxies":["127.0.50.0/24"]}`

func mustParse(t *testing.T, doc string) *Config {
	t.Helper()
	c, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseSample(t *testing.T) {
	c := mustParse(t, sample)
	if len(c.VPCs) != 3 || len(c.Endpoints) != 3 || len(c.TrustedProxies) != 1 {
		t.Fatalf("counts: %d %d %d", len(c.VPCs), len(c.Endpoints), len(c.TrustedProxies))
	}
	e := c.Endpoint("vpce-0123456789abcdef0")
	if e == nil || e.Type != Interface || e.Listen != "127.0.10.1:9100" || e.Policy == nil || e.TLS() {
		t.Fatalf("interface endpoint: %+v", e)
	}
	if string(e.PolicyDoc) != `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}` {
		t.Fatalf("policy not compacted: %s", e.PolicyDoc)
	}
	if g := c.Endpoint("vpce-0fedcba9876543210"); g.Policy != nil || g.PolicyDoc != nil {
		t.Fatal("gateway without policy has one")
	}
	if !c.Endpoint("vpce-11111111111111111").TLS() {
		t.Fatal("tls endpoint")
	}
	if got := len(c.Interfaces()); got != 2 {
		t.Fatalf("interfaces: %d", got)
	}
}

func TestParseYAML(t *testing.T) {
	doc := `
vpcs:
  - id: vpc-0a1b2c3d
    cidrs: [127.0.10.0/24]
endpoints:
  - id: vpce-0123456789abcdef0
    vpc: vpc-0a1b2c3d
    owner: "111111111111"
    type: Interface
    listen: 127.0.10.1:9100
    policy:
      Version: "2012-10-17"
      Statement:
        - Effect: Deny
          Principal: "*"
          Action: s3:DeleteObject
          Resource: "*"
        - Effect: Allow
          Principal: "*"
          Action: "*"
          Resource: "*"
  - id: vpce-0fedcba9876543210
    vpc: vpc-0a1b2c3d
    owner: "111111111111"
    type: Gateway
    policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}'
`
	c := mustParse(t, doc)
	e := c.Endpoint("vpce-0123456789abcdef0")
	if e == nil || e.Policy == nil || e.Policy.Len() != 2 {
		t.Fatalf("yaml endpoint: %+v", e)
	}
	g := c.Endpoint("vpce-0fedcba9876543210")
	if g == nil || g.Policy == nil || !strings.Contains(string(g.PolicyDoc), "s3:GetObject") {
		t.Fatalf("policy as a string: %+v", g)
	}
}

func TestParseErrors(t *testing.T) {
	vpc := `{"id":"vpc-0a1b2c3d","cidrs":["127.0.10.0/24"]}`
	ep := func(fields string) string {
		return `{"vpcs":[` + vpc + `],"endpoints":[{` + fields + `}]}`
	}
	base := `"id":"vpce-0123456789abcdef0","vpc":"vpc-0a1b2c3d","owner":"111111111111"`
	cases := []struct{ name, doc, want string }{
		{"empty", "  ", "empty document"},
		{"not json", "{", "network config"},
		{"unknown field", `{"vpcs":[],"extra":1}`, `unknown field "extra"`},
		{"trailing data", `{"vpcs":[]} {}`, "data after"},
		{"bad vpc id", `{"vpcs":[{"id":"vpc-XYZ","cidrs":["10.0.0.0/8"]}]}`, "is not a VPC id"},
		{"vpc twice", `{"vpcs":[` + vpc + `,` + vpc + `]}`, "declared twice"},
		{"no cidrs", `{"vpcs":[{"id":"vpc-0a1b2c3d"}]}`, "at least one CIDR"},
		{"bad cidr", `{"vpcs":[{"id":"vpc-0a1b2c3d","cidrs":["10.0.0.0"]}]}`, "is not a CIDR"},
		{"host bits", `{"vpcs":[{"id":"vpc-0a1b2c3d","cidrs":["10.0.0.1/8"]}]}`, "did you mean 10.0.0.0/8"},
		{"overlap", `{"vpcs":[` + vpc + `,{"id":"vpc-0a1b2c3e","cidrs":["127.0.0.0/16"]}]}`, "overlaps"},
		{"bad endpoint id", ep(`"id":"vpce-123","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Gateway"`), "is not an endpoint id"},
		{"upper hex", ep(`"id":"vpce-0123456789ABCDEF0","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Gateway"`), "is not an endpoint id"},
		{"unknown vpc", ep(`"id":"vpce-0123456789abcdef0","vpc":"vpc-00000000","owner":"111111111111","type":"Gateway"`), "is not declared"},
		{"bad owner", ep(`"id":"vpce-0123456789abcdef0","vpc":"vpc-0a1b2c3d","owner":"1111","type":"Gateway"`), "12-digit"},
		{"bad type", ep(base + `,"type":"interface"`), "must be Interface or Gateway"},
		{"no listen", ep(base + `,"type":"Interface"`), "needs listen"},
		{"bad listen", ep(base + `,"type":"Interface","listen":"127.0.10.1"`), "listen"},
		{"bad port", ep(base + `,"type":"Interface","listen":"127.0.10.1:0"`), "1 to 65535"},
		{"bad host", ep(base + `,"type":"Interface","listen":"a b:80"`), "neither an IP"},
		{"half tls", ep(base + `,"type":"Interface","listen":"127.0.10.1:80","tls_cert":"c"`), "go together"},
		{"gateway listen", ep(base + `,"type":"Gateway","listen":"127.0.10.1:80"`), "no listener"},
		{"bad policy", ep(base + `,"type":"Gateway","policy":{"Statement":[]}`), "policy"},
		{"policy no principal", ep(base + `,"type":"Gateway","policy":{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`), "policy"},
		{"policy string not json", ep(base + `,"type":"Gateway","policy":"nope"`), "policy"},
		{"trusted", `{"trusted_proxies":["nope"]}`, "trusted_proxies"},
		{"mapped cidr", `{"vpcs":[{"id":"vpc-0a1b2c3d","cidrs":["::ffff:10.0.0.0/104"]}]}`, "dotted"},
		{"endpoint twice", `{"vpcs":[` + vpc + `],"endpoints":[{` + base + `,"type":"Gateway"},{` + base + `,"type":"Gateway"}]}`, "declared twice"},
		{"two gateways", `{"vpcs":[` + vpc + `],"endpoints":[{` + base + `,"type":"Gateway"},{"id":"vpce-0123456789abcdef1","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Gateway"}]}`, "already has gateway"},
		{"listen twice", `{"vpcs":[` + vpc + `],"endpoints":[{` + base + `,"type":"Interface","listen":"127.0.10.1:80"},{"id":"vpce-0123456789abcdef1","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Interface","listen":"127.0.10.1:80"}]}`, "already used"},
		{"yaml syntax", "vpcs: [", "YAML"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want error containing %q, got %v", tc.want, err)
			}
		})
	}
}

func TestAttribute(t *testing.T) {
	c := mustParse(t, sample)
	a := netip.MustParseAddr
	cases := []struct {
		name string
		via  string
		src  string
		want string
	}{
		{"interface listener, source outside", "vpce-0123456789abcdef0", "127.0.0.1", "vpce-0123456789abcdef0"},
		{"interface listener, source of another vpc", "vpce-0123456789abcdef0", "127.0.20.9", "vpce-0123456789abcdef0"},
		{"public, vpc with gateway", Public, "127.0.10.7", "vpce-0fedcba9876543210"},
		{"public, mapped address", Public, "::ffff:127.0.10.7", "vpce-0fedcba9876543210"},
		{"public, vpc with interface only", Public, "127.0.20.7", ""},
		{"public, vpc without endpoints", Public, "127.0.30.7", ""},
		{"public, outside every vpc", Public, "127.0.0.1", ""},
		{"unknown listener", "vpce-99999999999999999", "127.0.10.7", ""},
		{"gateway id as listener", "vpce-0fedcba9876543210", "127.0.0.1", ""},
		{"invalid source", Public, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var src netip.Addr
			if tc.src != "" {
				src = a(tc.src)
			}
			got := ""
			if e := c.Attribute(tc.via, src); e != nil {
				got = e.ID
			}
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	var nilCfg *Config
	if nilCfg.Attribute(Public, a("127.0.10.7")) != nil || nilCfg.Endpoint("x") != nil || nilCfg.VPCOf(a("10.0.0.1")) != nil {
		t.Fatal("nil config attributes")
	}
	if v := c.VPCOf(a("10.1.2.3")); v == nil || v.ID != "vpc-0123456789abcdef0" {
		t.Fatalf("VPCOf: %+v", v)
	}
}

func TestClientAddr(t *testing.T) {
	c := mustParse(t, sample) // trusts 127.0.50.0/24
	none := mustParse(t, `{}`)
	a := netip.MustParseAddr
	cases := []struct {
		name string
		cfg  *Config
		peer string
		xff  []string
		want string
	}{
		{"no proxies: header ignored", none, "127.0.0.1", []string{"127.0.10.5"}, "127.0.0.1"},
		{"untrusted peer: header ignored", c, "127.0.0.1", []string{"127.0.10.5"}, "127.0.0.1"},
		{"trusted peer, one hop", c, "127.0.50.1", []string{"127.0.10.5"}, "127.0.10.5"},
		{"rightmost untrusted wins", c, "127.0.50.1", []string{"1.2.3.4, 127.0.10.5, 127.0.50.2"}, "127.0.10.5"},
		{"several headers", c, "127.0.50.1", []string{"1.2.3.4", "127.0.10.5"}, "127.0.10.5"},
		{"all trusted", c, "127.0.50.1", []string{"127.0.50.3"}, "127.0.50.3"},
		{"no header", c, "127.0.50.1", nil, "127.0.50.1"},
		{"garbage hop", c, "127.0.50.1", []string{"127.0.10.5, junk"}, "127.0.50.1"},
		{"port and brackets", c, "127.0.50.1", []string{"[::1], 127.0.10.5:555"}, "127.0.10.5"},
		{"bracketed v6", c, "127.0.50.1", []string{"[2001:db8::1]"}, "2001:db8::1"},
		{"mapped peer", c, "::ffff:127.0.50.1", []string{"127.0.10.5"}, "127.0.10.5"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.cfg.ClientAddr(a(tc.peer), tc.xff); got != a(tc.want) {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestPolicyHash(t *testing.T) {
	x := mustParse(t, `{"vpcs":[{"id":"vpc-0a1b2c3d","cidrs":["10.0.0.0/8"]}],"endpoints":[{"id":"vpce-0123456789abcdef0","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Gateway",
	  "policy":{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}}]}`)
	y := mustParse(t, `{"vpcs":[{"id":"vpc-0a1b2c3d","cidrs":["10.0.0.0/8"]}],"endpoints":[{"id":"vpce-0123456789abcdef0","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Gateway",
	  "policy":{ "Statement" : [ {"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"} ] }}]}`)
	z := mustParse(t, `{"vpcs":[{"id":"vpc-0a1b2c3d","cidrs":["10.0.0.0/8"]}],"endpoints":[{"id":"vpce-0123456789abcdef0","vpc":"vpc-0a1b2c3d","owner":"111111111111","type":"Gateway"}]}`)
	id := "vpce-0123456789abcdef0"
	if x.Endpoint(id).PolicyHash() != y.Endpoint(id).PolicyHash() {
		t.Fatal("reformatting changed the hash")
	}
	if x.Endpoint(id).PolicyHash() == z.Endpoint(id).PolicyHash() {
		t.Fatal("removing the policy kept the hash")
	}
}

func TestCompilePolicyErrors(t *testing.T) {
	for _, doc := range []string{`{`, `{"Statement":"x"}`, `[]`} {
		_, _, err := CompilePolicy([]byte(doc))
		var ae *apierr.Error
		if !errors.As(err, &ae) || ae.Code != "MalformedPolicyDocument" {
			t.Fatalf("%s: %v", doc, err)
		}
	}
}

func TestIDs(t *testing.T) {
	for id, ok := range map[string]bool{"vpc-0a1b2c3d": true, "vpc-0123456789abcdef0": true, "vpc-0a1b2c3": false, "vpc-0A1B2C3D": false, "vpcx0a1b2c3d": false} {
		if ValidVPCID(id) != ok {
			t.Errorf("ValidVPCID(%q) != %v", id, ok)
		}
	}
	for id, ok := range map[string]bool{"vpce-0123456789abcdef0": true, "vpce-0123456789abcdef": false, "vpce-0123456789abcdefg": false, "vpc-00123456789abcdef0": false} {
		if ValidEndpointID(id) != ok {
			t.Errorf("ValidEndpointID(%q) != %v", id, ok)
		}
	}
}
