package stsapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/audit"
	"github.com/coffer-s3/coffer/internal/authn"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/queryapi"
	"github.com/coffer-s3/coffer/internal/sts"
)

const ns = "https://sts.amazonaws.com/doc/2011-06-15/"

// maxBody bounds a query-protocol request body (session policies are the
// largest field, 2 KB packed).
const maxBody = 64 << 10

// Options configures the handler.
type Options struct {
	Authn  *authn.Authenticator
	STS    *sts.Service
	Logger *slog.Logger
	Now    func() time.Time
	// Audit receives one record per call; nil records nothing.
	Audit audit.Sink
}

// Handler serves STS.
type Handler struct {
	authn *authn.Authenticator
	sts   *sts.Service
	log   *slog.Logger
	now   func() time.Time
	audit audit.Sink
}

// New builds the handler.
func New(o Options) *Handler {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Handler{authn: o.Authn, sts: o.STS, log: o.Logger, now: o.Now, audit: o.Audit}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := queryapi.NewRequestID()
	var who caller
	start := h.now()
	err := h.serve(w, r, id, &who)
	if h.audit != nil {
		rec := audit.Of(r, start, id, "sts", who.action)
		rec.Outcome(h.now(), err, err == nil)
		if who.p != nil {
			rec.Principal, rec.Account, rec.AccessKeyID = who.p.ARN, who.p.Account, who.p.AccessKey
		}
		defer h.audit.Emit(&rec)
	}
	if err != nil {
		var ae *apierr.Error
		if e, ok := err.(*apierr.Error); ok {
			ae = e
		} else {
			h.log.Error("sts internal error", "id", id, "err", err)
			ae = apierr.InternalError
		}
		queryapi.WriteError(w, ns, id, ae)
	}
}

// caller is what serve learned of the call, for its audit record.
type caller struct {
	action string
	p      *iam.Principal
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request, id string, who *caller) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return err
	}
	if len(body) > maxBody {
		return apierr.InvalidRequest.WithMessage("Request body too large")
	}
	res, err := h.authn.AuthenticateBody(r.Context(), r, "sts", body)
	if err != nil {
		return err
	}
	call, err := queryapi.Parse(r, body)
	if err != nil {
		return err
	}
	p := &res.Principal
	if p.IsAnonymous() {
		return apierr.MissingAuthenticationToken
	}
	who.action, who.p = call.Action, p
	if p.Session != nil && p.Type != policy.AssumedRole && call.Action != "AssumeRole" && call.Action != "GetCallerIdentity" {
		// GetSessionToken credentials may only assume roles and ask who
		// they are, as on AWS.
		return apierr.AccessDenied.WithMessage("Cannot call " + call.Action + " with session credentials")
	}
	var result any
	switch call.Action {
	case "GetCallerIdentity":
		// No permission is needed to ask who you are.
		result = &callerIdentity{Arn: p.ARN, UserID: p.UserID, Account: p.Account}
	case "GetSessionToken":
		dur, _, err := call.Values.Int("DurationSeconds", 0, 1<<30)
		if err != nil {
			return err
		}
		c, err := h.sts.GetSessionToken(r.Context(), p, dur)
		if err != nil {
			return err
		}
		result = &sessionTokenResult{Credentials: creds(c)}
	case "AssumeRole":
		out, err := h.assumeRole(r.Context(), r, p, call.Values)
		if err != nil {
			return err
		}
		result = out
	default:
		return queryapi.UnknownAction(call.Action, call.Version)
	}
	return queryapi.WriteResult(w, ns, call.Action, id, result)
}

func (h *Handler) assumeRole(ctx context.Context, r *http.Request, p *iam.Principal, v queryapi.Values) (*assumeRoleResult, error) {
	dur, _, err := v.Int("DurationSeconds", 0, 1<<30)
	if err != nil {
		return nil, err
	}
	in := &sts.AssumeRoleInput{
		RoleARN: v.Get("RoleArn"), SessionName: v.Get("RoleSessionName"), DurationSeconds: dur,
		ExternalID: v.Get("ExternalId"), Policy: v.Get("Policy"), SourceIdentity: v.Get("SourceIdentity"),
		Context: h.context(r),
	}
	if in.RoleARN == "" {
		return nil, apierr.MissingParameter.WithMessage("The request must contain the parameter RoleArn")
	}
	if in.SessionName == "" {
		return nil, apierr.MissingParameter.WithMessage("The request must contain the parameter RoleSessionName")
	}
	for _, m := range v.Members("PolicyArns") {
		in.PolicyARNs = append(in.PolicyARNs, m.Get("arn"))
	}
	out, err := h.sts.AssumeRole(ctx, p, in)
	if err != nil {
		return nil, err
	}
	res := &assumeRoleResult{Credentials: creds(&out.Credentials), SourceIdentity: out.SourceIdentity}
	res.AssumedRoleUser.Arn, res.AssumedRoleUser.AssumedRoleID = out.ARN, out.AssumedRoleID
	if out.PackedPolicySize > 0 {
		res.PackedPolicySize = strconv.Itoa(out.PackedPolicySize)
	}
	return res, nil
}

// context builds the global condition keys of an STS call.
func (h *Handler) context(r *http.Request) *policy.Context {
	pc := policy.NewContext()
	access.SetRequestKeys(pc, r, h.now(), "")
	return pc
}

type credentials struct {
	AccessKeyID     string `xml:"AccessKeyId"`
	SecretAccessKey string `xml:"SecretAccessKey"`
	SessionToken    string `xml:"SessionToken"`
	Expiration      string `xml:"Expiration"`
}

func creds(c *sts.Credentials) credentials {
	return credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: queryapi.Time(c.Expiration)}
}

type callerIdentity struct {
	Arn     string `xml:"Arn"`
	UserID  string `xml:"UserId"`
	Account string `xml:"Account"`
}

type sessionTokenResult struct {
	Credentials credentials `xml:"Credentials"`
}

type assumeRoleResult struct {
	Credentials     credentials `xml:"Credentials"`
	AssumedRoleUser struct {
		AssumedRoleID string `xml:"AssumedRoleId"`
		Arn           string `xml:"Arn"`
	} `xml:"AssumedRoleUser"`
	PackedPolicySize string `xml:"PackedPolicySize,omitempty"`
	SourceIdentity   string `xml:"SourceIdentity,omitempty"`
}
