package e2e

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

const allUsersURI = "http://acs.amazonaws.com/groups/global/AllUsers"

// canonicalIDOf is an account's canonical user id, as ListBuckets shows it.
func canonicalIDOf(t *testing.T, c *s3.Client) string {
	t.Helper()
	out, err := c.ListBuckets(ctx(t), &s3.ListBucketsInput{})
	must(t, err)
	return aws.ToString(out.Owner.ID)
}

// aclBucket creates a bucket of alice's with the given Object Ownership.
func aclBucket(t *testing.T, c *s3.Client, o types.ObjectOwnership) string {
	t.Helper()
	name := bucketName(t)
	_, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &name, ObjectOwnership: o})
	must(t, err)
	return name
}

func setPAB(t *testing.T, c *s3.Client, bucket string, blockACLs, ignoreACLs bool) {
	t.Helper()
	_, err := c.PutPublicAccessBlock(ctx(t), &s3.PutPublicAccessBlockInput{Bucket: &bucket, PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{
		BlockPublicAcls: aws.Bool(blockACLs), IgnorePublicAcls: aws.Bool(ignoreACLs), BlockPublicPolicy: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true)}})
	must(t, err)
}

type grantView struct{ who, perm string }

func grantsOf(gs []types.Grant) []grantView {
	var out []grantView
	for _, g := range gs {
		who := aws.ToString(g.Grantee.ID)
		if g.Grantee.URI != nil {
			who = aws.ToString(g.Grantee.URI)
		}
		out = append(out, grantView{who, string(g.Permission)})
	}
	return out
}

func sameGrants(a, b []grantView) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// A new bucket is BucketOwnerEnforced: ACLs are disabled, reads of ACLs
// show the owner's FULL_CONTROL, only bucket-owner-full-control is
// accepted on writes.
func TestACLNewBucketRefusesACLs(t *testing.T) {
	t.Parallel()
	c := alice()
	me := canonicalIDOf(t, c)
	b := newBucket(t, c)
	oc, err := c.GetBucketOwnershipControls(ctx(t), &s3.GetBucketOwnershipControlsInput{Bucket: &b})
	must(t, err)
	if len(oc.OwnershipControls.Rules) != 1 || oc.OwnershipControls.Rules[0].ObjectOwnership != types.ObjectOwnershipBucketOwnerEnforced {
		t.Fatalf("ownership controls of a new bucket: %+v", oc.OwnershipControls)
	}
	acl, err := c.GetBucketAcl(ctx(t), &s3.GetBucketAclInput{Bucket: &b})
	must(t, err)
	if aws.ToString(acl.Owner.ID) != me || !sameGrants(grantsOf(acl.Grants), []grantView{{me, "FULL_CONTROL"}}) {
		t.Fatalf("bucket ACL: owner %s grants %v", aws.ToString(acl.Owner.ID), grantsOf(acl.Grants))
	}
	_, err = c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("pub"), ACL: types.ObjectCannedACLPublicRead})
	wantErr(t, err, "AccessControlListNotSupported", 400)
	_, err = c.PutBucketAcl(ctx(t), &s3.PutBucketAclInput{Bucket: &b, ACL: types.BucketCannedACLPublicRead})
	wantErr(t, err, "AccessControlListNotSupported", 400)
	put(t, c, b, "k", []byte("x"), func(in *s3.PutObjectInput) { in.ACL = types.ObjectCannedACLBucketOwnerFullControl })
	_, err = c.PutObjectAcl(ctx(t), &s3.PutObjectAclInput{Bucket: &b, Key: aws.String("k"), ACL: types.ObjectCannedACLPrivate})
	wantErr(t, err, "AccessControlListNotSupported", 400)
	oa, err := c.GetObjectAcl(ctx(t), &s3.GetObjectAclInput{Bucket: &b, Key: aws.String("k")})
	must(t, err)
	if !sameGrants(grantsOf(oa.Grants), []grantView{{me, "FULL_CONTROL"}}) {
		t.Fatalf("object ACL: %v", grantsOf(oa.Grants))
	}

	// CreateBucket: a public ACL with ACLs disabled, then with ACLs on but
	// Block Public Access (on for every new bucket).
	name := bucketName(t)
	_, err = c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &name, ACL: types.BucketCannedACLPublicRead})
	wantErr(t, err, "InvalidBucketAclWithObjectOwnership", 400)
	_, err = c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &name, ACL: types.BucketCannedACLPublicRead, ObjectOwnership: types.ObjectOwnershipObjectWriter})
	wantErr(t, err, "InvalidBucketAclWithBlockPublicAccessError", 400)
	_, err = c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &name, ObjectOwnership: "Everyone"})
	wantErr(t, err, "InvalidArgument", 400)
	_, err = c.HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: &name})
	wantErr(t, err, "NotFound", 404)
	// The owner alone may be named.
	_, err = c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &name, GrantFullControl: aws.String("id=" + me)})
	must(t, err)
}

