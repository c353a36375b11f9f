package acl

// Which ACL permission an IAM action needs, after the mapping of ACL
// permissions to access policy permissions in S3's "Access control list
// (ACL) overview". Actions without an entry cannot be granted by an ACL.
var bucketActions = map[string]Permission{
	"s3:ListBucket":                 Read,
	"s3:ListBucketVersions":         Read,
	"s3:ListBucketMultipartUploads": Read,
	// WRITE lets the grantee create objects and overwrite or delete
	// existing ones; a multipart writer may also list and abort its parts.
	"s3:PutObject":                Write,
	"s3:DeleteObject":             Write,
	"s3:AbortMultipartUpload":     Write,
	"s3:ListMultipartUploadParts": Write,
	"s3:GetBucketAcl":             ReadACP,
	"s3:PutBucketAcl":             WriteACP,
}

var objectActions = map[string]Permission{
	"s3:GetObject":               Read,
	"s3:GetObjectVersion":        Read,
	"s3:GetObjectTorrent":        Read,
	"s3:GetObjectVersionTorrent": Read,
	"s3:GetObjectAcl":            ReadACP,
	"s3:GetObjectVersionAcl":     ReadACP,
	"s3:PutObjectAcl":            WriteACP,
	"s3:PutObjectVersionAcl":     WriteACP,
}

// Need returns the permission an action needs and whether the object's
// ACL (true) or the bucket's (false) grants it; ok is false when no ACL can
// grant the action.
func Need(action string) (p Permission, onObject, ok bool) {
	if p, ok := objectActions[action]; ok {
		return p, true, true
	}
	if p, ok := bucketActions[action]; ok {
		return p, false, true
	}
	return 0, false, false
}

// objectContext lists the object actions S3 decides in the object owner's
// context: reads of the object, its ACL and its tags, and changes to its
// ACL and tags. Writes, deletes and multipart actions belong to the
// bucket: its owner may delete or overwrite any object, whoever owns it.
var objectContext = map[string]bool{
	"s3:GetObject": true, "s3:GetObjectVersion": true, "s3:GetObjectTorrent": true, "s3:GetObjectVersionTorrent": true,
	"s3:GetObjectAcl": true, "s3:GetObjectVersionAcl": true, "s3:PutObjectAcl": true, "s3:PutObjectVersionAcl": true,
	"s3:GetObjectTagging": true, "s3:GetObjectVersionTagging": true, "s3:PutObjectTagging": true,
	"s3:PutObjectVersionTagging": true, "s3:DeleteObjectTagging": true, "s3:DeleteObjectVersionTagging": true,
	"s3:GetObjectAttributes": true, "s3:GetObjectVersionAttributes": true,
}

// ObjectContext reports whether an object action is decided by the object
// owner when another account owns the object (AWS's object context): the
// object's ACL must then grant it, and the bucket owner can only deny.
func ObjectContext(action string) bool { return objectContext[action] }
