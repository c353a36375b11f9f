package meta

import "time"

// NullVersion is the version id of objects written while versioning is off
// or suspended.
const NullVersion = "null"

// Versioning states of a bucket. The zero value means versioning was never
// enabled.
const (
	VersioningOff       = ""
	VersioningEnabled   = "Enabled"
	VersioningSuspended = "Suspended"
)

// Bucket is a bucket's record. Configs holds per-bucket configuration
// documents by name ("policy", "cors", "encryption", "ownership",
// "publicAccessBlock", ...) so later features add documents, not schema.
type Bucket struct {
	Name       string
	Owner      string // account id
	Region     string
	Created    time.Time
	Versioning string
	ObjectLock bool
	Tags       []Tag
	Configs    map[string][]byte
}

// Tag is one key/value tag.
type Tag struct{ Key, Value string }

// KV is one user metadata entry (x-amz-meta-*), name lower-cased.
type KV struct{ Name, Value string }

// Checksum is an additional checksum as S3 stores it.
type Checksum struct {
	Algorithm string // CRC32, CRC32C, CRC64NVME, SHA1, SHA256; "" for none
	Value     string // base64, with "-N" suffix for composite multipart checksums
	Type      string // FULL_OBJECT or COMPOSITE
}

// Part is one part of a multipart object or upload.
type Part struct {
	Number   int32
	Size     int64
	ETag     string // hex MD5, unquoted
	Checksum string // base64 of this part's additional checksum, if any
	Blob     string // blob id of the part's data
	Modified time.Time
}

// Headers are the standard HTTP headers S3 stores with an object.
type Headers struct {
	ContentType        string
	ContentEncoding    string
	ContentDisposition string
	ContentLanguage    string
	CacheControl       string
	Expires            string
}

// Encryption describes how the object's data is encrypted at rest. It names
// keys, never holds one in the clear.
type Encryption struct {
	Mode        string // "", "AES256" (SSE-S3), "aws:kms", "SSE-C"
	KeyID       string // KMS key ARN or master key id
	WrappedKey  []byte // data key sealed by KeyID
	BucketKey   bool
	Context     string // KMS encryption context (JSON) if any
	CustomerMAC []byte // salted HMAC of the SSE-C key, to recognise it
}

// Version is one version of an object, or a delete marker. Its data lives
// inline in the store (Inline) or in blobs (Blob for single-part objects,
// Parts for multipart ones).
type Version struct {
	Bucket       string
	Key          string
	VersionID    string
	Seq          uint64 // orders versions of a key: larger is newer
	DeleteMarker bool
	Size         int64
	ETag         string // unquoted; "<hex>-N" for multipart
	Modified     time.Time
	Owner        string // account id
	StorageClass string
	Headers      Headers
	Meta         []KV
	Tags         []Tag
	Checksum     Checksum
	Parts        []Part
	Blob         string
	Inline       bool
	Encryption   Encryption
	// ACL is the version's S3 ACL in internal/acl's stored form; nil means
	// the default (the owner has FULL_CONTROL).
	ACL []byte
}

// Upload is an in-progress multipart upload.
type Upload struct {
	Bucket            string
	Key               string
	UploadID          string
	Seq               uint64
	Initiated         time.Time
	Owner             string // account id
	Initiator         string // principal ARN
	StorageClass      string
	Headers           Headers
	Meta              []KV
	Tags              []Tag
	ChecksumAlgorithm string
	ChecksumType      string
	Encryption        Encryption
	// ACL is the ACL the completed object gets (internal/acl's stored
	// form); nil means the default.
	ACL []byte
}
