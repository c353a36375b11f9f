package acl

import "github.com/coffer-s3/coffer/internal/apierr"

// The canned ACLs S3 defines.
const (
	CannedPrivate                = "private"
	CannedPublicRead             = "public-read"
	CannedPublicReadWrite        = "public-read-write"
	CannedAuthenticatedRead      = "authenticated-read"
	CannedAWSExecRead            = "aws-exec-read"
	CannedBucketOwnerRead        = "bucket-owner-read"
	CannedBucketOwnerFullControl = "bucket-owner-full-control"
	CannedLogDeliveryWrite       = "log-delivery-write"
)

// Target says what an ACL is for: some canned ACLs mean different things
// on buckets and objects.
type Target uint8

// Targets.
const (
	ForBucket Target = iota + 1
	ForObject
)

// Canned expands a canned ACL. owner is the owner of the bucket or object;
// bucketOwner is the bucket's owner (the same for buckets). Unknown names
// are InvalidArgument, as S3 answers for x-amz-acl.
//
// bucket-owner-read and bucket-owner-full-control apply to objects; on a
// bucket they leave the owner alone with FULL_CONTROL, as S3 ignores them
// there.
func Canned(name string, t Target, owner, bucketOwner Grantee) (*ACL, error) {
	a := Private(owner)
	switch name {
	case CannedPrivate:
	case CannedPublicRead:
		a.add(Grantee{Group: AllUsers}, Read)
	case CannedPublicReadWrite:
		a.add(Grantee{Group: AllUsers}, Read)
		a.add(Grantee{Group: AllUsers}, Write)
	case CannedAuthenticatedRead:
		a.add(Grantee{Group: AuthenticatedUsers}, Read)
	case CannedAWSExecRead:
		a.add(Grantee{ID: ExecReadID}, Read)
	case CannedBucketOwnerRead:
		if t == ForObject {
			a.add(bucketOwner, Read)
		}
	case CannedBucketOwnerFullControl:
		if t == ForObject {
			a.add(bucketOwner, FullControl)
		}
	case CannedLogDeliveryWrite:
		a.add(Grantee{Group: LogDelivery}, Write)
		a.add(Grantee{Group: LogDelivery}, ReadACP)
	default:
		return nil, apierr.InvalidArgument.With("ArgumentName", "x-amz-acl").With("ArgumentValue", name)
	}
	return a, nil
}

// Ownership is a bucket's Object Ownership setting.
type Ownership uint8

// The Object Ownership settings. ObjectWriter is also what a bucket
// without ownership controls does (buckets from before the setting, or
// after DeleteBucketOwnershipControls).
const (
	BucketOwnerEnforced Ownership = iota + 1
	BucketOwnerPreferred
	ObjectWriter
)

var ownershipNames = [...]string{BucketOwnerEnforced: "BucketOwnerEnforced", BucketOwnerPreferred: "BucketOwnerPreferred", ObjectWriter: "ObjectWriter"}

func (o Ownership) String() string {
	if o >= BucketOwnerEnforced && o <= ObjectWriter {
		return ownershipNames[o]
	}
	return ""
}

// ParseOwnership reads an Object Ownership value.
func ParseOwnership(s string) (Ownership, bool) {
	for o := BucketOwnerEnforced; o <= ObjectWriter; o++ {
		if ownershipNames[o] == s {
			return o, true
		}
	}
	return 0, false
}

// Bucket configuration documents (meta.Bucket.Configs) this package's
// values live in.
const (
	// ConfigOwnership holds the Ownership setting's name; absent means no
	// ownership controls (ObjectWriter behaviour).
	ConfigOwnership = "ownership"
	// ConfigBucketACL holds the bucket's ACL in the stored form; absent
	// means the default (owner FULL_CONTROL).
	ConfigBucketACL = "acl"
)

// OwnershipOf reads the stored setting; a bucket without one behaves as
// ObjectWriter. A value that cannot be read counts as BucketOwnerEnforced:
// ACLs off is the closed failure.
func OwnershipOf(stored []byte) (o Ownership, set bool) {
	if len(stored) == 0 {
		return ObjectWriter, false
	}
	if o, ok := ParseOwnership(string(stored)); ok {
		return o, true
	}
	return BucketOwnerEnforced, true
}

// ObjectOwner names the account that owns an object written by writer
// into a bucket of bucketOwner: the bucket owner with BucketOwnerEnforced,
// and with BucketOwnerPreferred when the write carries the
// bucket-owner-full-control canned ACL; otherwise the writer.
func ObjectOwner(o Ownership, bucketOwner, writer, canned string) string {
	switch {
	case o == BucketOwnerEnforced, writer == "":
		return bucketOwner
	case o == BucketOwnerPreferred && canned == CannedBucketOwnerFullControl:
		return bucketOwner
	}
	return writer
}
