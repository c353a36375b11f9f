package s3api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/kms"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/sse"
)

const (
	hSSE        = "X-Amz-Server-Side-Encryption"
	hSSEKey     = "X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id"
	hSSEContext = "X-Amz-Server-Side-Encryption-Context"
	hSSEBucket  = "X-Amz-Server-Side-Encryption-Bucket-Key-Enabled"
	hSSECPrefix = "X-Amz-Server-Side-Encryption-Customer-"
	hCopySSEC   = "X-Amz-Copy-Source-Server-Side-Encryption-Customer-"
)

var (
	errSSECInsecure = apierr.InvalidRequest.WithMessage("Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.")
	errKMSInsecure  = apierr.InvalidArgument.WithMessage("Requests specifying Server Side Encryption with AWS KMS managed keys must be made over a secure connection.")
	errKMSSigV2     = apierr.InvalidArgument.WithMessage("Requests specifying Server Side Encryption with AWS KMS managed keys require AWS Signature Version 4.")
	errSSECBlocked  = apierr.AccessDenied.WithMessage("Requests specifying Server Side Encryption with Customer provided keys are blocked for this bucket by its default encryption configuration (BlockedEncryptionTypes).")
)

// customerKey reads SSE-C headers with a prefix (the object's or the copy
// source's); nil when none are present. They need TLS.
func (c *call) customerKey(prefix string) (*sse.CustomerKey, error) {
	return c.customerKeyFrom(c.r.Header, prefix)
}

func (c *call) customerKeyFrom(h http.Header, prefix string) (*sse.CustomerKey, error) {
	ck, err := sse.ParseCustomerKey(h.Get(prefix+"Algorithm"), h.Get(prefix+"Key"), h.Get(prefix+"Key-Md5"), strings.ToLower(prefix))
	if err != nil || ck == nil {
		return nil, err
	}
	if c.r.TLS == nil {
		return nil, errSSECInsecure
	}
	return ck, nil
}

// writeKeys merges a write's SSE headers with the bucket's default
// encryption, and checks and authorizes a KMS key.
func (c *call) writeKeys() (engine.WriteKeys, error) {
	return c.writeKeysFrom(c.r.Header)
}

// writeKeysFrom reads a write's encryption from headers (or from a POST
// form presented as headers).
func (c *call) writeKeysFrom(h http.Header) (engine.WriteKeys, error) {
	var wk engine.WriteKeys
	mode := h.Get(hSSE)
	ck, err := c.customerKeyFrom(h, hSSECPrefix)
	if err != nil {
		return wk, err
	}
	be := encryptionOf(c.bkt)
	if ck != nil {
		if mode != "" {
			return wk, apierr.InvalidArgument.WithMessage("Server Side Encryption with Customer provided key is incompatible with the encryption method specified").
				With("ArgumentName", "x-amz-server-side-encryption").With("ArgumentValue", mode)
		}
		if be.blocksSSEC() {
			return wk, errSSECBlocked
		}
		return engine.WriteKeys{Mode: engine.ModeSSEC, CustomerKey: ck}, nil
	}
	keyRef, explicit := h.Get(hSSEKey), mode != ""
	switch mode {
	case "":
		mode, keyRef, wk.BucketKey = be.Algorithm, be.KMSKeyID, be.BucketKey
	case engine.ModeS3:
	case "aws:kms:dsse":
		// Dual-layer encryption is not implemented; storing such a request
		// with one layer would claim protection it does not have.
		return wk, apierr.NotImplemented.WithMessage("Dual-layer server-side encryption (aws:kms:dsse) is not supported")
	case engine.ModeKMS:
		mode, wk.BucketKey = engine.ModeKMS, be.BucketKey && be.Algorithm == engine.ModeKMS
	default:
		return wk, apierr.InvalidArgument.WithMessage("The encryption method specified is not supported").
			With("ArgumentName", "x-amz-server-side-encryption").With("ArgumentValue", mode)
	}
	if h.Get(hSSEKey) != "" && mode != engine.ModeKMS {
		return wk, apierr.InvalidArgument.WithMessage("Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms").
			With("ArgumentName", "x-amz-server-side-encryption")
	}
	wk.Mode = mode
	if mode != engine.ModeKMS {
		return wk, nil
	}
	// Writes of SSE-KMS objects need TLS and SigV4, whether the request or
	// the bucket's default asks for KMS: the object could not be read back
	// otherwise.
	if err := c.kmsTransport(); err != nil {
		return wk, err
	}
	if v := h.Get(hSSEBucket); v != "" {
		wk.BucketKey = strings.EqualFold(v, "true")
	}
	if v := h.Get(hSSEContext); v != "" {
		raw, err := base64.StdEncoding.DecodeString(v)
		if err != nil || json.Unmarshal(raw, &wk.Context) != nil {
			return wk, apierr.InvalidArgument.WithMessage("The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map").
				With("ArgumentName", "x-amz-server-side-encryption-context")
		}
	}
	k, err := c.kmsKeyFor(keyRef, explicit)
	if err != nil {
		return wk, err
	}
	// S3 sets aws:s3:arn itself, last: a caller-supplied context must not
	// name another object to get past a key policy's conditions.
	ec := map[string]string{}
	for k, v := range wk.Context {
		ec[k] = v
	}
	ec["aws:s3:arn"] = "arn:aws:s3:::" + c.bucket + "/" + c.key
	if wk.BucketKey {
		ec["aws:s3:arn"] = "arn:aws:s3:::" + c.bucket
	}
	if err := c.kmsCheck(k, "kms:GenerateDataKey", ec); err != nil {
		return wk, err
	}
	wk.KMSKey = k
	return wk, nil
}

