package engine

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/sse"
)

// Encryption modes as S3 names them in x-amz-server-side-encryption (and
// "SSE-C" for customer keys).
const (
	ModeS3   = "AES256"
	ModeKMS  = "aws:kms"
	ModeSSEC = "SSE-C"
)

// KMS is what the engine needs from the built-in KMS (internal/kms): data
// keys under an already authorized key, and their decryption.
type KMS interface {
	GenerateDataKey(ctx context.Context, k *keys.KMSKey, n int, ec map[string]string) (plain, blob []byte, err error)
	KeyOf(ctx context.Context, blob []byte) (*keys.KMSKey, error)
	Decrypt(k *keys.KMSKey, blob []byte, ec map[string]string) ([]byte, error)
}

// WriteKeys says how a write encrypts: the request's SSE headers merged with
// the bucket's default encryption by the caller, who also authorized any
// KMS key. The zero value is SSE-S3.
type WriteKeys struct {
	Mode        string
	KMSKey      *keys.KMSKey
	BucketKey   bool
	Context     map[string]string // extra KMS encryption context from the request
	CustomerKey *sse.CustomerKey
}

// ReadKeys is what a read brings for the object's encryption.
type ReadKeys struct {
	CustomerKey *sse.CustomerKey
	// KMSDecrypt checks that the caller may use the object's KMS key to
	// decrypt (key policy, key state, TLS and SigV4); nil means it may not.
	KMSDecrypt func(ctx context.Context, keyARN string, encContext map[string]string) error
}

// Messages S3 gives when a read's SSE-C headers do not fit the object.
var (
	errSSECRequired      = apierr.InvalidRequest.WithMessage("The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.")
	errSSECNotApplicable = apierr.InvalidRequest.WithMessage("The encryption parameters are not applicable to this object.")
)

// inlineID is the stream identity of inline data: each object has its own
// data key, so the key already binds the data to its object.
var inlineID = sse.ObjectID("inline", 0)

// blobStreamID binds a blob's ciphertext to its blob id and part number.
func blobStreamID(blob string, part int) []byte { return sse.ObjectID(blob, part) }

func keyAAD(bucket, key string) []byte { return DataKeyAAD(bucket, key) }

// DataKeyAAD is the associated data binding a sealed data key to its
// object (for tools that re-wrap data keys: master key rotation).
func DataKeyAAD(bucket, key string) []byte {
	return []byte("coffer.sse.datakey\x00" + bucket + "\x00" + key)
}

// bucketKeys caches S3 Bucket Keys: one KMS data key per bucket, KMS key
// and context, reused for a while so that objects cost no KMS call, as S3
// Bucket Keys do. Opened bucket keys are cached by ciphertext for reads.
type bucketKeys struct {
	mu     sync.Mutex
	write  map[string]bucketKey
	opened map[string][]byte
}

type bucketKey struct {
	plain, blob []byte
	expires     time.Time
}

const bucketKeyTTL = 10 * time.Minute

