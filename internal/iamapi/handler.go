package iamapi

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/audit"
	"github.com/coffer-s3/coffer/internal/authn"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/queryapi"
)

// Version is the IAM API version.
const Version = "2010-05-08"

const ns = queryapi.IAMNamespace

// maxBody bounds a request body: the largest IAM parameters are policy
// documents (131,072 characters, URL-encoded up to three times longer).
const maxBody = 1 << 20

// Options configures the handler.
type Options struct {
	IAM    *iam.Service
	Authn  *authn.Authenticator
	Access *access.Authorizer
	Logger *slog.Logger
	Now    func() time.Time
	// Audit receives one record per call; nil records nothing.
	Audit audit.Sink
}

// Handler serves the IAM API.
type Handler struct {
	iam    *iam.Service
	authn  *authn.Authenticator
	access *access.Authorizer
	log    *slog.Logger
	now    func() time.Time
	ops    map[string]op
	audit  audit.Sink
}

// New builds the handler.
func New(o Options) *Handler {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Handler{iam: o.IAM, authn: o.Authn, access: o.Access, log: o.Logger, now: o.Now, ops: operations(), audit: o.Audit}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := queryapi.NewRequestID()
	var who auditInfo
	start := h.now()
	action, err := h.serve(w, r, id, &who)
	if h.audit != nil {
		defer func() { h.emitAudit(r, start, id, action, &who, err) }()
	}
	if err == nil {
		return
	}
	var ae *apierr.Error
	if !errors.As(err, &ae) {
		h.log.Error("iam: internal error", "request_id", id, "action", action, "err", err)
		ae = apierr.ServiceFailure
	}
	h.log.Debug("iam: error", "request_id", id, "action", action, "code", ae.Code, "message", ae.Message)
	queryapi.WriteError(w, ns, id, ae)
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request, id string, who *auditInfo) (string, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return "", apierr.IncompleteBody
	}
	if len(body) > maxBody {
		return "", apierr.RequestEntityTooLarge
	}
	res, err := h.authn.AuthenticateBody(r.Context(), r, "iam", body)
	if err != nil {
		return "", err
	}
	if res.Principal.IsAnonymous() {
		return "", apierr.MissingAuthenticationToken
	}
	who.p = &res.Principal
	if p := &res.Principal; p.Session != nil && p.Type != policy.AssumedRole {
		// GetSessionToken credentials cannot call IAM (AWS requires MFA,
		// which Coffer does not have): they must not mint long-term keys.
		return "", apierr.InvalidClientTokenID
	}
	qc, err := queryapi.Parse(r, body)
	if err != nil {
		return "", err
	}
	o, ok := h.ops[qc.Action]
	if !ok || (qc.Version != "" && qc.Version != Version) {
		v := qc.Version
		if v == "" {
			v = Version
		}
		return qc.Action, queryapi.UnknownAction(qc.Action, v)
	}
	c := &call{ctx: r.Context(), h: h, v: qc.Values, p: &res.Principal, acct: res.Principal.Account, action: qc.Action}
	resource, owner := o.resource(c), c.acct
	if o.owner != nil {
		owner = o.owner(c)
	}
	if err := h.access.Authorize(c.ctx, &access.Request{Principal: c.p, Action: o.action, Resource: resource,
		Owner: owner, Context: h.context(r)}); err != nil {
		return qc.Action, err
	}
	who.allowed = true
	result, err := o.run(c)
	if err != nil {
		return qc.Action, err
	}
	return qc.Action, queryapi.WriteResult(w, ns, qc.Action, id, result)
}

// context builds the global condition keys of an IAM call.
func (h *Handler) context(r *http.Request) *policy.Context {
	pc := policy.NewContext()
	pc.SetTime(h.now())
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		pc.Set("aws:SourceIp", ap.Addr().Unmap().String())
	}
	pc.Set("aws:SecureTransport", strconv.FormatBool(r.TLS != nil))
	pc.Set("aws:RequestedRegion", "us-east-1")
	if ua := r.Header.Get("User-Agent"); ua != "" {
		pc.Set("aws:UserAgent", ua)
	}
	return pc
}

// call is one authenticated IAM call.
type call struct {
	ctx    context.Context
	h      *Handler
	v      queryapi.Values
	p      *iam.Principal
	acct   string
	action string
}

// auditInfo is what serve learned for the audit record.
type auditInfo struct {
	p       *iam.Principal
	allowed bool
}

// emitAudit sends the call's one audit record.
func (h *Handler) emitAudit(r *http.Request, start time.Time, id, action string, who *auditInfo, err error) {
	rec := audit.Of(r, start, id, "iam", action)
	rec.Outcome(h.now(), err, who.allowed)
	if p := who.p; p != nil {
		rec.Principal, rec.Account, rec.AccessKeyID = p.ARN, p.Account, p.AccessKey
	}
	h.audit.Emit(&rec)
}