// kmsTransport applies SSE-KMS's rule that requests use TLS and SigV4.
func (c *call) kmsTransport() error {
	if c.principal.IsAnonymous() {
		return apierr.AccessDenied
	}
	if c.r.TLS == nil {
		return errKMSInsecure
	}
	if c.auth.Auth.Version == 2 {
		return errKMSSigV2
	}
	return nil
}

// kmsKeyFor resolves the KMS key of a write: the named one, or the
// account's AWS managed key aws/s3.
func (c *call) kmsKeyFor(ref string, requester bool) (*keys.KMSKey, error) {
	if c.h.kms == nil {
		return nil, apierr.NotImplemented
	}
	acct := c.principal.Account
	if !requester || acct == "" {
		acct = c.bkt.Owner
	}
	if ref == "" {
		return c.h.kms.ManagedKey(c.ctx, acct, "s3")
	}
	k, err := c.h.kms.Resolve(c.ctx, acct, ref)
	return k, s3KMSError(err)
}

// kmsCheck authorizes a KMS action on k for the caller, as S3 does on the
// caller's behalf (kms:ViaService), and checks the key's state.
func (c *call) kmsCheck(k *keys.KMSKey, action string, ec map[string]string) error {
	pc := policy.NewContext()
	access.SetRequestKeys(pc, c.r, c.start, c.h.region)
	pc.Set("kms:ViaService", "s3."+c.h.region+".amazonaws.com")
	kms.ContextKeys(pc, ec)
	if err := c.h.kms.Authorize(c.ctx, c.principal, action, k, pc); err != nil {
		return s3KMSError(err)
	}
	return s3KMSError(kms.Usable(k))
}

// s3KMSError turns KMS errors into the ones S3 returns for them:
// AccessDenied for a denied key, "KMS.<code>" otherwise.
func s3KMSError(err error) error {
	var ae *apierr.Error
	if err == nil || !errors.As(err, &ae) {
		return err
	}
	switch ae.Code {
	case apierr.KMSAccessDenied.Code:
		return apierr.AccessDenied.WithMessage(ae.Message)
	case apierr.KMSNotFound.Code, apierr.KMSDisabled.Code, apierr.KMSInvalidState.Code, apierr.KMSInvalidCiphertext.Code:
		return apierr.New("KMS."+ae.Code, http.StatusBadRequest, ae.Message)
	}
	return err
}

// readKeys collects what a read of an encrypted object needs: the SSE-C key
// (headers with prefix) and the KMS decrypt check.
func (c *call) readKeys(prefix string) (engine.ReadKeys, error) {
	ck, err := c.customerKey(prefix)
	if err != nil {
		return engine.ReadKeys{}, err
	}
	return engine.ReadKeys{CustomerKey: ck, KMSDecrypt: c.kmsDecrypt}, nil
}

func (c *call) kmsDecrypt(ctx context.Context, keyARN string, encContext map[string]string) error {
	if err := c.kmsTransport(); err != nil {
		return err
	}
	if c.h.kms == nil {
		return apierr.NotImplemented
	}
	k, err := c.h.kms.Resolve(ctx, c.principal.Account, keyARN)
	if err != nil {
		return s3KMSError(err)
	}
	return c.kmsCheck(k, "kms:Decrypt", encContext)
}

// setSSEHeaders describes an object's encryption in a response.
func setSSEHeaders(hdr http.Header, enc *meta.Encryption, ck *sse.CustomerKey) {
	switch enc.Mode {
	case engine.ModeS3:
		hdr.Set(hSSE, engine.ModeS3)
	case engine.ModeKMS:
		hdr.Set(hSSE, engine.ModeKMS)
		hdr.Set(hSSEKey, enc.KeyID)
		if enc.BucketKey {
			hdr.Set(hSSEBucket, "true")
		}
	case engine.ModeSSEC:
		hdr.Set(hSSECPrefix+"Algorithm", "AES256")
		if ck != nil {
			hdr.Set(hSSECPrefix+"Key-Md5", ck.MD5)
		}
	}
}
