package sse

import (
	"bytes"
	"io"
	"testing"
)

// fuzzKey and fuzzID are fixed so that the corpus holds real streams.
var (
	fuzzKey = bytes.Repeat([]byte{7}, KeySize)
	fuzzID  = ObjectID("fuzz", 1)
)

// FuzzReader feeds arbitrary streams (seeded with valid ones and their
// truncations, reorderings and flips) to both readers. Nothing may panic,
// and a stream that opens must be a stream the writer could have produced
// for that plaintext: re-encrypting it under the same header must give the
// same bytes.
func FuzzReader(f *testing.F) {
	for _, n := range []int{0, 5, ChunkSize, ChunkSize + 3} {
		enc, _ := Encrypt(testData(n, 1), fuzzKey, fuzzID)
		f.Add(enc, int64(0), int64(n))
		f.Add(enc[:len(enc)-1], int64(0), int64(n))
		flipped := append([]byte(nil), enc...)
		flipped[len(flipped)/2] ^= 4
		f.Add(flipped, int64(1), int64(n-1))
	}
	f.Fuzz(func(t *testing.T, stream []byte, start, length int64) {
		if sr, err := NewReader(bytes.NewReader(stream), fuzzKey, fuzzID); err == nil {
			plain, err := io.ReadAll(sr)
			if err == nil && !reencrypts(stream, plain) {
				t.Fatal("stream reader accepted a stream the writer cannot produce")
			}
		}
		size := plainSize(len(stream))
		if size < 0 {
			size = int64(len(stream))
		}
		if rr, err := NewRangeReader(bytes.NewReader(stream), size, fuzzKey, fuzzID, start, length); err == nil {
			io.Copy(io.Discard, rr)
		}
		if plain, err := Decrypt(stream, fuzzKey, fuzzID); err == nil && !reencrypts(stream, plain) {
			t.Fatal("Decrypt accepted a stream the writer cannot produce")
		}
	})
}

// reencrypts checks that stream is exactly the writer's output for plain
// under stream's own header (nonce prefix).
func reencrypts(stream, plain []byte) bool {
	h, err := parseHeader(stream)
	if err != nil {
		return false
	}
	var out bytes.Buffer
	w, _ := NewWriter(&out, fuzzKey, fuzzID)
	w.hdr = h
	w.aad = h.aad(fuzzID)
	out.Reset()
	out.Write(h[:])
	w.Write(plain)
	w.Close()
	return bytes.Equal(out.Bytes(), stream)
}
