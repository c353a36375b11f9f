package checksum

import (
	"encoding/base64"
	"encoding/binary"
	"strconv"
)

// crcSpec describes a reflected CRC whose initial value equals its final
// xor, which holds for all three S3 CRCs; for those the combination below
// works directly on finished CRC values.
type crcSpec struct {
	poly  uint64 // reflected polynomial
	width uint   // 32 or 64
}

func specOf(a Algorithm) (crcSpec, bool) {
	switch a {
	case CRC32:
		return crcSpec{0xedb88320, 32}, true
	case CRC32C:
		return crcSpec{0x82f63b78, 32}, true
	case CRC64NVME:
		return crcSpec{nvmePoly, 64}, true
	}
	return crcSpec{}, false
}

// one is the polynomial 1 (x^0) in reflected order: the top bit.
func (c crcSpec) one() uint64 { return 1 << (c.width - 1) }

// mulmod multiplies two polynomials modulo the CRC polynomial, both in
// reflected bit order (zlib's multmodp generalised to any width).
func (c crcSpec) mulmod(a, b uint64) uint64 {
	var p uint64
	for m := c.one(); m != 0 && a != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
			a &^= m
		}
		if b&1 != 0 {
			b = b>>1 ^ c.poly
		} else {
			b >>= 1
		}
	}
	return p
}

// xpow8n returns x^(8n) modulo the polynomial: the operator that shifts a
// CRC over n zero bytes.
func (c crcSpec) xpow8n(n uint64) uint64 {
	result := c.one()
	base := c.one() >> 8 // x^8
	for ; n != 0; n >>= 1 {
		if n&1 != 0 {
			result = c.mulmod(result, base)
		}
		base = c.mulmod(base, base)
	}
	return result
}

func (c crcSpec) combine(crcA, crcB uint64, lenB uint64) uint64 {
	return c.mulmod(c.xpow8n(lenB), crcA) ^ crcB
}

func (c crcSpec) get(b []byte) uint64 {
	if c.width == 32 {
		return uint64(binary.BigEndian.Uint32(b))
	}
	return binary.BigEndian.Uint64(b)
}

func (c crcSpec) put(v uint64) []byte {
	if c.width == 32 {
		return binary.BigEndian.AppendUint32(nil, uint32(v))
	}
	return binary.BigEndian.AppendUint64(nil, v)
}

// Combine returns the raw CRC of A||B given the raw big-endian CRCs of A and
// of B and B's length, without the data itself. It returns nil when a is
// not a CRC algorithm, a digest has the wrong length, or lenB is negative.
func Combine(a Algorithm, crcA, crcB []byte, lenB int64) []byte {
	c, ok := specOf(a)
	if !ok || len(crcA) != a.Size() || len(crcB) != a.Size() || lenB < 0 {
		return nil
	}
	return c.put(c.combine(c.get(crcA), c.get(crcB), uint64(lenB)))
}

// Part is one part's raw checksum and length, as input to CombineParts.
type Part struct {
	Checksum []byte
	Size     int64
}

// CombineParts returns the raw FULL_OBJECT checksum of a multipart object:
// the CRC of the parts' data concatenated in order, computed from the
// parts' own CRCs and sizes. It returns nil when a is not a CRC algorithm,
// there are no parts, or a part's checksum or size is malformed.
func CombineParts(a Algorithm, parts []Part) []byte {
	c, ok := specOf(a)
	if !ok || len(parts) == 0 {
		return nil
	}
	var acc uint64
	for i, p := range parts {
		if len(p.Checksum) != a.Size() || p.Size < 0 {
			return nil
		}
		if i == 0 {
			acc = c.get(p.Checksum)
			continue
		}
		acc = c.combine(acc, c.get(p.Checksum), uint64(p.Size))
	}
	return c.put(acc)
}

// Composite returns S3's COMPOSITE checksum of a multipart object as it
// appears on the wire: base64 of the algorithm's digest over the parts' raw
// digests concatenated in part order, followed by "-" and the part count
// (e.g. "Fz1hxQ==-3"). It returns "" for None, for no parts, or when a
// part digest has the wrong length.
func Composite(a Algorithm, partDigests [][]byte) string {
	h := a.New()
	if h == nil || len(partDigests) == 0 {
		return ""
	}
	for _, d := range partDigests {
		if len(d) != a.Size() {
			return ""
		}
		h.Write(d)
	}
	return base64.StdEncoding.EncodeToString(h.Sum(nil)) + "-" + strconv.Itoa(len(partDigests))
}
