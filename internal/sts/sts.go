package sts

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/arn"
	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
)

// Options configures the Service.
type Options struct {
	IAM    *iam.Service
	Access *access.Authorizer
	Master *keys.Master
	Now    func() time.Time
}

// Service issues and opens temporary credentials.
type Service struct {
	iam    *iam.Service
	access *access.Authorizer
	master *keys.Master
	now    func() time.Time
}

// New builds the Service.
func New(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{iam: o.IAM, access: o.Access, master: o.Master, now: o.Now}
}

// Credentials are temporary credentials.
type Credentials struct {
	AccessKeyID, SecretAccessKey, SessionToken string
	Expiration                                 time.Time
}

// Limits from the STS API reference.
const (
	minDuration         = 900
	defaultRoleDuration = 3600
	maxUserDuration     = 129600
	defaultUserDuration = 43200
	maxRootDuration     = 3600
	maxPackedPolicy     = 2048 // characters of the session policy without whitespace
	maxPolicyARNs       = 10
)

func newTemporaryKey() (id, secret string) {
	id, secret = iam.NewKeyPair()
	return "ASIA" + id[4:], secret
}

func validationError(msg string) error {
	return apierr.ValidationError.WithMessage(msg)
}

// AssumeRoleInput is an AssumeRole request.
type AssumeRoleInput struct {
	RoleARN         string
	SessionName     string
	DurationSeconds int // 0: default
	ExternalID      string
	Policy          string
	PolicyARNs      []string
	SourceIdentity  string
	// Context holds the caller's request keys (source IP, transport, ...).
	Context *policy.Context
}

// AssumedRole is AssumeRole's result.
type AssumedRole struct {
	Credentials      Credentials
	AssumedRoleID    string // AROA...:session
	ARN              string // arn:aws:sts::ACCT:assumed-role/NAME/session
	PackedPolicySize int
	SourceIdentity   string
}

var (
	keyExternalID     = policy.MustKey("sts:ExternalId")
	keyRoleSession    = policy.MustKey("sts:RoleSessionName")
	keySourceIdentity = policy.MustKey("sts:SourceIdentity")
	keyDuration       = policy.MustKey("sts:DurationSeconds")
)

// AssumeRole checks the role's trust policy (and the caller's own
// permission to call sts:AssumeRole when the trust policy only delegates to
// its account) and issues role session credentials.
func (s *Service) AssumeRole(ctx context.Context, caller *iam.Principal, in *AssumeRoleInput) (*AssumedRole, error) {
	if err := validSessionName(in.SessionName); err != nil {
		return nil, err
	}
	if in.ExternalID != "" && (len(in.ExternalID) < 2 || len(in.ExternalID) > 1224) {
		return nil, validationError("1 validation error detected: Value at 'externalId' failed to satisfy constraint: Member must have length between 2 and 1224")
	}
	if len(in.PolicyARNs) > maxPolicyARNs {
		return nil, validationError("1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10")
	}
	if _, err := arn.Parse(in.RoleARN); err != nil {
		return nil, validationError("1 validation error detected: Value '" + in.RoleARN + "' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20")
	}
	denied := apierr.AccessDenied.WithMessage("User: " + caller.ARN + " is not authorized to perform: sts:AssumeRole on resource: " + in.RoleARN)
	role, err := s.iam.RoleByARN(ctx, in.RoleARN)
	if errors.Is(err, meta.ErrNotFound) || (err == nil && role == nil) {
		return nil, denied
	}
	if err != nil {
		var ae *apierr.Error
		if errors.As(err, &ae) && ae.Code == "NoSuchEntity" {
			return nil, denied
		}
		return nil, err
	}
	dur := in.DurationSeconds
	if dur == 0 {
		dur = defaultRoleDuration
	}
	if dur < minDuration || dur > role.MaxSessionDuration {
		return nil, validationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	}
	packed := 0
	if in.Policy != "" {
		if _, err := policy.ParseIAM([]byte(in.Policy), policy.KindSession); err != nil {
			return nil, err
		}
		packed = policy.Size([]byte(in.Policy))
		if packed > maxPackedPolicy {
			return nil, apierr.PackedPolicyTooLarge.WithMessage("Packed size of consumed sessions policies exceeds the limit.")
		}
	}
	if _, err := s.iam.ManagedPolicyRefs(ctx, role.Account, in.PolicyARNs); err != nil {
		return nil, apierr.InvalidParameterValue.WithMessage("One or more of the policy ARNs is invalid.")
	}
	pc := in.Context
	if pc == nil {
		pc = policy.NewContext()
	}
	pc.SetKey(keyRoleSession, in.SessionName)
	pc.SetKey(keyDuration, strconv.Itoa(dur))
	if in.ExternalID != "" {
		pc.SetKey(keyExternalID, in.ExternalID)
	}
	if in.SourceIdentity != "" {
		pc.SetKey(keySourceIdentity, in.SourceIdentity)
	}
	trust := role.Trust()
	if trust == nil {
		return nil, denied
	}
	err = s.access.Authorize(ctx, &access.Request{
		Principal: caller, Action: "sts:AssumeRole", Resource: role.ARN(), Owner: role.Account, Context: pc,
		ResourcePolicy: &authz.PolicyRef{ID: "trust-policy:" + role.ARN(), Policy: trust}, RequireResourcePolicy: true,
	})
	if err != nil {
		return nil, denied
	}
	now := s.now().UTC()
	id, secret := newTemporaryKey()
	c := &claims{
		AccessKeyID: id, Secret: secret, Account: role.Account, Kind: "role",
		ARN:     arn.AssumedRole(role.Account, role.Name, in.SessionName),
		RoleARN: role.ARN(), UserID: role.ID + ":" + in.SessionName, SessionName: in.SessionName,
		Issued: now.Unix(), Expires: now.Add(time.Duration(dur) * time.Second).Unix(),
		Policy: in.Policy, PolicyARNs: in.PolicyARNs, SourceIdentity: in.SourceIdentity,
	}
	token, err := seal(s.master, c)
	if err != nil {
		return nil, err
	}
	out := &AssumedRole{
		Credentials:   Credentials{AccessKeyID: id, SecretAccessKey: secret, SessionToken: token, Expiration: time.Unix(c.Expires, 0).UTC()},
		AssumedRoleID: c.UserID, ARN: c.ARN, SourceIdentity: in.SourceIdentity,
	}
	if packed > 0 {
		out.PackedPolicySize = packed * 100 / maxPackedPolicy
	}
	return out, nil
}