// newDataKey makes an object's (or upload's) data key and the metadata
// that names and wraps it.
func (e *Engine) newDataKey(ctx context.Context, bucket, key string, wk *WriteKeys) ([]byte, meta.Encryption, error) {
	dk := sse.NewKey()
	aad := keyAAD(bucket, key)
	switch wk.Mode {
	case "", ModeS3:
		return dk, meta.Encryption{Mode: ModeS3, KeyID: e.master.ID(), WrappedKey: e.master.Seal(dk, aad)}, nil
	case ModeSSEC:
		w, err := sse.SealKey(sse.CustomerKEK(wk.CustomerKey.Key), dk, aad)
		if err != nil {
			return nil, meta.Encryption{}, err
		}
		return dk, meta.Encryption{Mode: ModeSSEC, WrappedKey: w, CustomerMAC: sse.CustomerMAC(wk.CustomerKey.Key)}, nil
	case ModeKMS:
		ec := map[string]string{}
		for k, v := range wk.Context {
			ec[k] = v
		}
		if wk.BucketKey {
			ec["aws:s3:arn"] = "arn:aws:s3:::" + bucket
			bk, err := e.bucketKey(ctx, wk.KMSKey, ec)
			if err != nil {
				return nil, meta.Encryption{}, err
			}
			sealed, err := sse.SealKey(bk.plain, dk, aad)
			if err != nil {
				return nil, meta.Encryption{}, err
			}
			wrapped := binary.AppendUvarint(nil, uint64(len(bk.blob)))
			wrapped = append(append(wrapped, bk.blob...), sealed...)
			return dk, meta.Encryption{Mode: ModeKMS, KeyID: wk.KMSKey.ARN(), WrappedKey: wrapped, BucketKey: true, Context: encodeContext(ec)}, nil
		}
		ec["aws:s3:arn"] = "arn:aws:s3:::" + bucket + "/" + key
		plain, blob, err := e.kms.GenerateDataKey(ctx, wk.KMSKey, sse.KeySize, ec)
		if err != nil {
			return nil, meta.Encryption{}, err
		}
		return plain, meta.Encryption{Mode: ModeKMS, KeyID: wk.KMSKey.ARN(), WrappedKey: blob, Context: encodeContext(ec)}, nil
	}
	return nil, meta.Encryption{}, apierr.InvalidArgument.WithMessage("The encryption method specified is not supported").
		With("ArgumentName", "x-amz-server-side-encryption").With("ArgumentValue", wk.Mode)
}

func encodeContext(ec map[string]string) string {
	b, _ := json.Marshal(ec) // sorted keys: a stable encoding
	return string(b)
}

func (e *Engine) bucketKey(ctx context.Context, k *keys.KMSKey, ec map[string]string) (bucketKey, error) {
	id := k.ID + "\x00" + encodeContext(ec)
	now := e.now()
	e.bkeys.mu.Lock()
	bk, ok := e.bkeys.write[id]
	e.bkeys.mu.Unlock()
	if ok && now.Before(bk.expires) {
		return bk, nil
	}
	plain, blob, err := e.kms.GenerateDataKey(ctx, k, sse.KeySize, ec)
	if err != nil {
		return bucketKey{}, err
	}
	bk = bucketKey{plain: plain, blob: blob, expires: now.Add(bucketKeyTTL)}
	e.bkeys.mu.Lock()
	if len(e.bkeys.write) > 1024 {
		clear(e.bkeys.write)
	}
	e.bkeys.write[id] = bk
	e.bkeys.mu.Unlock()
	return bk, nil
}

// checkReadKeys applies S3's SSE-C rules to a read: an SSE-C object needs
// the right key, and SSE-C headers on any other object are an error.
func checkReadKeys(enc *meta.Encryption, rk *ReadKeys) error {
	var ck *sse.CustomerKey
	if rk != nil {
		ck = rk.CustomerKey
	}
	if enc.Mode != ModeSSEC {
		if ck != nil {
			return errSSECNotApplicable
		}
		return nil
	}
	if ck == nil {
		return errSSECRequired
	}
	if !sse.CheckCustomerMAC(enc.CustomerMAC, ck.Key) {
		return apierr.AccessDenied
	}
	return nil
}

// dataKey opens an object's or upload's data key for a reader allowed by
// rk (checkReadKeys and, for KMS, rk.KMSDecrypt). nil for objects stored
// before encryption existed.
func (e *Engine) dataKey(ctx context.Context, bucket, key string, enc *meta.Encryption, rk *ReadKeys) ([]byte, error) {
	if err := checkReadKeys(enc, rk); err != nil {
		return nil, err
	}
	aad := keyAAD(bucket, key)
	switch enc.Mode {
	case "":
		return nil, nil
	case ModeS3:
		return e.master.Open(enc.WrappedKey, aad)
	case ModeSSEC:
		dk, err := sse.OpenKey(sse.CustomerKEK(rk.CustomerKey.Key), enc.WrappedKey, aad)
		if err != nil {
			return nil, apierr.AccessDenied
		}
		return dk, nil
	case ModeKMS:
		if rk == nil || rk.KMSDecrypt == nil {
			return nil, apierr.AccessDenied
		}
		var ec map[string]string
		if err := json.Unmarshal([]byte(enc.Context), &ec); err != nil {
			return nil, err
		}
		// The key policy sees the object's encryption context, as a KMS
		// Decrypt call for it would.
		if err := rk.KMSDecrypt(ctx, enc.KeyID, ec); err != nil {
			return nil, err
		}
		if !enc.BucketKey {
			return e.kmsDecrypt(ctx, enc.WrappedKey, ec)
		}
		n, k := binary.Uvarint(enc.WrappedKey)
		if k <= 0 || uint64(len(enc.WrappedKey)-k) < n {
			return nil, errors.New("engine: malformed bucket-key envelope")
		}
		blob, sealed := enc.WrappedKey[k:k+int(n)], enc.WrappedKey[k+int(n):]
		bk, err := e.openBucketKey(ctx, blob, ec)
		if err != nil {
			return nil, err
		}
		return sse.OpenKey(bk, sealed, aad)
	}
	return nil, errors.New("engine: unknown encryption mode " + enc.Mode)
}

