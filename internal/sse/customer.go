package sse

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// CustomerKey is a checked SSE-C key from request headers.
type CustomerKey struct {
	Key []byte // 32 bytes
	MD5 string // base64, as the client sent it
}

// SSE-C header errors, with S3's messages.
var (
	errCAlgorithm = apierr.InvalidArgument.WithMessage("Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.")
	errCKey       = apierr.InvalidArgument.WithMessage("Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.")
	errCMD5       = apierr.InvalidArgument.WithMessage("Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.")
	errCKeyBad    = apierr.InvalidArgument.WithMessage("The secret key was invalid for the specified algorithm.")
	errCMD5Bad    = apierr.InvalidArgument.WithMessage("The calculated MD5 hash of the key did not match the hash that was provided.")
)

// ParseCustomerKey checks the three SSE-C header values. All empty means no
// SSE-C (nil, nil). argPrefix names the headers in errors
// ("x-amz-server-side-encryption-customer-" or the copy-source form).
func ParseCustomerKey(algorithm, keyB64, keyMD5 string, argPrefix string) (*CustomerKey, error) {
	if algorithm == "" && keyB64 == "" && keyMD5 == "" {
		return nil, nil
	}
	if algorithm != "AES256" {
		return nil, errCAlgorithm.With("ArgumentName", argPrefix+"algorithm").With("ArgumentValue", algorithm)
	}
	if keyB64 == "" {
		return nil, errCKey.With("ArgumentName", argPrefix+"key")
	}
	if keyMD5 == "" {
		return nil, errCMD5.With("ArgumentName", argPrefix+"key-MD5")
	}
	key, err := base64.StdEncoding.DecodeString(keyB64)
	if err != nil || len(key) != KeySize {
		return nil, errCKeyBad.With("ArgumentName", argPrefix+"key")
	}
	sum := md5.Sum(key)
	want, err := base64.StdEncoding.DecodeString(keyMD5)
	if err != nil || subtle.ConstantTimeCompare(want, sum[:]) != 1 {
		return nil, errCMD5Bad.With("ArgumentName", argPrefix+"key-MD5")
	}
	return &CustomerKey{Key: key, MD5: base64.StdEncoding.EncodeToString(sum[:])}, nil
}

// customerMACSize is salt(16) | HMAC-SHA256(salt, key)(32).
const customerMACSize = 16 + 32

// CustomerMAC returns a salted HMAC of an SSE-C key: enough to recognise
// the key on later requests, never enough to recover it, and unlike a bare
// MD5 it cannot be matched against a precomputed table.
func CustomerMAC(key []byte) []byte {
	out := make([]byte, 16, customerMACSize)
	mustRandom(out)
	m := hmac.New(sha256.New, out[:16])
	m.Write([]byte("coffer sse-c key check"))
	m.Write(key)
	return m.Sum(out)
}

// CheckCustomerMAC reports whether key is the key mac was made from.
func CheckCustomerMAC(mac, key []byte) bool {
	if len(mac) != customerMACSize {
		return false
	}
	m := hmac.New(sha256.New, mac[:16])
	m.Write([]byte("coffer sse-c key check"))
	m.Write(key)
	return hmac.Equal(m.Sum(nil), mac[16:])
}

// CustomerKEK is the key-encryption key that seals an SSE-C object's data
// key: derived from the customer key, so the object opens only with it.
func CustomerKEK(key []byte) []byte {
	return DeriveKey(key, "coffer sse-c kek", nil)
}
