package sigv4

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// AWS's worked examples of streaming uploads (sigv4-streaming.html and
// sigv4-streaming-trailers.html): 66560 bytes of 'a' in chunks of 65536,
// 1024 and 0 bytes, with the published seed, chunk and trailer signatures.
const (
	docAKID      = "AKIAIOSFODNN7EXAMPLE"
	docSecret    = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	docTimestamp = "20130524T000000Z"
	docScope     = "20130524/us-east-1/s3/aws4_request"
	docSeed      = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
	docSeedTrail = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e"
)

var (
	docChunkSigs  = []string{"ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648", "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497", "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"}
	docTrailSigs  = []string{"b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2", "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7", "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992"}
	docTrailer    = "x-amz-checksum-crc32c:sOO8/Q=="
	docTrailerSig = "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435"
	docPayload    = bytes.Repeat([]byte("a"), 66560)
)

func docKey() []byte { return DeriveSigningKey(docSecret, "20130524", "us-east-1", "s3") }

func docBody(sigs []string, afterFinal string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "10000;chunk-signature=%s\r\n%s\r\n", sigs[0], docPayload[:65536])
	fmt.Fprintf(&b, "400;chunk-signature=%s\r\n%s\r\n", sigs[1], docPayload[65536:])
	fmt.Fprintf(&b, "0;chunk-signature=%s\r\n%s", sigs[2], afterFinal)
	return b.Bytes()
}

// docRequest is the example's PUT, which VerifyV4 must accept with the
// published seed signature.
func docRequest(trailer bool) *http.Request {
	r, _ := http.NewRequest("PUT", "https://s3.amazonaws.com/examplebucket/chunkObject.txt", nil)
	r.Host = "s3.amazonaws.com"
	r.Header.Set("X-Amz-Date", docTimestamp)
	r.Header.Set("X-Amz-Storage-Class", "REDUCED_REDUNDANCY")
	r.Header.Set("Content-Encoding", "aws-chunked")
	r.Header.Set("X-Amz-Decoded-Content-Length", "66560")
	if trailer {
		r.Header.Set("X-Amz-Content-Sha256", StreamingPayloadTrailer)
		r.Header.Set("X-Amz-Trailer", "x-amz-checksum-crc32c")
		r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+docAKID+"/"+docScope+",SignedHeaders=content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer,Signature="+docSeedTrail)
	} else {
		r.Header.Set("Content-Length", "66824")
		r.Header.Set("X-Amz-Content-Sha256", StreamingPayload)
		r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+docAKID+"/"+docScope+", SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class, Signature="+docSeed)
	}
	return r
}

func docConfig(t *testing.T, trailer bool) ChunkedConfig {
	t.Helper()
	r := docRequest(trailer)
	a, err := ParseRequest(r)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2013, 5, 24, 0, 5, 0, 0, time.UTC)
	if err := VerifyV4(r, &a, docKey(), "", now, VerifyOptions{Region: "us-east-1"}); err != nil {
		t.Fatalf("seed request: %v\n%s", err, apierr.As(err).Get("CanonicalRequest"))
	}
	cfg, err := ChunkedConfigFor(r, &a, docKey())
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func decodeAll(body []byte, cfg ChunkedConfig) ([]byte, *ChunkedReader, error) {
	cr := NewChunkedReader(bytes.NewReader(body), cfg)
	out, err := io.ReadAll(cr)
	return out, cr, err
}

func TestChunkedAWSExample(t *testing.T) {
	cfg := docConfig(t, false)
	for _, end := range []string{"\r\n", ""} {
		body := docBody(docChunkSigs, end)
		out, _, err := decodeAll(body, cfg)
		if err != nil || !bytes.Equal(out, docPayload) {
			t.Fatalf("end %q: %d bytes, %v", end, len(out), err)
		}
		if err := iotest.TestReader(NewChunkedReader(iotest.OneByteReader(bytes.NewReader(body)), cfg), docPayload); err != nil {
			t.Fatal(err)
		}
	}
	// A byte changed in the second chunk: nothing of that chunk comes out.
	body := docBody(docChunkSigs, "\r\n")
	body[len(body)-200] = 'b'
	out, _, err := decodeAll(body, cfg)
	if !errors.Is(err, apierr.SignatureDoesNotMatch) || len(out) != 65536 {
		t.Fatalf("tampered: %d bytes, %v", len(out), err)
	}
}

