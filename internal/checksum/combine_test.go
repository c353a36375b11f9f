package checksum

import (
	"encoding/base64"
	"math/rand/v2"
	"strings"
	"testing"
)

func digest(a Algorithm, b []byte) []byte {
	h := a.New()
	h.Write(b)
	return h.Sum(nil)
}

func randomBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func crcAlgorithms() []Algorithm { return []Algorithm{CRC32, CRC32C, CRC64NVME} }

func TestCombineTable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	data := randomBytes(r, 1<<20+37)
	splits := []struct{ lenA, lenB int }{
		{0, 0}, {0, 1}, {1, 0}, {1, 1}, {7, 9}, {16, 16}, {3, 1000},
		{1000, 3}, {1 << 16, 1 << 19}, {12345, 1<<20 + 37 - 12345},
	}
	for _, a := range crcAlgorithms() {
		for _, s := range splits {
			whole := data[:s.lenA+s.lenB]
			got := Combine(a, digest(a, whole[:s.lenA]), digest(a, whole[s.lenA:]), int64(s.lenB))
			if want := digest(a, whole); string(got) != string(want) {
				t.Errorf("%v split %d+%d: got %x want %x", a, s.lenA, s.lenB, got, want)
			}
		}
	}
}

func TestCombinePartsProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, a := range crcAlgorithms() {
		for trial := range 40 {
			nparts := 1 + r.IntN(12)
			var parts []Part
			var whole []byte
			for range nparts {
				n := r.IntN(3000)
				if trial%5 == 0 {
					n = r.IntN(3) // many empty and tiny parts
				}
				p := randomBytes(r, n)
				whole = append(whole, p...)
				parts = append(parts, Part{Checksum: digest(a, p), Size: int64(n)})
			}
			got := CombineParts(a, parts)
			if want := digest(a, whole); string(got) != string(want) {
				t.Fatalf("%v trial %d: got %x want %x", a, trial, got, want)
			}
		}
	}
}

// A multipart object of 5 GiB parts: the combination must not depend on
// the data, only on lengths, so check it against zero-filled data whose CRC
// is computed by combining a known block with itself.
func TestCombineLargeLengths(t *testing.T) {
	block := make([]byte, 1<<20)
	for _, a := range crcAlgorithms() {
		one := digest(a, block)
		// CRC of 4 MiB of zeros, built two ways.
		two := Combine(a, one, one, 1<<20)
		four := Combine(a, two, two, 2<<20)
		direct := digest(a, make([]byte, 4<<20))
		if string(four) != string(direct) {
			t.Errorf("%v: doubling disagrees with direct", a)
		}
		// 5 TiB, the S3 maximum object size, must still terminate quickly.
		if got := Combine(a, one, one, 5<<40); len(got) != a.Size() {
			t.Errorf("%v: 5 TiB combine gave %x", a, got)
		}
	}
}

func TestCombineRejects(t *testing.T) {
	four, eight := make([]byte, 4), make([]byte, 8)
	for _, tt := range []struct {
		name string
		a    Algorithm
		x, y []byte
		n    int64
	}{
		{"sha256", SHA256, make([]byte, 32), make([]byte, 32), 1},
		{"none", None, nil, nil, 0},
		{"short", CRC32, four[:3], four, 1},
		{"wrong size", CRC64NVME, four, eight, 1},
		{"negative", CRC32C, four, four, -1},
	} {
		if got := Combine(tt.a, tt.x, tt.y, tt.n); got != nil {
			t.Errorf("%s: got %x, want nil", tt.name, got)
		}
	}
	if CombineParts(CRC32, nil) != nil || CombineParts(SHA1, []Part{{make([]byte, 20), 1}}) != nil ||
		CombineParts(CRC32, []Part{{four, 1}, {four, -1}}) != nil || CombineParts(CRC32, []Part{{eight, 1}}) != nil {
		t.Error("CombineParts accepted bad input")
	}
}

func TestComposite(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, a := range Algorithms() {
		var digests [][]byte
		var concat []byte
		for range 3 {
			d := digest(a, randomBytes(r, 100))
			digests = append(digests, d)
			concat = append(concat, d...)
		}
		got := Composite(a, digests)
		want := base64.StdEncoding.EncodeToString(digest(a, concat)) + "-3"
		if got != want {
			t.Errorf("%v: got %s want %s", a, got, want)
		}
		if !strings.HasSuffix(Composite(a, digests[:1]), "-1") {
			t.Errorf("%v: single part suffix", a)
		}
	}
	if Composite(None, [][]byte{{1}}) != "" || Composite(SHA1, nil) != "" || Composite(CRC32, [][]byte{{1, 2}}) != "" {
		t.Error("Composite accepted bad input")
	}
}

// FuzzCombine: for any data and split point, combining the halves' CRCs
// equals the CRC of the whole.
func FuzzCombine(f *testing.F) {
	f.Add([]byte("123456789"), uint16(4))
	f.Add([]byte{}, uint16(0))
	f.Add(make([]byte, 100), uint16(99))
	f.Fuzz(func(t *testing.T, data []byte, at uint16) {
		cut := 0
		if len(data) > 0 {
			cut = int(at) % (len(data) + 1)
		}
		for _, a := range crcAlgorithms() {
			got := Combine(a, digest(a, data[:cut]), digest(a, data[cut:]), int64(len(data)-cut))
			if want := digest(a, data); string(got) != string(want) {
				t.Fatalf("%v cut %d of %d: got %x want %x", a, cut, len(data), got, want)
			}
		}
	})
}
