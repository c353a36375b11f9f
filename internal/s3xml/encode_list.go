package s3xml

// Encoders of the listing responses, in the element order of the S3 API
// reference.

func (r ListAllMyBucketsResult) appendXML(e *enc) {
	e.grow(200 + 160*len(r.Buckets))
	e.root("ListAllMyBucketsResult")
	e.owner("Owner", r.Owner)
	e.open("Buckets")
	for _, b := range r.Buckets {
		e.open("Bucket")
		e.str("Name", b.Name)
		e.time("CreationDate", b.CreationDate)
		e.opt("BucketRegion", b.BucketRegion)
		e.opt("BucketArn", b.BucketArn)
		e.close("Bucket")
	}
	e.close("Buckets")
	e.opt("ContinuationToken", r.ContinuationToken)
	e.opt("Prefix", r.Prefix)
	e.close("ListAllMyBucketsResult")
}

func (e *enc) object(o *Object) {
	e.open("Contents")
	e.str("Key", o.Key)
	e.time("LastModified", o.LastModified)
	e.str("ETag", o.ETag)
	for _, a := range o.ChecksumAlgorithm {
		e.str("ChecksumAlgorithm", a)
	}
	e.opt("ChecksumType", o.ChecksumType)
	e.int("Size", o.Size)
	e.owner("Owner", o.Owner)
	e.str("StorageClass", o.StorageClass)
	e.close("Contents")
}

// listEntrySize estimates n entries of a listing, to size the buffer once.
func listEntrySize(n int) int { return 320 * n }

// objectsSize estimates the encoded size of Contents entries: the fixed
// markup plus the variable texts, so long keys do not force regrowth.
func objectsSize(objs []Object) int {
	n := 0
	for i := range objs {
		n += 230 + len(objs[i].Key) + len(objs[i].ETag) + 40*len(objs[i].ChecksumAlgorithm)
		if objs[i].Owner != nil {
			n += 40 + len(objs[i].Owner.ID) + len(objs[i].Owner.DisplayName)
		}
	}
	return n
}

func (r ListBucketResult) appendXML(e *enc) {
	e.grow(400 + objectsSize(r.Contents) + listEntrySize(len(r.CommonPrefixes)))
	e.root("ListBucketResult")
	e.str("Name", r.Name)
	e.str("Prefix", r.Prefix)
	e.str("Marker", r.Marker)
	e.opt("NextMarker", r.NextMarker)
	e.int("MaxKeys", int64(r.MaxKeys))
	e.opt("Delimiter", r.Delimiter)
	e.bool("IsTruncated", r.IsTruncated)
	e.opt("EncodingType", r.EncodingType)
	for i := range r.Contents {
		e.object(&r.Contents[i])
	}
	e.prefixes(r.CommonPrefixes)
	e.close("ListBucketResult")
}

func (r ListBucketResultV2) appendXML(e *enc) {
	e.grow(400 + objectsSize(r.Contents) + listEntrySize(len(r.CommonPrefixes)))
	e.root("ListBucketResult")
	e.str("Name", r.Name)
	e.str("Prefix", r.Prefix)
	e.opt("ContinuationToken", r.ContinuationToken)
	e.opt("NextContinuationToken", r.NextContinuationToken)
	e.int("KeyCount", int64(r.KeyCount))
	e.int("MaxKeys", int64(r.MaxKeys))
	e.opt("Delimiter", r.Delimiter)
	e.opt("EncodingType", r.EncodingType)
	e.bool("IsTruncated", r.IsTruncated)
	e.opt("StartAfter", r.StartAfter)
	for i := range r.Contents {
		e.object(&r.Contents[i])
	}
	e.prefixes(r.CommonPrefixes)
	e.close("ListBucketResult")
}

