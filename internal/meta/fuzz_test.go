package meta

import (
	"bytes"
	"reflect"
	"testing"
	"time"
)

// decoded bounds the memory a decode may take: every element of every
// slice costs at least one input byte.
func checkBounded(t *testing.T, in []byte, elems int) {
	t.Helper()
	if elems > len(in) {
		t.Fatalf("%d elements decoded from %d bytes", elems, len(in))
	}
}

// fuzzCodec checks a decoder on arbitrary input: no panic, bounded output,
// and for accepted input a stable round trip: encoding the decoded value
// and decoding again gives the same value and the same bytes.
func fuzzCodec[T any](t *testing.T, in []byte, dec func([]byte) (T, error), enc func([]byte, T) []byte, elems func(T) int) {
	v, err := dec(in)
	if err != nil {
		return
	}
	checkBounded(t, in, elems(v))
	b1 := enc(nil, v)
	v2, err := dec(b1)
	if err != nil {
		t.Fatalf("re-decoding an encoded value: %v", err)
	}
	if !reflect.DeepEqual(v, v2) {
		t.Fatalf("round trip changed the value\n1st %+v\n2nd %+v", v, v2)
	}
	if b2 := enc(nil, v2); !bytes.Equal(b1, b2) {
		t.Fatalf("encoding is not stable\n1st %x\n2nd %x", b1, b2)
	}
}

func versionElems(v *Version) int {
	return len(v.Meta) + len(v.Tags) + len(v.Parts)
}

func FuzzDecodeVersion(f *testing.F) {
	f.Add(EncodeVersion(nil, sampleVersion()))
	f.Add(EncodeVersion(nil, &Version{}))
	f.Add(EncodeVersion(nil, &Version{DeleteMarker: true, Key: "k", VersionID: "null", Seq: 1}))
	f.Add([]byte{codecV1})
	f.Add([]byte{codecV1, 0x80})
	f.Add([]byte{codecV1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, in []byte) {
		fuzzCodec(t, in, DecodeVersion, EncodeVersion, versionElems)
		if seq, err := VersionSeq(in); err == nil {
			if v, err := DecodeVersion(in); err == nil && v.Seq != seq {
				t.Fatalf("VersionSeq = %d, DecodeVersion.Seq = %d", seq, v.Seq)
			}
		}
	})
}

func FuzzDecodeUpload(f *testing.F) {
	f.Add(EncodeUpload(nil, sampleUpload()))
	f.Add(EncodeUpload(nil, &Upload{}))
	f.Add([]byte{codecV1, 3, 'a'})
	f.Fuzz(func(t *testing.T, in []byte) {
		fuzzCodec(t, in, DecodeUpload, EncodeUpload, func(u *Upload) int { return len(u.Meta) + len(u.Tags) })
	})
}

func FuzzDecodePart(f *testing.F) {
	f.Add(EncodePart(nil, &Part{Number: 7, Size: 9, ETag: "e", Blob: "b", Modified: time.Unix(5, 5)}))
	f.Add([]byte{codecV1, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, in []byte) {
		fuzzCodec(t, in, DecodePart, EncodePart, func(*Part) int { return 0 })
	})
}

func FuzzDecodeBucket(f *testing.F) {
	f.Add(EncodeBucket(nil, sampleBucket()))
	f.Add(EncodeBucket(nil, &Bucket{}))
	f.Fuzz(func(t *testing.T, in []byte) {
		fuzzCodec(t, in, DecodeBucket, EncodeBucket, func(b *Bucket) int { return len(b.Tags) + len(b.Configs) })
	})
}

// FuzzVersionRoundTrip builds versions from fuzzed fields: every value
// encodes and decodes to itself (times compared as instants, in UTC).
func FuzzVersionRoundTrip(f *testing.F) {
	f.Add("b", "k", "id", uint64(1), int64(5), int64(1700000000000000000), "m", []byte{1}, int32(3), true)
	f.Add("", "", "", uint64(0), int64(-1), int64(-1), "", []byte(nil), int32(-1), false)
	f.Fuzz(func(t *testing.T, bucket, key, id string, seq uint64, size, nanos int64, s string, bs []byte, part int32, flag bool) {
		mod := time.Time{}
		if nanos != 0 {
			mod = time.Unix(0, nanos).UTC()
		}
		if len(bs) == 0 {
			bs = nil
		}
		v := &Version{
			Bucket: bucket, Key: key, VersionID: id, Seq: seq, DeleteMarker: flag, Size: size,
			ETag: s, Modified: mod, Owner: s, StorageClass: s,
			Headers:  Headers{ContentType: s, Expires: key},
			Meta:     []KV{{s, key}},
			Tags:     []Tag{{key, s}},
			Checksum: Checksum{Algorithm: s, Value: id, Type: s},
			Parts:    []Part{{Number: part, Size: size, ETag: s, Checksum: s, Blob: id, Modified: mod}},
			Blob:     id, Inline: !flag,
			Encryption: Encryption{Mode: s, KeyID: id, WrappedKey: bs, BucketKey: flag, Context: key, CustomerMAC: bs},
		}
		got, err := DecodeVersion(EncodeVersion(nil, v))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, v) {
			t.Fatalf("round trip\n got %+v\nwant %+v", got, v)
		}
	})
}
