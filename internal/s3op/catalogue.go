package s3op

// Applies says which S3 resource shapes an IAM action applies to, for
// policy validation ("Action does not apply to any resource(s) in
// statement").
type Applies uint8

// Resource shapes.
const (
	OnBucket Applies = 1 << iota
	OnObject
	OnAccessPoint
	OnAccessPointObject
	OnOther // account, job, storage lens, multi-region access point...
)

// CatalogueEntry is one S3 IAM action.
type CatalogueEntry struct {
	Action  string
	Applies Applies
}

const (
	obj  = OnObject | OnAccessPointObject
	bkt  = OnBucket
	bap  = OnBucket | OnAccessPoint
	acct = OnOther
)

// Catalogue lists the S3 actions of the Service Authorization Reference
// ("Actions defined by Amazon S3") with the resources they apply to. It
// covers actions Coffer does not serve yet, so that policies written for
// AWS validate the same way.
var Catalogue = []CatalogueEntry{
	{"s3:AbortMultipartUpload", obj},
	{"s3:BypassGovernanceRetention", obj},
	{"s3:CreateAccessGrant", acct},
	{"s3:CreateAccessPoint", OnAccessPoint},
	{"s3:CreateAccessPointForObjectLambda", acct},
	{"s3:CreateBucket", bkt},
	{"s3:CreateJob", acct},
	{"s3:CreateMultiRegionAccessPoint", acct},
	{"s3:CreateSession", bkt},
	{"s3:CreateStorageLensGroup", acct},
	{"s3:DeleteAccessPoint", OnAccessPoint},
	{"s3:DeleteAccessPointPolicy", OnAccessPoint},
	{"s3:DeleteBucket", bkt},
	{"s3:DeleteBucketOwnershipControls", bkt},
	{"s3:DeleteBucketPolicy", bkt},
	{"s3:DeleteBucketWebsite", bkt},
	{"s3:DeleteObject", obj},
	{"s3:DeleteObjectTagging", obj},
	{"s3:DeleteObjectVersion", obj},
	{"s3:DeleteObjectVersionTagging", obj},
	{"s3:DeleteStorageLensConfiguration", acct},
	{"s3:GetAccelerateConfiguration", bkt},
	{"s3:GetAccessPoint", acct},
	{"s3:GetAccessPointPolicy", OnAccessPoint},
	{"s3:GetAccessPointPolicyStatus", OnAccessPoint},
	{"s3:GetAccountPublicAccessBlock", acct},
	{"s3:GetAnalyticsConfiguration", bkt},
	{"s3:GetBucketAcl", bkt},
	{"s3:GetBucketCORS", bkt},
	{"s3:GetBucketLocation", bkt},
	{"s3:GetBucketLogging", bkt},
	{"s3:GetBucketNotification", bkt},
	{"s3:GetBucketObjectLockConfiguration", bkt},
	{"s3:GetBucketOwnershipControls", bkt},
	{"s3:GetBucketPolicy", bkt},
	{"s3:GetBucketPolicyStatus", bkt},
	{"s3:GetBucketPublicAccessBlock", bkt},
	{"s3:GetBucketRequestPayment", bkt},
	{"s3:GetBucketTagging", bkt},
	{"s3:GetBucketVersioning", bkt},
	{"s3:GetBucketWebsite", bkt},
	{"s3:GetEncryptionConfiguration", bkt},
	{"s3:GetIntelligentTieringConfiguration", bkt},
	{"s3:GetInventoryConfiguration", bkt},
	{"s3:GetLifecycleConfiguration", bkt},
	{"s3:GetMetricsConfiguration", bkt},
	{"s3:GetObject", obj},
	{"s3:GetObjectAcl", obj},
	{"s3:GetObjectAttributes", obj},
	{"s3:GetObjectLegalHold", obj},
	{"s3:GetObjectRetention", obj},
	{"s3:GetObjectTagging", obj},
	{"s3:GetObjectTorrent", obj},
	{"s3:GetObjectVersion", obj},
	{"s3:GetObjectVersionAcl", obj},
	{"s3:GetObjectVersionAttributes", obj},
	{"s3:GetObjectVersionForReplication", obj},
	{"s3:GetObjectVersionTagging", obj},
	{"s3:GetObjectVersionTorrent", obj},
	{"s3:GetReplicationConfiguration", bkt},
	{"s3:InitiateReplication", obj},
	{"s3:ListAccessPoints", acct},
	{"s3:ListAllMyBuckets", acct},
	{"s3:ListBucket", bkt},
	{"s3:ListBucketMultipartUploads", bkt},
	{"s3:ListBucketVersions", bkt},
	{"s3:ListJobs", acct},
	{"s3:ListMultipartUploadParts", obj},
	{"s3:ListStorageLensConfigurations", acct},
	{"s3:ObjectOwnerOverrideToBucketOwner", obj},
	{"s3:PutAccelerateConfiguration", bkt},
	{"s3:PutAccessPointPolicy", OnAccessPoint},
	{"s3:PutAccessPointPublicAccessBlock", acct},
	{"s3:PutAccountPublicAccessBlock", acct},
	{"s3:PutAnalyticsConfiguration", bkt},
	{"s3:PutBucketAcl", bkt},
	{"s3:PutBucketCORS", bkt},
	{"s3:PutBucketLogging", bkt},
	{"s3:PutBucketNotification", bkt},
	{"s3:PutBucketObjectLockConfiguration", bkt},
	{"s3:PutBucketOwnershipControls", bkt},
	{"s3:PutBucketPolicy", bkt},
	{"s3:PutBucketPublicAccessBlock", bkt},
	{"s3:PutBucketRequestPayment", bkt},
	{"s3:PutBucketTagging", bkt},
	{"s3:PutBucketVersioning", bkt},
	{"s3:PutBucketWebsite", bkt},
	{"s3:PutEncryptionConfiguration", bkt},
	{"s3:PutIntelligentTieringConfiguration", bkt},
	{"s3:PutInventoryConfiguration", bkt},
	{"s3:PutLifecycleConfiguration", bkt},
	{"s3:PutMetricsConfiguration", bkt},
	{"s3:PutObject", obj},
	{"s3:PutObjectAcl", obj},
	{"s3:PutObjectLegalHold", obj},
	{"s3:PutObjectRetention", obj},
	{"s3:PutObjectTagging", obj},
	{"s3:PutObjectVersionAcl", obj},
	{"s3:PutObjectVersionTagging", obj},
	{"s3:PutReplicationConfiguration", bkt},
	{"s3:PutStorageLensConfiguration", acct},
	{"s3:ReplicateDelete", obj},
	{"s3:ReplicateObject", obj},
	{"s3:ReplicateTags", obj},
	{"s3:RestoreObject", obj},
}
