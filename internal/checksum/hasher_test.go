package checksum

import (
	"bytes"
	"crypto/md5"
	"io"
	"math/rand/v2"
	"testing"
)

func TestHasher(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	data := randomBytes(r, 3<<20+5)
	wantMD5 := md5.Sum(data)
	for _, a := range append(Algorithms(), None) {
		var want []byte
		if a != None {
			want = digest(a, data)
		}
		for _, mode := range []string{"serial", "concurrent", "copy", "mixed"} {
			h := NewHasher(a)
			switch mode {
			case "serial":
				h.Write(data)
			case "concurrent":
				h.WriteConcurrent(data)
			case "copy":
				io.CopyBuffer(h.Concurrent(), bytes.NewReader(data), make([]byte, 256<<10))
			case "mixed":
				h.Write(data[:100])
				h.WriteConcurrent(data[100 : 1<<20])
				h.Write(data[1<<20:])
			}
			if !bytes.Equal(h.MD5(), wantMD5[:]) {
				t.Errorf("%v %s: MD5 mismatch", a, mode)
			}
			if !bytes.Equal(h.Sum(), want) {
				t.Errorf("%v %s: Sum = %x want %x", a, mode, h.Sum(), want)
			}
			if h.Written() != int64(len(data)) || h.Algorithm() != a {
				t.Errorf("%v %s: Written = %d", a, mode, h.Written())
			}
			if (h.Checksum() == "") != (a == None) || (a != None && h.Checksum() != Encode(want)) {
				t.Errorf("%v %s: Checksum = %q", a, mode, h.Checksum())
			}
			h.Reset()
			empty := md5.Sum(nil)
			if h.Written() != 0 || !bytes.Equal(h.MD5(), empty[:]) {
				t.Errorf("%v %s: Reset did not clear", a, mode)
			}
		}
	}
}