func (r ListVersionsResult) appendXML(e *enc) {
	e.grow(400 + listEntrySize(len(r.Entries)+len(r.CommonPrefixes)))
	e.root("ListVersionsResult")
	e.str("Name", r.Name)
	e.str("Prefix", r.Prefix)
	e.str("KeyMarker", r.KeyMarker)
	e.str("VersionIdMarker", r.VersionIdMarker)
	e.opt("NextKeyMarker", r.NextKeyMarker)
	e.opt("NextVersionIdMarker", r.NextVersionIdMarker)
	e.int("MaxKeys", int64(r.MaxKeys))
	e.opt("Delimiter", r.Delimiter)
	e.bool("IsTruncated", r.IsTruncated)
	e.opt("EncodingType", r.EncodingType)
	for i := range r.Entries {
		v := &r.Entries[i]
		if v.IsDeleteMarker {
			e.open("DeleteMarker")
			e.str("Key", v.Key)
			e.str("VersionId", v.VersionId)
			e.bool("IsLatest", v.IsLatest)
			e.time("LastModified", v.LastModified)
			e.owner("Owner", v.Owner)
			e.close("DeleteMarker")
			continue
		}
		e.open("Version")
		e.str("Key", v.Key)
		e.str("VersionId", v.VersionId)
		e.bool("IsLatest", v.IsLatest)
		e.time("LastModified", v.LastModified)
		e.str("ETag", v.ETag)
		e.int("Size", v.Size)
		e.owner("Owner", v.Owner)
		e.str("StorageClass", v.StorageClass)
		for _, a := range v.ChecksumAlgorithm {
			e.str("ChecksumAlgorithm", a)
		}
		e.opt("ChecksumType", v.ChecksumType)
		e.close("Version")
	}
	e.prefixes(r.CommonPrefixes)
	e.close("ListVersionsResult")
}

func (r ListPartsResult) appendXML(e *enc) {
	e.grow(400 + 200*len(r.Parts))
	e.root("ListPartsResult")
	e.str("Bucket", r.Bucket)
	e.str("Key", r.Key)
	e.str("UploadId", r.UploadId)
	e.int("PartNumberMarker", int64(r.PartNumberMarker))
	if r.NextPartNumberMarker != 0 {
		e.int("NextPartNumberMarker", int64(r.NextPartNumberMarker))
	}
	e.int("MaxParts", int64(r.MaxParts))
	e.bool("IsTruncated", r.IsTruncated)
	for i := range r.Parts {
		p := &r.Parts[i]
		e.open("Part")
		e.int("PartNumber", int64(p.PartNumber))
		e.time("LastModified", p.LastModified)
		e.str("ETag", p.ETag)
		e.int("Size", p.Size)
		e.checksums(&p.Checksums)
		e.close("Part")
	}
	e.owner("Initiator", r.Initiator)
	e.owner("Owner", r.Owner)
	e.str("StorageClass", r.StorageClass)
	e.opt("ChecksumAlgorithm", r.ChecksumAlgorithm)
	e.opt("ChecksumType", r.ChecksumType)
	e.close("ListPartsResult")
}

func (r ListMultipartUploadsResult) appendXML(e *enc) {
	e.grow(400 + listEntrySize(len(r.Uploads)+len(r.CommonPrefixes)))
	e.root("ListMultipartUploadsResult")
	e.str("Bucket", r.Bucket)
	e.str("KeyMarker", r.KeyMarker)
	e.str("UploadIdMarker", r.UploadIdMarker)
	e.str("NextKeyMarker", r.NextKeyMarker)
	e.str("NextUploadIdMarker", r.NextUploadIdMarker)
	e.opt("Prefix", r.Prefix)
	e.opt("Delimiter", r.Delimiter)
	e.int("MaxUploads", int64(r.MaxUploads))
	e.bool("IsTruncated", r.IsTruncated)
	e.opt("EncodingType", r.EncodingType)
	for i := range r.Uploads {
		u := &r.Uploads[i]
		e.open("Upload")
		e.str("Key", u.Key)
		e.str("UploadId", u.UploadId)
		e.owner("Initiator", u.Initiator)
		e.owner("Owner", u.Owner)
		e.str("StorageClass", u.StorageClass)
		e.time("Initiated", u.Initiated)
		e.opt("ChecksumAlgorithm", u.ChecksumAlgorithm)
		e.opt("ChecksumType", u.ChecksumType)
		e.close("Upload")
	}
	e.prefixes(r.CommonPrefixes)
	e.close("ListMultipartUploadsResult")
}
