package s3op

import (
	"net/url"
	"strings"
	"testing"
)

// Every operation must declare its IAM action and resource kind: the
// authorization path refuses requests it cannot map, and this test keeps the
// table complete.
func TestEveryOperationHasActionAndResource(t *testing.T) {
	for _, op := range All() {
		i := op.Info()
		if i.Preflight {
			// The one operation without an action: only the bucket's CORS
			// configuration decides a preflight.
			if op != Preflight || i.Action != "" || i.VersionAction != "" {
				t.Errorf("%s: only Preflight may be a preflight, and it has no action: %+v", i.Name, i)
			}
			continue
		}
		if i.Name == "" || i.Resource == 0 || !strings.HasPrefix(i.Action, "s3:") {
			t.Errorf("op %d (%q) lacks name, action or resource: %+v", op, i.Name, i)
		}
		if i.VersionAction != "" && !strings.HasPrefix(i.VersionAction, "s3:") {
			t.Errorf("%s: bad version action %q", i.Name, i.VersionAction)
		}
	}
}

func TestClassify(t *testing.T) {
	cases := []struct {
		method, bucket, key, query string
		copy                       bool
		want                       Op
		err                        string
	}{
		{"GET", "", "", "", false, ListBuckets, ""},
		{"PUT", "", "", "", false, Unknown, "MethodNotAllowed"},
		{"PUT", "b", "", "", false, CreateBucket, ""},
		{"GET", "b", "", "list-type=2&prefix=a", false, ListObjectsV2, ""},
		{"GET", "b", "", "prefix=a", false, ListObjects, ""},
		{"GET", "b", "", "versions", false, ListObjectVersions, ""},
		{"GET", "b", "", "uploads", false, ListMultipartUploads, ""},
		{"GET", "b", "", "location", false, GetBucketLocation, ""},
		{"PUT", "b", "", "versioning", false, PutBucketVersioning, ""},
		{"DELETE", "b", "", "tagging", false, DeleteBucketTagging, ""},
		{"POST", "b", "", "delete", false, DeleteObjects, ""},
		{"PUT", "b", "", "acl", false, PutBucketAcl, ""},
		{"GET", "b", "", "acl", false, GetBucketAcl, ""},
		{"DELETE", "b", "", "acl", false, Unknown, "MethodNotAllowed"},
		{"PUT", "b", "k", "acl", false, PutObjectAcl, ""},
		{"PUT", "b", "k", "acl", true, PutObjectAcl, ""},
		{"PUT", "b", "k", "acl&versionId=v", false, PutObjectAcl, ""},
		{"GET", "b", "k", "acl", false, GetObjectAcl, ""},
		{"DELETE", "b", "k", "acl", false, Unknown, "MethodNotAllowed"},
		{"GET", "b", "", "ownershipControls", false, GetBucketOwnershipControls, ""},
		{"PUT", "b", "", "ownershipControls", false, PutBucketOwnershipControls, ""},
		{"DELETE", "b", "", "ownershipControls", false, DeleteBucketOwnershipControls, ""},
		{"PUT", "b", "k", "ownershipControls", false, Unknown, "MethodNotAllowed"},
		{"POST", "b", "k", "acl", false, Unknown, "MethodNotAllowed"},
		{"PUT", "b", "k", "", false, PutObject, ""},
		{"PUT", "b", "k", "x-id=PutObject", false, PutObject, ""},
		{"PUT", "b", "k", "", true, CopyObject, ""},
		{"PUT", "b", "k", "partNumber=1&uploadId=x", false, UploadPart, ""},
		{"PUT", "b", "k", "partNumber=1&uploadId=x", true, UploadPartCopy, ""},
		{"PUT", "b", "k", "tagging", false, PutObjectTagging, ""},
		{"GET", "b", "k", "", false, GetObject, ""},
		{"GET", "b", "k", "uploadId=x", false, ListParts, ""},
		{"HEAD", "b", "k", "", false, HeadObject, ""},
		{"DELETE", "b", "k", "uploadId=x", false, AbortMultipartUpload, ""},
		{"DELETE", "b", "k", "", false, DeleteObject, ""},
		{"POST", "b", "k", "uploads", false, CreateMultipartUpload, ""},
		{"POST", "b", "k", "uploadId=x", false, CompleteMultipartUpload, ""},
		{"POST", "b", "k", "restore", false, Unknown, "NotImplemented"},
		{"PATCH", "b", "k", "", false, Unknown, "MethodNotAllowed"},
		{"GET", "b", "", "publicAccessBlock", false, GetPublicAccessBlock, ""},
		{"PUT", "b", "", "publicAccessBlock", false, PutPublicAccessBlock, ""},
		{"DELETE", "b", "", "publicAccessBlock", false, DeletePublicAccessBlock, ""},
		{"DELETE", "b", "", "policy", false, DeleteBucketPolicy, ""},
		{"DELETE", "b", "", "lifecycle", false, Unknown, "NotImplemented"},
		{"PUT", "b", "", "lifecycle", false, Unknown, "NotImplemented"},
		{"GET", "b", "", "lifecycle", false, GetBucketLifecycleConfiguration, ""},
		{"GET", "b", "k", "lifecycle", false, Unknown, "NotImplemented"},
		{"GET", "", "", "website", false, Unknown, "NotImplemented"},
		{"GET", "b", "", "website", false, GetBucketWebsite, ""},
		{"PUT", "b", "", "object-lock", false, Unknown, "NotImplemented"},
		{"GET", "b", "", "object-lock", false, GetObjectLockConfiguration, ""},
		{"GET", "b", "", "requestPayment", false, GetBucketRequestPayment, ""},
		{"GET", "b", "", "logging", false, GetBucketLogging, ""},
		{"GET", "b", "", "accelerate", false, GetBucketAccelerateConfiguration, ""},
		{"GET", "b", "", "notification", false, GetBucketNotificationConfiguration, ""},
		{"GET", "b", "", "replication", false, GetBucketReplication, ""},
		// Known sub-resources never fall through to a neighbouring operation.
		{"DELETE", "b", "", "versioning", false, Unknown, "MethodNotAllowed"},
		{"DELETE", "b", "", "location", false, Unknown, "MethodNotAllowed"},
		{"DELETE", "b", "", "policyStatus", false, Unknown, "MethodNotAllowed"},
		{"DELETE", "b", "", "uploads", false, Unknown, "MethodNotAllowed"},
		{"DELETE", "b", "", "versions", false, Unknown, "MethodNotAllowed"},
		{"DELETE", "b", "", "uploadId=x", false, Unknown, "MethodNotAllowed"},
		{"PUT", "b", "", "location", false, Unknown, "MethodNotAllowed"},
		{"PUT", "b", "", "uploads", false, Unknown, "MethodNotAllowed"},
		{"PUT", "b", "k", "policy", false, Unknown, "MethodNotAllowed"},
		{"PUT", "b", "k", "publicAccessBlock", false, Unknown, "MethodNotAllowed"},
		{"PUT", "b", "k", "versioning", false, Unknown, "MethodNotAllowed"},
		{"PUT", "b", "k", "encryption", false, Unknown, "MethodNotAllowed"},
		{"PUT", "b", "k", "uploads", false, Unknown, "MethodNotAllowed"},
		{"GET", "b", "k", "cors", false, Unknown, "MethodNotAllowed"},
		{"DELETE", "b", "k", "versions", false, Unknown, "MethodNotAllowed"},
		{"GET", "b", "k", "partNumber=2", false, GetObject, ""},
		{"PUT", "b", "k", "uploadId=x&partNumber=1", true, UploadPartCopy, ""},
		{"POST", "b", "", "", false, PostObject, ""},
		{"POST", "b", "", "uploads", false, Unknown, "MethodNotAllowed"},
		{"GET", "b", "", "cors", false, GetBucketCors, ""},
		{"PUT", "b", "", "cors", false, PutBucketCors, ""},
		{"DELETE", "b", "", "cors", false, DeleteBucketCors, ""},
		{"PUT", "b", "k", "cors", false, Unknown, "MethodNotAllowed"},
		{"OPTIONS", "b", "k", "", false, Preflight, ""},
		{"OPTIONS", "b", "", "acl", false, Preflight, ""},
		{"OPTIONS", "", "", "", false, Preflight, ""},
	}
	for _, c := range cases {
		q, _ := url.ParseQuery(c.query)
		op, err := Classify(c.method, c.bucket, c.key, q, c.copy)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s %s/%s?%s: err %v, want %s", c.method, c.bucket, c.key, c.query, err, c.err)
			}
			continue
		}
		if err != nil || op != c.want {
			t.Errorf("%s %s/%s?%s = %v, %v; want %v", c.method, c.bucket, c.key, c.query, op, err, c.want)
		}
	}
}
