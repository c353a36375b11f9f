package checksum

import (
	"encoding/binary"
	"hash"
	"sync"
)

// nvmePoly is CRC-64/NVME's polynomial 0xad93d23594c93659, bit-reflected,
// as the reflected algorithm uses it.
const nvmePoly = 0x9a6c9329ac4bc9b5

// nvmeTables holds the slicing-by-16 tables. They are built once on first
// use and never written afterwards. hash/crc64 is not used because for a
// table other than ECMA/ISO it rebuilds its slicing table on every Write of
// 2 KiB or more and falls back to a byte-at-a-time loop below that, which
// made it 3-4x slower than this on the small writes HTTP bodies produce.
var nvmeTables = sync.OnceValue(func() *[16][256]uint64 {
	var t [16][256]uint64
	for i := range 256 {
		crc := uint64(i)
		for range 8 {
			if crc&1 == 1 {
				crc = crc>>1 ^ nvmePoly
			} else {
				crc >>= 1
			}
		}
		t[0][i] = crc
	}
	for i := range 256 {
		crc := t[0][i]
		for k := 1; k < 16; k++ {
			crc = t[0][crc&0xff] ^ crc>>8
			t[k][i] = crc
		}
	}
	return &t
})

// updateNVME continues a CRC-64/NVME (init and final xor all ones) over p.
func updateNVME(crc uint64, t *[16][256]uint64, p []byte) uint64 {
	crc = ^crc
	for len(p) >= 16 {
		a := crc ^ binary.LittleEndian.Uint64(p)
		b := binary.LittleEndian.Uint64(p[8:])
		crc = t[15][a&0xff] ^ t[14][a>>8&0xff] ^ t[13][a>>16&0xff] ^ t[12][a>>24&0xff] ^
			t[11][a>>32&0xff] ^ t[10][a>>40&0xff] ^ t[9][a>>48&0xff] ^ t[8][a>>56] ^
			t[7][b&0xff] ^ t[6][b>>8&0xff] ^ t[5][b>>16&0xff] ^ t[4][b>>24&0xff] ^
			t[3][b>>32&0xff] ^ t[2][b>>40&0xff] ^ t[1][b>>48&0xff] ^ t[0][b>>56]
		p = p[16:]
	}
	for _, v := range p {
		crc = t[0][byte(crc)^v] ^ crc>>8
	}
	return ^crc
}

// crc64NVME is a hash.Hash64 for CRC-64/NVME.
type crc64NVME struct {
	crc uint64
	tab *[16][256]uint64
}

func newCRC64NVME() hash.Hash64 { return &crc64NVME{tab: nvmeTables()} }

func (d *crc64NVME) Size() int      { return 8 }
func (d *crc64NVME) BlockSize() int { return 1 }
func (d *crc64NVME) Reset()         { d.crc = 0 }
func (d *crc64NVME) Sum64() uint64  { return d.crc }

func (d *crc64NVME) Write(p []byte) (int, error) {
	d.crc = updateNVME(d.crc, d.tab, p)
	return len(p), nil
}

func (d *crc64NVME) Sum(in []byte) []byte { return binary.BigEndian.AppendUint64(in, d.crc) }
