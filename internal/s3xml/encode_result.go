package s3xml

// Encoders of the single-object and configuration responses.

func (r LocationConstraint) appendXML(e *enc) {
	if r.Location == "" {
		e.b = append(e.b, `<LocationConstraint xmlns="`+Namespace+`"/>`...)
		return
	}
	e.root("LocationConstraint")
	e.b = appendEscaped(e.b, r.Location)
	e.close("LocationConstraint")
}

func (r VersioningConfiguration) appendXML(e *enc) {
	e.root("VersioningConfiguration")
	e.opt("Status", r.Status)
	e.opt("MfaDelete", r.MfaDelete)
	e.close("VersioningConfiguration")
}

func (r Tagging) appendXML(e *enc) {
	e.grow(100 + 100*len(r.TagSet))
	e.root("Tagging")
	e.open("TagSet")
	for _, t := range r.TagSet {
		e.open("Tag")
		e.str("Key", t.Key)
		e.str("Value", t.Value)
		e.close("Tag")
	}
	e.close("TagSet")
	e.close("Tagging")
}

func (r CopyObjectResult) appendXML(e *enc) {
	e.root("CopyObjectResult")
	e.str("ETag", r.ETag)
	e.time("LastModified", r.LastModified)
	e.opt("ChecksumType", r.ChecksumType)
	e.checksums(&r.Checksums)
	e.close("CopyObjectResult")
}

func (r CopyPartResult) appendXML(e *enc) {
	e.root("CopyPartResult")
	e.str("ETag", r.ETag)
	e.time("LastModified", r.LastModified)
	e.checksums(&r.Checksums)
	e.close("CopyPartResult")
}

func (r InitiateMultipartUploadResult) appendXML(e *enc) {
	e.root("InitiateMultipartUploadResult")
	e.str("Bucket", r.Bucket)
	e.str("Key", r.Key)
	e.str("UploadId", r.UploadId)
	e.close("InitiateMultipartUploadResult")
}

func (r CompleteMultipartUploadResult) appendXML(e *enc) {
	e.root("CompleteMultipartUploadResult")
	e.str("Location", r.Location)
	e.str("Bucket", r.Bucket)
	e.str("Key", r.Key)
	e.str("ETag", r.ETag)
	e.checksums(&r.Checksums)
	e.opt("ChecksumType", r.ChecksumType)
	e.close("CompleteMultipartUploadResult")
}

func (r DeleteResult) appendXML(e *enc) {
	e.grow(100 + 120*(len(r.Deleted)+len(r.Errors)))
	e.root("DeleteResult")
	for _, d := range r.Deleted {
		e.open("Deleted")
		e.str("Key", d.Key)
		e.opt("VersionId", d.VersionId)
		if d.DeleteMarker {
			e.bool("DeleteMarker", true)
		}
		e.opt("DeleteMarkerVersionId", d.DeleteMarkerVersionId)
		e.close("Deleted")
	}
	for _, d := range r.Errors {
		e.open("Error")
		e.str("Key", d.Key)
		e.opt("VersionId", d.VersionId)
		e.str("Code", d.Code)
		e.str("Message", d.Message)
		e.close("Error")
	}
	e.close("DeleteResult")
}
