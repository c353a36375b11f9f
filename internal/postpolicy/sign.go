package postpolicy

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
)

// The string a POST form signs is its policy field exactly as sent (the
// base64 text, not the decoded document), so a signature is checked before
// the policy is decoded.

// SignV4 is the SigV4 signature of a policy: hex HMAC-SHA256 under the
// derived signing key of the credential's scope.
func SignV4(signingKey []byte, policy string) string {
	m := hmac.New(sha256.New, signingKey)
	m.Write([]byte(policy))
	return hex.EncodeToString(m.Sum(nil))
}

// SignV2 is the SigV2 signature of a policy: base64 HMAC-SHA1 under the
// secret access key.
func SignV2(secret, policy string) string {
	m := hmac.New(sha1.New, []byte(secret))
	m.Write([]byte(policy))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// VerifyV4 compares a form's x-amz-signature with the expected one in
// constant time (hex in either case).
func VerifyV4(signingKey []byte, policy, signature string) bool {
	want := SignV4(signingKey, policy)
	return hmac.Equal([]byte(want), []byte(strings.ToLower(signature)))
}

// VerifyV2 compares a form's signature field with the expected one in
// constant time.
func VerifyV2(secret, policy, signature string) bool {
	return hmac.Equal([]byte(SignV2(secret, policy)), []byte(signature))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
