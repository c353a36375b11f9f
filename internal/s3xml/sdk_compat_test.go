package s3xml_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

// These tests run the real aws-sdk-go-v2 S3 client against canned bodies:
// what Coffer encodes, the SDK must parse; what the SDK sends, Coffer must
// decode. No network is involved.

type fakeHTTP struct {
	status  int
	body    []byte
	request []byte // last request body
}

func (f *fakeHTTP) Do(r *http.Request) (*http.Response, error) {
	f.request = nil
	if r.Body != nil {
		f.request, _ = io.ReadAll(r.Body)
	}
	return &http.Response{
		StatusCode: f.status,
		Header:     http.Header{"Content-Type": {"application/xml"}},
		Body:       io.NopCloser(bytes.NewReader(f.body)),
		Request:    r,
	}, nil
}

func client(f *fakeHTTP) *s3.Client {
	return s3.New(s3.Options{
		Region:                     "us-east-1",
		BaseEndpoint:               aws.String("http://coffer.test"),
		UsePathStyle:               true,
		Credentials:                aws.AnonymousCredentials{},
		HTTPClient:                 f,
		RetryMaxAttempts:           1,
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	})
}

func respond(t *testing.T, v any) *fakeHTTP {
	t.Helper()
	b, err := s3xml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return &fakeHTTP{status: 200, body: b}
}

var ts = time.Date(2025, 1, 2, 3, 4, 5, 678000000, time.UTC)

func TestSDKParsesListObjectsV2(t *testing.T) {
	f := respond(t, s3xml.ListBucketResultV2{
		Name: "bkt", Prefix: "p/", KeyCount: 2, MaxKeys: 2, IsTruncated: true, NextContinuationToken: "next", Delimiter: "/",
		Contents: []s3xml.Object{
			{Key: "p/a&b", LastModified: ts, ETag: `"e1"`, Size: 5, StorageClass: "STANDARD", ChecksumAlgorithm: []string{"CRC64NVME"}, ChecksumType: "FULL_OBJECT"},
			{Key: "p/c", LastModified: ts, ETag: `"e2"`, Size: 0, StorageClass: "STANDARD", Owner: &s3xml.Owner{ID: "o"}},
		},
		CommonPrefixes: []s3xml.CommonPrefix{{Prefix: "p/d/"}},
	})
	out, err := client(f).ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String("bkt")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Name) != "bkt" || aws.ToInt32(out.KeyCount) != 2 || !aws.ToBool(out.IsTruncated) ||
		aws.ToString(out.NextContinuationToken) != "next" || len(out.Contents) != 2 || len(out.CommonPrefixes) != 1 {
		t.Fatalf("output: %+v", out)
	}
	c := out.Contents[0]
	if aws.ToString(c.Key) != "p/a&b" || aws.ToString(c.ETag) != `"e1"` || aws.ToInt64(c.Size) != 5 ||
		!c.LastModified.Equal(ts) || len(c.ChecksumAlgorithm) != 1 || c.ChecksumAlgorithm[0] != types.ChecksumAlgorithmCrc64nvme ||
		c.ChecksumType != types.ChecksumTypeFullObject || c.StorageClass != types.ObjectStorageClassStandard {
		t.Errorf("first object: %+v", c)
	}
	if out.Contents[1].Owner == nil || aws.ToString(out.Contents[1].Owner.ID) != "o" {
		t.Errorf("owner lost")
	}
}

func TestSDKParsesListObjectVersions(t *testing.T) {
	f := respond(t, s3xml.ListVersionsResult{Name: "bkt", MaxKeys: 3, Entries: []s3xml.VersionEntry{
		{IsDeleteMarker: true, Key: "k", VersionId: "3", IsLatest: true, LastModified: ts},
		{Key: "k", VersionId: "2", LastModified: ts, ETag: `"e"`, Size: 7, StorageClass: "STANDARD"},
		{Key: "k", VersionId: "null", LastModified: ts, ETag: `"f"`, Size: 1, StorageClass: "STANDARD"},
	}})
	out, err := client(f).ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: aws.String("bkt")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.DeleteMarkers) != 1 || len(out.Versions) != 2 || !aws.ToBool(out.DeleteMarkers[0].IsLatest) ||
		aws.ToString(out.Versions[1].VersionId) != "null" || aws.ToInt64(out.Versions[0].Size) != 7 {
		t.Errorf("output: %+v", out)
	}
}

