package e2e

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestCreateBucketNames(t *testing.T) {
	t.Parallel()
	c := alice()
	n := bucketSeq.Add(1)
	long := fmt.Sprintf("v%d-", n) + strings.Repeat("a", 63)
	cases := []struct {
		name  string
		valid bool
	}{
		{fmt.Sprintf("abc%d", n), true},
		{fmt.Sprintf("a.b-c.%d", n), true},
		{long[:63], true},
		{fmt.Sprintf("%d-0-9", n), true},
		{"ab", false},
		{long[:64], false},
		{"Upper" + fmt.Sprint(n), false},
		{"under_score", false},
		{"-leading", false},
		{"trailing-", false},
		{".leadingdot", false},
		{"trailingdot.", false},
		{"double..dot", false},
		{"192.168.5.4", false},
		{"xn--punycode", false},
		{"sthree-bucket", false},
		{"amzn-s3-demo-bucket", false},
		{"name-s3alias", false},
		{"name--ol-s3", false},
		{"spa ce", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String(tc.name)})
			if tc.valid {
				must(t, err)
				_, err = c.HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: aws.String(tc.name)})
				must(t, err)
				return
			}
			wantErr(t, err, "InvalidBucketName", 400)
		})
	}
}

func TestCreateBucketOwnership(t *testing.T) {
	t.Parallel()
	name := newBucket(t, alice())
	_, err := alice().CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &name})
	wantErr(t, err, "BucketAlreadyOwnedByYou", 409)
	_, err = bob().CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &name})
	wantErr(t, err, "BucketAlreadyExists", 409)
}

func TestCreateBucketLocationConstraint(t *testing.T) {
	t.Parallel()
	c := alice()
	cases := []struct {
		loc    string
		code   string
		status int
	}{
		{"", "", 0},
		{"us-east-1", "InvalidLocationConstraint", 400},
		{"eu-west-1", "IllegalLocationConstraintException", 400},
		{"us-west-2", "IllegalLocationConstraintException", 400},
	}
	for _, tc := range cases {
		t.Run("loc="+tc.loc, func(t *testing.T) {
			name := bucketName(t)
			in := &s3.CreateBucketInput{Bucket: &name}
			if tc.loc != "" {
				in.CreateBucketConfiguration = &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraint(tc.loc)}
			}
			_, err := c.CreateBucket(ctx(t), in)
			if tc.code == "" {
				must(t, err)
				out, err := c.GetBucketLocation(ctx(t), &s3.GetBucketLocationInput{Bucket: &name})
				must(t, err)
				if out.LocationConstraint != "" {
					t.Fatalf("us-east-1 location = %q, want empty", out.LocationConstraint)
				}
				return
			}
			wantErr(t, err, tc.code, tc.status)
			_, err = c.HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: &name})
			wantErr(t, err, "NotFound", 404)
		})
	}
}

func TestHeadBucket(t *testing.T) {
	t.Parallel()
	name := newBucket(t, alice())
	out, err := alice().HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: &name})
	must(t, err)
	if aws.ToString(out.BucketRegion) != "us-east-1" {
		t.Errorf("x-amz-bucket-region = %q", aws.ToString(out.BucketRegion))
	}
	_, err = alice().HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: aws.String(name + "-missing")})
	wantErr(t, err, "NotFound", 404)
	_, err = bob().HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: &name})
	wantErr(t, err, "Forbidden", 403)
}

