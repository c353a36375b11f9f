package checksum

import (
	"crypto/sha1"
	"crypto/sha256"
	"hash"
	"hash/crc32"
	"strings"
)

// Algorithm is one of S3's additional checksum algorithms. The zero value,
// None, means that no additional checksum was requested.
type Algorithm uint8

// The algorithms S3 accepts in x-amz-checksum-algorithm and
// x-amz-sdk-checksum-algorithm.
const (
	None Algorithm = iota
	CRC32
	CRC32C
	CRC64NVME
	SHA1
	SHA256
)

// Algorithms lists every algorithm except None, in a stable order.
func Algorithms() []Algorithm { return []Algorithm{CRC32, CRC32C, CRC64NVME, SHA1, SHA256} }

func info(a Algorithm) (name, header string, size int) {
	switch a {
	case CRC32:
		return "CRC32", "x-amz-checksum-crc32", 4
	case CRC32C:
		return "CRC32C", "x-amz-checksum-crc32c", 4
	case CRC64NVME:
		return "CRC64NVME", "x-amz-checksum-crc64nvme", 8
	case SHA1:
		return "SHA1", "x-amz-checksum-sha1", 20
	case SHA256:
		return "SHA256", "x-amz-checksum-sha256", 32
	}
	return "", "", 0
}

// Parse maps an algorithm name to its Algorithm. SDKs send the names in
// either case ("CRC32", "crc32c"), so the match ignores case. The empty
// string and unknown names report false.
func Parse(name string) (Algorithm, bool) {
	for _, a := range Algorithms() {
		if strings.EqualFold(name, a.String()) {
			return a, true
		}
	}
	return None, false
}

// ParseHeader maps a header name such as "x-amz-checksum-crc32" (any case)
// to its Algorithm.
func ParseHeader(header string) (Algorithm, bool) {
	for _, a := range Algorithms() {
		if strings.EqualFold(header, a.HeaderName()) {
			return a, true
		}
	}
	return None, false
}

func (a Algorithm) valid() bool { return a.Size() != 0 }

// String returns the upper-case name S3 uses in x-amz-checksum-algorithm and
// in the XML ChecksumAlgorithm element; "" for None or an unknown value.
func (a Algorithm) String() string {
	name, _, _ := info(a)
	return name
}

// HeaderName returns the lower-case header carrying this algorithm's value,
// e.g. "x-amz-checksum-crc32"; "" for None.
func (a Algorithm) HeaderName() string {
	_, header, _ := info(a)
	return header
}

// XMLName returns the element name carrying this algorithm's value in S3's
// XML bodies, e.g. "ChecksumCRC32"; "" for None.
func (a Algorithm) XMLName() string {
	if !a.valid() {
		return ""
	}
	return "Checksum" + a.String()
}

// Size returns the length in bytes of the raw digest; 0 for None.
func (a Algorithm) Size() int {
	_, _, size := info(a)
	return size
}

// IsCRC reports whether the algorithm is one of the CRC family.
func (a Algorithm) IsCRC() bool { return a == CRC32 || a == CRC32C || a == CRC64NVME }

// SupportsFullObject reports whether S3 can report a FULL_OBJECT checksum
// for a multipart object with this algorithm: only the CRCs can be combined
// from the parts' checksums without rereading the data.
func (a Algorithm) SupportsFullObject() bool { return a.IsCRC() }

// SupportsComposite reports whether S3 accepts the COMPOSITE checksum type
// for this algorithm. CRC64NVME is full-object only.
func (a Algorithm) SupportsComposite() bool { return a.valid() && a != CRC64NVME }

// DefaultType is the checksum type S3 uses for a multipart upload created
// with this algorithm and no x-amz-checksum-type header.
func (a Algorithm) DefaultType() Type {
	if a == CRC64NVME {
		return TypeFullObject
	}
	return TypeComposite
}

// New returns a fresh hash computing this algorithm. Sum appends the
// big-endian digest, which is what S3 base64-encodes. New returns nil for
// None.
func (a Algorithm) New() hash.Hash {
	switch a {
	case CRC32:
		return crc32.NewIEEE()
	case CRC32C:
		// MakeTable returns crc32's own cached Castagnoli table, which is
		// what selects its hardware implementation.
		return crc32.New(crc32.MakeTable(crc32.Castagnoli))
	case CRC64NVME:
		return newCRC64NVME()
	case SHA1:
		return sha1.New()
	case SHA256:
		return sha256.New()
	}
	return nil
}

// Type is the x-amz-checksum-type of a multipart object's checksum.
type Type uint8

// Checksum types. The zero value means the type is not set.
const (
	NoType Type = iota
	TypeComposite
	TypeFullObject
)

// String returns "COMPOSITE" or "FULL_OBJECT" as S3 writes them.
func (t Type) String() string {
	switch t {
	case TypeComposite:
		return "COMPOSITE"
	case TypeFullObject:
		return "FULL_OBJECT"
	}
	return ""
}

// ParseType parses an x-amz-checksum-type value. S3 matches it exactly.
func ParseType(s string) (Type, bool) {
	switch s {
	case "COMPOSITE":
		return TypeComposite, true
	case "FULL_OBJECT":
		return TypeFullObject, true
	}
	return NoType, false
}

// Supports reports whether the algorithm may be used with this type.
func (t Type) Supports(a Algorithm) bool {
	switch t {
	case TypeComposite:
		return a.SupportsComposite()
	case TypeFullObject:
		return a.SupportsFullObject()
	}
	return false
}
