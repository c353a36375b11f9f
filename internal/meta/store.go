package meta

import (
	"context"
	"errors"
)

// Store errors. The engine maps them to S3 errors; they never reach clients.
var (
	ErrNotFound = errors.New("meta: not found")
	ErrExists   = errors.New("meta: already exists")
	ErrNotEmpty = errors.New("meta: bucket not empty")
	ErrClosed   = errors.New("meta: store closed")
	// ErrInvalidKey rejects a bucket name, object key or record namespace
	// containing a NUL byte: key layouts use NUL as their separator.
	ErrInvalidKey = errors.New("meta: name contains NUL")
)

// Store is the metadata store. Every method is safe for concurrent use.
// Writes are durable when they return nil.
type Store interface {
	// CreateBucket stores a new bucket; ErrExists (wrapped in *BucketExistsError
	// naming the owner) when the name is taken.
	CreateBucket(ctx context.Context, b *Bucket) error
	// GetBucket returns a bucket; the caller must not modify it.
	GetBucket(ctx context.Context, name string) (*Bucket, error)
	// UpdateBucket changes a bucket atomically: fn gets a private copy.
	UpdateBucket(ctx context.Context, name string, fn func(*Bucket) error) error
	// DeleteBucket removes an empty bucket (no versions, no uploads):
	// ErrNotEmpty otherwise. It waits for object updates in flight.
	DeleteBucket(ctx context.Context, name string) error
	// ListBuckets returns buckets with names after `after`, in name order.
	ListBuckets(ctx context.Context, after string, limit int) ([]*Bucket, error)

	// GetVersion returns one version; versionID "" means the latest, which may
	// be a delete marker. ErrNotFound when absent.
	GetVersion(ctx context.Context, bucket, key, versionID string) (*Version, error)
	// ReadInline returns the data of an inline version. ErrNotFound when
	// the version was replaced or deleted since v was read: callers re-read
	// the version and retry.
	ReadInline(ctx context.Context, v *Version) ([]byte, error)
	// UpdateObject runs fn atomically for one object key of an existing
	// bucket (ErrNotFound for a missing bucket) and commits its mutations
	// durably in one transaction. fn must not block on other updates. When
	// fn returns an error nothing is committed and UpdateObject returns it.
	UpdateObject(ctx context.Context, bucket, key string, fn func(ObjectTx) error) error
	// Objects iterates the latest versions that are not delete markers, by key.
	Objects(ctx context.Context, bucket string, q ListQuery) (Iter[*Version], error)
	// Versions iterates every version and delete marker, by key ascending then
	// newest first.
	Versions(ctx context.Context, bucket string, q ListQuery) (Iter[*Version], error)

	// CreateUpload records a new multipart upload.
	CreateUpload(ctx context.Context, u *Upload) error
	// GetUpload returns an upload; ErrNotFound when absent.
	GetUpload(ctx context.Context, bucket, key, uploadID string) (*Upload, error)
	// PutPart records a part of an existing upload, returning the part it
	// replaced (nil if none).
	PutPart(ctx context.Context, bucket, key, uploadID string, p *Part) (*Part, error)
	// Parts iterates an upload's parts by number, after part `after`.
	Parts(ctx context.Context, bucket, key, uploadID string, after int32) (Iter[*Part], error)
	// Uploads iterates uploads of a bucket by key, then initiation order.
	Uploads(ctx context.Context, bucket string, q ListQuery) (Iter[*Upload], error)
	// AbortUpload removes an upload and returns its parts.
	AbortUpload(ctx context.Context, bucket, key, uploadID string) ([]*Part, error)

	// Records is the generic namespace used by IAM, STS, KMS and the like.
	GetRecord(ctx context.Context, ns, id string) ([]byte, error)
	// UpdateRecords runs fn atomically over records and commits durably.
	UpdateRecords(ctx context.Context, fn func(RecordTx) error) error
	// Records iterates the records of a namespace with ids starting with prefix.
	Records(ctx context.Context, ns, prefix string) (Iter[Record], error)

	// Close waits for calls in flight and releases the store; later calls
	// fail with ErrClosed. Iterators must be closed first.
	Close() error
}

// ObjectTx is the view of one object key inside UpdateObject. Reads see the
// transaction's own mutations. Values it returns are the caller's to change.
type ObjectTx interface {
	// Latest returns the newest version or delete marker, ErrNotFound if none.
	Latest() (*Version, error)
	// Get returns a version by id ("null" included), ErrNotFound if absent.
	Get(versionID string) (*Version, error)
	// NewVersion allocates a sequence number newer than every version of the
	// key and a fresh, unique version id for it.
	NewVersion() (seq uint64, versionID string)
	// Put inserts v, or replaces the version with the same VersionID. v.Seq
	// and v.VersionID come from NewVersion (VersionID may be "null"; a null
	// Put replaces the key's previous null version, wherever it sits).
	// inline holds the data of an inline version; nil keeps the stored data
	// of a replaced inline version, and a non-inline v drops it.
	Put(v *Version, inline []byte) error
	// Delete removes a version or delete marker by id ("null" included),
	// ErrNotFound if absent. The next newest becomes the latest.
	Delete(versionID string) error
	// TakeUpload removes a multipart upload of this key and its part records
	// in the same commit, returning the upload and its parts (ErrNotFound).
	TakeUpload(uploadID string) (*Upload, []*Part, error)
}

// ListQuery selects a range of keys. After and AfterVersion are exclusive
// starting points (AfterVersion only for Versions and Uploads: a version id or
// upload id within After). An AfterVersion this store cannot have issued
// makes the listing fail with ErrNotFound; a "null" marker whose version is
// gone resumes after the whole After key.
type ListQuery struct {
	Prefix       string
	After        string
	AfterVersion string
}

// Iter is a forward iterator. Next advances; SkipPrefix moves past every key
// starting with p (used to roll up common prefixes).
type Iter[T any] interface {
	Next() bool
	Item() T
	SkipPrefix(p string)
	Err() error
	Close() error
}

// Record is one generic record.
type Record struct {
	ID    string
	Value []byte
}

// RecordTx is the view inside UpdateRecords.
type RecordTx interface {
	Get(ns, id string) ([]byte, error)
	Put(ns, id string, value []byte) error
	Delete(ns, id string) error
	List(ns, prefix string) ([]Record, error)
}

// BucketExistsError is returned by CreateBucket when the name is taken.
type BucketExistsError struct{ Owner string }

func (e *BucketExistsError) Error() string { return "meta: bucket exists" }
func (e *BucketExistsError) Unwrap() error { return ErrExists }