func TestDeleteBucket(t *testing.T) {
	t.Parallel()
	c := alice()
	t.Run("empty", func(t *testing.T) {
		name := newBucket(t, c)
		_, err := c.DeleteBucket(ctx(t), &s3.DeleteBucketInput{Bucket: &name})
		must(t, err)
		_, err = c.HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: &name})
		wantErr(t, err, "NotFound", 404)
		_, err = c.DeleteBucket(ctx(t), &s3.DeleteBucketInput{Bucket: &name})
		wantErr(t, err, "NoSuchBucket", 404)
		// The name is free again, for anyone.
		_, err = bob().CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &name})
		must(t, err)
	})
	t.Run("with objects", func(t *testing.T) {
		name := newBucket(t, c)
		put(t, c, name, "k", []byte("x"))
		_, err := c.DeleteBucket(ctx(t), &s3.DeleteBucketInput{Bucket: &name})
		wantErr(t, err, "BucketNotEmpty", 409)
		_, err = c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &name, Key: aws.String("k")})
		must(t, err)
		_, err = c.DeleteBucket(ctx(t), &s3.DeleteBucketInput{Bucket: &name})
		must(t, err)
	})
	t.Run("only delete markers and versions", func(t *testing.T) {
		name := newBucket(t, c)
		enableVersioning(t, c, name)
		p := put(t, c, name, "k", []byte("x"))
		d, err := c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &name, Key: aws.String("k")})
		must(t, err)
		// The key is gone from listings but its versions remain.
		_, err = c.DeleteBucket(ctx(t), &s3.DeleteBucketInput{Bucket: &name})
		wantErr(t, err, "BucketNotEmpty", 409)
		_, err = c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &name, Key: aws.String("k"), VersionId: p.VersionId})
		must(t, err)
		// Only the delete marker is left.
		_, err = c.DeleteBucket(ctx(t), &s3.DeleteBucketInput{Bucket: &name})
		wantErr(t, err, "BucketNotEmpty", 409)
		_, err = c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &name, Key: aws.String("k"), VersionId: d.VersionId})
		must(t, err)
		_, err = c.DeleteBucket(ctx(t), &s3.DeleteBucketInput{Bucket: &name})
		must(t, err)
	})
	t.Run("with an upload in progress", func(t *testing.T) {
		name := newBucket(t, c)
		_, err := c.CreateMultipartUpload(ctx(t), &s3.CreateMultipartUploadInput{Bucket: &name, Key: aws.String("k")})
		must(t, err)
		_, err = c.DeleteBucket(ctx(t), &s3.DeleteBucketInput{Bucket: &name})
		wantErr(t, err, "BucketNotEmpty", 409)
	})
	t.Run("other account", func(t *testing.T) {
		name := newBucket(t, c)
		_, err := bob().DeleteBucket(ctx(t), &s3.DeleteBucketInput{Bucket: &name})
		wantErr(t, err, "AccessDenied", 403)
	})
}

var canonicalID = regexp.MustCompile(`^[0-9a-f]{64}$`)

func TestListBuckets(t *testing.T) {
	t.Parallel()
	c := alice()
	prefix := fmt.Sprintf("lb-%d-", bucketSeq.Add(1))
	var mine []string
	for i := range 7 {
		name := fmt.Sprintf("%s%02d", prefix, i)
		_, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &name})
		must(t, err)
		mine = append(mine, name)
	}
	bobs := prefix + "bob"
	_, err := bob().CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &bobs})
	must(t, err)

	out, err := c.ListBuckets(ctx(t), &s3.ListBucketsInput{})
	must(t, err)
	if out.Owner == nil || !canonicalID.MatchString(aws.ToString(out.Owner.ID)) {
		t.Fatalf("owner id = %v, want 64 hex digits", out.Owner)
	}
	bobOut, err := bob().ListBuckets(ctx(t), &s3.ListBucketsInput{Prefix: &prefix})
	must(t, err)
	if aws.ToString(bobOut.Owner.ID) == aws.ToString(out.Owner.ID) {
		t.Fatal("alice and bob share a canonical id")
	}
	if len(bobOut.Buckets) != 1 || aws.ToString(bobOut.Buckets[0].Name) != bobs {
		t.Fatalf("bob's list = %v", names(bobOut.Buckets))
	}
	all := names(out.Buckets)
	if !slices.IsSorted(all) {
		t.Errorf("buckets not sorted: %v", all)
	}
	if slices.Contains(all, bobs) {
		t.Fatalf("alice sees bob's bucket")
	}
	for _, b := range out.Buckets {
		if b.CreationDate == nil || b.CreationDate.IsZero() {
			t.Fatalf("bucket %s has no creation date", aws.ToString(b.Name))
		}
	}

	t.Run("prefix", func(t *testing.T) {
		out, err := c.ListBuckets(ctx(t), &s3.ListBucketsInput{Prefix: &prefix})
		must(t, err)
		if got := names(out.Buckets); !slices.Equal(got, mine) {
			t.Fatalf("prefix list = %v, want %v", got, mine)
		}
		if aws.ToString(out.Prefix) != prefix {
			t.Errorf("Prefix = %q", aws.ToString(out.Prefix))
		}
		if out.ContinuationToken != nil {
			t.Errorf("untruncated list has a continuation token")
		}
	})
	t.Run("max-buckets pages", func(t *testing.T) {
		var got []string
		var token *string
		pages := 0
		for {
			out, err := c.ListBuckets(ctx(t), &s3.ListBucketsInput{Prefix: &prefix, MaxBuckets: aws.Int32(3), ContinuationToken: token})
			must(t, err)
			pages++
			if len(out.Buckets) > 3 {
				t.Fatalf("page of %d buckets with max-buckets 3", len(out.Buckets))
			}
			got = append(got, names(out.Buckets)...)
			if out.ContinuationToken == nil {
				break
			}
			token = out.ContinuationToken
			if pages > 10 {
				t.Fatal("pagination does not end")
			}
		}
		if !slices.Equal(got, mine) || pages != 3 {
			t.Fatalf("paged list = %v in %d pages, want %v in 3", got, pages, mine)
		}
	})
	t.Run("paginator", func(t *testing.T) {
		p := s3.NewListBucketsPaginator(c, &s3.ListBucketsInput{Prefix: &prefix, MaxBuckets: aws.Int32(2)})
		var got []string
		for p.HasMorePages() {
			out, err := p.NextPage(ctx(t))
			must(t, err)
			got = append(got, names(out.Buckets)...)
		}
		if !slices.Equal(got, mine) {
			t.Fatalf("paginator = %v, want %v", got, mine)
		}
	})
	t.Run("bad max-buckets", func(t *testing.T) {
		r := rawReq{Method: "GET", Path: "/", Query: "max-buckets=0", Account: acct(aliceAcct)}.do(t)
		r.want(t, 400, "InvalidArgument")
	})
}

