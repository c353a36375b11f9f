package embedded

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/coffer-s3/coffer/internal/meta"
)

// Key layout. Every bucket-scoped key is prefix, bucket, 0x00, object key,
// 0x00, ...: names holding 0x00 are refused (meta.ErrInvalidKey), so keys
// sort by bucket then object key bytes, which is S3's listing order.
//
//	B name                         bucket record
//	V bucket 0 key 0 ^seq          version record, newest first
//	L bucket 0 key                 copy of the key's latest version record
//	D bucket 0 key 0 ^seq          inline data of that version
//	N bucket 0 key                 seq of the key's "null" version
//	U bucket 0 key 0 seq           multipart upload
//	P bucket 0 key 0 seq partno    part of that upload
//	R ns 0 id                      generic record
//
// L makes the two hot reads cheap: GET of the latest version is one point
// read, and listing walks one entry per key however many versions it has.
// Every commit that changes a key's newest version rewrites its L entry.
const (
	pBucket  = 'B'
	pVersion = 'V'
	pLatest  = 'L'
	pData    = 'D'
	pNull    = 'N'
	pUpload  = 'U'
	pPart    = 'P'
	pRecord  = 'R'
)

// validName refuses names that would break the key layout.
func validName(names ...string) error {
	for _, n := range names {
		if strings.IndexByte(n, 0) >= 0 {
			return meta.ErrInvalidKey
		}
	}
	return nil
}

func bucketKey(name string) []byte { return append([]byte{pBucket}, name...) }

// objPrefix returns p bucket 0 key 0.
func objPrefix(p byte, bucket, key string) []byte {
	b := make([]byte, 0, len(bucket)+len(key)+12)
	b = append(b, p)
	b = append(b, bucket...)
	b = append(b, 0)
	b = append(b, key...)
	return append(b, 0)
}

// bucketPrefix returns p bucket 0.
func bucketPrefix(p byte, bucket string) []byte {
	b := make([]byte, 0, len(bucket)+2)
	b = append(b, p)
	b = append(b, bucket...)
	return append(b, 0)
}

func versionKey(p byte, bucket, key string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(objPrefix(p, bucket, key), ^seq)
}

// keyOnly returns p bucket 0 key: the one-entry-per-key families.
func keyOnly(p byte, bucket, key string) []byte {
	b := objPrefix(p, bucket, key)
	return b[:len(b)-1]
}

func nullKey(bucket, key string) []byte   { return keyOnly(pNull, bucket, key) }
func latestKey(bucket, key string) []byte { return keyOnly(pLatest, bucket, key) }

func uploadKey(bucket, key string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(objPrefix(pUpload, bucket, key), seq)
}

func partKey(bucket, key string, seq uint64, n int32) []byte {
	b := binary.BigEndian.AppendUint64(objPrefix(pPart, bucket, key), seq)
	return binary.BigEndian.AppendUint32(b, uint32(n))
}

func recordKey(ns, id string) []byte {
	b := make([]byte, 0, len(ns)+len(id)+2)
	b = append(b, pRecord)
	b = append(b, ns...)
	b = append(b, 0)
	return append(b, id...)
}

// upperBound returns the smallest key greater than every key with prefix p.
func upperBound(p []byte) []byte {
	b := append([]byte(nil), p...)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return b[:i+1]
		}
	}
	return nil
}

// Version and upload ids carry their sequence number so lookups by id are
// point reads: 16 hex digits of seq, then 16 of randomness so ids cannot be
// guessed from timestamps alone.
func formatID(seq uint64, rnd uint64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], seq)
	binary.BigEndian.PutUint64(b[8:], rnd)
	return hex.EncodeToString(b[:])
}

var errBadID = errors.New("embedded: malformed id")

func parseID(id string) (uint64, error) {
	if len(id) != 32 {
		return 0, errBadID
	}
	var b [16]byte
	if _, err := hex.Decode(b[:], []byte(id)); err != nil {
		return 0, errBadID
	}
	return binary.BigEndian.Uint64(b[:8]), nil
}
