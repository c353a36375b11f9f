package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// hmacSHA256 is HMAC-SHA256 written out so that it allocates nothing on the
// hot path: crypto/hmac allocates two hash states per use, and the messages
// signed here are short (a string to sign is ~200 bytes).
func hmacSHA256(key, msg []byte) [sha256.Size]byte {
	var k [sha256.BlockSize]byte
	if len(key) > sha256.BlockSize {
		sum := sha256.Sum256(key)
		copy(k[:], sum[:])
	} else {
		copy(k[:], key)
	}
	var buf [sha256.BlockSize + 448]byte
	in := buf[:0]
	if sha256.BlockSize+len(msg) > len(buf) {
		in = make([]byte, 0, sha256.BlockSize+len(msg))
	}
	for _, c := range k {
		in = append(in, c^0x36)
	}
	in = append(in, msg...)
	inner := sha256.Sum256(in)
	var outer [sha256.BlockSize + sha256.Size]byte
	for i, c := range k {
		outer[i] = c ^ 0x5c
	}
	copy(outer[sha256.BlockSize:], inner[:])
	return sha256.Sum256(outer[:])
}

func hmacString(key []byte, msg string) [sha256.Size]byte {
	var buf [128]byte
	return hmacSHA256(key, append(buf[:0], msg...))
}

// DeriveSigningKey computes the SigV4 signing key of a secret for one day,
// region and service. It is a pure function of its inputs, so callers cache
// it per access key and day.
func DeriveSigningKey(secret, date, region, service string) []byte {
	var buf [128]byte
	k := hmacSHA256(append(append(buf[:0], "AWS4"...), secret...), []byte(date))
	k = hmacString(k[:], region)
	k = hmacString(k[:], service)
	k = hmacString(k[:], terminator)
	return k[:]
}

// emptySHA256 is the hex SHA-256 of no bytes.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

func appendHex(dst []byte, sum []byte) []byte {
	var h [2 * sha256.Size]byte
	n := hex.Encode(h[:], sum)
	return append(dst, h[:n]...)
}

// hexEqual compares a client's hex signature with ours in constant time,
// accepting either letter case as the hex it is.
func hexEqual[T string | []byte](sent T, want [sha256.Size]byte) bool {
	if len(sent) != 2*sha256.Size {
		return false
	}
	var got [sha256.Size]byte
	for i := range got {
		hi, ok1 := unhex(sent[2*i])
		lo, ok2 := unhex(sent[2*i+1])
		if !ok1 || !ok2 {
			return false
		}
		got[i] = hi<<4 | lo
	}
	return hmac.Equal(got[:], want[:])
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
