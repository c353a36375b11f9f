package s3api

import "github.com/coffer-s3/coffer/internal/s3op"

// handlers maps every operation of s3op to its handler. A test checks that
// each operation has one.
var handlers = [...]func(*call) error{
	s3op.Unknown:                 func(*call) error { return errNotImplemented },
	s3op.ListBuckets:             listBuckets,
	s3op.CreateBucket:            createBucket,
	s3op.HeadBucket:              headBucket,
	s3op.DeleteBucket:            deleteBucket,
	s3op.GetBucketLocation:       getBucketLocation,
	s3op.GetBucketVersioning:     getBucketVersioning,
	s3op.PutBucketVersioning:     putBucketVersioning,
	s3op.GetBucketTagging:        getBucketTagging,
	s3op.PutBucketTagging:        putBucketTagging,
	s3op.DeleteBucketTagging:     deleteBucketTagging,
	s3op.ListObjects:             listObjectsV1,
	s3op.ListObjectsV2:           listObjectsV2,
	s3op.ListObjectVersions:      listObjectVersions,
	s3op.ListMultipartUploads:    listMultipartUploads,
	s3op.DeleteObjects:           deleteObjects,
	s3op.PutObject:               putObject,
	s3op.CopyObject:              copyObject,
	s3op.GetObject:               getObject,
	s3op.HeadObject:              getObject,
	s3op.DeleteObject:            deleteObject,
	s3op.GetObjectTagging:        getObjectTagging,
	s3op.PutObjectTagging:        putObjectTagging,
	s3op.DeleteObjectTagging:     deleteObjectTagging,
	s3op.CreateMultipartUpload:   createMultipartUpload,
	s3op.UploadPart:              uploadPart,
	s3op.UploadPartCopy:          uploadPartCopy,
	s3op.CompleteMultipartUpload: completeMultipartUpload,
	s3op.AbortMultipartUpload:    abortMultipartUpload,
	s3op.ListParts:               listParts,
	s3op.GetBucketPolicy:         getBucketPolicy,
	s3op.PutBucketPolicy:         putBucketPolicy,
	s3op.DeleteBucketPolicy:      deleteBucketPolicy,
	s3op.GetBucketPolicyStatus:   getBucketPolicyStatus,
}
