package s3api

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/checksum"
	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/s3op"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

func writeConditions(h http.Header) engine.WriteConditions {
	return engine.WriteConditions{IfMatch: h.Get("If-Match"), IfNoneMatch: h.Get("If-None-Match")}
}

func putObject(c *call) error {
	attrs, err := objectAttrs(c.r.Header, true)
	if err != nil {
		return err
	}
	owner, err := c.objectWriteACL(c.r.Header, &attrs)
	if err != nil {
		return err
	}
	size, ck, err := c.payload()
	if err != nil {
		return err
	}
	wk, err := c.writeKeys()
	if err != nil {
		return err
	}
	out, err := c.h.eng.PutObject(c.ctx, &engine.PutInput{
		Bucket: c.bucket, Key: c.key, Owner: owner, Body: c.auth.Body, Size: size,
		ContentMD5: c.r.Header.Get("Content-Md5"), Checksum: ck, Attrs: attrs, Cond: writeConditions(c.r.Header), Keys: wk,
	})
	if err != nil {
		return err
	}
	hdr := c.w.Header()
	hdr.Set("ETag", quote(out.ETag))
	if out.VersionID != "" {
		hdr.Set("X-Amz-Version-Id", out.VersionID)
	}
	setChecksumHeaders(hdr, out.Checksum)
	setSSEHeaders(hdr, &out.Encryption, wk.CustomerKey)
	return c.empty(http.StatusOK)
}

// response-* query parameters override headers of a GET response.
var overrides = [...][2]string{
	{"response-content-type", "Content-Type"},
	{"response-content-language", "Content-Language"},
	{"response-expires", "Expires"},
	{"response-cache-control", "Cache-Control"},
	{"response-content-disposition", "Content-Disposition"},
	{"response-content-encoding", "Content-Encoding"},
}

