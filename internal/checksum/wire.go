package checksum

import (
	"bytes"
	"encoding/base64"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// Encode returns the wire form of a raw digest: standard base64.
func Encode(raw []byte) string { return base64.StdEncoding.EncodeToString(raw) }

// Decode parses a checksum value as sent in a's header or trailer: padded
// standard base64 of exactly a.Size() bytes. Anything else is AWS's
// InvalidRequest "Value for x-amz-checksum-<alg> header is invalid.".
func Decode(a Algorithm, v string) ([]byte, error) {
	if a.Size() == 0 || base64.StdEncoding.EncodedLen(a.Size()) != len(v) {
		return nil, invalidValue(a)
	}
	raw, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(raw) != a.Size() {
		return nil, invalidValue(a)
	}
	return raw, nil
}

// ValidateBase64 reports whether v is a well-formed value for a, with the
// error Decode returns.
func ValidateBase64(a Algorithm, v string) error {
	_, err := Decode(a, v)
	return err
}

func invalidValue(a Algorithm) *apierr.Error {
	h := a.HeaderName()
	if h == "" {
		h = "x-amz-checksum-algorithm"
	}
	return InvalidHeader(h)
}

// InvalidHeader is AWS's answer to a malformed checksum-related header,
// e.g. InvalidHeader("x-amz-sdk-checksum-algorithm") or
// InvalidHeader("x-amz-checksum-type"): InvalidRequest "Value for <name>
// header is invalid.".
func InvalidHeader(name string) *apierr.Error {
	return apierr.InvalidRequest.WithMessage("Value for " + name + " header is invalid.")
}

// MismatchError is AWS's BadDigest for a checksum that does not match the
// data, e.g. "The SHA256 you specified did not match the calculated
// checksum.".
func MismatchError(a Algorithm) *apierr.Error {
	return apierr.BadDigest.WithMessage("The " + a.String() + " you specified did not match the calculated checksum.")
}

// Verify checks a client-supplied value against a computed raw digest: a
// malformed value yields Decode's error, a different digest MismatchError.
func Verify(a Algorithm, value string, computed []byte) error {
	raw, err := Decode(a, value)
	if err != nil {
		return err
	}
	if !bytes.Equal(raw, computed) {
		return MismatchError(a)
	}
	return nil
}
