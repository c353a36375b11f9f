package kmsapi

import (
	"strconv"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/policy"
)

// maxKeyTags is KMS's quota of tags per key.
const maxKeyTags = 50

var kTagKeys = policy.MustKey("aws:TagKeys")

// checkTags validates the Tags of a request as KMS does: key 1–128
// characters, value up to 256, and the aws: prefix is AWS's own.
func checkTags(tags []wireTag) error {
	for i, t := range tags {
		at := "tags." + strconv.Itoa(i+1) + ".member."
		switch {
		case len(t.TagKey) < 1:
			return apierr.KMSValidation.WithMessage("1 validation error detected: Value at '" + at + "tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1")
		case len(t.TagKey) > 128:
			return apierr.KMSValidation.WithMessage("1 validation error detected: Value at '" + at + "tagKey' failed to satisfy constraint: Member must have length less than or equal to 128")
		case len(t.TagValue) > 256:
			return apierr.KMSValidation.WithMessage("1 validation error detected: Value at '" + at + "tagValue' failed to satisfy constraint: Member must have length less than or equal to 256")
		case strings.HasPrefix(strings.ToLower(t.TagKey), "aws:"):
			return apierr.KMSTag.WithMessage("Tags beginning with aws: are reserved")
		}
	}
	return nil
}

// mergeTags applies tags over a key's: a new value replaces an old one of
// the same key; the result may hold at most 50.
func mergeTags(have []keys.KeyTag, add []wireTag) ([]keys.KeyTag, error) {
	out := append([]keys.KeyTag(nil), have...)
	for _, t := range add {
		i := 0
		for i < len(out) && out[i].Key != t.TagKey {
			i++
		}
		if i < len(out) {
			out[i].Value = t.TagValue
			continue
		}
		out = append(out, keys.KeyTag{Key: t.TagKey, Value: t.TagValue})
	}
	if len(out) > maxKeyTags {
		return nil, apierr.KMSLimitExceeded.WithMessage("The request was rejected because a quota was exceeded: a KMS key can have at most 50 tags.")
	}
	return out, nil
}

// setRequestTagKeys sets aws:RequestTag/<key> and aws:TagKeys for the
// operations that add or remove tags, so that tag-based policies work.
func (c *call) setRequestTagKeys(pc *policy.Context) {
	switch c.op {
	case "CreateKey", "TagResource":
		names := make([]string, len(c.req.Tags))
		for i, t := range c.req.Tags {
			names[i] = t.TagKey
			pc.Set("aws:RequestTag/"+t.TagKey, t.TagValue)
		}
		pc.SetKeyMulti(kTagKeys, names)
	case "UntagResource":
		pc.SetKeyMulti(kTagKeys, c.req.TagKeys)
	}
}

func tagResource(c *call) (any, error) {
	if err := checkTags(c.req.Tags); err != nil {
		return nil, err
	}
	_, err := c.manage("kms:TagResource", func(k *kmsKey) error {
		if err := pendingDeletion(k); err != nil {
			return err
		}
		tags, err := mergeTags(k.Tags, c.req.Tags)
		k.Tags = tags
		return err
	})
	return nil, err
}

func untagResource(c *call) (any, error) {
	_, err := c.manage("kms:UntagResource", func(k *kmsKey) error {
		if err := pendingDeletion(k); err != nil {
			return err
		}
		kept := k.Tags[:0]
		for _, t := range k.Tags {
			drop := false
			for _, name := range c.req.TagKeys {
				drop = drop || name == t.Key
			}
			if !drop {
				kept = append(kept, t)
			}
		}
		k.Tags = kept
		return nil
	})
	return nil, err
}

func listResourceTags(c *call) (any, error) {
	k, err := c.ownKey(c.req.KeyID, "kms:ListResourceTags")
	if err != nil {
		return nil, err
	}
	limit := 50
	if l := c.req.Limit; l != nil {
		if *l < 1 || *l > 50 {
			return nil, apierr.KMSValidation.WithMessage("1 validation error detected: Value '" + itoa(*l) + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 50")
		}
		limit = *l
	}
	start := 0
	if m := c.req.Marker; m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 0 || n > len(k.Tags) {
			return nil, apierr.KMSInvalidMarker.WithMessage("Invalid marker")
		}
		start = n
	}
	type tag struct {
		TagKey   string `json:"TagKey"`
		TagValue string `json:"TagValue"`
	}
	out := []tag{}
	end := min(start+limit, len(k.Tags))
	for _, t := range k.Tags[start:end] {
		out = append(out, tag{t.Key, t.Value})
	}
	res := map[string]any{"Tags": out, "Truncated": end < len(k.Tags)}
	if end < len(k.Tags) {
		res["NextMarker"] = itoa(end)
	}
	return res, nil
}
