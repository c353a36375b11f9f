package meta

import (
	"encoding/binary"
	"errors"
	"time"
)

// The records are encoded in a compact binary form: a format byte, then the
// fields in a fixed order. New fields are appended at the end; decoders treat
// a record that ends early as having zero values for the missing fields, so
// old records stay readable.

const codecV1 = 1

var errCorrupt = errors.New("meta: corrupt record")

type enc struct{ b []byte }

func (e *enc) u(v uint64)  { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) i(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) s(v string)  { e.u(uint64(len(v))); e.b = append(e.b, v...) }
func (e *enc) bs(v []byte) { e.u(uint64(len(v))); e.b = append(e.b, v...) }

// t writes the zero time as 0 (UnixNano of it is undefined), so it
// round-trips; the Unix epoch itself then reads back as the zero time.
func (e *enc) t(v time.Time) {
	if v.IsZero() {
		e.i(0)
		return
	}
	e.i(v.UnixNano())
}
func (e *enc) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *enc) kvs(v []KV) {
	e.u(uint64(len(v)))
	for _, kv := range v {
		e.s(kv.Name)
		e.s(kv.Value)
	}
}

func (e *enc) tags(v []Tag) {
	e.u(uint64(len(v)))
	for _, t := range v {
		e.s(t.Key)
		e.s(t.Value)
	}
}

func (e *enc) headers(h *Headers) {
	e.s(h.ContentType)
	e.s(h.ContentEncoding)
	e.s(h.ContentDisposition)
	e.s(h.ContentLanguage)
	e.s(h.CacheControl)
	e.s(h.Expires)
}

func (e *enc) encryption(x *Encryption) {
	e.s(x.Mode)
	e.s(x.KeyID)
	e.bs(x.WrappedKey)
	e.bool(x.BucketKey)
	e.s(x.Context)
	e.bs(x.CustomerMAC)
}

func (e *enc) part(p *Part) {
	e.u(uint64(p.Number))
	e.i(p.Size)
	e.s(p.ETag)
	e.s(p.Checksum)
	e.s(p.Blob)
	e.t(p.Modified)
}

// dec reads a record. Strings are cut from one copy of the record (all),
// so a decode allocates once for every string field together.
type dec struct {
	b   []byte
	all string
	n   int // len(all): the offset in all is n-len(b)
	err error
}

func newDec(b []byte) dec { return dec{b: b, all: string(b), n: len(b)} }

func (d *dec) fail() { d.err = errCorrupt; d.b = nil }

