package checksum

import (
	"encoding/hex"
	"hash/crc64"
	"math/rand/v2"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Algorithm
		ok   bool
	}{
		{"CRC32", CRC32, true},
		{"crc32", CRC32, true},
		{"crc32c", CRC32C, true},
		{"Crc32C", CRC32C, true},
		{"CRC64NVME", CRC64NVME, true},
		{"crc64nvme", CRC64NVME, true},
		{"SHA1", SHA1, true},
		{"sha256", SHA256, true},
		{"", None, false},
		{"MD5", None, false},
		{"CRC64", None, false},
		{"SHA-256", None, false},
		{" CRC32", None, false},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAlgorithmProperties(t *testing.T) {
	tests := []struct {
		a                  Algorithm
		name, header, elem string
		size               int
		full, composite    bool
		def                Type
	}{
		{CRC32, "CRC32", "x-amz-checksum-crc32", "ChecksumCRC32", 4, true, true, TypeComposite},
		{CRC32C, "CRC32C", "x-amz-checksum-crc32c", "ChecksumCRC32C", 4, true, true, TypeComposite},
		{CRC64NVME, "CRC64NVME", "x-amz-checksum-crc64nvme", "ChecksumCRC64NVME", 8, true, false, TypeFullObject},
		{SHA1, "SHA1", "x-amz-checksum-sha1", "ChecksumSHA1", 20, false, true, TypeComposite},
		{SHA256, "SHA256", "x-amz-checksum-sha256", "ChecksumSHA256", 32, false, true, TypeComposite},
		{None, "", "", "", 0, false, false, TypeComposite},
		{Algorithm(200), "", "", "", 0, false, false, TypeComposite},
	}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.name {
			t.Errorf("%d.String() = %q", tt.a, got)
		}
		if got := tt.a.HeaderName(); got != tt.header {
			t.Errorf("%v.HeaderName() = %q", tt.a, got)
		}
		if got := tt.a.XMLName(); got != tt.elem {
			t.Errorf("%v.XMLName() = %q", tt.a, got)
		}
		if got := tt.a.Size(); got != tt.size {
			t.Errorf("%v.Size() = %d", tt.a, got)
		}
		if got := tt.a.SupportsFullObject(); got != tt.full {
			t.Errorf("%v.SupportsFullObject() = %v", tt.a, got)
		}
		if got := tt.a.SupportsComposite(); got != tt.composite {
			t.Errorf("%v.SupportsComposite() = %v", tt.a, got)
		}
		if got := tt.a.DefaultType(); got != tt.def {
			t.Errorf("%v.DefaultType() = %v", tt.a, got)
		}
		if h := tt.a.New(); (h == nil) != (tt.size == 0) || (h != nil && h.Size() != tt.size) {
			t.Errorf("%v.New() = %v", tt.a, h)
		}
		if tt.header != "" {
			if got, ok := ParseHeader("X-Amz-Checksum-" + tt.header[len("x-amz-checksum-"):]); !ok || got != tt.a {
				t.Errorf("ParseHeader(%q) = %v, %v", tt.header, got, ok)
			}
		}
	}
	if _, ok := ParseHeader("x-amz-checksum-md5"); ok {
		t.Error("ParseHeader accepted md5")
	}
}

func TestParseType(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Type
		ok   bool
	}{
		{"COMPOSITE", TypeComposite, true},
		{"FULL_OBJECT", TypeFullObject, true},
		{"composite", NoType, false},
		{"", NoType, false},
	} {
		got, ok := ParseType(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseType(%q) = %v, %v", tt.in, got, ok)
		}
		if ok && got.String() != tt.in {
			t.Errorf("%v.String() = %q", got, got.String())
		}
	}
	if !TypeFullObject.Supports(CRC64NVME) || TypeComposite.Supports(CRC64NVME) ||
		TypeFullObject.Supports(SHA256) || !TypeComposite.Supports(SHA1) || NoType.Supports(CRC32) {
		t.Error("Type.Supports disagrees with S3's matrix")
	}
}

// Check values from the CRC catalogue and FIPS 180 test vectors.
func TestKnownVectors(t *testing.T) {
	tests := []struct {
		a    Algorithm
		in   string
		want string
	}{
		{CRC32, "123456789", "cbf43926"},
		{CRC32C, "123456789", "e3069283"},
		{CRC64NVME, "123456789", "ae8b14860a799888"},
		{CRC64NVME, "", "0000000000000000"},
		{SHA1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{SHA256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		h := tt.a.New()
		h.Write([]byte(tt.in))
		if got := hex.EncodeToString(h.Sum(nil)); got != tt.want {
			t.Errorf("%v(%q) = %s, want %s", tt.a, tt.in, got, tt.want)
		}
	}
}

// The table-driven implementation must agree with hash/crc64 for every
// length around the 16-byte stride and for any split into writes.
func TestCRC64NVMEMatchesStdlib(t *testing.T) {
	tab := crc64.MakeTable(nvmePoly)
	r := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 5000)
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	for n := 0; n <= len(data); n += 1 + n/7 {
		want := crc64.Checksum(data[:n], tab)
		h := newCRC64NVME()
		rest := data[:n]
		for len(rest) > 0 {
			k := r.IntN(len(rest)) + 1
			h.Write(rest[:k])
			rest = rest[k:]
		}
		if got := h.Sum64(); got != want {
			t.Fatalf("len %d: got %x want %x", n, got, want)
		}
	}
	h := newCRC64NVME()
	h.Write(data)
	h.Reset()
	if h.Sum64() != 0 || h.BlockSize() != 1 {
		t.Error("Reset or BlockSize wrong")
	}
}