func getObject(c *call) error {
	head := c.r.Method == http.MethodHead
	in := &engine.GetInput{Bucket: c.bucket, Key: c.key, VersionID: c.query.Get("versionId"), Head: head,
		Cond: readConditions(c.r.Header, "")}
	if r := c.r.Header.Get("Range"); r != "" {
		in.Range, _ = engine.ParseRange(r)
	}
	if pn := c.query.Get("partNumber"); pn != "" {
		n, err := strconv.Atoi(pn)
		if err != nil {
			return apierr.InvalidArgument.WithMessage("Part number must be an integer between 1 and 10000, inclusive").
				With("ArgumentName", "partNumber").With("ArgumentValue", pn)
		}
		if err := engine.CheckPartNumber(n); err != nil {
			return err
		}
		in.PartNumber = n
	}
	hasOverride := false
	for _, o := range overrides {
		if _, ok := c.query[o[0]]; ok {
			hasOverride = true
		}
	}
	if hasOverride && c.principal.Account == "" {
		return apierr.InvalidRequest.WithMessage("Request specific response headers cannot be used for anonymous GET requests.")
	}
	var err error
	if in.Keys, err = c.readKeys(hSSECPrefix); err != nil {
		return err
	}
	out, err := c.h.eng.GetObject(c.ctx, in)
	if err != nil {
		return err
	}
	defer out.Close()
	v := out.Version
	hdr := c.w.Header()
	setObjectHeaders(hdr, v, out.VersionOut)
	setSSEHeaders(hdr, &v.Encryption, in.Keys.CustomerKey)
	for _, o := range overrides {
		if val, ok := c.query[o[0]]; ok && len(val) > 0 {
			hdr.Set(o[1], val[0])
		}
	}
	if strings.EqualFold(c.r.Header.Get("X-Amz-Checksum-Mode"), "ENABLED") && !out.Partial {
		setChecksumHeaders(hdr, v.Checksum)
	}
	if out.PartsCount > 0 && len(v.Parts) > 0 {
		hdr.Set("X-Amz-Mp-Parts-Count", itoa(int64(out.PartsCount)))
	}
	hdr.Set("Content-Length", itoa(out.Length))
	status := http.StatusOK
	if out.Partial {
		status = http.StatusPartialContent
		end := out.Start + out.Length - 1
		if out.Length == 0 {
			end = out.Start
		}
		hdr.Set("Content-Range", "bytes "+itoa(out.Start)+"-"+itoa(end)+"/"+itoa(v.Size))
	}
	c.status = status
	c.w.WriteHeader(status)
	if head || out.Body == nil {
		return nil
	}
	if _, err := io.Copy(c.w, out.Body); err != nil {
		// Headers are gone; all that is left is to cut the connection so
		// the client sees a short body, never a complete-looking one.
		c.h.log.Warn("GET body aborted", "id", c.requestID, "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

func deleteObject(c *call) error {
	out, err := c.h.eng.DeleteObject(c.ctx, c.bucket, c.key, c.query.Get("versionId"))
	if err != nil {
		return err
	}
	hdr := c.w.Header()
	if out.VersionID != "" {
		hdr.Set("X-Amz-Version-Id", out.VersionID)
	}
	if out.DeleteMarker {
		hdr.Set("X-Amz-Delete-Marker", "true")
	}
	return c.empty(http.StatusNoContent)
}

func deleteObjects(c *call) error {
	if c.r.Header.Get("Content-Md5") == "" && !hasChecksumHeader(c.r.Header) {
		return apierr.InvalidRequest.WithMessage("Missing required header for this request: Content-MD5")
	}
	body, err := c.smallBody(maxConfigBody)
	if err != nil {
		return err
	}
	d, err := s3xml.DecodeDelete(body)
	if err != nil {
		return err
	}
	entries := make([]engine.DeleteObjectsEntry, len(d.Objects))
	for i, o := range d.Objects {
		entries[i] = engine.DeleteObjectsEntry{Key: o.Key, VersionID: o.VersionId}
	}
	res, err := c.h.eng.DeleteObjects(c.ctx, c.bucket, entries, func(e engine.DeleteObjectsEntry) error {
		return c.authorize(c.op.ActionFor(e.VersionID), c.resourceARN(s3op.Object, e.Key))
	})
	if err != nil {
		return err
	}
	out := &s3xml.DeleteResult{}
	for _, r := range res {
		if r.Err != nil {
			out.Errors = append(out.Errors, s3xml.DeleteError{Key: r.Entry.Key, VersionId: r.Entry.VersionID, Code: r.Err.Code, Message: r.Err.Message})
			continue
		}
		if d.Quiet {
			continue
		}
		del := s3xml.DeletedObject{Key: r.Entry.Key, VersionId: r.Entry.VersionID, DeleteMarker: r.Out.DeleteMarker}
		if r.Out.DeleteMarker {
			// The marker created, or the marker removed by its id.
			del.DeleteMarkerVersionId = r.Out.VersionID
		}
		out.Deleted = append(out.Deleted, del)
	}
	return c.xml(out)
}

func hasChecksumHeader(h http.Header) bool {
	for _, a := range checksum.Algorithms() {
		if h.Get(a.HeaderName()) != "" {
			return true
		}
	}
	return h.Get("X-Amz-Sdk-Checksum-Algorithm") != "" || h.Get("X-Amz-Trailer") != ""
}

func getObjectTagging(c *call) error {
	tags, vid, err := c.h.eng.GetObjectTagging(c.ctx, c.bucket, c.key, c.query.Get("versionId"))
	if err != nil {
		return err
	}
	if vid != "" {
		c.w.Header().Set("X-Amz-Version-Id", vid)
	}
	return c.xml(&s3xml.Tagging{TagSet: tagsToXML(tags)})
}

func putObjectTagging(c *call) error {
	body, err := c.smallBody(maxConfigBody)
	if err != nil {
		return err
	}
	t, err := s3xml.DecodeTagging(body, s3xml.ObjectTags)
	if err != nil {
		return err
	}
	vid, err := c.h.eng.PutObjectTagging(c.ctx, c.bucket, c.key, c.query.Get("versionId"), tagsFromXML(t.TagSet))
	if err != nil {
		return err
	}
	if vid != "" {
		c.w.Header().Set("X-Amz-Version-Id", vid)
	}
	return c.empty(http.StatusOK)
}

func deleteObjectTagging(c *call) error {
	vid, err := c.h.eng.PutObjectTagging(c.ctx, c.bucket, c.key, c.query.Get("versionId"), nil)
	if err != nil {
		return err
	}
	if vid != "" {
		c.w.Header().Set("X-Amz-Version-Id", vid)
	}
	return c.empty(http.StatusNoContent)
}