func TestChunkedAWSTrailerExample(t *testing.T) {
	cfg := docConfig(t, true)
	trailer := docTrailer + "\r\n" + trailerSignature + ":" + docTrailerSig
	for _, after := range []string{
		"\r\n" + trailer + "\r\n\r\n", // the documented form
		"\r\n" + trailer + "\r\n",
		trailer + "\r\n\r\n", // HTTP-chunked style, no empty data line
		"\r\n" + trailer,     // no final line end
	} {
		out, cr, err := decodeAll(docBody(docTrailSigs, after), cfg)
		if err != nil || !bytes.Equal(out, docPayload) {
			t.Fatalf("%q: %d bytes, %v", after, len(out), err)
		}
		if got := cr.Trailer("X-Amz-Checksum-Crc32c"); got != "sOO8/Q==" {
			t.Fatalf("trailer %q", got)
		}
	}
	bad := "\r\n" + strings.Replace(trailer, "sOO8/Q==", "sOO8/A==", 1) + "\r\n\r\n"
	if _, _, err := decodeAll(docBody(docTrailSigs, bad), cfg); !errors.Is(err, apierr.SignatureDoesNotMatch) {
		t.Fatalf("changed trailer: %v", err)
	}
}

// unsignedBody frames data as SDKs do for STREAMING-UNSIGNED-PAYLOAD-TRAILER.
func unsignedBody(data []byte, chunk int, ext, trailers, end string) []byte {
	var b bytes.Buffer
	for len(data) > 0 {
		n := min(chunk, len(data))
		fmt.Fprintf(&b, "%x%s\r\n", n, ext)
		b.Write(data[:n])
		b.WriteString("\r\n")
		data = data[n:]
	}
	b.WriteString("0" + ext + "\r\n" + trailers + end)
	return b.Bytes()
}

func unsignedConfig(n int, trailers ...string) ChunkedConfig {
	return ChunkedConfig{Mode: PayloadStreamingUnsignedTrailer, DecodedLength: int64(n), Trailers: trailers}
}