// ObjectWriter buckets take ACLs: canned, grant headers by canonical id,
// XML; bucket and object ACLs grant another account.
func TestACLObjectWriterGrants(t *testing.T) {
	t.Parallel()
	a, bb := alice(), bob()
	bobID := canonicalIDOf(t, bb)
	me := canonicalIDOf(t, a)
	b := aclBucket(t, a, types.ObjectOwnershipObjectWriter)

	put(t, a, b, "shared", []byte("for bob"), func(in *s3.PutObjectInput) { in.GrantRead = aws.String(`id="` + bobID + `"`) })
	put(t, a, b, "private", []byte("mine"), func(in *s3.PutObjectInput) { in.ACL = types.ObjectCannedACLPrivate })
	oa, err := a.GetObjectAcl(ctx(t), &s3.GetObjectAclInput{Bucket: &b, Key: aws.String("shared")})
	must(t, err)
	if aws.ToString(oa.Owner.ID) != me || !sameGrants(grantsOf(oa.Grants), []grantView{{bobID, "READ"}}) {
		t.Fatalf("explicit grants are the whole ACL: %v", grantsOf(oa.Grants))
	}
	if got := get(t, bb, b, "shared"); string(got) != "for bob" {
		t.Fatalf("bob read %q", got)
	}
	_, err = bb.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("private")})
	wantErr(t, err, "AccessDenied", 403)
	_, err = bb.GetObjectAcl(ctx(t), &s3.GetObjectAclInput{Bucket: &b, Key: aws.String("shared")})
	wantErr(t, err, "AccessDenied", 403)
	_, err = bb.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &b})
	wantErr(t, err, "AccessDenied", 403)

	// A bucket ACL in XML grants bob READ (listing) and READ_ACP.
	_, err = a.PutBucketAcl(ctx(t), &s3.PutBucketAclInput{Bucket: &b, AccessControlPolicy: &types.AccessControlPolicy{
		Owner: &types.Owner{ID: aws.String(me)},
		Grants: []types.Grant{
			{Grantee: &types.Grantee{Type: types.TypeCanonicalUser, ID: aws.String(me)}, Permission: types.PermissionFullControl},
			{Grantee: &types.Grantee{Type: types.TypeCanonicalUser, ID: aws.String(bobID)}, Permission: types.PermissionRead},
			{Grantee: &types.Grantee{Type: types.TypeCanonicalUser, ID: aws.String(bobID)}, Permission: types.PermissionReadAcp},
		}}})
	must(t, err)
	if keys := listAllV2(t, bb, b, ""); len(keys) != 2 {
		t.Fatalf("bob listed %v", keys)
	}
	ba, err := bb.GetBucketAcl(ctx(t), &s3.GetBucketAclInput{Bucket: &b})
	must(t, err)
	if len(ba.Grants) != 3 {
		t.Fatalf("bucket ACL read by bob: %v", grantsOf(ba.Grants))
	}
	_, err = bb.PutBucketAcl(ctx(t), &s3.PutBucketAclInput{Bucket: &b, ACL: types.BucketCannedACLPrivate})
	wantErr(t, err, "AccessDenied", 403)
	_, err = bb.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("bobs")})
	wantErr(t, err, "AccessDenied", 403)

	// Unknown grantees and conflicting headers are refused.
	_, err = a.PutObjectAcl(ctx(t), &s3.PutObjectAclInput{Bucket: &b, Key: aws.String("shared"), GrantRead: aws.String("id=_foo")})
	wantErr(t, err, "InvalidArgument", 400)
	_, err = a.PutObjectAcl(ctx(t), &s3.PutObjectAclInput{Bucket: &b, Key: aws.String("shared"), GrantRead: aws.String("emailAddress=nobody@example.com")})
	wantErr(t, err, "UnresolvableGrantByEmailAddress", 400)
	_, err = a.PutObjectAcl(ctx(t), &s3.PutObjectAclInput{Bucket: &b, Key: aws.String("shared"), ACL: types.ObjectCannedACLPrivate, GrantRead: aws.String("id=" + bobID)})
	wantErr(t, err, "InvalidRequest", 400)

	// Revoking bob's object grant takes his read away.
	_, err = a.PutObjectAcl(ctx(t), &s3.PutObjectAclInput{Bucket: &b, Key: aws.String("shared"), ACL: types.ObjectCannedACLPrivate})
	must(t, err)
	_, err = bb.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("shared")})
	wantErr(t, err, "AccessDenied", 403)
}

