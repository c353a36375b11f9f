package engine

import (
	"context"
	"errors"
	"time"

	"github.com/coffer-s3/coffer/internal/meta"
)

// SweepOrphans removes committed blobs that no version or upload part names:
// a crash between a blob's rename and its metadata commit, or between a
// replacing commit and freeData, leaves such blobs behind. Only blobs
// modified before `before` are candidates, and the caller must not run it
// while writes that started before `before` may still commit: the server
// runs it at start, before it listens. It returns how many blobs it removed.
func (e *Engine) SweepOrphans(ctx context.Context, before time.Time) (int, error) {
	used, err := e.referencedBlobs(ctx)
	if err != nil {
		return 0, err
	}
	removed := 0
	err = e.blobs.Walk(func(id string, modified time.Time) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, ok := used[id]; ok || !modified.Before(before) {
			return nil
		}
		if err := e.blobs.Remove(id); err != nil {
			e.log.Warn("orphan blob removal failed", "blob", id, "err", err)
			return nil
		}
		removed++
		return nil
	})
	return removed, err
}

// referencedBlobs collects the blob ids of every version and every part of
// every upload in progress.
func (e *Engine) referencedBlobs(ctx context.Context) (map[string]struct{}, error) {
	used := map[string]struct{}{}
	add := func(id string) {
		if id != "" {
			used[id] = struct{}{}
		}
	}
	after := ""
	for {
		page, err := e.meta.ListBuckets(ctx, after, 1000)
		if err != nil {
			return nil, err
		}
		for _, b := range page {
			after = b.Name
			if err := e.versionBlobs(ctx, b.Name, add); err != nil {
				return nil, err
			}
			if err := e.uploadBlobs(ctx, b.Name, add); err != nil {
				return nil, err
			}
		}
		if len(page) < 1000 {
			return used, nil
		}
	}
}

func (e *Engine) versionBlobs(ctx context.Context, bucket string, add func(string)) error {
	it, err := e.meta.Versions(ctx, bucket, meta.ListQuery{})
	if errors.Is(err, meta.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	defer it.Close()
	for it.Next() {
		v := it.Item()
		add(v.Blob)
		for _, p := range v.Parts {
			add(p.Blob)
		}
	}
	return it.Err()
}

func (e *Engine) uploadBlobs(ctx context.Context, bucket string, add func(string)) error {
	it, err := e.meta.Uploads(ctx, bucket, meta.ListQuery{})
	if errors.Is(err, meta.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	defer it.Close()
	for it.Next() {
		u := it.Item()
		parts, err := e.meta.Parts(ctx, bucket, u.Key, u.UploadID, 0)
		if err != nil {
			return err
		}
		for parts.Next() {
			add(parts.Item().Blob)
		}
		err = parts.Err()
		parts.Close()
		if err != nil {
			return err
		}
	}
	return it.Err()
}
