package s3xml

import (
	"encoding/xml"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// Tag is one key/value pair of a tag set.
type Tag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

// UnmarshalXML requires both Key and Value, as S3's schema does: a Tag
// without a Value element is MalformedXML, while an empty Value is valid.
func (t *Tag) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var raw struct {
		Key   *string `xml:"Key"`
		Value *string `xml:"Value"`
	}
	if err := d.DecodeElement(&raw, &start); err != nil {
		return err
	}
	if raw.Key == nil || raw.Value == nil {
		return apierr.MalformedXML
	}
	t.Key, t.Value = *raw.Key, *raw.Value
	return nil
}

// Tagging is the body of PutObjectTagging and PutBucketTagging and the
// answer of their Get counterparts.
type Tagging struct {
	XMLName xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ Tagging"`
	TagSet  []Tag    `xml:"TagSet>Tag"`
}

// TagScope selects the limits of a tag set.
type TagScope uint8

const (
	// ObjectTags allows at most 10 tags and no "aws:" keys.
	ObjectTags TagScope = iota
	// BucketTags (PutBucketTagging) allows at most 50 tags. "aws:" keys
	// pass: AWS accepts them when the bucket already carries them (tags set
	// by CloudFormation must be sent back), which only the engine can tell;
	// it answers ReservedTagKey for the others.
	BucketTags
	// CreateBucketTags (CreateBucketConfiguration's Tags) allows at most 50
	// tags and no "aws:" keys.
	CreateBucketTags
)

// Limits of S3 tags, lengths in UTF-16 code units as AWS counts them.
const (
	MaxObjectTags  = 10
	MaxBucketTags  = 50
	MaxTagKeyLen   = 128
	MaxTagValueLen = 256
)

// Validate checks the tag set against AWS's rules for scope; see
// ValidateTags.
func (t *Tagging) Validate(scope TagScope) error { return ValidateTags(t.TagSet, scope) }

// DecodeTagging decodes and validates a PutObjectTagging or
// PutBucketTagging body.
func DecodeTagging(r io.Reader, scope TagScope) (*Tagging, error) {
	var t Tagging
	if err := Decode(r, MaxTaggingBody, &t); err != nil {
		return nil, err
	}
	if err := t.Validate(scope); err != nil {
		return nil, err
	}
	return &t, nil
}

// ValidateTags checks tags in order, as AWS does, and answers the first
// violation: a bad key (InvalidTag "The TagKey you have provided is
// invalid"), a reserved "aws:" key (see TagScope), a bad value (InvalidTag "The TagValue
// you have provided is invalid"), a repeated key (InvalidTag "Cannot
// provide multiple Tags with the same key"); only then the count
// (BadRequest "Object tags cannot be greater than 10" / "Bucket tag count
// cannot be greater than 50"). Errors carry the TagKey (and TagValue)
// elements AWS adds.
func ValidateTags(tags []Tag, scope TagScope) error {
	seen := make(map[string]struct{}, min(len(tags), MaxBucketTags))
	for _, t := range tags {
		if err := validateTag(t, scope); err != nil {
			return err
		}
		if _, dup := seen[t.Key]; dup {
			return apierr.InvalidTag.WithMessage("Cannot provide multiple Tags with the same key").With("TagKey", t.Key)
		}
		seen[t.Key] = struct{}{}
	}
	if scope == ObjectTags && len(tags) > MaxObjectTags {
		return apierr.TooManyObjectTags
	}
	if scope != ObjectTags && len(tags) > MaxBucketTags {
		return apierr.TooManyBucketTags
	}
	return nil
}

// IsReservedTagKey reports whether key uses the "aws:" prefix (in any case)
// that AWS keeps for its own tags.
func IsReservedTagKey(key string) bool {
	return len(key) >= 4 && strings.EqualFold(key[:4], "aws:")
}

// ReservedTagKey is AWS's InvalidTag for a user-supplied "aws:" key. Its
// wording differs between the tagging APIs and CreateBucket.
func ReservedTagKey(scope TagScope, key string) *apierr.Error {
	msg := "Your TagKey cannot be prefixed with aws:"
	if scope == CreateBucketTags {
		msg = `User-defined tag keys can't start with "aws:". This prefix is reserved for system tags. Remove "aws:" from your tag keys and try again.`
	}
	return apierr.InvalidTag.WithMessage(msg).With("TagKey", key)
}

func validateTag(t Tag, scope TagScope) error {
	if n, ok := utf16Len(t.Key); !ok || n == 0 || n > MaxTagKeyLen || !tagChars(t.Key) {
		return apierr.InvalidTag.WithMessage("The TagKey you have provided is invalid").With("TagKey", t.Key)
	}
	if IsReservedTagKey(t.Key) && scope != BucketTags {
		return ReservedTagKey(scope, t.Key)
	}
	if n, ok := utf16Len(t.Value); !ok || n > MaxTagValueLen || !tagChars(t.Value) {
		return apierr.InvalidTag.WithMessage("The TagValue you have provided is invalid").With("TagKey", t.Key).With("TagValue", t.Value)
	}
	return nil
}

// utf16Len counts UTF-16 code units, reporting false for invalid UTF-8.
func utf16Len(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			return 0, false
		}
		n++
		if r > 0xFFFF {
			n++
		}
		i += size
	}
	return n, true
}

// tagChars reports whether s matches AWS's documented tag pattern
// ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$: letters, separators and numbers in any
// script, and _ . : / = + - @.
func tagChars(s string) bool {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'):
		case strings.ContainsRune(" +-=._:/@", r):
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Z, r):
		default:
			return false
		}
	}
	return true
}

// ParseTaggingHeader parses the x-amz-tagging header (and the tagging form
// field of POST uploads): URL query syntax, "k1=v1&k2=v2", with '+' for a
// space. An empty header is an empty tag set. Syntax faults, empty keys,
// invalid UTF-8 and repeated keys are AWS's InvalidArgument about the
// header's encoding; the tags are then checked as object tags.
func ParseTaggingHeader(s string) ([]Tag, error) {
	var tags []Tag
	seen := make(map[string]struct{})
	for pair := range strings.SplitSeq(s, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, ok1 := unescape(k)
		value, ok2 := unescape(v)
		if !ok1 || !ok2 || key == "" || !utf8.ValidString(key) || !utf8.ValidString(value) {
			return nil, apierr.InvalidTaggingHeader
		}
		if _, dup := seen[key]; dup {
			return nil, apierr.InvalidTaggingHeader
		}
		seen[key] = struct{}{}
		tags = append(tags, Tag{Key: key, Value: value})
	}
	if err := ValidateTags(tags, ObjectTags); err != nil {
		return nil, err
	}
	return tags, nil
}

// unescape decodes query escapes: %XX and '+' for space.
func unescape(s string) (string, bool) {
	if !strings.ContainsAny(s, "%+") {
		return s, true
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b.WriteByte(' ')
		case '%':
			if i+2 >= len(s) || !ishex(s[i+1]) || !ishex(s[i+2]) {
				return "", false
			}
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
