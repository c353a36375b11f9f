package engine

import (
	"context"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/meta"
)

// ListInput selects keys of a bucket.
type ListInput struct {
	Bucket    string
	Prefix    string
	Delimiter string
	After     string // marker / start-after / continuation point (exclusive)
	MaxKeys   int
	// AfterVersion continues a version listing within After.
	AfterVersion string
}

// ListOutput is one page of a listing. Entries and CommonPrefixes are each
// in key order; NextAfter is the last key or prefix returned.
type ListOutput struct {
	Entries        []*meta.Version
	CommonPrefixes []string
	Truncated      bool
	NextAfter      string
	NextVersion    string
	// IsLatest marks, for version listings, which entries are current.
	IsLatest []bool
}

// DefaultMaxKeys is S3's page size cap.
const DefaultMaxKeys = 1000

func clampMax(n int) int {
	if n < 0 || n > DefaultMaxKeys {
		return DefaultMaxKeys
	}
	return n
}

// lister rolls keys up into common prefixes and counts a page.
type lister struct {
	in   *ListInput
	out  *ListOutput
	max  int
	last string // last common prefix added
}

func (l *lister) full() bool { return len(l.out.Entries)+len(l.out.CommonPrefixes) >= l.max }

// truncate ends a full page. A max-keys=0 page is never truncated, as in
// S3: it carries no marker to continue from, so a client would loop.
func (l *lister) truncate() { l.out.Truncated = l.max > 0 }

// rollup returns the common prefix of key, or "".
func (l *lister) rollup(key string) string {
	if l.in.Delimiter == "" {
		return ""
	}
	rest := key[len(l.in.Prefix):]
	if i := strings.Index(rest, l.in.Delimiter); i >= 0 {
		return l.in.Prefix + rest[:i+len(l.in.Delimiter)]
	}
	return ""
}

// rolledUpMarker returns the continuation point when it is itself a common
// prefix (a page ended on one), so that its keys are skipped instead of
// being rolled up and returned again.
func rolledUpMarker(in *ListInput) string {
	if in.Delimiter == "" || !strings.HasPrefix(in.After, in.Prefix) {
		return ""
	}
	rest := in.After[len(in.Prefix):]
	if i := strings.Index(rest, in.Delimiter); i >= 0 && i+len(in.Delimiter) == len(rest) {
		return in.After
	}
	return ""
}

// ListObjects lists the current objects of a bucket (V1 and V2 share it).
func (e *Engine) ListObjects(ctx context.Context, in *ListInput) (*ListOutput, error) {
	if _, err := e.bucket(ctx, in.Bucket); err != nil {
		return nil, err
	}
	skip := rolledUpMarker(in)
	it, err := e.meta.Objects(ctx, in.Bucket, meta.ListQuery{Prefix: in.Prefix, After: in.After})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	if skip != "" {
		it.SkipPrefix(skip)
	}
	l := &lister{in: in, out: &ListOutput{}, max: clampMax(in.MaxKeys)}
	for it.Next() {
		v := it.Item()
		if l.full() {
			l.truncate()
			break
		}
		if cp := l.rollup(v.Key); cp != "" {
			l.out.CommonPrefixes = append(l.out.CommonPrefixes, cp)
			l.out.NextAfter = cp
			it.SkipPrefix(cp)
			continue
		}
		l.out.Entries = append(l.out.Entries, v)
		l.out.NextAfter = v.Key
	}
	return l.out, it.Err()
}

// ListVersions lists every version and delete marker.
func (e *Engine) ListVersions(ctx context.Context, in *ListInput) (*ListOutput, error) {
	if _, err := e.bucket(ctx, in.Bucket); err != nil {
		return nil, err
	}
	if in.AfterVersion != "" {
		if in.After == "" {
			return nil, apierr.InvalidArgument.WithMessage("A version-id marker cannot be specified without a key marker.").
				With("ArgumentName", "version-id-marker").With("ArgumentValue", in.AfterVersion)
		}
		if err := ValidVersionID(in.AfterVersion); err != nil {
			return nil, apierr.InvalidArgument.WithMessage("Invalid version id specified").
				With("ArgumentName", "version-id-marker").With("ArgumentValue", in.AfterVersion)
		}
	}
	skip := rolledUpMarker(in)
	q := meta.ListQuery{Prefix: in.Prefix, After: in.After, AfterVersion: in.AfterVersion}
	if skip != "" {
		q.AfterVersion = ""
	}
	it, err := e.meta.Versions(ctx, in.Bucket, q)
	if err != nil {
		return nil, mapMeta(err, apierr.NoSuchVersion)
	}
	defer it.Close()
	if skip != "" {
		it.SkipPrefix(skip)
	}
	l := &lister{in: in, out: &ListOutput{}, max: clampMax(in.MaxKeys)}
	// An entry is the latest of its key when it is the first one seen; a
	// listing resumed inside a key has already passed that key's newest.
	prevKey, havePrev := "", false
	if in.AfterVersion != "" && skip == "" {
		prevKey, havePrev = in.After, true
	}
	for it.Next() {
		v := it.Item()
		if l.full() {
			l.truncate()
			break
		}
		if cp := l.rollup(v.Key); cp != "" {
			l.out.CommonPrefixes = append(l.out.CommonPrefixes, cp)
			l.out.NextAfter, l.out.NextVersion = cp, ""
			it.SkipPrefix(cp)
			prevKey, havePrev = "", false
			continue
		}
		latest := !havePrev || v.Key != prevKey
		prevKey, havePrev = v.Key, true
		l.out.Entries = append(l.out.Entries, v)
		l.out.IsLatest = append(l.out.IsLatest, latest)
		l.out.NextAfter, l.out.NextVersion = v.Key, v.VersionID
	}
	return l.out, it.Err()
}
