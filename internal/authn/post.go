package authn

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/postpolicy"
	"github.com/coffer-s3/coffer/internal/sigv4"
)

// PostSignature is what a browser POST form says about its signature. The
// caller reads it from the form fields (which precede the file) and has
// already checked that the fields its version needs are present.
type PostSignature struct {
	// Version is 4 (x-amz-algorithm, x-amz-credential, x-amz-date,
	// x-amz-signature), 2 (AWSAccessKeyId, signature) or 0 (anonymous).
	Version int
	// Policy is the policy field exactly as sent: the string signed.
	Policy string
	// SigV4 fields.
	Algorithm, Credential, Date string
	// AccessKeyID is SigV2's AWSAccessKeyId.
	AccessKeyID string
	// Signature is x-amz-signature (hex) or signature (base64).
	Signature string
	// SecurityToken is x-amz-security-token, for temporary credentials.
	SecurityToken string
}

const amzDateLayout = "20060102T150405Z"

// AuthenticatePost verifies the signature of a POST form's policy and
// returns the principal it acts as. It checks what a signed form claims
// (algorithm, credential scope, date) with S3's errors, looks the access
// key up on every request (a deleted or inactive key fails its forms), and
// compares the signature over the policy text as sent. The policy itself
// (expiration, conditions) is the caller's to check afterwards.
func (a *Authenticator) AuthenticatePost(ctx context.Context, s *PostSignature) (*Result, error) {
	res := &Result{DecodedLength: -1, Payload: sigv4.PayloadUnsigned}
	switch s.Version {
	case 0:
		res.Principal = iam.AnonymousPrincipal
		return res, nil
	case 2:
		return a.authenticatePostV2(ctx, s, res)
	case 4:
		return a.authenticatePostV4(ctx, s, res)
	}
	return nil, apierr.AccessDenied
}

func postArgError(msg, name, value string) *apierr.Error {
	return apierr.InvalidArgument.WithMessage(msg).With("ArgumentName", name).With("ArgumentValue", value)
}

func (a *Authenticator) authenticatePostV4(ctx context.Context, s *PostSignature, res *Result) (*Result, error) {
	if s.Algorithm != sigv4.AlgorithmV4 {
		return nil, postArgError(`X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"`, "X-Amz-Algorithm", s.Algorithm)
	}
	parts := strings.Split(s.Credential, "/")
	if len(parts) != 5 {
		return nil, postArgError(`the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`, "X-Amz-Credential", s.Credential)
	}
	akid, date, region, service, term := parts[0], parts[1], parts[2], parts[3], parts[4]
	switch {
	case akid == "":
		return nil, postArgError("a non-empty Access Key (AKID) must be provided in the credential.", "X-Amz-Credential", s.Credential)
	case !validDay(date):
		return nil, postArgError(`incorrect date format "`+date+`". This date in the credential must be in the format "yyyyMMdd".`, "X-Amz-Credential", s.Credential)
	case region != a.region:
		return nil, postArgError("the region '"+region+"' is wrong; expecting '"+a.region+"'", "X-Amz-Credential", s.Credential).With("Region", a.region)
	case service != "s3":
		return nil, postArgError(`incorrect service "`+service+`". This endpoint belongs to "s3".`, "X-Amz-Credential", s.Credential)
	case term != "aws4_request":
		return nil, postArgError(`incorrect terminal "`+term+`". This endpoint uses "aws4_request".`, "X-Amz-Credential", s.Credential)
	}
	at, err := time.Parse(amzDateLayout, s.Date)
	if err != nil {
		return nil, postArgError("X-Amz-Date must be formated via ISO8601 Long format", "X-Amz-Date", s.Date)
	}
	res.Auth = sigv4.Auth{Version: 4, Kind: sigv4.KindHeader, AccessKeyID: akid, Date: date, Region: region,
		Service: service, Signature: s.Signature, RequestTime: at, SecurityToken: s.SecurityToken}
	cred, err := a.postCredential(ctx, &res.Auth)
	if err != nil {
		return nil, err
	}
	key := a.signingKey(akid, cred.Secret, &res.Auth)
	if !postpolicy.VerifyV4(key, s.Policy, s.Signature) {
		return nil, postSignatureMismatch(akid, s)
	}
	res.Principal = cred.Principal
	return res, nil
}

func (a *Authenticator) authenticatePostV2(ctx context.Context, s *PostSignature, res *Result) (*Result, error) {
	res.Auth = sigv4.Auth{Version: 2, Kind: sigv4.KindHeader, AccessKeyID: s.AccessKeyID,
		Signature: s.Signature, SecurityToken: s.SecurityToken}
	cred, err := a.postCredential(ctx, &res.Auth)
	if err != nil {
		return nil, err
	}
	if !postpolicy.VerifyV2(cred.Secret, s.Policy, s.Signature) {
		return nil, postSignatureMismatch(s.AccessKeyID, s)
	}
	res.Principal = cred.Principal
	return res, nil
}

// postCredential finds the signing credential as Authenticate does (a
// session token opens temporary credentials): unknown, deleted and inactive
// keys are InvalidAccessKeyId.
func (a *Authenticator) postCredential(ctx context.Context, p *sigv4.Auth) (*iam.Credential, error) {
	cred, err := a.credential(ctx, p)
	if errors.Is(err, meta.ErrNotFound) {
		return nil, apierr.InvalidAccessKeyID.With("AWSAccessKeyId", p.AccessKeyID)
	}
	return cred, err
}

// postSignatureMismatch carries what S3 shows: the string to sign is the
// policy field as sent.
func postSignatureMismatch(akid string, s *PostSignature) error {
	return apierr.SignatureDoesNotMatch.With("AWSAccessKeyId", akid).With("StringToSign", s.Policy).
		With("SignatureProvided", s.Signature).With("StringToSignBytes", hexBytes(s.Policy))
}

func validDay(d string) bool {
	_, err := time.Parse("20060102", d)
	return err == nil && len(d) == 8
}

// hexBytes renders s as S3 renders StringToSignBytes.
func hexBytes(s string) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 0, 3*len(s))
	for i := 0; i < len(s); i++ {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, digits[s[i]>>4], digits[s[i]&15])
	}
	return string(b)
}
