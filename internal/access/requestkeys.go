package access

import (
	"crypto/tls"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/coffer-s3/coffer/internal/policy"
)

var (
	kSourceIP        = policy.MustKey("aws:SourceIp")
	kSourceVpce      = policy.MustKey("aws:SourceVpce")
	kSourceVpc       = policy.MustKey("aws:SourceVpc")
	kVpcSourceIP     = policy.MustKey("aws:VpcSourceIp")
	kSecureTransport = policy.MustKey("aws:SecureTransport")
	kUserAgent       = policy.MustKey("aws:UserAgent")
	kReferer         = policy.MustKey("aws:Referer")
	kRequestedRegion = policy.MustKey("aws:RequestedRegion")
	kTLSVersion      = policy.MustKey("s3:TlsVersion")
)

// SetRequestKeys sets the global condition keys every API derives from the
// HTTP request: time, source address, transport, user agent, referer and
// region. The source address is r.RemoteAddr: the TCP peer, or the client
// a configured trusted proxy names (the server settles that before any
// handler runs); never a header read here.
func SetRequestKeys(pc *policy.Context, r *http.Request, now time.Time, region string) {
	pc.SetTime(now)
	// Through a VPC endpoint AWS sets the VPC keys and no aws:SourceIp,
	// so SourceIp conditions never match there.
	e := EndpointFrom(r.Context())
	if e != nil {
		pc.SetKey(kSourceVpce, e.ID)
		pc.SetKey(kSourceVpc, e.VPC)
	}
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		if e != nil {
			pc.SetKey(kVpcSourceIP, ap.Addr().Unmap().String())
		} else {
			pc.SetKey(kSourceIP, ap.Addr().Unmap().String())
		}
	}
	pc.SetKey(kSecureTransport, strconv.FormatBool(r.TLS != nil))
	if r.TLS != nil {
		pc.SetKey(kTLSVersion, tlsVersion(r.TLS.Version))
	}
	if v := r.Header.Get("User-Agent"); v != "" {
		pc.SetKey(kUserAgent, v)
	}
	if v := r.Header.Get("Referer"); v != "" {
		pc.SetKey(kReferer, v)
	}
	if region != "" {
		pc.SetKey(kRequestedRegion, region)
	}
}

func tlsVersion(v uint16) string {
	switch v {
	case tls.VersionTLS13:
		return "1.3"
	case tls.VersionTLS12:
		return "1.2"
	case tls.VersionTLS11:
		return "1.1"
	}
	return "1.0"
}
