package arn

import "strings"

// S3Kind says which S3 resource an ARN names.
type S3Kind uint8

// The S3 resource shapes.
const (
	S3Invalid           S3Kind = iota
	S3Bucket                   // arn:aws:s3:::bucket
	S3Object                   // arn:aws:s3:::bucket/key
	S3AccessPoint              // arn:aws:s3:region:account:accesspoint/name
	S3AccessPointObject        // arn:aws:s3:region:account:accesspoint/name/object/key
)

// S3Resource is the S3 reading of an ARN.
type S3Resource struct {
	Kind        S3Kind
	Bucket      string // S3Bucket, S3Object
	AccessPoint string // S3AccessPoint, S3AccessPointObject
	Key         string // S3Object, S3AccessPointObject
}

// Bucket returns the ARN of a bucket.
func Bucket(bucket string) string { return "arn:" + DefaultPartition + ":s3:::" + bucket }

// Object returns the ARN of an object; the key is not escaped, as in AWS.
func Object(bucket, key string) string {
	return "arn:" + DefaultPartition + ":s3:::" + bucket + "/" + key
}

// AccessPoint returns the ARN of an access point.
func AccessPoint(region, account, name string) string {
	return "arn:" + DefaultPartition + ":s3:" + region + ":" + account + ":accesspoint/" + name
}

// AccessPointObject returns the ARN of an object reached through an access point.
func AccessPointObject(region, account, name, key string) string {
	return AccessPoint(region, account, name) + "/object/" + key
}

// S3 reads an ARN as an S3 resource. Bucket and object ARNs have empty region
// and account; access point ARNs have both.
func (a ARN) S3() (S3Resource, bool) {
	if a.Service != "s3" {
		return S3Resource{}, false
	}
	if a.Region == "" && a.Account == "" {
		bucket, key, hasKey := strings.Cut(a.Resource, "/")
		if bucket == "" {
			return S3Resource{}, false
		}
		if !hasKey {
			return S3Resource{Kind: S3Bucket, Bucket: bucket}, true
		}
		if key == "" {
			return S3Resource{}, false
		}
		return S3Resource{Kind: S3Object, Bucket: bucket, Key: key}, true
	}
	if a.Region == "" || !IsAccountID(a.Account) {
		return S3Resource{}, false
	}
	rest, ok := strings.CutPrefix(a.Resource, "accesspoint/")
	if !ok {
		// The colon form (accesspoint:name) is accepted by the SDKs too.
		if rest, ok = strings.CutPrefix(a.Resource, "accesspoint:"); !ok {
			return S3Resource{}, false
		}
	}
	name, tail, hasTail := strings.Cut(rest, "/")
	if name == "" {
		return S3Resource{}, false
	}
	if !hasTail {
		return S3Resource{Kind: S3AccessPoint, AccessPoint: name}, true
	}
	key, ok := strings.CutPrefix(tail, "object/")
	if !ok || key == "" {
		return S3Resource{}, false
	}
	return S3Resource{Kind: S3AccessPointObject, AccessPoint: name, Key: key}, true
}
