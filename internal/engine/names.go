package engine

import (
	"net/netip"
	"strings"
	"unicode/utf8"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/meta"
)

// ValidBucketName applies S3's general purpose bucket naming rules
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
func ValidBucketName(name string) bool {
	if len(name) < 3 || len(name) > 63 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '.' || c == '-':
			if i == 0 || i == len(name)-1 {
				return false
			}
			if c == '.' && name[i-1] == '.' {
				return false
			}
		default:
			return false
		}
	}
	if _, err := netip.ParseAddr(name); err == nil {
		return false
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, p) {
			return false
		}
	}
	for _, s := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, s) {
			return false
		}
	}
	return true
}

// MaxKeyLen is S3's limit on object key length in bytes.
const MaxKeyLen = 1024

// CheckKey validates an object key.
func CheckKey(key string) error {
	if len(key) > MaxKeyLen {
		return apierr.KeyTooLongError.With("Size", itoa(int64(len(key)))).With("MaxSizeAllowed", "1024")
	}
	if key == "" || !utf8.ValidString(key) || strings.IndexByte(key, 0) >= 0 {
		return apierr.InvalidObjectName
	}
	return nil
}

// MaxMetaSize is S3's limit on user-defined metadata: the sum of the UTF-8
// lengths of every key (without x-amz-meta-) and value.
const MaxMetaSize = 2 << 10

// CheckMeta validates user metadata.
func CheckMeta(m []meta.KV) error {
	n := 0
	for _, kv := range m {
		n += len(kv.Name) + len(kv.Value)
	}
	if n > MaxMetaSize {
		return apierr.MetadataTooLarge.With("Size", itoa(int64(n))).With("MaxSizeAllowed", "2048")
	}
	return nil
}
