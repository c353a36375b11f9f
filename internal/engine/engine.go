package engine

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/blob"
	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/meta"
)

// Options configures an Engine.
type Options struct {
	Meta   meta.Store
	Blobs  blob.Store
	Region string
	// InlineMax is the largest object kept inside the metadata store
	// (default 64 KiB). Inline objects commit with the metadata in one
	// write-ahead-log sync shared by concurrent writers.
	InlineMax int64
	Logger    *slog.Logger
	Now       func() time.Time
	// Master wraps SSE-S3 data keys; KMS makes SSE-KMS data keys.
	Master *keys.Master
	KMS    KMS
	// UnencryptedForBenchmarks stores new objects in the clear. Only the
	// engine's benchmarks set it, to measure the cost of encryption.
	UnencryptedForBenchmarks bool
}

// Engine implements S3 semantics.
type Engine struct {
	meta      meta.Store
	blobs     blob.Store
	region    string
	inlineMax int64
	log       *slog.Logger
	now       func() time.Time
	bufs      sync.Pool // *[]byte of bufSize, for streaming copies
	master    *keys.Master
	kms       KMS
	bkeys     bucketKeys
	plaintext bool
}

const bufSize = 1 << 20

// New builds an Engine.
func New(o Options) *Engine {
	if o.InlineMax == 0 {
		o.InlineMax = 64 << 10
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	e := &Engine{meta: o.Meta, blobs: o.Blobs, region: o.Region, inlineMax: o.InlineMax, log: o.Logger, now: o.Now,
		master: o.Master, kms: o.KMS, plaintext: o.UnencryptedForBenchmarks}
	e.bkeys.write, e.bkeys.opened = map[string]bucketKey{}, map[string][]byte{}
	e.bufs.New = func() any { b := make([]byte, bufSize); return &b }
	return e
}

// Region is the region the engine serves.
func (e *Engine) Region() string { return e.region }

func (e *Engine) getBuf() *[]byte  { return e.bufs.Get().(*[]byte) }
func (e *Engine) putBuf(b *[]byte) { e.bufs.Put(b) }

// bucket loads a bucket or returns NoSuchBucket.
func (e *Engine) bucket(ctx context.Context, name string) (*meta.Bucket, error) {
	b, err := e.meta.GetBucket(ctx, name)
	if errors.Is(err, meta.ErrNotFound) {
		return nil, apierr.NoSuchBucket.With("BucketName", name)
	}
	return b, err
}

// Bucket returns a bucket's record (for the authorization layer: owner,
// policies), or NoSuchBucket.
func (e *Engine) Bucket(ctx context.Context, name string) (*meta.Bucket, error) {
	return e.bucket(ctx, name)
}

// freeData removes the blobs of versions or parts that no metadata names any
// more. Failures leave orphans for the sweeper, never broken objects.
func (e *Engine) freeData(v *meta.Version) {
	if v == nil {
		return
	}
	if v.Blob != "" {
		e.removeBlob(v.Blob)
	}
	for _, p := range v.Parts {
		e.removeBlob(p.Blob)
	}
}

func (e *Engine) removeBlob(id string) {
	if id == "" {
		return
	}
	if err := e.blobs.Remove(id); err != nil {
		e.log.Warn("blob removal failed; the sweeper will retry", "blob", id, "err", err)
	}
}

// mapMeta turns store errors into S3 errors.
func mapMeta(err error, notFound *apierr.Error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, meta.ErrNotFound) {
		return notFound
	}
	return err
}
