package s3api

import (
	"errors"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/audit"
)

// emitAudit sends the request's one audit record. The decision is read
// from the outcome: AccessDenied is the authorizer's (or an access point's
// network origin) refusal; any other outcome after the condition keys
// were built passed authorization.
func (c *call) emitAudit(err error) {
	rec := audit.Of(c.r, c.start, c.requestID, "s3", c.op.String())
	rec.Bucket, rec.Key, rec.Status, rec.Duration = c.bucket, c.key, c.status, c.h.now().Sub(c.start)
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
	if e := access.EndpointFrom(c.ctx); e != nil {
		rec.VpcEndpointID = e.ID
	}
	c.h.audit.Emit(&rec)
}
