package s3op

import (
	"net/url"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// Sub-resources S3 defines that Coffer does not serve yet. A request naming
// one must fail instead of falling through to a neighbouring operation (a
// PUT ?acl must never become a PutObject).
var unimplemented = []string{
	"accelerate", "analytics", "attributes",
	"intelligent-tiering", "inventory", "legal-hold", "lifecycle", "logging",
	"metadataConfiguration", "metadataTable", "metrics", "notification",
	"object-lock",
	"renameObject", "replication", "requestPayment",
	"restore", "retention", "select", "session", "torrent", "website",
}

// Classify names the operation of a request. bucket and key are decoded;
// copySource reports an x-amz-copy-source header.
func Classify(method, bucket, key string, q url.Values, copySource bool) (Op, error) {
	if method == "OPTIONS" {
		// A preflight asks about the actual request, whatever it names.
		return Preflight, nil
	}
	for _, s := range unimplemented {
		if _, ok := q[s]; ok {
			return Unknown, apierr.NotImplemented
		}
	}
	has := func(k string) bool { _, ok := q[k]; return ok }
	switch {
	case bucket == "":
		if method == "GET" {
			return ListBuckets, nil
		}
	case key == "":
		return classifyBucket(method, q, has)
	case has("cors"), has("ownershipControls"):
		// cors and ownershipControls are bucket sub-resources; on a key
		// they must not become a neighbouring object operation.
		return Unknown, apierr.NotImplemented
	default:
		return classifyObject(method, has, copySource)
	}
	return Unknown, apierr.MethodNotAllowed
}

func classifyBucket(method string, q url.Values, has func(string) bool) (Op, error) {
	switch method {
	case "GET":
		switch {
		case has("acl"):
			return GetBucketAcl, nil
		case has("ownershipControls"):
			return GetBucketOwnershipControls, nil
		case has("location"):
			return GetBucketLocation, nil
		case has("policy"):
			return GetBucketPolicy, nil
		case has("cors"):
			return GetBucketCors, nil
		case has("encryption"):
			return GetBucketEncryption, nil
		case has("policyStatus"):
			return GetBucketPolicyStatus, nil
		case has("publicAccessBlock"):
			return GetPublicAccessBlock, nil
		case has("versioning"):
			return GetBucketVersioning, nil
		case has("tagging"):
			return GetBucketTagging, nil
		case has("versions"):
			return ListObjectVersions, nil
		case has("uploads"):
			return ListMultipartUploads, nil
		case q.Get("list-type") == "2":
			return ListObjectsV2, nil
		}
		return ListObjects, nil
	case "HEAD":
		return HeadBucket, nil
	case "PUT":
		switch {
		case has("acl"):
			return PutBucketAcl, nil
		case has("ownershipControls"):
			return PutBucketOwnershipControls, nil
		case has("versioning"):
			return PutBucketVersioning, nil
		case has("tagging"):
			return PutBucketTagging, nil
		case has("policy"):
			return PutBucketPolicy, nil
		case has("publicAccessBlock"):
			return PutPublicAccessBlock, nil
		case has("cors"):
			return PutBucketCors, nil
		case has("encryption"):
			return PutBucketEncryption, nil
		case has("policyStatus"):
			return Unknown, apierr.MethodNotAllowed
		}
		return CreateBucket, nil
	case "DELETE":
		switch {
		case has("ownershipControls"):
			return DeleteBucketOwnershipControls, nil
		case has("acl"):
			// ACLs are replaced, never deleted; this must not become a
			// DeleteBucket.
			return Unknown, apierr.MethodNotAllowed
		case has("tagging"):
			return DeleteBucketTagging, nil
		case has("policy"):
			return DeleteBucketPolicy, nil
		case has("cors"):
			return DeleteBucketCors, nil
		case has("encryption"):
			return DeleteBucketEncryption, nil
		case has("publicAccessBlock"):
			return DeletePublicAccessBlock, nil
		}
		return DeleteBucket, nil
	case "POST":
		if has("delete") {
			return DeleteObjects, nil
		}
		// A POST to the bucket is a browser upload (its form names the key).
		return PostObject, nil
	}
	return Unknown, apierr.MethodNotAllowed
}

func classifyObject(method string, has func(string) bool, copySource bool) (Op, error) {
	switch method {
	case "GET":
		switch {
		case has("acl"):
			return GetObjectAcl, nil
		case has("tagging"):
			return GetObjectTagging, nil
		case has("uploadId"):
			return ListParts, nil
		}
		return GetObject, nil
	case "HEAD":
		return HeadObject, nil
	case "PUT":
		switch {
		case has("acl"):
			return PutObjectAcl, nil
		case has("tagging"):
			return PutObjectTagging, nil
		case has("uploadId") || has("partNumber"):
			if copySource {
				return UploadPartCopy, nil
			}
			return UploadPart, nil
		case copySource:
			return CopyObject, nil
		}
		return PutObject, nil
	case "DELETE":
		switch {
		case has("acl"):
			return Unknown, apierr.MethodNotAllowed
		case has("tagging"):
			return DeleteObjectTagging, nil
		case has("uploadId"):
			return AbortMultipartUpload, nil
		}
		return DeleteObject, nil
	case "POST":
		switch {
		case has("uploads"):
			return CreateMultipartUpload, nil
		case has("uploadId"):
			return CompleteMultipartUpload, nil
		}
		return Unknown, apierr.NotImplemented
	}
	return Unknown, apierr.MethodNotAllowed
}
