package s3api

import (
	"github.com/coffer-s3/coffer/internal/authn"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/s3op"
	"github.com/coffer-s3/coffer/internal/sigv4"
)

// authenticate is the authentication stage of the one request path. Most
// requests carry their signature in a header or the query. A POST upload
// carries it in its form fields, read here up to the file. A CORS preflight
// carries none: browsers send it without credentials, and the query of a
// presigned URL it may be sent to signs the actual request, not this one.
func (c *call) authenticate() (*authn.Result, error) {
	switch c.op {
	case s3op.Preflight:
		if err := c.checkPreflight(); err != nil {
			return nil, err
		}
		return &authn.Result{Principal: iam.AnonymousPrincipal, Body: c.r.Body, DecodedLength: -1, Payload: sigv4.PayloadUnsigned}, nil
	case s3op.PostObject:
		return c.authenticatePost()
	}
	return c.h.authn.Authenticate(c.ctx, c.r, "s3", c.vhostBucket)
}