func validSessionName(n string) error {
	if len(n) < 2 || len(n) > 64 {
		return validationError("1 validation error detected: Value '" + n + "' at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64")
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_+=,.@-", c) >= 0) {
			return validationError("1 validation error detected: Value '" + n + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")
		}
	}
	return nil
}

// GetSessionToken issues temporary credentials that act as the calling IAM
// user (or root user). Role sessions cannot call it.
func (s *Service) GetSessionToken(ctx context.Context, caller *iam.Principal, durationSeconds int) (*Credentials, error) {
	if caller.Session != nil || caller.Type == policy.AssumedRole {
		return nil, apierr.AccessDenied.WithMessage("Cannot call GetSessionToken with session credentials")
	}
	max, def := maxUserDuration, defaultUserDuration
	kind := "user"
	if caller.Type == policy.Root {
		max, def, kind = maxRootDuration, maxRootDuration, "root"
	}
	if durationSeconds == 0 {
		durationSeconds = def
	}
	if durationSeconds < minDuration || durationSeconds > max {
		return nil, validationError("1 validation error detected: Value '" + strconv.Itoa(durationSeconds) + "' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to " + strconv.Itoa(max))
	}
	now := s.now().UTC()
	id, secret := newTemporaryKey()
	c := &claims{AccessKeyID: id, Secret: secret, Account: caller.Account, Kind: kind, ARN: caller.ARN,
		UserID: caller.UserID, Username: caller.Username,
		Issued: now.Unix(), Expires: now.Add(time.Duration(durationSeconds) * time.Second).Unix()}
	token, err := seal(s.master, c)
	if err != nil {
		return nil, err
	}
	return &Credentials{AccessKeyID: id, SecretAccessKey: secret, SessionToken: token, Expiration: time.Unix(c.Expires, 0).UTC()}, nil
}

// Open checks a session token presented with access key id akid and
// returns the credential it stands for: the principal, its temporary
// secret and its session. Tokens that are not ours, altered, or issued for
// another key are InvalidToken-style errors; expired ones ExpiredToken.
func (s *Service) Open(ctx context.Context, akid, token string) (*iam.Credential, error) {
	c, err := open(s.master, token)
	if err != nil || c.AccessKeyID != akid {
		return nil, apierr.InvalidToken
	}
	if c.expired(s.now()) {
		return nil, apierr.ExpiredToken
	}
	acct, err := s.iam.Account(ctx, c.Account)
	if err != nil {
		return nil, apierr.InvalidToken
	}
	p := iam.Principal{AccessKey: akid}
	p.Account, p.ARN, p.UserID, p.CanonicalID = c.Account, c.ARN, c.UserID, acct.CanonicalID
	switch c.Kind {
	case "role":
		p.Type, p.RoleARN, p.SessionName = policy.AssumedRole, c.RoleARN, c.SessionName
		if role, err := s.iam.RoleByARN(ctx, c.RoleARN); err == nil && role != nil {
			p.HasBoundary = role.Boundary != ""
		}
	case "user":
		p.Type, p.Username = policy.IAMUser, c.Username
		if u, err := s.iam.GetUser(ctx, c.Account, c.Username); err == nil && u.ID == c.UserID {
			p.HasBoundary = u.Boundary != ""
		}
	case "root":
		p.Type = policy.Root
	default:
		return nil, apierr.InvalidToken
	}
	sess := &iam.Session{IssuedAt: c.Issued, Expires: c.Expires, SourceIdentity: c.SourceIdentity, PolicyARNs: c.PolicyARNs}
	if c.Policy != "" {
		sess.Policies = []byte(c.Policy)
	}
	if len(c.PolicyARNs) > 0 {
		refs, err := s.iam.ManagedPolicyRefs(ctx, c.Account, c.PolicyARNs)
		if err != nil {
			return nil, err
		}
		sess.Compiled = refs
		if c.Policy != "" {
			pol, err := policy.ParseIAM(sess.Policies, policy.KindSession)
			if err != nil {
				return nil, err
			}
			sess.Compiled = append([]authz.PolicyRef{{ID: "session-policy", Policy: pol}}, refs...)
		}
	}
	p.Session = sess
	return &iam.Credential{Principal: p, Secret: c.Secret, Active: true}, nil
}