func TestChunkedUnsignedTrailer(t *testing.T) {
	data := make([]byte, 300_000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	cfg := unsignedConfig(len(data), "x-amz-checksum-crc32")
	for _, tc := range []struct {
		chunk    int
		ext, end string
	}{
		{65536, "", "\r\n"},        // aws-sdk-go-v2, botocore
		{1 << 20, "", "\r\n"},      // one chunk
		{8192, ";foo=bar", "\r\n"}, // chunk extensions are ignored
		{1000, "", ""},             // no closing line
		{7, "", "\r\n\r\n"},
	} {
		body := unsignedBody(data, tc.chunk, tc.ext, "x-amz-checksum-crc32: AAAAAA== \r\n", tc.end)
		out, cr, err := decodeAll(body, cfg)
		if err != nil || !bytes.Equal(out, data) {
			t.Fatalf("%+v: %d bytes, %v", tc, len(out), err)
		}
		if cr.Trailer("x-amz-checksum-crc32") != "AAAAAA==" {
			t.Fatalf("trailer %q", cr.Trailer("x-amz-checksum-crc32"))
		}
		if err := iotest.TestReader(NewChunkedReader(iotest.OneByteReader(bytes.NewReader(body)), cfg), data); err != nil {
			t.Fatal(err)
		}
	}
	upper := bytes.Replace(unsignedBody(data, 0xABCD, "", "x-amz-checksum-crc32:x\r\n", "\r\n"), []byte("abcd\r\n"), []byte("ABCD\r\n"), -1)
	if out, _, err := decodeAll(upper, cfg); err != nil || !bytes.Equal(out, data) {
		t.Fatalf("upper-case sizes: %v", err)
	}
}

// signedBody frames data with our ChunkSigner, optionally with a trailer.
func signedBody(key []byte, seed string, data []byte, chunk int, trailer string) []byte {
	s := NewChunkSigner(key, docTimestamp, docScope, seed)
	var b bytes.Buffer
	for len(data) > 0 {
		n := min(chunk, len(data))
		fmt.Fprintf(&b, "%x;chunk-signature=%s\r\n", n, s.Sign(data[:n]))
		b.Write(data[:n])
		b.WriteString("\r\n")
		data = data[n:]
	}
	fmt.Fprintf(&b, "0;chunk-signature=%s\r\n", s.Sign(nil))
	if trailer != "" {
		fmt.Fprintf(&b, "%s\r\n%s:%s\r\n", trailer, trailerSignature, s.SignTrailer([]byte(trailer+"\n")))
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

func signedConfig(n int, trailers ...string) ChunkedConfig {
	mode := PayloadStreaming
	if len(trailers) > 0 {
		mode = PayloadStreamingTrailer
	}
	return ChunkedConfig{Mode: mode, SigningKey: docKey(), Timestamp: docTimestamp, Scope: docScope, Seed: docSeed,
		DecodedLength: int64(n), Trailers: trailers}
}

func TestChunkedOwnSigner(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20; i++ {
		data := make([]byte, rng.IntN(200_000))
		for j := range data {
			data[j] = byte(rng.Uint32())
		}
		chunk := minChunkSize + rng.IntN(70_000)
		trailer := ""
		var names []string
		if i%2 == 1 {
			trailer, names = "x-amz-checksum-sha256:abc=", []string{"x-amz-checksum-sha256"}
		}
		body := signedBody(docKey(), docSeed, data, chunk, trailer)
		out, _, err := decodeAll(body, signedConfig(len(data), names...))
		if err != nil || !bytes.Equal(out, data) {
			t.Fatalf("case %d (%d bytes, chunk %d): %v", i, len(data), chunk, err)
		}
	}
}

func TestChunkedErrors(t *testing.T) {
	data := bytes.Repeat([]byte("xyz"), 10_000)
	good := signedBody(docKey(), docSeed, data, 8192, "")
	goodU := unsignedBody(data, 8192, "", "x-amz-checksum-crc32:AAAAAA==\r\n", "\r\n")
	cases := []struct {
		name string
		body []byte
		cfg  ChunkedConfig
		code string
	}{
		{"truncated data", good[:len(good)/2], signedConfig(len(data)), "IncompleteBody"},
		{"truncated unsigned", goodU[:len(goodU)/2], unsignedConfig(len(data), "x-amz-checksum-crc32"), "IncompleteBody"},
		{"decoded length short", good, signedConfig(len(data) + 1), "IncompleteBody"},
		{"decoded length long", good, signedConfig(len(data) - 1), "InvalidRequest"},
		{"unsigned longer", goodU, unsignedConfig(100, "x-amz-checksum-crc32"), "InvalidRequest"},
		{"wrong seed", good, func() ChunkedConfig { c := signedConfig(len(data)); c.Seed = docSeedTrail; return c }(), "SignatureDoesNotMatch"},
		{"small chunk inside", signedBody(docKey(), docSeed, data, 4096, ""), signedConfig(len(data)), "InvalidChunkSizeError"},
		{"chunk over max", signedBody(docKey(), docSeed, data, 20000, ""), func() ChunkedConfig { c := signedConfig(len(data)); c.MaxChunkSize = 10000; return c }(), "InvalidChunkSizeError"},
		{"no signature", unsignedBody(data, 8192, "", "", "\r\n"), signedConfig(len(data)), "SignatureDoesNotMatch"},
		{"bad size", []byte("xyz;chunk-signature=00\r\n"), signedConfig(3), "IncompleteBody"},
		{"size overflow", []byte("fffffffffffffffff\r\n"), unsignedConfig(-1), "IncompleteBody"},
		{"line too long", []byte(strings.Repeat("1", 5000) + "\r\n"), unsignedConfig(-1), "IncompleteBody"},
		{"no CRLF after data", []byte("3\r\nabcX\r\n0\r\n\r\n"), unsignedConfig(3), "IncompleteBody"},
		{"missing trailer", unsignedBody(data, 8192, "", "", "\r\n"), unsignedConfig(len(data), "x-amz-checksum-crc32"), "MalformedTrailerError"},
		{"other trailer", unsignedBody(data, 8192, "", "x-amz-checksum-crc32c:x\r\n", "\r\n"), unsignedConfig(len(data), "x-amz-checksum-crc32"), "MalformedTrailerError"},
		{"undeclared trailer", goodU, unsignedConfig(len(data)), "MalformedTrailerError"},
		{"trailer without colon", unsignedBody(data, 8192, "", "x-amz-checksum-crc32\r\n", "\r\n"), unsignedConfig(len(data), "x-amz-checksum-crc32"), "MalformedTrailerError"},
		{"junk after end", append(append([]byte{}, good...), "more"...), signedConfig(len(data)), "MalformedTrailerError"},
		{"trailer in plain streaming", signedBody(docKey(), docSeed, data, 8192, "x-amz-checksum-crc32:x"), signedConfig(len(data)), "MalformedTrailerError"},
		{"unsigned trailer signature missing", signedBody(docKey(), docSeed, data, 8192, ""), signedConfig(len(data), "x-amz-checksum-crc32"), "MalformedTrailerError"},
		{"not chunked", good, ChunkedConfig{Mode: PayloadUnsigned}, "InvalidRequest"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := decodeAll(c.body, c.cfg)
			if apierr.As(err).Code != c.code {
				t.Fatalf("got %v, want %s", err, c.code)
			}
		})
	}
}

// TestChunkedNoAllocationByDeclaredSize: a header announcing a 15 MiB
// chunk followed by a few bytes must not make the reader allocate 15 MiB.
func TestChunkedNoAllocationByDeclaredSize(t *testing.T) {
	body := []byte(fmt.Sprintf("%x;chunk-signature=%s\r\nshort", 15<<20, docSeed))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := decodeAll(body, signedConfig(-1))
	runtime.ReadMemStats(&after)
	if apierr.As(err).Code != "IncompleteBody" {
		t.Fatalf("got %v", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Fatalf("allocated %d bytes", grew)
	}
}

func TestChunkedConfigFor(t *testing.T) {
	r := docRequest(true)
	r.Header.Del("X-Amz-Decoded-Content-Length")
	a, _ := ParseRequest(r)
	if _, err := ChunkedConfigFor(r, &a, docKey()); apierr.As(err).Code != "MissingContentLength" {
		t.Fatalf("no decoded length: %v", err)
	}
	r.Header.Set("X-Amz-Decoded-Content-Length", "-1")
	if _, err := ChunkedConfigFor(r, &a, docKey()); apierr.As(err).Code != "InvalidArgument" {
		t.Fatalf("bad decoded length: %v", err)
	}
	r.Header.Set("X-Amz-Decoded-Content-Length", "5")
	r.Header.Set("X-Amz-Trailer", "X-Amz-Checksum-CRC32, x-amz-checksum-crc32")
	r.Header.Set("X-Amz-Content-Sha256", StreamingUnsignedTrailer)
	cfg, err := ChunkedConfigFor(r, &a, nil)
	if err != nil || cfg.DecodedLength != 5 || len(cfg.Trailers) != 1 || cfg.Trailers[0] != "x-amz-checksum-crc32" {
		t.Fatalf("%+v %v", cfg, err)
	}
	r.Header.Set("X-Amz-Content-Sha256", UnsignedPayload)
	if _, err := ChunkedConfigFor(r, &a, nil); apierr.As(err).Code != "InvalidRequest" {
		t.Fatalf("not streaming: %v", err)
	}
}
