package s3op

// Op is one S3 operation.
type Op uint8

// Operations. Keep in the order of the table below.
const (
	Unknown Op = iota
	ListBuckets
	CreateBucket
	HeadBucket
	DeleteBucket
	GetBucketLocation
	GetBucketVersioning
	PutBucketVersioning
	GetBucketTagging
	PutBucketTagging
	DeleteBucketTagging
	ListObjects
	ListObjectsV2
	ListObjectVersions
	ListMultipartUploads
	DeleteObjects
	PutObject
	CopyObject
	GetObject
	HeadObject
	DeleteObject
	GetObjectTagging
	PutObjectTagging
	DeleteObjectTagging
	CreateMultipartUpload
	UploadPart
	UploadPartCopy
	CompleteMultipartUpload
	AbortMultipartUpload
	ListParts
	GetBucketPolicy
	PutBucketPolicy
	DeleteBucketPolicy
	GetBucketPolicyStatus
	PostObject
	GetBucketCors
	PutBucketCors
	DeleteBucketCors
	Preflight
	GetPublicAccessBlock
	PutPublicAccessBlock
	DeletePublicAccessBlock
	GetBucketAcl
	PutBucketAcl
	GetObjectAcl
	PutObjectAcl
	GetBucketOwnershipControls
	PutBucketOwnershipControls
	DeleteBucketOwnershipControls
	GetBucketEncryption
	PutBucketEncryption
	DeleteBucketEncryption
	GetBucketLifecycleConfiguration
	GetBucketLogging
	GetBucketRequestPayment
	GetBucketAccelerateConfiguration
	GetBucketNotificationConfiguration
	GetBucketWebsite
	GetBucketReplication
	GetObjectLockConfiguration
	numOps
)

// Resource is the kind of resource an operation's action applies to.
type Resource uint8

const (
	// Account-wide operations use the resource "*".
	Account Resource = iota + 1
	// Bucket operations use arn:aws:s3:::bucket.
	Bucket
	// Object operations use arn:aws:s3:::bucket/key.
	Object
)

// Info describes an operation.
type Info struct {
	Name string
	// Action is the IAM action checked for the request.
	Action string
	// VersionAction replaces Action when the request names a versionId.
	VersionAction string
	Resource      Resource
	// PerKey marks operations whose handler checks Action for each key of
	// the request body (DeleteObjects), in addition to the bucket-level check.
	PerKey bool
	// CopySource marks operations that also need s3:GetObject (or
	// s3:GetObjectVersion) on the copy source.
	CopySource bool
	// Preflight marks the CORS preflight (OPTIONS), the one request that
	// needs no IAM action: browsers send it without credentials, and S3
	// answers it from the bucket's CORS configuration alone. It is the only
	// operation without an Action.
	Preflight bool
}

