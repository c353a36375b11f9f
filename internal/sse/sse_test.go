package sse

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
)

func testData(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

var sizes = []int{0, 1, 100, ChunkSize - 1, ChunkSize, ChunkSize + 1, 2 * ChunkSize, 3*ChunkSize + 17}

func TestRoundTrip(t *testing.T) {
	key, id := NewKey(), ObjectID("blob1", 0)
	for _, n := range sizes {
		plain := testData(n, uint64(n))
		// Write in odd pieces to exercise buffering.
		var out bytes.Buffer
		w, err := NewWriter(&out, key, id)
		if err != nil {
			t.Fatal(err)
		}
		for p := plain; len(p) > 0; {
			k := min(len(p), 1+len(p)%7919)
			if _, err := w.Write(p[:k]); err != nil {
				t.Fatal(err)
			}
			p = p[k:]
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if int64(out.Len()) != EncryptedSize(int64(n)) {
			t.Fatalf("size %d: stream %d, want %d", n, out.Len(), EncryptedSize(int64(n)))
		}
		if plainSize(out.Len()) != int64(n) {
			t.Fatalf("plainSize(%d) = %d, want %d", out.Len(), plainSize(out.Len()), n)
		}
		if bytes.Contains(out.Bytes(), plain[:min(n, 64)]) && n >= 16 {
			t.Fatalf("size %d: plaintext visible in stream", n)
		}
		got, err := Decrypt(out.Bytes(), key, id)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("size %d: Decrypt: %v", n, err)
		}
		sr, err := NewReader(bytes.NewReader(out.Bytes()), key, id)
		if err != nil {
			t.Fatal(err)
		}
		got, err = io.ReadAll(sr)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("size %d: stream reader: %v", n, err)
		}
	}
}

func TestRanges(t *testing.T) {
	key, id := NewKey(), ObjectID("b", 3)
	n := 5*ChunkSize + 123
	plain := testData(n, 9)
	enc, err := Encrypt(plain, key, id)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(2, 3))
	cases := [][2]int{{0, 0}, {0, n}, {n - 1, 1}, {ChunkSize - 1, 2}, {ChunkSize, ChunkSize}, {3, 5 * ChunkSize}}
	for i := 0; i < 200; i++ {
		s := r.IntN(n)
		cases = append(cases, [2]int{s, r.IntN(n - s + 1)})
	}
	for _, c := range cases {
		rr, err := NewRangeReader(bytes.NewReader(enc), int64(n), key, id, int64(c[0]), int64(c[1]))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := io.Copy(&buf, rr); err != nil {
			t.Fatal(c, err)
		}
		if !bytes.Equal(buf.Bytes(), plain[c[0]:c[0]+c[1]]) {
			t.Fatalf("range %v differs", c)
		}
	}
	if _, err := NewRangeReader(bytes.NewReader(enc), int64(n), key, id, int64(n), 1); err == nil {
		t.Fatal("range past the end accepted")
	}
}

// readAllRange reads the whole stream through the range reader with small
// reads (no WriteTo).
func readAllRange(enc []byte, size int64, key, id []byte) ([]byte, error) {
	rr, err := NewRangeReader(bytes.NewReader(enc), size, key, id, 0, size)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(struct{ io.Reader }{rr})
}

