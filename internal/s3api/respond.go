package s3api

import (
	"errors"
	"net/http"
	"sync"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/s3op"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// fail renders an error as S3 does: the status, headers the error carries,
// and the XML Error document (no body for HEAD and 304).
func (c *call) fail(err error) {
	var ae *apierr.Error
	if !errors.As(err, &ae) {
		c.h.log.Error("internal error", "id", c.requestID, "op", c.op.String(), "err", err)
		ae = apierr.InternalError
	}
	ae = c.hideMissingKey(ae)
	c.corsHeaders()
	hdr := c.w.Header()
	for _, f := range ae.Header {
		hdr.Set(f.Name, f.Value)
	}
	c.status = ae.Status
	if c.r.Method == http.MethodHead || ae.Status == http.StatusNotModified {
		c.w.WriteHeader(ae.Status)
		return
	}
	bp := bufPool.Get().(*[]byte)
	body := s3xml.AppendError((*bp)[:0], ae, c.r.URL.Path, c.requestID, c.requestID)
	hdr.Set("Content-Type", "application/xml")
	hdr.Set("Content-Length", itoa(int64(len(body))))
	c.w.WriteHeader(ae.Status)
	c.w.Write(body)
	*bp = body
	bufPool.Put(bp)
}

// hideMissingKey turns a 404 for a missing key into 403 for callers who may
// not list the bucket, so that they cannot probe which keys exist.
func (c *call) hideMissingKey(ae *apierr.Error) *apierr.Error {
	if ae.Code != apierr.NoSuchKey.Code || (c.op != s3op.GetObject && c.op != s3op.HeadObject) {
		return ae
	}
	if c.authorize("s3:ListBucket", c.resourceARN(s3op.Bucket, "")) != nil {
		return apierr.AccessDenied
	}
	return ae
}

// xml writes a 200 response with an XML document.
func (c *call) xml(v any) error {
	body, err := s3xml.Marshal(v)
	if err != nil {
		return err
	}
	hdr := c.w.Header()
	hdr.Set("Content-Type", "application/xml")
	hdr.Set("Content-Length", itoa(int64(len(body))))
	c.status = http.StatusOK
	c.w.WriteHeader(http.StatusOK)
	c.w.Write(body)
	return nil
}

// empty writes a response without a body.
func (c *call) empty(status int) error {
	c.status = status
	if status != http.StatusNoContent && status != http.StatusNotModified {
		c.w.Header().Set("Content-Length", "0")
	}
	c.w.WriteHeader(status)
	return nil
}
