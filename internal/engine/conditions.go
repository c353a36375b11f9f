package engine

import (
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/meta"
)

// Conditions are the HTTP preconditions of a read, or of a copy source.
type Conditions struct {
	IfMatch           string
	IfNoneMatch       string
	IfModifiedSince   time.Time // zero when absent or unparsable (then ignored, as S3)
	IfUnmodifiedSince time.Time
}

// etagListMatches reports whether a header list ("*", `"a", "b"`, W/"a")
// names the etag.
func etagListMatches(list, etag string) bool {
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		item = strings.TrimPrefix(item, "W/")
		if item == "*" || strings.Trim(item, `"`) == etag {
			return true
		}
	}
	return false
}

// Check applies RFC 7232 as S3 does: If-Match and If-Unmodified-Since fail
// with 412 (If-Match wins over If-Unmodified-Since), If-None-Match and
// If-Modified-Since answer 304 for reads (If-None-Match wins).
// Last-Modified has second precision on the wire, so comparisons truncate.
func (c *Conditions) Check(v *meta.Version, forCopy bool) error {
	mod := v.Modified.Truncate(time.Second)
	failed := apierr.PreconditionFailed
	notModified := apierr.NotModified
	if forCopy {
		// Copy sources fail with 412 for all four conditions.
		notModified = apierr.PreconditionFailed
	}
	if c.IfMatch != "" {
		if !etagListMatches(c.IfMatch, v.ETag) {
			return failed.With("Condition", "If-Match")
		}
	} else if !c.IfUnmodifiedSince.IsZero() && mod.After(c.IfUnmodifiedSince) {
		return failed.With("Condition", "If-Unmodified-Since")
	}
	if c.IfNoneMatch != "" {
		if etagListMatches(c.IfNoneMatch, v.ETag) {
			return notModified
		}
	} else if !c.IfModifiedSince.IsZero() && !mod.After(c.IfModifiedSince) {
		if forCopy && c.IfMatch != "" {
			// S3: copy-source-if-match true and if-modified-since false → copy.
			return nil
		}
		return notModified
	}
	return nil
}

// WriteConditions are the conditional-write headers of PutObject and
// CompleteMultipartUpload.
type WriteConditions struct {
	IfMatch     string
	IfNoneMatch string // only "*" is valid
}

// check runs inside the object's atomic section, against its latest version.
func (w *WriteConditions) check(latest *meta.Version) error {
	exists := latest != nil && !latest.DeleteMarker
	if w.IfNoneMatch != "" && exists {
		return apierr.PreconditionFailed.With("Condition", "If-None-Match")
	}
	if w.IfMatch != "" {
		if !exists {
			return apierr.NoSuchKey
		}
		if !etagListMatches(w.IfMatch, latest.ETag) {
			return apierr.PreconditionFailed.With("Condition", "If-Match")
		}
	}
	return nil
}

// Validate rejects malformed conditional-write headers.
func (w *WriteConditions) Validate() error {
	if w.IfNoneMatch != "" && w.IfNoneMatch != "*" {
		return apierr.NotImplemented.WithMessage("A header you provided implies functionality that is not implemented").With("Header", "If-None-Match")
	}
	return nil
}