func (e *Engine) kmsDecrypt(ctx context.Context, blob []byte, ec map[string]string) ([]byte, error) {
	k, err := e.kms.KeyOf(ctx, blob)
	if err != nil {
		return nil, err
	}
	return e.kms.Decrypt(k, blob, ec)
}

func (e *Engine) openBucketKey(ctx context.Context, blob []byte, ec map[string]string) ([]byte, error) {
	id := string(blob)
	e.bkeys.mu.Lock()
	bk, ok := e.bkeys.opened[id]
	e.bkeys.mu.Unlock()
	if ok {
		return bk, nil
	}
	bk, err := e.kmsDecrypt(ctx, blob, ec)
	if err != nil {
		return nil, err
	}
	e.bkeys.mu.Lock()
	if len(e.bkeys.opened) > 4096 {
		clear(e.bkeys.opened)
	}
	e.bkeys.opened[id] = bk
	e.bkeys.mu.Unlock()
	return bk, nil
}

// opaqueETag is the ETag of SSE-C and SSE-KMS objects: as on S3 it is not
// the MD5 of the content (which would leak a digest of the plaintext), but
// stable for the object.
func opaqueETag(dk, md5 []byte) string {
	m := hmac.New(sha256.New, dk)
	m.Write([]byte("coffer etag"))
	m.Write(md5)
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// etagFor is the ETag of a single-part write in mode.
func etagFor(mode string, dk, md5 []byte) string {
	if mode == ModeSSEC || mode == ModeKMS {
		return opaqueETag(dk, md5)
	}
	return hex.EncodeToString(md5)
}

// sealFor makes a new data key for a write and the sealing of its data
// (nil in benchmarks that measure the plaintext path).
func (e *Engine) sealFor(ctx context.Context, bucket, key string, wk *WriteKeys, part int) ([]byte, *dataEnc, meta.Encryption, error) {
	if e.plaintext {
		return nil, nil, meta.Encryption{}, nil
	}
	dk, enc, err := e.newDataKey(ctx, bucket, key, wk)
	if err != nil {
		return nil, nil, meta.Encryption{}, err
	}
	return dk, &dataEnc{key: dk, part: part}, enc, nil
}

// checkCompleteKeys applies the key rules of CompleteMultipartUpload: SSE-C
// headers are optional but must match, and an SSE-KMS upload needs
// kms:Decrypt on its key, as S3 requires.
func checkCompleteKeys(ctx context.Context, enc *meta.Encryption, rk *ReadKeys) error {
	switch enc.Mode {
	case ModeSSEC:
		if rk.CustomerKey != nil && !sse.CheckCustomerMAC(enc.CustomerMAC, rk.CustomerKey.Key) {
			return apierr.AccessDenied
		}
	case ModeKMS:
		if rk.KMSDecrypt == nil {
			return apierr.AccessDenied
		}
		var ec map[string]string
		if err := json.Unmarshal([]byte(enc.Context), &ec); err != nil {
			return err
		}
		return rk.KMSDecrypt(ctx, enc.KeyID, ec)
	default:
		if rk.CustomerKey != nil {
			return errSSECNotApplicable
		}
	}
	return nil
}
