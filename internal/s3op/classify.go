package s3op

import (
	"net/url"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// Sub-resources S3 defines that Coffer does not serve yet. A request naming
// one must fail instead of falling through to a neighbouring operation.
var unimplemented = []string{
	"analytics", "attributes",
	"intelligent-tiering", "inventory", "legal-hold",
	"metadataConfiguration", "metadataTable", "metrics",
	"renameObject",
	"restore", "retention", "select", "session", "torrent",
}

// readOnly are bucket configurations Coffer cannot hold: reading one
// answers as for a bucket where it is not set (tools such as terraform read
// them all); setting or deleting one is NotImplemented.
var readOnly = []struct {
	name string
	get  Op
}{
	{"lifecycle", GetBucketLifecycleConfiguration},
	{"logging", GetBucketLogging},
	{"requestPayment", GetBucketRequestPayment},
	{"accelerate", GetBucketAccelerateConfiguration},
	{"notification", GetBucketNotificationConfiguration},
	{"website", GetBucketWebsite},
	{"replication", GetBucketReplication},
	{"object-lock", GetObjectLockConfiguration},
}

// methods maps an HTTP method to the operation a sub-resource names.
type methods map[string]Op

// bucketSub lists the bucket sub-resources in the order they are tried. A
// sub-resource with no entry for the method is MethodNotAllowed, never the
// bucket's plain operation: a DELETE ?versioning must not delete the bucket.
var bucketSub = []struct {
	name string
	ops  methods
}{
	{"acl", methods{"GET": GetBucketAcl, "PUT": PutBucketAcl}},
	{"ownershipControls", methods{"GET": GetBucketOwnershipControls, "PUT": PutBucketOwnershipControls, "DELETE": DeleteBucketOwnershipControls}},
	{"location", methods{"GET": GetBucketLocation}},
	{"policy", methods{"GET": GetBucketPolicy, "PUT": PutBucketPolicy, "DELETE": DeleteBucketPolicy}},
	{"policyStatus", methods{"GET": GetBucketPolicyStatus}},
	{"cors", methods{"GET": GetBucketCors, "PUT": PutBucketCors, "DELETE": DeleteBucketCors}},
	{"encryption", methods{"GET": GetBucketEncryption, "PUT": PutBucketEncryption, "DELETE": DeleteBucketEncryption}},
	{"publicAccessBlock", methods{"GET": GetPublicAccessBlock, "PUT": PutPublicAccessBlock, "DELETE": DeletePublicAccessBlock}},
	{"versioning", methods{"GET": GetBucketVersioning, "PUT": PutBucketVersioning}},
	{"tagging", methods{"GET": GetBucketTagging, "PUT": PutBucketTagging, "DELETE": DeleteBucketTagging}},
	{"versions", methods{"GET": ListObjectVersions}},
	{"uploads", methods{"GET": ListMultipartUploads}},
	{"delete", methods{"POST": DeleteObjects}},
}

// objectOnly are sub-resources of objects that mean nothing on a bucket.
var objectOnly = []string{"uploadId", "partNumber"}

// objectSub lists the object sub-resources, tried in order.
var objectSub = []struct {
	name string
	ops  methods
}{
	{"acl", methods{"GET": GetObjectAcl, "PUT": PutObjectAcl}},
	{"tagging", methods{"GET": GetObjectTagging, "PUT": PutObjectTagging, "DELETE": DeleteObjectTagging}},
	{"uploads", methods{"POST": CreateMultipartUpload}},
	{"uploadId", methods{"GET": ListParts, "PUT": UploadPart, "POST": CompleteMultipartUpload, "DELETE": AbortMultipartUpload}},
}

// Classify names the operation of a request. bucket and key are decoded;
// copySource reports an x-amz-copy-source header.
func Classify(method, bucket, key string, q url.Values, copySource bool) (Op, error) {
	if method == "OPTIONS" {
		// A preflight asks about the actual request, whatever it names.
		return Preflight, nil
	}
	for _, s := range unimplemented {
		if q.Has(s) {
			return Unknown, apierr.NotImplemented
		}
	}
	for _, s := range readOnly {
		if q.Has(s.name) {
			if method == "GET" && bucket != "" && key == "" {
				return s.get, nil
			}
			return Unknown, apierr.NotImplemented
		}
	}
	switch {
	case bucket == "":
		if method == "GET" {
			return ListBuckets, nil
		}
		return Unknown, apierr.MethodNotAllowed
	case key == "":
		return classifyBucket(method, q)
	}
	return classifyObject(method, q, copySource)
}

func classifyBucket(method string, q url.Values) (Op, error) {
	for _, s := range bucketSub {
		if q.Has(s.name) {
			if op, ok := s.ops[method]; ok {
				return op, nil
			}
			return Unknown, apierr.MethodNotAllowed
		}
	}
	for _, s := range objectOnly {
		if q.Has(s) {
			return Unknown, apierr.MethodNotAllowed
		}
	}
	switch method {
	case "GET":
		if q.Get("list-type") == "2" {
			return ListObjectsV2, nil
		}
		return ListObjects, nil
	case "HEAD":
		return HeadBucket, nil
	case "PUT":
		return CreateBucket, nil
	case "DELETE":
		return DeleteBucket, nil
	case "POST":
		// A POST to the bucket is a browser upload (its form names the key).
		return PostObject, nil
	}
	return Unknown, apierr.MethodNotAllowed
}

func classifyObject(method string, q url.Values, copySource bool) (Op, error) {
	for _, s := range objectSub {
		if !q.Has(s.name) {
			continue
		}
		op, ok := s.ops[method]
		if !ok {
			return Unknown, apierr.MethodNotAllowed
		}
		if op == UploadPart && copySource {
			return UploadPartCopy, nil
		}
		return op, nil
	}
	// A bucket sub-resource on a key must not become an object operation
	// (a PUT key?policy is no PutObject).
	for _, s := range bucketSub {
		if q.Has(s.name) {
			return Unknown, apierr.MethodNotAllowed
		}
	}
	switch method {
	case "GET":
		return GetObject, nil
	case "HEAD":
		return HeadObject, nil
	case "PUT":
		switch {
		case q.Has("partNumber"):
			// A part without an upload id: UploadPart answers NoSuchUpload.
			if copySource {
				return UploadPartCopy, nil
			}
			return UploadPart, nil
		case copySource:
			return CopyObject, nil
		}
		return PutObject, nil
	case "DELETE":
		return DeleteObject, nil
	case "POST":
		return Unknown, apierr.NotImplemented
	}
	return Unknown, apierr.MethodNotAllowed
}

// SubResources lists every query parameter that selects an operation (or
// names one Coffer refuses), for authentication schemes that must sign
// them: a signature that does not cover one could be replayed as another
// operation.
func SubResources() []string {
	out := append([]string(nil), unimplemented...)
	for _, s := range readOnly {
		out = append(out, s.name)
	}
	for _, s := range bucketSub {
		out = append(out, s.name)
	}
	for _, s := range objectSub {
		out = append(out, s.name)
	}
	return append(out, objectOnly...)
}
