package audit

import (
	"net/http"
	"net/netip"
	"time"
)

// Of starts the record of a request with the fields every API shares: when,
// what, from where, how (user agent, path and redacted query). The caller
// adds the principal, the endpoint and the outcome.
func Of(r *http.Request, start time.Time, requestID, service, op string) Record {
	rec := Record{Time: start, RequestID: requestID, Service: service, Operation: op, Principal: "anonymous",
		UserAgent: r.UserAgent(), RequestURI: r.URL.EscapedPath()}
	if q := r.URL.RawQuery; q != "" {
		rec.RequestURI += "?" + RedactQuery(q)
	}
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		rec.SourceIP = ap.Addr().Unmap().String()
	}
	return rec
}