func names(bs []types.Bucket) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = aws.ToString(b.Name)
	}
	return out
}

func enableVersioning(t testing.TB, c *s3.Client, bucket string) {
	t.Helper()
	setVersioning(t, c, bucket, types.BucketVersioningStatusEnabled)
}

func setVersioning(t testing.TB, c *s3.Client, bucket string, s types.BucketVersioningStatus) {
	t.Helper()
	_, err := c.PutBucketVersioning(ctx(t), &s3.PutBucketVersioningInput{Bucket: &bucket,
		VersioningConfiguration: &types.VersioningConfiguration{Status: s}})
	must(t, err)
}

func TestBucketVersioningConfig(t *testing.T) {
	t.Parallel()
	c := alice()
	name := newBucket(t, c)
	out, err := c.GetBucketVersioning(ctx(t), &s3.GetBucketVersioningInput{Bucket: &name})
	must(t, err)
	if out.Status != "" {
		t.Fatalf("new bucket versioning = %q, want none", out.Status)
	}
	for _, s := range []types.BucketVersioningStatus{types.BucketVersioningStatusEnabled, types.BucketVersioningStatusSuspended, types.BucketVersioningStatusEnabled} {
		setVersioning(t, c, name, s)
		out, err := c.GetBucketVersioning(ctx(t), &s3.GetBucketVersioningInput{Bucket: &name})
		must(t, err)
		if out.Status != s {
			t.Fatalf("versioning = %q, want %q", out.Status, s)
		}
	}
	_, err = c.PutBucketVersioning(ctx(t), &s3.PutBucketVersioningInput{Bucket: &name,
		VersioningConfiguration: &types.VersioningConfiguration{Status: "Disabled"}})
	wantErr(t, err, "MalformedXML", 400)
	_, err = bob().GetBucketVersioning(ctx(t), &s3.GetBucketVersioningInput{Bucket: &name})
	wantErr(t, err, "AccessDenied", 403)
}

func TestBucketTagging(t *testing.T) {
	t.Parallel()
	c := alice()
	name := newBucket(t, c)
	_, err := c.GetBucketTagging(ctx(t), &s3.GetBucketTaggingInput{Bucket: &name})
	wantErr(t, err, "NoSuchTagSet", 404)
	tags := []types.Tag{{Key: aws.String("env"), Value: aws.String("test")}, {Key: aws.String("team"), Value: aws.String("storage é")}}
	_, err = c.PutBucketTagging(ctx(t), &s3.PutBucketTaggingInput{Bucket: &name, Tagging: &types.Tagging{TagSet: tags}})
	must(t, err)
	out, err := c.GetBucketTagging(ctx(t), &s3.GetBucketTaggingInput{Bucket: &name})
	must(t, err)
	if got := tagMap(out.TagSet); len(got) != 2 || got["env"] != "test" || got["team"] != "storage é" {
		t.Fatalf("tags = %v", got)
	}
	// A put replaces the whole set.
	_, err = c.PutBucketTagging(ctx(t), &s3.PutBucketTaggingInput{Bucket: &name, Tagging: &types.Tagging{TagSet: tags[:1]}})
	must(t, err)
	out, err = c.GetBucketTagging(ctx(t), &s3.GetBucketTaggingInput{Bucket: &name})
	must(t, err)
	if got := tagMap(out.TagSet); len(got) != 1 {
		t.Fatalf("tags after replace = %v", got)
	}
	dup := []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("a"), Value: aws.String("2")}}
	_, err = c.PutBucketTagging(ctx(t), &s3.PutBucketTaggingInput{Bucket: &name, Tagging: &types.Tagging{TagSet: dup}})
	wantErr(t, err, "InvalidTag", 400)
	_, err = c.DeleteBucketTagging(ctx(t), &s3.DeleteBucketTaggingInput{Bucket: &name})
	must(t, err)
	_, err = c.GetBucketTagging(ctx(t), &s3.GetBucketTaggingInput{Bucket: &name})
	wantErr(t, err, "NoSuchTagSet", 404)
}

func tagMap(ts []types.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range ts {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}