// Public ACLs and Block Public Access: anonymous reads of a public-read
// object only while BPA allows them; BlockPublicAcls refuses public ACLs;
// IgnorePublicAcls ignores the grants already stored.
func TestACLPublicReadAndBlockPublicAccess(t *testing.T) {
	t.Parallel()
	c := alice()
	b := aclBucket(t, c, types.ObjectOwnershipBucketOwnerPreferred)
	put(t, c, b, "hello", []byte("hi"))

	// All four settings on (the default): public ACLs are refused.
	_, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("pub"), ACL: types.ObjectCannedACLPublicRead})
	wantErr(t, err, "AccessDenied", 403)
	_, err = c.PutObjectAcl(ctx(t), &s3.PutObjectAclInput{Bucket: &b, Key: aws.String("hello"), ACL: types.ObjectCannedACLPublicRead})
	wantErr(t, err, "AccessDenied", 403)
	_, err = c.PutBucketAcl(ctx(t), &s3.PutBucketAclInput{Bucket: &b, GrantRead: aws.String("uri=" + allUsersURI)})
	wantErr(t, err, "AccessDenied", 403)
	_, err = c.CreateMultipartUpload(ctx(t), &s3.CreateMultipartUploadInput{Bucket: &b, Key: aws.String("mp"), ACL: types.ObjectCannedACLAuthenticatedRead})
	wantErr(t, err, "AccessDenied", 403)

	// BPA off: the public-read object is readable anonymously.
	setPAB(t, c, b, false, false)
	_, err = c.PutObjectAcl(ctx(t), &s3.PutObjectAclInput{Bucket: &b, Key: aws.String("hello"), ACL: types.ObjectCannedACLPublicRead})
	must(t, err)
	if st := anonGet(t, shared, b, "hello"); st != 200 {
		t.Fatalf("anonymous GET of a public-read object: %d", st)
	}
	if st := anonGet(t, shared, b, "missing"); st != 403 {
		t.Fatalf("anonymous GET of a missing key in a bucket it may not list: %d", st)
	}

	// IgnorePublicAcls: the grant stays stored but counts for nothing.
	setPAB(t, c, b, false, true)
	if st := anonGet(t, shared, b, "hello"); st != 403 {
		t.Fatalf("anonymous GET with IgnorePublicAcls: %d", st)
	}
	oa, err := c.GetObjectAcl(ctx(t), &s3.GetObjectAclInput{Bucket: &b, Key: aws.String("hello")})
	must(t, err)
	found := false
	for _, g := range oa.Grants {
		found = found || (aws.ToString(g.Grantee.URI) == allUsersURI && g.Permission == types.PermissionRead)
	}
	if !found {
		t.Fatalf("IgnorePublicAcls removed the stored grant: %v", grantsOf(oa.Grants))
	}
	// The bucket policy status is about policies, not ACLs.
	_, err = c.GetBucketPolicyStatus(ctx(t), &s3.GetBucketPolicyStatusInput{Bucket: &b})
	wantErr(t, err, "NoSuchBucketPolicy", 404)

	// BlockPublicAcls alone: existing public grants still work, new ones
	// are refused.
	setPAB(t, c, b, true, false)
	if st := anonGet(t, shared, b, "hello"); st != 200 {
		t.Fatalf("anonymous GET with only BlockPublicAcls: %d", st)
	}
	_, err = c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("pub2"), ACL: types.ObjectCannedACLPublicReadWrite})
	wantErr(t, err, "AccessDenied", 403)
}

