package controlapi

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/audit"
	"github.com/coffer-s3/coffer/internal/authn"
	"github.com/coffer-s3/coffer/internal/control"
	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

// PathPrefix starts every S3 Control request path.
const PathPrefix = "/v20180820/"

// Options configures the handler.
type Options struct {
	Authn   *authn.Authenticator
	Access  *access.Authorizer
	Control *control.Service
	Engine  *engine.Engine
	Region  string
	Logger  *slog.Logger
	// Audit receives one record per request; nil records nothing.
	Audit audit.Sink
	Now   func() time.Time
}

// Handler serves the S3 Control API.
type Handler struct {
	o Options
}

// New builds the handler.
func New(o Options) *Handler {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Handler{o: o}
}

// call is one request on its way.
type call struct {
	h         *Handler
	w         http.ResponseWriter
	r         *http.Request
	ctx       context.Context
	account   string
	name      string // access point name, when the route has one
	opName    string // the operation, for the audit record
	decision  string // "Allow" once authorized
	start     time.Time
	principal *iam.Principal
	body      io.Reader
	requestID string
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{h: h, w: w, r: r, ctx: r.Context(), requestID: newRequestID(), start: h.o.Now()}
	w.Header().Set("X-Amz-Request-Id", c.requestID)
	err := c.serve()
	if err != nil {
		c.fail(err)
	}
	if h.o.Audit != nil {
		c.emitAudit(err)
	}
}

// emitAudit sends the request's one audit record (the S3 Control API is
// served through VPC endpoints too, and records name them).
func (c *call) emitAudit(err error) {
	rec := audit.Of(c.r, c.start, c.requestID, "s3-control", c.opName)
	rec.Account = c.account
	rec.Outcome(c.h.o.Now(), err, c.decision == "Allow")
	if p := c.principal; p != nil && !p.IsAnonymous() {
		rec.Principal, rec.AccessKeyID = p.ARN, p.AccessKey
	}
	if e := access.EndpointFrom(c.ctx); e != nil {
		rec.VpcEndpointID = e.ID
	}
	c.h.o.Audit.Emit(&rec)
}

func (c *call) serve() error {
	rt, name, err := match(c.r.Method, strings.TrimPrefix(c.r.URL.Path, PathPrefix))
	if err != nil {
		return err
	}
	c.name, c.opName = name, rt.name
	res, err := c.h.o.Authn.Authenticate(c.ctx, c.r, "s3", "")
	if err != nil {
		return err
	}
	c.principal, c.body = &res.Principal, res.Body
	c.account = c.r.Header.Get("X-Amz-Account-Id")
	if !iam.ValidAccountID(c.account) {
		return apierr.InvalidRequest.WithMessage("Missing or invalid x-amz-account-id header")
	}
	if c.principal.IsAnonymous() || c.principal.Account != c.account {
		return apierr.AccessDenied
	}
	resource := "*"
	if rt.onAccessPoint {
		resource = "arn:aws:s3:" + c.h.o.Region + ":" + c.account + ":accesspoint/" + name
	}
	pc := policy.NewContext()
	access.SetRequestKeys(pc, c.r, c.h.o.Now(), c.h.o.Region)
	if err := c.h.o.Access.Authorize(c.ctx, &access.Request{Principal: c.principal, Action: rt.action, Resource: resource, Owner: c.account, Context: pc,
		Endpoint: access.EndpointFrom(c.ctx)}); err != nil {
		return err
	}
	c.decision = "Allow"
	return rt.handle(c)
}

// xml writes a 200 response.
func (c *call) xml(v any) error {
	body, err := xml.Marshal(v)
	if err != nil {
		return err
	}
	out := append([]byte(s3xml.Header), body...)
	c.w.Header().Set("Content-Type", "application/xml")
	c.w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	c.w.WriteHeader(http.StatusOK)
	c.w.Write(out)
	return nil
}

func (c *call) empty(status int) error {
	c.w.WriteHeader(status)
	return nil
}

func (c *call) fail(err error) {
	var ae *apierr.Error
	if !errors.As(err, &ae) {
		c.h.o.Logger.Error("s3control internal error", "id", c.requestID, "err", err)
		ae = apierr.InternalError
	}
	for _, f := range ae.Header {
		c.w.Header().Set(f.Name, f.Value)
	}
	if c.r.Method == http.MethodHead {
		c.w.WriteHeader(ae.Status)
		return
	}
	body := encodeError(ae, c.requestID)
	c.w.Header().Set("Content-Type", "application/xml")
	c.w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(ae.Status)
	c.w.Write(body)
}

func (c *call) readBody(limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(c.body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, apierr.MaxMessageLengthExceeded
	}
	return data, nil
}

func newRequestID() string {
	return strings.ToUpper(strconv.FormatUint(rand.Uint64(), 16))
}

// encodeError renders S3 Control's error document, which, unlike S3's,
// wraps Error in ErrorResponse (the SDKs parse it so).
func encodeError(e *apierr.Error, requestID string) []byte {
	type errXML struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	doc := struct {
		XMLName   xml.Name `xml:"ErrorResponse"`
		Error     errXML   `xml:"Error"`
		RequestID string   `xml:"RequestId"`
		HostID    string   `xml:"HostId"`
	}{Error: errXML{e.Code, e.Message}, RequestID: requestID, HostID: requestID}
	out, _ := xml.Marshal(doc)
	return append([]byte(s3xml.Header), out...)
}
