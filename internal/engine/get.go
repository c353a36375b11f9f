package engine

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/meta"
)

// GetInput is a GetObject or HeadObject request.
type GetInput struct {
	Bucket, Key, VersionID string
	Range                  Range
	PartNumber             int
	Cond                   Conditions
	Head                   bool // no body
	Keys                   ReadKeys
}

// GetOutput is an object to send. Close must be called.
type GetOutput struct {
	Version    *meta.Version
	VersionOut string // x-amz-version-id to return, "" for none
	Start      int64
	Length     int64
	Partial    bool // 206 with Content-Range
	PartsCount int  // x-amz-mp-parts-count for partNumber requests
	Body       io.Reader
	closer     io.Closer
}

// Close releases the body.
func (o *GetOutput) Close() {
	if o.closer != nil {
		o.closer.Close()
		o.closer = nil
	}
}

// ValidVersionID checks the form of a client-supplied version id.
func ValidVersionID(id string) error {
	if id == meta.NullVersion || len(id) == 32 {
		return nil
	}
	return apierr.InvalidArgument.WithMessage("Invalid version id specified").With("ArgumentName", "versionId").With("ArgumentValue", id)
}

// resolve finds the version a read names, with S3's errors for missing keys,
// missing versions and delete markers.
func (e *Engine) resolve(ctx context.Context, bucket, key, versionID string) (*meta.Bucket, *meta.Version, error) {
	b, err := e.bucket(ctx, bucket)
	if err != nil {
		return nil, nil, err
	}
	if err := CheckKey(key); err != nil {
		return nil, nil, err
	}
	if versionID != "" {
		if err := ValidVersionID(versionID); err != nil {
			return nil, nil, err
		}
	}
	v, err := e.meta.GetVersion(ctx, bucket, key, versionID)
	if errors.Is(err, meta.ErrNotFound) {
		if versionID != "" {
			return nil, nil, apierr.NoSuchVersion.With("Key", key).With("VersionId", versionID)
		}
		return nil, nil, apierr.NoSuchKey.With("Key", key)
	}
	if err != nil {
		return nil, nil, err
	}
	if v.DeleteMarker {
		if versionID != "" {
			return nil, nil, apierr.MethodNotAllowed.WithMessage("The specified method is not allowed against this resource.").
				With("Method", http.MethodGet).With("ResourceType", "DeleteMarker").
				WithHeader("x-amz-delete-marker", "true").WithHeader("x-amz-version-id", v.VersionID).
				WithHeader("Last-Modified", v.Modified.UTC().Format(http.TimeFormat))
		}
		return nil, nil, apierr.NoSuchKey.With("Key", key).
			WithHeader("x-amz-delete-marker", "true").WithHeader("x-amz-version-id", outVersionID(b, v.VersionID))
	}
	return b, v, nil
}

// GetObject resolves a read: version, preconditions, range or part, and
// opens the data unless in.Head.
func (e *Engine) GetObject(ctx context.Context, in *GetInput) (*GetOutput, error) {
	for attempt := 0; ; attempt++ {
		out, err := e.getObject(ctx, in)
		// A concurrent overwrite may remove the blob (or the inline data)
		// between the metadata read and the data read; read the metadata
		// again. Missing keys never get here as ErrNotFound: resolve turns
		// them into NoSuchKey.
		if (errors.Is(err, fs.ErrNotExist) || errors.Is(err, meta.ErrNotFound)) && attempt < 3 {
			continue
		}
		return out, err
	}
}

func (e *Engine) getObject(ctx context.Context, in *GetInput) (*GetOutput, error) {
	b, v, err := e.resolve(ctx, in.Bucket, in.Key, in.VersionID)
	if err != nil {
		return nil, err
	}
	if err := checkReadKeys(&v.Encryption, &in.Keys); err != nil {
		return nil, err
	}
	if err := in.Cond.Check(v, false); err != nil {
		return nil, withVersionHeaders(err, b, v)
	}
	out := &GetOutput{Version: v, VersionOut: outVersionID(b, v.VersionID), Start: 0, Length: v.Size}
	switch {
	case in.PartNumber > 0 && in.Range.IsSet():
		return nil, apierr.InvalidRequest.WithMessage("Cannot specify both Range header and partNumber query parameter")
	case in.PartNumber > 0:
		count := len(v.Parts)
		if count == 0 {
			count = 1
		}
		if in.PartNumber > count {
			return nil, apierr.InvalidPartNumber.With("PartNumberRequested", itoa(int64(in.PartNumber))).With("ActualPartCount", itoa(int64(count)))
		}
		out.PartsCount = count
		out.Partial = true
		if len(v.Parts) > 0 {
			for _, p := range v.Parts[:in.PartNumber-1] {
				out.Start += p.Size
			}
			out.Length = v.Parts[in.PartNumber-1].Size
		}
	case in.Range.IsSet():
		start, length, ok := in.Range.Resolve(v.Size)
		if !ok {
			return nil, apierr.InvalidRange.With("RangeRequested", in.Range.String()).With("ActualObjectSize", itoa(v.Size))
		}
		out.Start, out.Length, out.Partial = start, length, true
	}
	if in.Head {
		return out, nil
	}
	dk, err := e.dataKey(ctx, v.Bucket, v.Key, &v.Encryption, &in.Keys)
	if err != nil {
		return nil, err
	}
	body, closer, err := e.openData(ctx, v, out.Start, out.Length, dk)
	if err != nil {
		return nil, err
	}
	out.Body, out.closer = body, closer
	return out, nil
}

// withVersionHeaders adds the headers S3 sends with 304 and 412 answers.
func withVersionHeaders(err error, b *meta.Bucket, v *meta.Version) error {
	var ae *apierr.Error
	if !errors.As(err, &ae) {
		return err
	}
	ae = ae.WithHeader("ETag", `"`+v.ETag+`"`).WithHeader("Last-Modified", v.Modified.UTC().Format(http.TimeFormat))
	if id := outVersionID(b, v.VersionID); id != "" {
		ae = ae.WithHeader("x-amz-version-id", id)
	}
	return ae
}