var table = [numOps]Info{
	Unknown:                 {},
	ListBuckets:             {Name: "ListBuckets", Action: "s3:ListAllMyBuckets", Resource: Account},
	CreateBucket:            {Name: "CreateBucket", Action: "s3:CreateBucket", Resource: Bucket},
	HeadBucket:              {Name: "HeadBucket", Action: "s3:ListBucket", Resource: Bucket},
	DeleteBucket:            {Name: "DeleteBucket", Action: "s3:DeleteBucket", Resource: Bucket},
	GetBucketLocation:       {Name: "GetBucketLocation", Action: "s3:GetBucketLocation", Resource: Bucket},
	GetBucketVersioning:     {Name: "GetBucketVersioning", Action: "s3:GetBucketVersioning", Resource: Bucket},
	PutBucketVersioning:     {Name: "PutBucketVersioning", Action: "s3:PutBucketVersioning", Resource: Bucket},
	GetBucketTagging:        {Name: "GetBucketTagging", Action: "s3:GetBucketTagging", Resource: Bucket},
	PutBucketTagging:        {Name: "PutBucketTagging", Action: "s3:PutBucketTagging", Resource: Bucket},
	DeleteBucketTagging:     {Name: "DeleteBucketTagging", Action: "s3:PutBucketTagging", Resource: Bucket},
	ListObjects:             {Name: "ListObjects", Action: "s3:ListBucket", Resource: Bucket},
	ListObjectsV2:           {Name: "ListObjectsV2", Action: "s3:ListBucket", Resource: Bucket},
	ListObjectVersions:      {Name: "ListObjectVersions", Action: "s3:ListBucketVersions", Resource: Bucket},
	ListMultipartUploads:    {Name: "ListMultipartUploads", Action: "s3:ListBucketMultipartUploads", Resource: Bucket},
	DeleteObjects:           {Name: "DeleteObjects", Action: "s3:DeleteObject", VersionAction: "s3:DeleteObjectVersion", Resource: Bucket, PerKey: true},
	PutObject:               {Name: "PutObject", Action: "s3:PutObject", Resource: Object},
	CopyObject:              {Name: "CopyObject", Action: "s3:PutObject", Resource: Object, CopySource: true},
	GetObject:               {Name: "GetObject", Action: "s3:GetObject", VersionAction: "s3:GetObjectVersion", Resource: Object},
	HeadObject:              {Name: "HeadObject", Action: "s3:GetObject", VersionAction: "s3:GetObjectVersion", Resource: Object},
	DeleteObject:            {Name: "DeleteObject", Action: "s3:DeleteObject", VersionAction: "s3:DeleteObjectVersion", Resource: Object},
	GetObjectTagging:        {Name: "GetObjectTagging", Action: "s3:GetObjectTagging", VersionAction: "s3:GetObjectVersionTagging", Resource: Object},
	PutObjectTagging:        {Name: "PutObjectTagging", Action: "s3:PutObjectTagging", VersionAction: "s3:PutObjectVersionTagging", Resource: Object},
	DeleteObjectTagging:     {Name: "DeleteObjectTagging", Action: "s3:DeleteObjectTagging", VersionAction: "s3:DeleteObjectVersionTagging", Resource: Object},
	CreateMultipartUpload:   {Name: "CreateMultipartUpload", Action: "s3:PutObject", Resource: Object},
	UploadPart:              {Name: "UploadPart", Action: "s3:PutObject", Resource: Object},
	UploadPartCopy:          {Name: "UploadPartCopy", Action: "s3:PutObject", Resource: Object, CopySource: true},
	CompleteMultipartUpload: {Name: "CompleteMultipartUpload", Action: "s3:PutObject", Resource: Object},
	AbortMultipartUpload:    {Name: "AbortMultipartUpload", Action: "s3:AbortMultipartUpload", Resource: Object},
	ListParts:               {Name: "ListParts", Action: "s3:ListMultipartUploadParts", Resource: Object},
	GetBucketPolicy:         {Name: "GetBucketPolicy", Action: "s3:GetBucketPolicy", Resource: Bucket},
	PutBucketPolicy:         {Name: "PutBucketPolicy", Action: "s3:PutBucketPolicy", Resource: Bucket},
	DeleteBucketPolicy:      {Name: "DeleteBucketPolicy", Action: "s3:DeleteBucketPolicy", Resource: Bucket},
	GetBucketPolicyStatus:   {Name: "GetBucketPolicyStatus", Action: "s3:GetBucketPolicyStatus", Resource: Bucket},
	// A browser POST upload: the key comes from the form, so the resource is
	// known only once the form's fields are read (in authentication).
	PostObject:              {Name: "PostObject", Action: "s3:PutObject", Resource: Object},
	GetBucketCors:           {Name: "GetBucketCors", Action: "s3:GetBucketCORS", Resource: Bucket},
	PutBucketCors:           {Name: "PutBucketCors", Action: "s3:PutBucketCORS", Resource: Bucket},
	DeleteBucketCors:        {Name: "DeleteBucketCors", Action: "s3:PutBucketCORS", Resource: Bucket},
	Preflight:               {Name: "PreflightRequest", Resource: Bucket, Preflight: true},
	GetPublicAccessBlock:    {Name: "GetPublicAccessBlock", Action: "s3:GetBucketPublicAccessBlock", Resource: Bucket},
	PutPublicAccessBlock:    {Name: "PutPublicAccessBlock", Action: "s3:PutBucketPublicAccessBlock", Resource: Bucket},
	DeletePublicAccessBlock: {Name: "DeletePublicAccessBlock", Action: "s3:PutBucketPublicAccessBlock", Resource: Bucket},
	// S3 ACLs and Object Ownership.
	GetBucketAcl:               {Name: "GetBucketAcl", Action: "s3:GetBucketAcl", Resource: Bucket},
	PutBucketAcl:               {Name: "PutBucketAcl", Action: "s3:PutBucketAcl", Resource: Bucket},
	GetObjectAcl:               {Name: "GetObjectAcl", Action: "s3:GetObjectAcl", VersionAction: "s3:GetObjectVersionAcl", Resource: Object},
	PutObjectAcl:               {Name: "PutObjectAcl", Action: "s3:PutObjectAcl", VersionAction: "s3:PutObjectVersionAcl", Resource: Object},
	GetBucketOwnershipControls: {Name: "GetBucketOwnershipControls", Action: "s3:GetBucketOwnershipControls", Resource: Bucket},
	PutBucketOwnershipControls: {Name: "PutBucketOwnershipControls", Action: "s3:PutBucketOwnershipControls", Resource: Bucket},
	// AWS checks s3:PutBucketOwnershipControls for the delete.
	DeleteBucketOwnershipControls: {Name: "DeleteBucketOwnershipControls", Action: "s3:PutBucketOwnershipControls", Resource: Bucket},
	// Default encryption; AWS checks s3:PutEncryptionConfiguration for the delete.
	GetBucketEncryption:    {Name: "GetBucketEncryption", Action: "s3:GetEncryptionConfiguration", Resource: Bucket},
	PutBucketEncryption:    {Name: "PutBucketEncryption", Action: "s3:PutEncryptionConfiguration", Resource: Bucket},
	DeleteBucketEncryption: {Name: "DeleteBucketEncryption", Action: "s3:PutEncryptionConfiguration", Resource: Bucket},
	// Reads of configurations Coffer cannot hold (they cannot be set): they
	// answer as for a bucket where none is set, after authorization.
	GetBucketLifecycleConfiguration:    {Name: "GetBucketLifecycleConfiguration", Action: "s3:GetLifecycleConfiguration", Resource: Bucket},
	GetBucketLogging:                   {Name: "GetBucketLogging", Action: "s3:GetBucketLogging", Resource: Bucket},
	GetBucketRequestPayment:            {Name: "GetBucketRequestPayment", Action: "s3:GetBucketRequestPayment", Resource: Bucket},
	GetBucketAccelerateConfiguration:   {Name: "GetBucketAccelerateConfiguration", Action: "s3:GetAccelerateConfiguration", Resource: Bucket},
	GetBucketNotificationConfiguration: {Name: "GetBucketNotificationConfiguration", Action: "s3:GetBucketNotification", Resource: Bucket},
	GetBucketWebsite:                   {Name: "GetBucketWebsite", Action: "s3:GetBucketWebsite", Resource: Bucket},
	GetBucketReplication:               {Name: "GetBucketReplication", Action: "s3:GetReplicationConfiguration", Resource: Bucket},
	GetObjectLockConfiguration:         {Name: "GetObjectLockConfiguration", Action: "s3:GetBucketObjectLockConfiguration", Resource: Bucket},
}

// Info returns the operation's description.
func (o Op) Info() *Info {
	if o >= numOps {
		return &table[Unknown]
	}
	return &table[o]
}

func (o Op) String() string {
	if i := o.Info(); i.Name != "" {
		return i.Name
	}
	return "Unknown"
}

// ActionFor returns the IAM action for a request naming versionID or not.
func (o Op) ActionFor(versionID string) string {
	i := o.Info()
	if versionID != "" && i.VersionAction != "" {
		return i.VersionAction
	}
	return i.Action
}

// All returns every known operation, for tests that walk the table.
func All() []Op {
	out := make([]Op, 0, numOps-1)
	for o := Op(1); o < numOps; o++ {
		out = append(out, o)
	}
	return out
}