func (d *dec) u() uint64 {
	if len(d.b) == 0 {
		return 0 // an older, shorter record
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) i() int64 {
	if len(d.b) == 0 {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) raw() []byte {
	n := d.u()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *dec) s() string {
	r := d.raw()
	if len(r) == 0 {
		return ""
	}
	end := d.n - len(d.b)
	return d.all[end-len(r) : end]
}

func (d *dec) bs() []byte {
	r := d.raw()
	if len(r) == 0 {
		return nil
	}
	return append([]byte(nil), r...)
}

func (d *dec) t() time.Time {
	n := d.i()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func (d *dec) bool() bool {
	if len(d.b) == 0 {
		return false
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v == 1
}

// count reads a length and checks it cannot exceed the remaining bytes, so a
// corrupt record cannot make us allocate without bound.
func (d *dec) count() int {
	n := d.u()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *dec) kvs() []KV {
	n := d.count()
	if n == 0 {
		return nil
	}
	v := make([]KV, n)
	for i := range v {
		v[i] = KV{d.s(), d.s()}
	}
	return v
}

func (d *dec) tags() []Tag {
	n := d.count()
	if n == 0 {
		return nil
	}
	v := make([]Tag, n)
	for i := range v {
		v[i] = Tag{d.s(), d.s()}
	}
	return v
}

func (d *dec) headers(h *Headers) {
	h.ContentType = d.s()
	h.ContentEncoding = d.s()
	h.ContentDisposition = d.s()
	h.ContentLanguage = d.s()
	h.CacheControl = d.s()
	h.Expires = d.s()
}

func (d *dec) encryption(x *Encryption) {
	x.Mode = d.s()
	x.KeyID = d.s()
	x.WrappedKey = d.bs()
	x.BucketKey = d.bool()
	x.Context = d.s()
	x.CustomerMAC = d.bs()
}

func (d *dec) part(p *Part) {
	p.Number = int32(d.u())
	p.Size = d.i()
	p.ETag = d.s()
	p.Checksum = d.s()
	p.Blob = d.s()
	p.Modified = d.t()
}

func (d *dec) start() {
	if len(d.b) == 0 || d.b[0] != codecV1 {
		d.fail()
		return
	}
	d.b = d.b[1:]
}

// EncodeVersion appends the encoding of v to b.
func EncodeVersion(b []byte, v *Version) []byte {
	e := enc{b: append(b, codecV1)}
	e.s(v.Bucket)
	e.s(v.Key)
	e.s(v.VersionID)
	e.u(v.Seq)
	e.bool(v.DeleteMarker)
	e.i(v.Size)
	e.s(v.ETag)
	e.t(v.Modified)
	e.s(v.Owner)
	e.s(v.StorageClass)
	e.headers(&v.Headers)
	e.kvs(v.Meta)
	e.tags(v.Tags)
	e.s(v.Checksum.Algorithm)
	e.s(v.Checksum.Value)
	e.s(v.Checksum.Type)
	e.u(uint64(len(v.Parts)))
	for i := range v.Parts {
		e.part(&v.Parts[i])
	}
	e.s(v.Blob)
	e.bool(v.Inline)
	e.encryption(&v.Encryption)
	e.bs(v.ACL)
	return e.b
}

// DecodeVersion decodes a version.
func DecodeVersion(b []byte) (*Version, error) {
	d := newDec(b)
	d.start()
	v := &Version{}
	v.Bucket = d.s()
	v.Key = d.s()
	v.VersionID = d.s()
	v.Seq = d.u()
	v.DeleteMarker = d.bool()
	v.Size = d.i()
	v.ETag = d.s()
	v.Modified = d.t()
	v.Owner = d.s()
	v.StorageClass = d.s()
	d.headers(&v.Headers)
	v.Meta = d.kvs()
	v.Tags = d.tags()
	v.Checksum.Algorithm = d.s()
	v.Checksum.Value = d.s()
	v.Checksum.Type = d.s()
	if n := d.count(); n > 0 {
		v.Parts = make([]Part, n)
		for i := range v.Parts {
			d.part(&v.Parts[i])
		}
	}
	v.Blob = d.s()
	v.Inline = d.bool()
	d.encryption(&v.Encryption)
	v.ACL = d.bs()
	return v, d.err
}

// VersionSeq returns the Seq of an encoded version without decoding the
// rest: stores use it on their write path.
func VersionSeq(b []byte) (uint64, error) {
	d := newDec(b)
	d.start()
	d.raw() // Bucket
	d.raw() // Key
	d.raw() // VersionID
	seq := d.u()
	return seq, d.err
}

// EncodeUpload appends the encoding of u to b.
func EncodeUpload(b []byte, u *Upload) []byte {
	e := enc{b: append(b, codecV1)}
	e.s(u.Bucket)
	e.s(u.Key)
	e.s(u.UploadID)
	e.u(u.Seq)
	e.t(u.Initiated)
	e.s(u.Owner)
	e.s(u.Initiator)
	e.s(u.StorageClass)
	e.headers(&u.Headers)
	e.kvs(u.Meta)
	e.tags(u.Tags)
	e.s(u.ChecksumAlgorithm)
	e.s(u.ChecksumType)
	e.encryption(&u.Encryption)
	e.bs(u.ACL)
	return e.b
}

// DecodeUpload decodes an upload.
func DecodeUpload(b []byte) (*Upload, error) {
	d := newDec(b)
	d.start()
	u := &Upload{}
	u.Bucket = d.s()
	u.Key = d.s()
	u.UploadID = d.s()
	u.Seq = d.u()
	u.Initiated = d.t()
	u.Owner = d.s()
	u.Initiator = d.s()
	u.StorageClass = d.s()
	d.headers(&u.Headers)
	u.Meta = d.kvs()
	u.Tags = d.tags()
	u.ChecksumAlgorithm = d.s()
	u.ChecksumType = d.s()
	d.encryption(&u.Encryption)
	u.ACL = d.bs()
	return u, d.err
}

// EncodePart appends the encoding of p to b.
func EncodePart(b []byte, p *Part) []byte {
	e := enc{b: append(b, codecV1)}
	e.part(p)
	return e.b
}

// DecodePart decodes a part.
func DecodePart(b []byte) (*Part, error) {
	d := newDec(b)
	d.start()
	p := &Part{}
	d.part(p)
	return p, d.err
}

// EncodeBucket appends the encoding of bk to b. Configs are written in
// sorted order so equal buckets encode equally.
func EncodeBucket(b []byte, bk *Bucket) []byte {
	e := enc{b: append(b, codecV1)}
	e.s(bk.Name)
	e.s(bk.Owner)
	e.s(bk.Region)
	e.t(bk.Created)
	e.s(bk.Versioning)
	e.bool(bk.ObjectLock)
	e.tags(bk.Tags)
	names := sortedKeys(bk.Configs)
	e.u(uint64(len(names)))
	for _, n := range names {
		e.s(n)
		e.bs(bk.Configs[n])
	}
	return e.b
}

// DecodeBucket decodes a bucket.
func DecodeBucket(b []byte) (*Bucket, error) {
	d := newDec(b)
	d.start()
	bk := &Bucket{}
	bk.Name = d.s()
	bk.Owner = d.s()
	bk.Region = d.s()
	bk.Created = d.t()
	bk.Versioning = d.s()
	bk.ObjectLock = d.bool()
	bk.Tags = d.tags()
	if n := d.count(); n > 0 {
		bk.Configs = make(map[string][]byte, n)
		for i := 0; i < n; i++ {
			k := d.s()
			bk.Configs[k] = d.bs()
		}
	}
	return bk, d.err
}
