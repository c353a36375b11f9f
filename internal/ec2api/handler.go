package ec2api

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/audit"
	"github.com/coffer-s3/coffer/internal/authn"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/queryapi"
	"github.com/coffer-s3/coffer/internal/vpce"
)

// Namespace is the XML namespace of EC2 responses (API version 2016-11-15).
const Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/"

// maxBody bounds a request body: a policy document (20,480 characters)
// URL-encoded up to three times longer, plus the other parameters.
const maxBody = 128 << 10

// Options configures the handler.
type Options struct {
	Authn     *authn.Authenticator
	Access    *access.Authorizer
	Endpoints *vpce.Service
	Region    string
	Audit     audit.Sink // nil: no audit records
	Logger    *slog.Logger
	Now       func() time.Time
}

// Handler serves the EC2 VPC endpoint calls.
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

// call is one request on its way through the handler.
type call struct {
	h         *Handler
	ctx       context.Context
	r         *http.Request
	id        string
	action    string
	principal *iam.Principal
	decision  string
	start     time.Time
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{h: h, ctx: r.Context(), r: r, id: queryapi.NewRequestID(), start: h.o.Now()}
	status, code := http.StatusOK, ""
	body, err := c.serve()
	if err != nil {
		e := ec2Error(err)
		if e.Status >= 500 {
			h.o.Logger.Error("ec2: internal error", "request_id", c.id, "action", c.action, "err", err)
		}
		status, code = e.Status, e.Code
		body = marshalError(c.id, e)
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/xml;charset=UTF-8")
	hd.Set("x-amzn-RequestId", c.id)
	hd.Set("Server", "Coffer")
	w.WriteHeader(status)
	w.Write(body)
	c.audit(status, code)
}

func (c *call) serve() ([]byte, error) {
	r := c.r
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, apierr.IncompleteBody
	}
	if len(body) > maxBody {
		return nil, apierr.RequestEntityTooLarge
	}
	res, err := c.h.o.Authn.AuthenticateBody(c.ctx, r, "ec2", body)
	if err != nil {
		return nil, err
	}
	c.principal = &res.Principal
	if res.Principal.IsAnonymous() {
		return nil, apierr.EC2AuthFailure
	}
	qc, err := queryapi.Parse(r, body)
	if err != nil {
		return nil, err
	}
	c.action = qc.Action
	switch qc.Action {
	case "DescribeVpcEndpoints":
		return c.describe(qc.Values)
	case "ModifyVpcEndpoint":
		return c.modify(qc.Values)
	}
	return nil, apierr.EC2InvalidAction.WithMessage("The action " + qc.Action + " is not valid for this web service.")
}

// authorize asks the one authorizer; dryRun turns success into EC2's
// DryRunOperation answer.
func (c *call) authorize(action, resource string, dryRun bool) error {
	pc := policy.NewContext()
	access.SetRequestKeys(pc, c.r, c.start, c.h.o.Region)
	err := c.h.o.Access.Authorize(c.ctx, &access.Request{Principal: c.principal, Action: action, Resource: resource,
		Owner: c.principal.Account, Context: pc})
	if err != nil {
		c.decision = "Deny"
		return err
	}
	c.decision = "Allow"
	if dryRun {
		return apierr.EC2DryRunOperation
	}
	return nil
}

func (c *call) audit(status int, code string) {
	sink := c.h.o.Audit
	if sink == nil {
		return
	}
	rec := audit.Of(c.r, c.start, c.id, "ec2", c.action)
	rec.Decision, rec.Status, rec.ErrorCode, rec.Duration = c.decision, status, code, c.h.o.Now().Sub(c.start)
	if p := c.principal; p != nil && !p.IsAnonymous() {
		rec.Principal, rec.Account, rec.AccessKeyID = p.ARN, p.Account, p.AccessKey
	}
	if e := access.EndpointFrom(c.ctx); e != nil {
		rec.VpcEndpointID = e.ID
	}
	sink.Emit(&rec)
}

// ec2Error translates an error into EC2's vocabulary: EC2 names
// credential and authorization failures its own way.
func ec2Error(err error) *apierr.Error {
	var e *apierr.Error
	if !errors.As(err, &e) {
		return apierr.EC2InternalError
	}
	switch e.Code {
	case "SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidClientTokenId", "InvalidToken", "ExpiredToken",
		"MissingAuthenticationToken":
		return apierr.EC2AuthFailure
	case "RequestTimeTooSkewed":
		return apierr.EC2RequestExpired
	case "AccessDenied":
		msg := apierr.EC2UnauthorizedOperation.Message
		if e.Message != apierr.AccessDenied.Message {
			msg += " " + e.Message
		}
		return apierr.EC2UnauthorizedOperation.WithMessage(msg)
	case "InternalError":
		return apierr.EC2InternalError
	}
	return e
}
