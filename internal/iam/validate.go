package iam

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// IAM's parameter limits (the API reference's length constraints).
const (
	MaxUserNameLen    = 64
	MaxGroupNameLen   = 128
	MaxRoleNameLen    = 64
	MaxPolicyNameLen  = 128
	MaxPathLen        = 512
	MaxDescriptionLen = 1000
	MaxTagsPerEntity  = 50
	MaxTagKeyLen      = 128
	MaxTagValueLen    = 256
	MaxPolicyDocLen   = 131072
	MinSessionSeconds = 3600
	MaxSessionSeconds = 43200
	MaxGroupsPerUser  = 10
	MaxAttached       = 10 // managed policies per user, group or role
	MaxPolicyVersions = 5
)

const (
	namePattern       = `[\w+=,.@-]+`
	pathPattern       = `(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`
	pathPrefixPattern = `\u002F[\u0021-\u007F]*`
	tagKeyPattern     = `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`
	tagValuePattern   = `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`
	textPattern       = `[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*`
	docPattern        = `[\u0009\u000A\u000D\u0020-\u00FF]+`
)

func tooLong(field, v string, max int) error {
	return apierr.Validation(field, v, "Member must have length less than or equal to "+strconv.Itoa(max))
}

func badPattern(field, v, pattern string) error {
	return apierr.Validation(field, v, "Member must satisfy regular expression pattern: "+pattern)
}

// validName checks a user, group, role or policy name: 1 to max characters
// of [\w+=,.@-].
func validName(field, v string, max int) error {
	if v == "" {
		return apierr.ValidationNull(field)
	}
	if utf8.RuneCountInString(v) > max {
		return tooLong(field, v, max)
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_+=,.@-", c) >= 0) {
			return badPattern(field, v, namePattern)
		}
	}
	return nil
}

// normPath validates a path ("" means "/"): "/" or "/.../" of printable
// ASCII.
func normPath(field, v string) (string, error) {
	if v == "" {
		return "/", nil
	}
	if len(v) > MaxPathLen {
		return "", tooLong(field, v, MaxPathLen)
	}
	if v != "/" {
		if len(v) < 3 || v[0] != '/' || v[len(v)-1] != '/' {
			return "", badPattern(field, v, pathPattern)
		}
		for i := 1; i < len(v)-1; i++ {
			if v[i] < 0x21 || v[i] > 0x7e {
				return "", badPattern(field, v, pathPattern)
			}
		}
	}
	return v, nil
}

// ValidPathPrefix checks a list call's PathPrefix ("" means all).
func ValidPathPrefix(v string) error {
	if v == "" {
		return nil
	}
	if len(v) > MaxPathLen {
		return tooLong("pathPrefix", v, MaxPathLen)
	}
	if v[0] != '/' {
		return badPattern("pathPrefix", v, pathPrefixPattern)
	}
	for i := 1; i < len(v); i++ {
		if v[i] < 0x21 || v[i] > 0x7f {
			return badPattern("pathPrefix", v, pathPrefixPattern)
		}
	}
	return nil
}

func validText(field, v string, max int) error {
	if utf8.RuneCountInString(v) > max {
		return tooLong(field, v, max)
	}
	for _, r := range v {
		if !(r == 9 || r == 10 || r == 13 || r >= 0x20 && r <= 0x7e || r >= 0xa1 && r <= 0xff) {
			return badPattern(field, v, textPattern)
		}
	}
	return nil
}

// validDocument checks a policy document parameter's declared shape; the
// policy language checks the rest.
func validDocument(field, v string) error {
	if v == "" {
		return apierr.ValidationNull(field)
	}
	if utf8.RuneCountInString(v) > MaxPolicyDocLen {
		return tooLong(field, v, MaxPolicyDocLen)
	}
	for _, r := range v {
		if !(r == 9 || r == 10 || r == 13 || r >= 0x20 && r <= 0xff) {
			return badPattern(field, v, docPattern)
		}
	}
	return nil
}

func tagRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.In(r, unicode.Z) || unicode.IsNumber(r) || strings.ContainsRune("_.:/=+-@", r)
}

// validTagKey checks one key; field is where it sits ("tags.1.member.key").
func validTagKey(field, k string) error {
	if k == "" {
		return apierr.Validation(field, k, "Member must have length greater than or equal to 1")
	}
	if utf8.RuneCountInString(k) > MaxTagKeyLen {
		return tooLong(field, k, MaxTagKeyLen)
	}
	for _, r := range k {
		if !tagRune(r) {
			return badPattern(field, k, tagKeyPattern)
		}
	}
	return nil
}

// validTags checks tags passed to a create or tag call: keys are unique
// regardless of case, and the aws: prefix is AWS's.
func validTags(tags []Tag) error {
	if len(tags) > MaxTagsPerEntity {
		return apierr.Validation("tags", "["+strconv.Itoa(len(tags))+" tags]", "Member must have length less than or equal to 50")
	}
	seen := map[string]bool{}
	for i, t := range tags {
		n := strconv.Itoa(i + 1)
		if err := validTagKey("tags."+n+".member.key", t.Key); err != nil {
			return err
		}
		if utf8.RuneCountInString(t.Value) > MaxTagValueLen {
			return tooLong("tags."+n+".member.value", t.Value, MaxTagValueLen)
		}
		for _, r := range t.Value {
			if !tagRune(r) {
				return badPattern("tags."+n+".member.value", t.Value, tagValuePattern)
			}
		}
		if strings.HasPrefix(lower(t.Key), "aws:") {
			return apierr.InvalidInput.WithMessage("User-defined tag keys can't start with \"aws:\". This prefix is reserved for AWS tags.")
		}
		if seen[lower(t.Key)] {
			return apierr.InvalidInput.WithMessage("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
		}
		seen[lower(t.Key)] = true
	}
	return nil
}

// mergeTags applies new tags over old ones (keys compare case-insensitively;
// a re-tagged key takes the new spelling and value), enforcing the quota.
func mergeTags(old, add []Tag) ([]Tag, error) {
	if err := validTags(add); err != nil {
		return nil, err
	}
	out := append([]Tag(nil), old...)
	for _, t := range add {
		found := false
		for i := range out {
			if lower(out[i].Key) == lower(t.Key) {
				out[i], found = t, true
				break
			}
		}
		if !found {
			out = append(out, t)
		}
	}
	if len(out) > MaxTagsPerEntity {
		return nil, apierr.LimitExceeded.WithMessage("The number of tags has reached the maximum limit.")
	}
	return out, nil
}

// removeTags drops the keys (case-insensitively); unknown keys are ignored.
func removeTags(old []Tag, keys []string) ([]Tag, error) {
	if len(keys) > MaxTagsPerEntity {
		return nil, apierr.Validation("tagKeys", "["+strconv.Itoa(len(keys))+" keys]", "Member must have length less than or equal to 50")
	}
	drop := map[string]bool{}
	for i, k := range keys {
		if err := validTagKey("tagKeys."+strconv.Itoa(i+1)+".member", k); err != nil {
			return nil, err
		}
		drop[lower(k)] = true
	}
	var out []Tag
	for _, t := range old {
		if !drop[lower(t.Key)] {
			out = append(out, t)
		}
	}
	return out, nil
}

// Unique ids: a 4-letter prefix by entity type and 17 base-32 characters,
// 21 in all as AWS's.
const (
	prefixUser   = "AIDA"
	prefixGroup  = "AGPA"
	prefixRole   = "AROA"
	prefixPolicy = "ANPA"
)

func newUniqueID(prefix string) string {
	return prefix + randomString(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
}