func TestSDKParsesOtherResults(t *testing.T) {
	ctx := context.Background()
	b := aws.String("bkt")
	k := aws.String("key")

	f := respond(t, s3xml.ListAllMyBucketsResult{Owner: &s3xml.Owner{ID: "own"}, Buckets: []s3xml.Bucket{{Name: "a", CreationDate: ts, BucketRegion: "eu-west-1"}}})
	lb, err := client(f).ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil || len(lb.Buckets) != 1 || aws.ToString(lb.Buckets[0].BucketRegion) != "eu-west-1" || aws.ToString(lb.Owner.ID) != "own" {
		t.Errorf("ListBuckets: %+v %v", lb, err)
	}

	f = respond(t, s3xml.CompleteMultipartUploadResult{Location: "http://coffer.test/bkt/key", Bucket: "bkt", Key: "key", ETag: `"x-2"`,
		Checksums: s3xml.Checksums{ChecksumCRC64NVME: "AAAAAAAAAAA="}, ChecksumType: "FULL_OBJECT"})
	cm, err := client(f).CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: b, Key: k, UploadId: aws.String("u"),
		MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{{PartNumber: aws.Int32(1), ETag: aws.String(`"p1"`), ChecksumCRC64NVME: aws.String("AAAAAAAAAAA=")}}}})
	if err != nil || aws.ToString(cm.ETag) != `"x-2"` || aws.ToString(cm.ChecksumCRC64NVME) != "AAAAAAAAAAA=" || cm.ChecksumType != types.ChecksumTypeFullObject {
		t.Errorf("CompleteMultipartUpload: %+v %v", cm, err)
	}
	// And the SDK's request body decodes with ours.
	cmu, err := s3xml.DecodeCompleteMultipartUpload(bytes.NewReader(f.request))
	if err != nil || len(cmu.Parts) != 1 || cmu.Parts[0].ETag != `"p1"` || cmu.Parts[0].ChecksumCRC64NVME != "AAAAAAAAAAA=" {
		t.Errorf("decode SDK CompleteMultipartUpload %s: %+v %v", f.request, cmu, err)
	}

	f = respond(t, s3xml.DeleteResult{Deleted: []s3xml.DeletedObject{{Key: "a", DeleteMarker: true, DeleteMarkerVersionId: "dm"}},
		Errors: []s3xml.DeleteError{{Key: "b", Code: "AccessDenied", Message: "Access Denied"}}})
	do, err := client(f).DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: b, Delete: &types.Delete{Quiet: aws.Bool(true), Objects: []types.ObjectIdentifier{
		{Key: aws.String("a")}, {Key: aws.String("b<&>"), VersionId: aws.String("v"), ETag: aws.String(`"e"`), Size: aws.Int64(3), LastModifiedTime: aws.Time(ts)}}}})
	if err != nil || len(do.Deleted) != 1 || !aws.ToBool(do.Deleted[0].DeleteMarker) || len(do.Errors) != 1 || aws.ToString(do.Errors[0].Code) != "AccessDenied" {
		t.Errorf("DeleteObjects: %+v %v", do, err)
	}
	del, err := s3xml.DecodeDelete(bytes.NewReader(f.request))
	if err != nil || !del.Quiet || len(del.Objects) != 2 || del.Objects[1].Key != "b<&>" || del.Objects[1].Size == nil ||
		*del.Objects[1].Size != 3 || !del.Objects[1].LastModifiedTime.Equal(ts.Truncate(time.Second)) {
		t.Errorf("decode SDK Delete %s: %+v %v", f.request, del, err)
	}

	f = respond(t, s3xml.Tagging{TagSet: []s3xml.Tag{{Key: "k", Value: "v"}}})
	gt, err := client(f).GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: b, Key: k})
	if err != nil || len(gt.TagSet) != 1 || aws.ToString(gt.TagSet[0].Value) != "v" {
		t.Errorf("GetObjectTagging: %+v %v", gt, err)
	}
	f = &fakeHTTP{status: 200}
	_, err = client(f).PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: b, Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("a b"), Value: aws.String("")}}}})
	if err != nil {
		t.Fatal(err)
	}
	tg, err := s3xml.DecodeTagging(bytes.NewReader(f.request), s3xml.BucketTags)
	if err != nil || len(tg.TagSet) != 1 || tg.TagSet[0].Key != "a b" {
		t.Errorf("decode SDK Tagging %s: %+v %v", f.request, tg, err)
	}

	f = &fakeHTTP{status: 200}
	_, err = client(f).PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b, VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled, MFADelete: types.MFADeleteDisabled}})
	if err != nil {
		t.Fatal(err)
	}
	vc, err := s3xml.DecodeVersioningConfiguration(bytes.NewReader(f.request))
	if err != nil || vc.Status != "Enabled" || vc.MfaDelete != "Disabled" {
		t.Errorf("decode SDK VersioningConfiguration %s: %+v %v", f.request, vc, err)
	}

	f = &fakeHTTP{status: 200}
	_, err = client(f).CreateBucket(ctx, &s3.CreateBucketInput{Bucket: b, CreateBucketConfiguration: &types.CreateBucketConfiguration{
		LocationConstraint: types.BucketLocationConstraintEuWest1, Tags: []types.Tag{{Key: aws.String("t"), Value: aws.String("v")}}}})
	if err != nil {
		t.Fatal(err)
	}
	cb, err := s3xml.DecodeCreateBucketConfiguration(bytes.NewReader(f.request))
	if err != nil || cb.LocationConstraint != "eu-west-1" || len(cb.Tags) != 1 {
		t.Errorf("decode SDK CreateBucketConfiguration %s: %+v %v", f.request, cb, err)
	}

	f = respond(t, s3xml.LocationConstraint{Location: "eu-west-1"})
	loc, err := client(f).GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: b})
	if err != nil || loc.LocationConstraint != types.BucketLocationConstraintEuWest1 {
		t.Errorf("GetBucketLocation: %+v %v", loc, err)
	}
	f = respond(t, s3xml.LocationConstraint{})
	loc, err = client(f).GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: b})
	if err != nil || loc.LocationConstraint != "" {
		t.Errorf("GetBucketLocation us-east-1: %+v %v", loc, err)
	}

	f = respond(t, s3xml.ListPartsResult{Bucket: "bkt", Key: "key", UploadId: "u", MaxParts: 1000, StorageClass: "STANDARD", ChecksumAlgorithm: "SHA256",
		Parts: []s3xml.Part{{PartNumber: 1, LastModified: ts, ETag: `"p"`, Size: 5 << 20, Checksums: s3xml.Checksums{ChecksumSHA256: "s"}}}})
	lp, err := client(f).ListParts(ctx, &s3.ListPartsInput{Bucket: b, Key: k, UploadId: aws.String("u")})
	if err != nil || len(lp.Parts) != 1 || aws.ToString(lp.Parts[0].ChecksumSHA256) != "s" || lp.ChecksumAlgorithm != types.ChecksumAlgorithmSha256 {
		t.Errorf("ListParts: %+v %v", lp, err)
	}

	f = respond(t, s3xml.ListMultipartUploadsResult{Bucket: "bkt", MaxUploads: 1000,
		Uploads: []s3xml.Upload{{Key: "k", UploadId: "u", Initiated: ts, StorageClass: "STANDARD", Initiator: &s3xml.Owner{ID: "i"}}}})
	lu, err := client(f).ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: b})
	if err != nil || len(lu.Uploads) != 1 || !lu.Uploads[0].Initiated.Equal(ts) || aws.ToString(lu.Uploads[0].Initiator.ID) != "i" {
		t.Errorf("ListMultipartUploads: %+v %v", lu, err)
	}

	f = respond(t, s3xml.CopyObjectResult{ETag: `"c"`, LastModified: ts, Checksums: s3xml.Checksums{ChecksumCRC32: "AAAAAA=="}})
	co, err := client(f).CopyObject(ctx, &s3.CopyObjectInput{Bucket: b, Key: k, CopySource: aws.String("src/obj")})
	if err != nil || co.CopyObjectResult == nil || aws.ToString(co.CopyObjectResult.ETag) != `"c"` || aws.ToString(co.CopyObjectResult.ChecksumCRC32) != "AAAAAA==" {
		t.Errorf("CopyObject: %+v %v", co, err)
	}
}

func TestSDKParsesErrors(t *testing.T) {
	var buf strings.Builder
	e := apierr.NoSuchKey.With("Key", "k<1>")
	if err := s3xml.EncodeError(&buf, e, "/bkt/k<1>", "REQ", "HOST"); err != nil {
		t.Fatal(err)
	}
	f := &fakeHTTP{status: e.Status, body: []byte(buf.String())}
	_, err := client(f).GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("bkt"), Key: aws.String("k<1>")})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "NoSuchKey" || api.ErrorMessage() != "The specified key does not exist." {
		t.Fatalf("SDK error: %v", err)
	}
	var nsk *types.NoSuchKey
	if !errors.As(err, &nsk) {
		t.Errorf("SDK did not map to types.NoSuchKey: %T", err)
	}
}
