package s3api

import (
	"errors"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

// existingTagActions are the actions for which S3 sets
// s3:ExistingObjectTag/<key> from the object's tags.
var existingTagActions = map[string]bool{
	"s3:GetObject": true, "s3:GetObjectVersion": true,
	"s3:GetObjectAcl": true, "s3:GetObjectVersionAcl": true,
	"s3:PutObjectAcl": true, "s3:PutObjectVersionAcl": true,
	"s3:GetObjectTagging": true, "s3:GetObjectVersionTagging": true,
	"s3:PutObjectTagging": true, "s3:PutObjectVersionTagging": true,
	"s3:DeleteObjectTagging": true, "s3:DeleteObjectVersionTagging": true,
}

// objectTags reads the tags of the object a request names (the version it
// names, or the latest). A missing object has none; the handler answers
// for it.
func (c *call) objectTags(bucket, key string) ([]meta.Tag, error) {
	v, _, err := c.h.eng.ObjectVersion(c.ctx, bucket, key, c.versionFor(bucket, key))
	if err != nil {
		var ae *apierr.Error
		if errors.As(err, &ae) {
			return nil, nil
		}
		return nil, err
	}
	return v.Tags, nil
}

var kTagKeys = policy.MustKey("aws:TagKeys")

// setBucketTags sets aws:ResourceTag/<key> from the bucket's tags.
func setBucketTags(pc *policy.Context, b *meta.Bucket) {
	for _, t := range b.Tags {
		pc.Set("aws:ResourceTag/"+t.Key, t.Value)
	}
}

// setRequestTags sets aws:RequestTag/<key> and aws:TagKeys for tags a
// request asks to put on a bucket.
func setRequestTags(pc *policy.Context, tags []s3xml.Tag) {
	keys := make([]string, len(tags))
	for i, t := range tags {
		keys[i] = t.Key
		pc.Set("aws:RequestTag/"+t.Key, t.Value)
	}
	pc.SetKeyMulti(kTagKeys, keys)
}
