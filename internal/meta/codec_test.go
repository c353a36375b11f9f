package meta

import (
	"bytes"
	"encoding/binary"
	"errors"
	"reflect"
	"testing"
	"time"
)

func sampleVersion() *Version {
	return &Version{
		Bucket: "bucket", Key: "dir/ключ 🙂", VersionID: "0123456789abcdef0123456789abcdef", Seq: 1<<63 + 5,
		Size: 1 << 40, ETag: "abc-2", Modified: time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC),
		Owner: "111122223333", StorageClass: "STANDARD",
		Headers: Headers{ContentType: "text/plain", ContentEncoding: "gzip", ContentDisposition: "inline",
			ContentLanguage: "en", CacheControl: "max-age=1", Expires: "Thu, 01 Dec 1994 16:00:00 GMT"},
		Meta:     []KV{{"a", "1"}, {"b", ""}},
		Tags:     []Tag{{"k", "v"}},
		Checksum: Checksum{Algorithm: "CRC64NVME", Value: "AAAAAAAAAAA=", Type: "FULL_OBJECT"},
		Parts: []Part{{Number: 1, Size: 5 << 20, ETag: "e1", Checksum: "c1", Blob: "b1", Modified: time.Unix(1, 2).UTC()},
			{Number: 10000, Size: 1, ETag: "e2"}},
		Blob: "blob", Inline: true,
		Encryption: Encryption{Mode: "SSE-C", KeyID: "k", WrappedKey: []byte{0, 1}, BucketKey: true,
			Context: "{}", CustomerMAC: []byte{2}},
	}
}

func sampleUpload() *Upload {
	return &Upload{
		Bucket: "b", Key: "k", UploadID: "id", Seq: 42, Initiated: time.Unix(1700000000, 1).UTC(),
		Owner: "o", Initiator: "arn:aws:iam::1:user/u", StorageClass: "GLACIER",
		Headers: Headers{ContentType: "x/y"}, Meta: []KV{{"m", "v"}}, Tags: []Tag{{"t", "v"}},
		ChecksumAlgorithm: "SHA1", ChecksumType: "COMPOSITE",
		Encryption: Encryption{Mode: "aws:kms", KeyID: "arn", WrappedKey: []byte{9}},
	}
}

func sampleBucket() *Bucket {
	return &Bucket{
		Name: "b", Owner: "o", Region: "us-east-1", Created: time.Unix(1, 0).UTC(),
		Versioning: VersioningEnabled, ObjectLock: true, Tags: []Tag{{"a", "b"}},
		Configs: map[string][]byte{"policy": []byte("{}"), "cors": {1}},
	}
}

func TestCodecRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		val  any
		enc  func() []byte
		dec  func([]byte) (any, error)
	}{
		{"version", sampleVersion(), func() []byte { return EncodeVersion(nil, sampleVersion()) },
			func(b []byte) (any, error) { return DecodeVersion(b) }},
		{"empty version", &Version{}, func() []byte { return EncodeVersion(nil, &Version{}) },
			func(b []byte) (any, error) { return DecodeVersion(b) }},
		{"upload", sampleUpload(), func() []byte { return EncodeUpload(nil, sampleUpload()) },
			func(b []byte) (any, error) { return DecodeUpload(b) }},
		{"empty upload", &Upload{}, func() []byte { return EncodeUpload(nil, &Upload{}) },
			func(b []byte) (any, error) { return DecodeUpload(b) }},
		{"part", &Part{Number: -1, Size: -5, ETag: "e", Modified: time.Unix(0, 1).UTC()},
			func() []byte {
				return EncodePart(nil, &Part{Number: -1, Size: -5, ETag: "e", Modified: time.Unix(0, 1).UTC()})
			},
			func(b []byte) (any, error) { return DecodePart(b) }},
		{"bucket", sampleBucket(), func() []byte { return EncodeBucket(nil, sampleBucket()) },
			func(b []byte) (any, error) { return DecodeBucket(b) }},
		{"empty bucket", &Bucket{}, func() []byte { return EncodeBucket(nil, &Bucket{}) },
			func(b []byte) (any, error) { return DecodeBucket(b) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.dec(c.enc())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.val) {
				t.Fatalf("round trip\n got %+v\nwant %+v", got, c.val)
			}
		})
	}
}

