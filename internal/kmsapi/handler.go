package kmsapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/audit"
	"github.com/coffer-s3/coffer/internal/authn"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/kms"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/queryapi"
)

// Options configures the handler.
type Options struct {
	Authn  *authn.Authenticator
	KMS    *kms.Service
	Access *access.Authorizer
	Logger *slog.Logger
	Now    func() time.Time
	// Audit receives one record per call; nil records nothing.
	Audit audit.Sink
}

// Handler serves the KMS JSON API.
type Handler struct {
	authn  *authn.Authenticator
	kms    *kms.Service
	access *access.Authorizer
	log    *slog.Logger
	now    func() time.Time
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
	return &Handler{authn: o.Authn, kms: o.KMS, access: o.Access, log: o.Logger, now: o.Now, audit: o.Audit}
}

// TargetPrefix starts the X-Amz-Target of every KMS call.
const TargetPrefix = "TrentService."

// call is one KMS request on its way through the handler.
type call struct {
	h   *Handler
	r   *http.Request
	ctx context.Context
	op  string
	p   *iam.Principal
	req *request
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := queryapi.NewRequestID()
	w.Header().Set("X-Amzn-Requestid", id)
	var who caller
	start := h.now()
	res, err := h.serve(r, &who)
	if h.audit != nil {
		rec := audit.Of(r, start, id, "kms", who.op)
		rec.Outcome(h.now(), err, err == nil)
		if who.p != nil {
			rec.Principal, rec.Account, rec.AccessKeyID = who.p.ARN, who.p.Account, who.p.AccessKey
		}
		defer h.audit.Emit(&rec)
	}
	if err != nil {
		h.fail(w, id, err)
		return
	}
	var buf bytes.Buffer
	if res == nil {
		res = struct{}{}
	}
	if err := writeJSON(&buf, res); err != nil {
		h.fail(w, id, err)
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("Content-Length", itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}

func (h *Handler) fail(w http.ResponseWriter, id string, err error) {
	var ae *apierr.Error
	if !errors.As(err, &ae) {
		h.log.Error("kms internal error", "id", id, "err", err)
		ae = apierr.KMSInternal
	}
	ae = kmsError(ae)
	body, _ := json.Marshal(map[string]string{"__type": ae.Code, "message": ae.Message})
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-Errortype", ae.Code)
	w.Header().Set("Content-Length", itoa(len(body)))
	w.WriteHeader(ae.Status)
	w.Write(body)
}

// kmsError renames the authentication errors shared with S3 to the codes
// KMS uses for the same faults.
func kmsError(ae *apierr.Error) *apierr.Error {
	switch ae.Code {
	case "InvalidClientTokenId", "InvalidAccessKeyId":
		return apierr.KMSUnrecognizedClient
	case "SignatureDoesNotMatch":
		return apierr.KMSInvalidSignature
	case "AccessDenied":
		return apierr.KMSAccessDenied.WithMessage(ae.Message)
	}
	return ae
}

// caller is what serve learned of the call, for its audit record.
type caller struct {
	op string
	p  *iam.Principal
}

func (h *Handler) serve(r *http.Request, who *caller) (any, error) {
	if r.Method != http.MethodPost {
		return nil, apierr.KMSUnknownOperation
	}
	if r.TLS == nil {
		// KMS returns plaintext data keys and decrypts secrets: like AWS
		// KMS it is served over HTTPS only.
		return nil, apierr.KMSAccessDenied.WithMessage("KMS requests must be made over HTTPS")
	}
	op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), TargetPrefix)
	if !ok {
		return nil, apierr.KMSUnknownOperation
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxBody {
		return nil, apierr.KMSValidation.WithMessage("Request body too large")
	}
	res, err := h.authn.AuthenticateBody(r.Context(), r, "kms", body)
	if err != nil {
		return nil, err
	}
	if res.Principal.IsAnonymous() {
		return nil, apierr.KMSMissingAuth
	}
	who.op, who.p = op, &res.Principal
	fn := ops[op]
	if fn == nil {
		return nil, apierr.KMSUnknownOperation
	}
	req, err := decodeRequest(body)
	if err != nil {
		return nil, err
	}
	c := &call{h: h, r: r, ctx: r.Context(), op: op, p: &res.Principal, req: req}
	return fn(c)
}

// context builds the condition keys of a KMS call.
func (c *call) context(ec map[string]string) *policy.Context {
	pc := policy.NewContext()
	access.SetRequestKeys(pc, c.r, c.h.now(), c.h.kms.Region())
	kms.ContextKeys(pc, ec)
	c.setRequestTagKeys(pc)
	return pc
}

// key resolves the request's key and checks action on it.
func (c *call) key(ref, action string, ec map[string]string) (*kmsKey, error) {
	k, err := c.h.kms.Resolve(c.ctx, c.p.Account, ref)
	if err != nil {
		return nil, err
	}
	pc := c.context(ec)
	if strings.Contains(ref, "alias/") {
		pc.Set("kms:RequestAlias", aliasName(ref))
	}
	if err := c.h.kms.Authorize(c.ctx, c.p, action, k, pc); err != nil {
		return nil, err
	}
	return k, nil
}

// accountAction checks an action with no key resource (CreateKey,
// ListKeys, ListAliases): identity policies decide, the root user may.
// ownKey resolves a key for an operation AWS does not allow across
// accounts (key administration, key policy and rotation reads): another
// account's key is NotFound, as on AWS, whatever its key policy grants.
func (c *call) ownKey(ref, action string) (*kmsKey, error) {
	k, err := c.key(ref, action, nil)
	if err != nil {
		return nil, err
	}
	if k.Account != c.p.Account {
		return nil, apierr.KMSNotFound.WithMessage("Key '" + k.ARN() + "' does not exist")
	}
	return k, nil
}

// aliasAction checks an action on an alias itself: identity policies
// decide (aliases have no policy of their own).
func (c *call) aliasAction(action, alias string) error {
	arn := "arn:aws:kms:" + c.h.kms.Region() + ":" + c.p.Account + ":" + alias
	return c.h.access.Authorize(c.ctx, &access.Request{Principal: c.p, Action: action, Resource: arn, Owner: c.p.Account, Context: c.context(nil)})
}

func (c *call) accountAction(action string) error {
	return c.h.access.Authorize(c.ctx, &access.Request{Principal: c.p, Action: action, Resource: "*", Context: c.context(nil)})
}

func aliasName(ref string) string {
	if i := strings.Index(ref, "alias/"); i >= 0 {
		return ref[i:]
	}
	return ref
}
