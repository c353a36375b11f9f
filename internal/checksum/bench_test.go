package checksum

import (
	"crypto/md5"
	"hash"
	"testing"
)

// Each benchmark feeds the data in 32 KiB writes, the io.Copy buffer size,
// so that per-Write overheads show as they would on a request body.
func benchHash(b *testing.B, newHash func() hash.Hash, size int) {
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i * 7)
	}
	chunk := min(size, 32<<10)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		h := newHash()
		for off := 0; off < size; off += chunk {
			h.Write(data[off : off+chunk])
		}
		h.Sum(nil)
	}
}

func BenchmarkHash(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"4KiB", 4 << 10}, {"32MiB", 32 << 20}} {
		b.Run("MD5/"+size.name, func(b *testing.B) { benchHash(b, md5.New, size.n) })
		for _, a := range Algorithms() {
			b.Run(a.String()+"/"+size.name, func(b *testing.B) { benchHash(b, a.New, size.n) })
		}
	}
}

// BenchmarkHasher compares MD5 plus an additional checksum fed on one
// goroutine (Write) and on two (WriteConcurrent), over 32 MiB in 1 MiB and
// 32 KiB writes.
func BenchmarkHasher(b *testing.B) {
	const size = 32 << 20
	data := make([]byte, size)
	for _, a := range append([]Algorithm{None}, Algorithms()...) {
		for _, chunk := range []int{32 << 10, 1 << 20} {
			for _, mode := range []string{"serial", "concurrent"} {
				name := a.String()
				if a == None {
					name = "MD5only"
				}
				b.Run(name+"/"+mode+"/chunk"+itoa(chunk>>10)+"KiB", func(b *testing.B) {
					b.SetBytes(size)
					for b.Loop() {
						h := NewHasher(a)
						write := h.Write
						if mode == "concurrent" {
							write = h.WriteConcurrent
						}
						for off := 0; off < size; off += chunk {
							write(data[off : off+chunk])
						}
						h.MD5()
						h.Sum()
					}
				})
			}
		}
	}
}

func BenchmarkCombine(b *testing.B) {
	x, y := make([]byte, 8), make([]byte, 8)
	for b.Loop() {
		Combine(CRC64NVME, x, y, 5<<30)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for ; n > 0; n /= 10 {
		i--
		buf[i] = byte('0' + n%10)
	}
	return string(buf[i:])
}