// Encoders append: a prefix in the buffer is kept.
func TestEncodeAppends(t *testing.T) {
	b := EncodeVersion([]byte("prefix"), sampleVersion())
	if !bytes.HasPrefix(b, []byte("prefix")) {
		t.Fatal("prefix lost")
	}
	v, err := DecodeVersion(b[len("prefix"):])
	if err != nil || v.Key != sampleVersion().Key {
		t.Fatalf("decode after prefix: %v", err)
	}
}

func TestVersionSeq(t *testing.T) {
	b := EncodeVersion(nil, sampleVersion())
	if seq, err := VersionSeq(b); err != nil || seq != sampleVersion().Seq {
		t.Fatalf("VersionSeq = %d, %v", seq, err)
	}
	if _, err := VersionSeq(b[:5]); err == nil {
		t.Fatal("VersionSeq of a truncated record succeeded")
	}
}

// Records written before fields were appended decode with zero values.
func TestDecodeShorterRecord(t *testing.T) {
	full := EncodeVersion(nil, sampleVersion())
	e := enc{b: []byte{codecV1}}
	e.s("bucket")
	e.s("key")
	old := e.b
	v, err := DecodeVersion(old)
	if err != nil || v.Bucket != "bucket" || v.Key != "key" || v.Seq != 0 || v.Meta != nil {
		t.Fatalf("short record = %+v, %v", v, err)
	}
	if len(full) <= len(old) {
		t.Fatal("sample too small")
	}
}

func TestDecodeCorrupt(t *testing.T) {
	huge := binary.AppendUvarint([]byte{codecV1}, 1<<62) // a length far beyond the record
	cases := map[string][]byte{
		"empty":          nil,
		"bad format":     {2, 0, 0},
		"huge string":    huge,
		"bad varint":     {codecV1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
		"string overrun": {codecV1, 5, 'a'},
	}
	decoders := map[string]func([]byte) error{
		"version": func(b []byte) error { _, err := DecodeVersion(b); return err },
		"upload":  func(b []byte) error { _, err := DecodeUpload(b); return err },
		"part":    func(b []byte) error { _, err := DecodePart(b); return err },
		"bucket":  func(b []byte) error { _, err := DecodeBucket(b); return err },
	}
	for name, b := range cases {
		for dn, dec := range decoders {
			if name == "huge string" && dn == "part" {
				continue // a part starts with a number, not a length
			}
			if name == "string overrun" && dn == "part" {
				continue
			}
			if err := dec(b); !errors.Is(err, errCorrupt) {
				t.Errorf("%s %s: err = %v, want corrupt", dn, name, err)
			}
		}
	}
	// Counts cannot exceed the remaining bytes.
	e := enc{b: []byte{codecV1}}
	for range 16 {
		e.s("")
	}
	e.u(1 << 40) // Meta count
	if _, err := DecodeVersion(e.b); !errors.Is(err, errCorrupt) {
		t.Fatalf("huge count: %v", err)
	}
}

func TestZeroTimeRoundTrip(t *testing.T) {
	v, err := DecodeVersion(EncodeVersion(nil, &Version{Key: "k"}))
	if err != nil || !v.Modified.IsZero() {
		t.Fatalf("zero time decoded as %v, %v", v.Modified, err)
	}
}

func BenchmarkDecodeVersion(b *testing.B) {
	v := sampleVersion()
	v.Parts = nil
	v.Encryption = Encryption{}
	raw := EncodeVersion(nil, v)
	b.ReportAllocs()
	for range b.N {
		if _, err := DecodeVersion(raw); err != nil {
			b.Fatal(err)
		}
	}
}