// Cross-account ownership in an ObjectWriter bucket: bob, allowed by the
// bucket policy to write, owns what he writes; alice (the bucket owner)
// cannot read it unless its ACL grants her, but may still delete it.
func TestACLCrossAccountObjectOwnership(t *testing.T) {
	t.Parallel()
	a, bb := alice(), bob()
	me, bobID := canonicalIDOf(t, a), canonicalIDOf(t, bb)
	b := aclBucket(t, a, types.ObjectOwnershipObjectWriter)
	pol := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::%s/*"}]}`, "222222222222", b)
	_, err := a.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &b, Policy: &pol})
	must(t, err)

	put(t, bb, b, "bobs", []byte("bob's data"))
	oa, err := bb.GetObjectAcl(ctx(t), &s3.GetObjectAclInput{Bucket: &b, Key: aws.String("bobs")})
	must(t, err)
	if aws.ToString(oa.Owner.ID) != bobID || !sameGrants(grantsOf(oa.Grants), []grantView{{bobID, "FULL_CONTROL"}}) {
		t.Fatalf("bob's object: owner %s grants %v", aws.ToString(oa.Owner.ID), grantsOf(oa.Grants))
	}
	if got := get(t, bb, b, "bobs"); string(got) != "bob's data" {
		t.Fatalf("bob read back %q", got)
	}
	l, err := a.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &b, FetchOwner: aws.Bool(true)})
	must(t, err)
	if len(l.Contents) != 1 || aws.ToString(l.Contents[0].Owner.ID) != bobID {
		t.Fatalf("listing shows owner %+v", l.Contents)
	}
	_, err = a.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("bobs")})
	wantErr(t, err, "AccessDenied", 403)
	_, err = a.GetObjectAcl(ctx(t), &s3.GetObjectAclInput{Bucket: &b, Key: aws.String("bobs")})
	wantErr(t, err, "AccessDenied", 403)

	// bob grants alice READ by canonical id.
	_, err = bb.PutObjectAcl(ctx(t), &s3.PutObjectAclInput{Bucket: &b, Key: aws.String("bobs"), GrantRead: aws.String("id=" + me), GrantFullControl: aws.String("id=" + bobID)})
	must(t, err)
	if got := get(t, a, b, "bobs"); string(got) != "bob's data" {
		t.Fatalf("alice read %q", got)
	}
	// bucket-owner-full-control on upload: alice may read and read the ACL.
	put(t, bb, b, "bobs-bfc", []byte("shared"), func(in *s3.PutObjectInput) { in.ACL = types.ObjectCannedACLBucketOwnerFullControl })
	oa, err = a.GetObjectAcl(ctx(t), &s3.GetObjectAclInput{Bucket: &b, Key: aws.String("bobs-bfc")})
	must(t, err)
	if aws.ToString(oa.Owner.ID) != bobID || !sameGrants(grantsOf(oa.Grants), []grantView{{bobID, "FULL_CONTROL"}, {me, "FULL_CONTROL"}}) {
		t.Fatalf("ObjectWriter keeps the writer as owner: %s %v", aws.ToString(oa.Owner.ID), grantsOf(oa.Grants))
	}
	// The bucket owner deletes what she cannot read.
	put(t, bb, b, "bobs-private", []byte("p"))
	_, err = a.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &b, Key: aws.String("bobs-private")})
	must(t, err)
	// A bucket policy deny beats the object owner's own access.
	deny := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::%[1]s/*"},{"Effect":"Deny","Principal":{"AWS":"222222222222"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::%[1]s/*"}]}`, b)
	_, err = a.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &b, Policy: &deny})
	must(t, err)
	_, err = bb.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("bobs")})
	wantErr(t, err, "AccessDenied", 403)
}

// BucketOwnerPreferred: uploads with bucket-owner-full-control become the
// bucket owner's; other uploads stay the writer's.
func TestACLBucketOwnerPreferred(t *testing.T) {
	t.Parallel()
	a, bb := alice(), bob()
	me, bobID := canonicalIDOf(t, a), canonicalIDOf(t, bb)
	b := aclBucket(t, a, types.ObjectOwnershipBucketOwnerPreferred)
	pol := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::%s/*"}]}`, b)
	_, err := a.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &b, Policy: &pol})
	must(t, err)
	put(t, bb, b, "given", []byte("g"), func(in *s3.PutObjectInput) { in.ACL = types.ObjectCannedACLBucketOwnerFullControl })
	put(t, bb, b, "kept", []byte("k"))
	oa, err := a.GetObjectAcl(ctx(t), &s3.GetObjectAclInput{Bucket: &b, Key: aws.String("given")})
	must(t, err)
	if aws.ToString(oa.Owner.ID) != me {
		t.Fatalf("bucket-owner-full-control upload owned by %s", aws.ToString(oa.Owner.ID))
	}
	if got := get(t, a, b, "given"); string(got) != "g" {
		t.Fatalf("alice read %q", got)
	}
	// bob gave it away: he has no grant on it any more.
	_, err = bb.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("given")})
	wantErr(t, err, "AccessDenied", 403)
	oa, err = bb.GetObjectAcl(ctx(t), &s3.GetObjectAclInput{Bucket: &b, Key: aws.String("kept")})
	must(t, err)
	if aws.ToString(oa.Owner.ID) != bobID {
		t.Fatalf("upload without ACL owned by %s", aws.ToString(oa.Owner.ID))
	}
	// Multipart uploads follow the same rule.
	mp, err := bb.CreateMultipartUpload(ctx(t), &s3.CreateMultipartUploadInput{Bucket: &b, Key: aws.String("mp"), ACL: types.ObjectCannedACLBucketOwnerFullControl})
	must(t, err)
	part, err := bb.UploadPart(ctx(t), &s3.UploadPartInput{Bucket: &b, Key: aws.String("mp"), UploadId: mp.UploadId, PartNumber: aws.Int32(1), Body: bytes.NewReader([]byte("part"))})
	must(t, err)
	_, err = bb.CompleteMultipartUpload(ctx(t), &s3.CompleteMultipartUploadInput{Bucket: &b, Key: aws.String("mp"), UploadId: mp.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{{PartNumber: aws.Int32(1), ETag: part.ETag}}}})
	must(t, err)
	oa, err = a.GetObjectAcl(ctx(t), &s3.GetObjectAclInput{Bucket: &b, Key: aws.String("mp")})
	must(t, err)
	if aws.ToString(oa.Owner.ID) != me {
		t.Fatalf("multipart bucket-owner-full-control upload owned by %s", aws.ToString(oa.Owner.ID))
	}
}

// Ownership controls: put, get, delete (then ObjectWriter behaviour and
// OwnershipControlsNotFoundError); BucketOwnerEnforced refused while the
// bucket ACL grants another account.
func TestACLOwnershipControls(t *testing.T) {
	t.Parallel()
	a, bb := alice(), bob()
	bobID := canonicalIDOf(t, bb)
	b := newBucket(t, a)
	set := func(o types.ObjectOwnership) error {
		_, err := a.PutBucketOwnershipControls(ctx(t), &s3.PutBucketOwnershipControlsInput{Bucket: &b,
			OwnershipControls: &types.OwnershipControls{Rules: []types.OwnershipControlsRule{{ObjectOwnership: o}}}})
		return err
	}
	must(t, set(types.ObjectOwnershipBucketOwnerPreferred))
	oc, err := a.GetBucketOwnershipControls(ctx(t), &s3.GetBucketOwnershipControlsInput{Bucket: &b})
	must(t, err)
	if oc.OwnershipControls.Rules[0].ObjectOwnership != types.ObjectOwnershipBucketOwnerPreferred {
		t.Fatalf("got %+v", oc.OwnershipControls.Rules)
	}
	_, err = a.PutBucketAcl(ctx(t), &s3.PutBucketAclInput{Bucket: &b, GrantWrite: aws.String("id=" + bobID)})
	must(t, err)
	wantErr(t, set(types.ObjectOwnershipBucketOwnerEnforced), "InvalidBucketAclWithObjectOwnership", 400)
	// bob's bucket WRITE grant lets him upload.
	put(t, bb, b, "via-acl", []byte("w"))
	_, err = a.PutBucketAcl(ctx(t), &s3.PutBucketAclInput{Bucket: &b, ACL: types.BucketCannedACLPrivate})
	must(t, err)
	must(t, set(types.ObjectOwnershipBucketOwnerEnforced))
	// ACLs disabled: the bucket owner owns (and reads) bob's object.
	if got := get(t, a, b, "via-acl"); string(got) != "w" {
		t.Fatalf("alice read %q", got)
	}
	_, err = bb.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("via-acl")})
	wantErr(t, err, "AccessDenied", 403)

	_, err = a.DeleteBucketOwnershipControls(ctx(t), &s3.DeleteBucketOwnershipControlsInput{Bucket: &b})
	must(t, err)
	_, err = a.GetBucketOwnershipControls(ctx(t), &s3.GetBucketOwnershipControlsInput{Bucket: &b})
	wantErr(t, err, "OwnershipControlsNotFoundError", 404)
	// Without controls the bucket behaves as ObjectWriter: ACLs count.
	put(t, a, b, "private-acl", []byte("p"), func(in *s3.PutObjectInput) { in.ACL = types.ObjectCannedACLPrivate })
	_, err = bb.GetBucketOwnershipControls(ctx(t), &s3.GetBucketOwnershipControlsInput{Bucket: &b})
	wantErr(t, err, "AccessDenied", 403)
	_, err = a.PutBucketOwnershipControls(ctx(t), &s3.PutBucketOwnershipControlsInput{Bucket: &b,
		OwnershipControls: &types.OwnershipControls{Rules: []types.OwnershipControlsRule{{ObjectOwnership: "Nobody"}}}})
	wantErr(t, err, "MalformedXML", 400)
}

// Object ACLs are per version: versionId selects the version read or set.
func TestACLVersions(t *testing.T) {
	t.Parallel()
	a, bb := alice(), bob()
	bobID := canonicalIDOf(t, bb)
	b := aclBucket(t, a, types.ObjectOwnershipObjectWriter)
	_, err := a.PutBucketVersioning(ctx(t), &s3.PutBucketVersioningInput{Bucket: &b,
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}})
	must(t, err)
	v1 := put(t, a, b, "k", []byte("one"), func(in *s3.PutObjectInput) { in.GrantRead = aws.String("id=" + bobID) })
	put(t, a, b, "k", []byte("two"))
	_, err = bb.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k")})
	wantErr(t, err, "AccessDenied", 403)
	out, err := bb.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: v1.VersionId})
	must(t, err)
	if got := readAll(t, out.Body); got != "one" {
		t.Fatalf("bob read version 1: %q", got)
	}
	oa, err := a.GetObjectAcl(ctx(t), &s3.GetObjectAclInput{Bucket: &b, Key: aws.String("k"), VersionId: v1.VersionId})
	must(t, err)
	if !sameGrants(grantsOf(oa.Grants), []grantView{{bobID, "READ"}}) {
		t.Fatalf("version 1 ACL: %v", grantsOf(oa.Grants))
	}
	_, err = a.PutObjectAcl(ctx(t), &s3.PutObjectAclInput{Bucket: &b, Key: aws.String("k"), VersionId: v1.VersionId, ACL: types.ObjectCannedACLPrivate})
	must(t, err)
	_, err = bb.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k"), VersionId: v1.VersionId})
	wantErr(t, err, "AccessDenied", 403)
}
