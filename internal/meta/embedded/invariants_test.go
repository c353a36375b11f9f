package embedded

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/coffer-s3/coffer/internal/meta"
)

// objKey is one object key of one bucket.
type objKey struct{ bucket, key string }

// splitKey parses p bucket 0 key [0 suffix] given the suffix length (-1
// for the one-entry-per-key families).
func splitKey(k []byte, suffix int) (objKey, []byte, error) {
	rest := k[1:]
	i := bytes.IndexByte(rest, 0)
	if i < 0 {
		return objKey{}, nil, fmt.Errorf("no bucket separator in %q", k)
	}
	bucket, rest := string(rest[:i]), rest[i+1:]
	if suffix < 0 {
		return objKey{bucket, string(rest)}, nil, nil
	}
	if len(rest) < suffix+1 || rest[len(rest)-suffix-1] != 0 {
		return objKey{}, nil, fmt.Errorf("bad suffix in %q", k)
	}
	return objKey{bucket, string(rest[:len(rest)-suffix-1])}, rest[len(rest)-suffix:], nil
}

// checkInvariants walks the raw key space and checks what the layout
// promises: each key's L entry is a copy of its newest V entry; at most one
// null version per key, pointed at by N; D entries belong to inline
// versions; parts belong to uploads; everything belongs to a bucket.
func checkInvariants(t *testing.T, s *Store) {
	t.Helper()
	it, err := s.db.NewIter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	buckets := map[string]bool{}
	newest := map[objKey][]byte{}
	versions := map[objKey]map[uint64]*meta.Version{}
	latest := map[objKey][]byte{}
	nulls := map[objKey]uint64{}
	type seqKey struct {
		objKey
		seq uint64
	}
	var data []seqKey
	uploads := map[seqKey]bool{}
	var parts []seqKey
	fail := func(format string, args ...any) { t.Helper(); t.Errorf("invariant: "+format, args...) }
	for ok := it.First(); ok; ok = it.Next() {
		k, val := it.Key(), it.Value()
		switch k[0] {
		case pBucket:
			buckets[string(k[1:])] = true
		case pVersion, pData, pUpload, pPart:
			suffix := 8
			if k[0] == pPart {
				suffix = 12
			}
			ok, sfx, err := splitKey(k, suffix)
			if err != nil {
				fail("%v", err)
				continue
			}
			seq := binary.BigEndian.Uint64(sfx[:8])
			switch k[0] {
			case pVersion:
				seq = ^seq
				v, err := meta.DecodeVersion(val)
				if err != nil {
					fail("version %q: %v", k, err)
					continue
				}
				if v.Bucket != ok.bucket || v.Key != ok.key || v.Seq != seq {
					fail("version %q holds %s/%s seq %d", k, v.Bucket, v.Key, v.Seq)
				}
				if id, err := parseID(v.VersionID); v.VersionID != meta.NullVersion && (err != nil || id != seq) {
					fail("version %q has id %q", k, v.VersionID)
				}
				if versions[ok] == nil {
					versions[ok] = map[uint64]*meta.Version{}
					newest[ok] = append([]byte(nil), val...)
				}
				versions[ok][seq] = v
			case pData:
				data = append(data, seqKey{ok, ^seq})
			case pUpload:
				uploads[seqKey{ok, seq}] = true
			case pPart:
				parts = append(parts, seqKey{ok, seq})
			}
		case pLatest, pNull:
			ok, _, err := splitKey(k, -1)
			if err != nil {
				fail("%v", err)
				continue
			}
			if k[0] == pLatest {
				latest[ok] = append([]byte(nil), val...)
			} else if len(val) != 8 {
				fail("null pointer %q is %d bytes", k, len(val))
			} else {
				nulls[ok] = binary.BigEndian.Uint64(val)
			}
		case pRecord:
		default:
			fail("unknown key family %q", k)
		}
	}
	if err := it.Error(); err != nil {
		t.Fatal(err)
	}
	for ok, raw := range newest {
		if !buckets[ok.bucket] {
			fail("versions of %v in a missing bucket", ok)
		}
		if !bytes.Equal(latest[ok], raw) {
			fail("latest entry of %v is not its newest version", ok)
		}
		n := 0
		for seq, v := range versions[ok] {
			if v.VersionID == meta.NullVersion {
				n++
				if nulls[ok] != seq {
					fail("null version of %v at %d, pointer says %d", ok, seq, nulls[ok])
				}
			}
		}
		if n > 1 {
			fail("%v has %d null versions", ok, n)
		}
	}
	for ok := range latest {
		if newest[ok] == nil {
			fail("latest entry of %v without versions", ok)
		}
	}
	for ok, seq := range nulls {
		if v := versions[ok][seq]; v == nil || v.VersionID != meta.NullVersion {
			fail("null pointer of %v points at %d, not a null version", ok, seq)
		}
	}
	for _, d := range data {
		if v := versions[d.objKey][d.seq]; v == nil || !v.Inline {
			fail("inline data of %v seq %d without an inline version", d.objKey, d.seq)
		}
	}
	for u := range uploads {
		if !buckets[u.bucket] {
			fail("upload of %v in a missing bucket", u.objKey)
		}
	}
	for _, p := range parts {
		if !uploads[p] {
			fail("part of %v seq %d without its upload", p.objKey, p.seq)
		}
	}
}