func TestTamper(t *testing.T) {
	key, id := NewKey(), ObjectID("blob", 1)
	n := 3*ChunkSize + 10
	plain := testData(n, 4)
	enc, _ := Encrypt(plain, key, id)
	full := ChunkSize + TagSize
	mutate := map[string]func([]byte) ([]byte, int64){
		"flip header":      func(b []byte) ([]byte, int64) { b[3] ^= 1; return b, int64(n) },
		"flip version":     func(b []byte) ([]byte, int64) { b[0] = 2; return b, int64(n) },
		"flip first chunk": func(b []byte) ([]byte, int64) { b[HeaderSize+5] ^= 0x80; return b, int64(n) },
		"flip last tag":    func(b []byte) ([]byte, int64) { b[len(b)-1] ^= 1; return b, int64(n) },
		"truncate chunk":   func(b []byte) ([]byte, int64) { return b[:len(b)-5], int64(n) },
		"drop last chunk": func(b []byte) ([]byte, int64) {
			return b[:HeaderSize+3*full], int64(3 * ChunkSize)
		},
		"swap chunks": func(b []byte) ([]byte, int64) {
			c := append([]byte(nil), b...)
			copy(c[HeaderSize:], b[HeaderSize+full:HeaderSize+2*full])
			copy(c[HeaderSize+full:], b[HeaderSize:HeaderSize+full])
			return c, int64(n)
		},
		"header only": func(b []byte) ([]byte, int64) { return b[:HeaderSize], 0 },
	}
	for name, f := range mutate {
		b, size := f(append([]byte(nil), enc...))
		if _, err := readAllRange(b, size, key, id); err == nil {
			t.Errorf("%s: range reader accepted tampered data", name)
		}
		if sr, err := NewReader(bytes.NewReader(b), key, id); err == nil {
			if _, err := io.ReadAll(sr); err == nil {
				t.Errorf("%s: stream reader accepted tampered data", name)
			}
		}
	}
	// Trailing data after the final chunk.
	sr, _ := NewReader(bytes.NewReader(append(append([]byte(nil), enc...), 1, 2, 3)), key, id)
	if _, err := io.ReadAll(sr); err == nil {
		t.Error("stream reader accepted trailing data")
	}
	// Another id or key.
	if _, err := Decrypt(enc, key, ObjectID("blob", 2)); !errors.Is(err, ErrAuth) {
		t.Errorf("other part number: %v", err)
	}
	if _, err := Decrypt(enc, NewKey(), id); !errors.Is(err, ErrAuth) {
		t.Errorf("other key: %v", err)
	}
}

func TestKeySealing(t *testing.T) {
	kek, dk := NewKey(), NewKey()
	s, err := SealKey(kek, dk, []byte("obj"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := OpenKey(kek, s, []byte("obj")); err != nil || !bytes.Equal(got, dk) {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		kek, aad []byte
		sealed   []byte
	}{
		{"other kek", NewKey(), []byte("obj"), s},
		{"other aad", kek, []byte("obj2"), s},
		{"short", kek, []byte("obj"), s[:10]},
		{"flipped", kek, []byte("obj"), append(append([]byte(nil), s[:len(s)-1]...), s[len(s)-1]^1)},
	} {
		if _, err := OpenKey(tc.kek, tc.sealed, tc.aad); err == nil {
			t.Errorf("%s: opened", tc.name)
		}
	}
}

func TestCustomerKey(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	kb := "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
	md := "hRasmdxgYDKV3nvbahU1MA=="
	pre := "x-amz-server-side-encryption-customer-"
	tests := []struct {
		name, alg, key, md5, wantMsg string
	}{
		{"none", "", "", "", ""},
		{"ok", "AES256", kb, md, ""},
		{"bad alg", "AES128", kb, md, "must provide a valid encryption algorithm."},
		{"no key", "AES256", "", md, "must provide an appropriate secret key."},
		{"no md5", "AES256", kb, "", "must provide the client calculated MD5 of the secret key."},
		{"short key", "AES256", "AAAA", md, "The secret key was invalid for the specified algorithm."},
		{"wrong md5", "AES256", kb, "AAAAAAAAAAAAAAAAAAAAAA==", "The calculated MD5 hash of the key did not match the hash that was provided."},
	}
	for _, tc := range tests {
		ck, err := ParseCustomerKey(tc.alg, tc.key, tc.md5, pre)
		if tc.wantMsg == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			if tc.alg != "" && (ck == nil || !bytes.Equal(ck.Key, key)) {
				t.Errorf("%s: key not returned", tc.name)
			}
			continue
		}
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(tc.wantMsg)) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.wantMsg)
		}
	}
	mac := CustomerMAC(key)
	if !CheckCustomerMAC(mac, key) || CheckCustomerMAC(mac, NewKey()) || bytes.Equal(mac, CustomerMAC(key)) {
		t.Fatal("customer MAC")
	}
}

func benchData() []byte { return testData(32<<20, 1) }

func BenchmarkEncrypt32MiB(b *testing.B) {
	plain, key, id := benchData(), NewKey(), ObjectID("x", 0)
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		w, _ := NewWriter(io.Discard, key, id)
		w.Write(plain)
		w.Close()
	}
}

func BenchmarkDecrypt32MiB(b *testing.B) {
	plain, key, id := benchData(), NewKey(), ObjectID("x", 0)
	enc, _ := Encrypt(plain, key, id)
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		r, err := NewRangeReader(bytes.NewReader(enc), int64(len(plain)), key, id, 0, int64(len(plain)))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
