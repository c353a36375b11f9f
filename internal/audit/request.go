package audit

import (
	"net/http"
	"net/netip"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
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

// Outcome completes a record with how the call ended. allowed says the
// authorizer said yes; a refusal is read from the error, whichever API's
// name for it the error carries.
func (rec *Record) Outcome(end time.Time, err error, allowed bool) {
	rec.Duration, rec.Status = end.Sub(rec.Time), http.StatusOK
	if allowed {
		rec.Decision = "Allow"
	}
	if err == nil {
		return
	}
	ae := apierr.As(err)
	rec.Status, rec.ErrorCode = ae.Status, ae.Code
	if ae.Code == apierr.AccessDenied.Code || ae.Code == apierr.KMSAccessDenied.Code {
		rec.Decision = "Deny"
	}
}
