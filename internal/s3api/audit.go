package s3api

import (
	"errors"
	"net/netip"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/audit"
)

// emitAudit sends the request's one audit record. The decision is read
// from the outcome: AccessDenied is the authorizer's (or an access point's
// network origin) refusal; any other outcome after the condition keys
// were built passed authorization.
func (c *call) emitAudit(err error) {
	rec := audit.Record{
		Time: c.start, RequestID: c.requestID, Service: "s3", Operation: c.op.String(),
		Bucket: c.bucket, Key: c.key, Status: c.status, Duration: c.h.now().Sub(c.start),
		UserAgent: c.r.UserAgent(), RequestURI: c.r.URL.EscapedPath(), Principal: "anonymous",
	}
	if q := c.r.URL.RawQuery; q != "" {
		rec.RequestURI += "?" + audit.RedactQuery(q)
	}
	var ae *apierr.Error
	switch {
	case err == nil:
		if rec.Status == 0 {
			rec.Status = 200
		}
	case errors.As(err, &ae):
		rec.ErrorCode = ae.Code
	default:
		rec.ErrorCode = apierr.InternalError.Code
	}
	switch {
	case rec.ErrorCode == apierr.AccessDenied.Code:
		rec.Decision = "Deny"
	case c.pctx != nil:
		rec.Decision = "Allow"
	}
	if p := c.principal; p != nil && !p.IsAnonymous() {
		rec.Principal, rec.Account, rec.AccessKeyID = p.ARN, p.Account, p.AccessKey
	}
	if ap, perr := netip.ParseAddrPort(c.r.RemoteAddr); perr == nil {
		rec.SourceIP = ap.Addr().Unmap().String()
	}
	if e := access.EndpointFrom(c.ctx); e != nil {
		rec.VpcEndpointID = e.ID
	}
	c.h.audit.Emit(&rec)
}
