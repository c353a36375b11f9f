package s3xml

import (
	"encoding/xml"
	"time"
)

// Response types. Encode writes them with hand-written encoders (see
// encode_*.go) in the element order of the S3 API reference; the struct
// tags describe the same shape for decoding, e.g. by tests or clients.
//
// Conventions: ETag fields carry the quoted form ("\"0123...\""), as S3
// returns it; times are written as AWS does, UTC with milliseconds
// (2006-01-02T15:04:05.000Z); when EncodingType is "url" the caller has
// already URL-encoded the key-like fields AWS encodes.

// Owner is an Owner or Initiator element. DisplayName is omitted when empty:
// AWS no longer returns it.
type Owner struct {
	ID          string `xml:"ID"`
	DisplayName string `xml:"DisplayName,omitempty"`
}

// Checksums are the ChecksumXXX elements of copy, part and completion
// results; each holds a base64 value or is empty and omitted.
type Checksums struct {
	ChecksumCRC32     string `xml:"ChecksumCRC32,omitempty"`
	ChecksumCRC32C    string `xml:"ChecksumCRC32C,omitempty"`
	ChecksumCRC64NVME string `xml:"ChecksumCRC64NVME,omitempty"`
	ChecksumSHA1      string `xml:"ChecksumSHA1,omitempty"`
	ChecksumSHA256    string `xml:"ChecksumSHA256,omitempty"`
}

// Set stores value under the algorithm's name ("CRC32", "SHA256", ...) and
// reports whether the name is known.
func (c *Checksums) Set(algorithm, value string) bool {
	switch algorithm {
	case "CRC32":
		c.ChecksumCRC32 = value
	case "CRC32C":
		c.ChecksumCRC32C = value
	case "CRC64NVME":
		c.ChecksumCRC64NVME = value
	case "SHA1":
		c.ChecksumSHA1 = value
	case "SHA256":
		c.ChecksumSHA256 = value
	default:
		return false
	}
	return true
}

// Present returns the algorithm name and value of each non-empty checksum.
func (c *Checksums) Present() [][2]string {
	var out [][2]string
	for _, f := range [...][2]string{
		{"CRC32", c.ChecksumCRC32}, {"CRC32C", c.ChecksumCRC32C}, {"CRC64NVME", c.ChecksumCRC64NVME},
		{"SHA1", c.ChecksumSHA1}, {"SHA256", c.ChecksumSHA256},
	} {
		if f[1] != "" {
			out = append(out, f)
		}
	}
	return out
}

// ListAllMyBucketsResult answers ListBuckets.
type ListAllMyBucketsResult struct {
	XMLName           xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListAllMyBucketsResult"`
	Owner             *Owner   `xml:"Owner"`
	Buckets           []Bucket `xml:"Buckets>Bucket"`
	ContinuationToken string   `xml:"ContinuationToken,omitempty"`
	Prefix            string   `xml:"Prefix,omitempty"`
}

// Bucket is one entry of ListAllMyBucketsResult.
type Bucket struct {
	Name         string    `xml:"Name"`
	CreationDate time.Time `xml:"CreationDate"`
	BucketRegion string    `xml:"BucketRegion,omitempty"`
	BucketArn    string    `xml:"BucketArn,omitempty"`
}

// Object is one Contents entry of a ListObjects (V1 or V2) result.
type Object struct {
	Key               string    `xml:"Key"`
	LastModified      time.Time `xml:"LastModified"`
	ETag              string    `xml:"ETag"`
	ChecksumAlgorithm []string  `xml:"ChecksumAlgorithm,omitempty"`
	ChecksumType      string    `xml:"ChecksumType,omitempty"`
	Size              int64     `xml:"Size"`
	Owner             *Owner    `xml:"Owner,omitempty"`
	StorageClass      string    `xml:"StorageClass"`
}

// CommonPrefix is one CommonPrefixes entry.
type CommonPrefix struct {
	Prefix string `xml:"Prefix"`
}

// ListBucketResult answers ListObjects (V1). Prefix and Marker are always
// written, as AWS does; NextMarker, Delimiter and EncodingType only when set.
type ListBucketResult struct {
	XMLName        xml.Name       `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListBucketResult"`
	Name           string         `xml:"Name"`
	Prefix         string         `xml:"Prefix"`
	Marker         string         `xml:"Marker"`
	NextMarker     string         `xml:"NextMarker,omitempty"`
	MaxKeys        int            `xml:"MaxKeys"`
	Delimiter      string         `xml:"Delimiter,omitempty"`
	IsTruncated    bool           `xml:"IsTruncated"`
	EncodingType   string         `xml:"EncodingType,omitempty"`
	Contents       []Object       `xml:"Contents"`
	CommonPrefixes []CommonPrefix `xml:"CommonPrefixes"`
}

// ListBucketResultV2 answers ListObjectsV2 (same root element as V1).
type ListBucketResultV2 struct {
	XMLName               xml.Name       `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListBucketResult"`
	Name                  string         `xml:"Name"`
	Prefix                string         `xml:"Prefix"`
	ContinuationToken     string         `xml:"ContinuationToken,omitempty"`
	NextContinuationToken string         `xml:"NextContinuationToken,omitempty"`
	KeyCount              int            `xml:"KeyCount"`
	MaxKeys               int            `xml:"MaxKeys"`
	Delimiter             string         `xml:"Delimiter,omitempty"`
	EncodingType          string         `xml:"EncodingType,omitempty"`
	IsTruncated           bool           `xml:"IsTruncated"`
	StartAfter            string         `xml:"StartAfter,omitempty"`
	Contents              []Object       `xml:"Contents"`
	CommonPrefixes        []CommonPrefix `xml:"CommonPrefixes"`
}

// ListVersionsResult answers ListObjectVersions. Versions and delete
// markers are one slice so that their order, which clients rely on (newest
// first within a key), survives encoding.
type ListVersionsResult struct {
	XMLName             xml.Name       `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListVersionsResult"`
	Name                string         `xml:"Name"`
	Prefix              string         `xml:"Prefix"`
	KeyMarker           string         `xml:"KeyMarker"`
	VersionIdMarker     string         `xml:"VersionIdMarker"`
	NextKeyMarker       string         `xml:"NextKeyMarker,omitempty"`
	NextVersionIdMarker string         `xml:"NextVersionIdMarker,omitempty"`
	MaxKeys             int            `xml:"MaxKeys"`
	Delimiter           string         `xml:"Delimiter,omitempty"`
	IsTruncated         bool           `xml:"IsTruncated"`
	EncodingType        string         `xml:"EncodingType,omitempty"`
	Entries             []VersionEntry `xml:",any"`
	CommonPrefixes      []CommonPrefix `xml:"CommonPrefixes"`
}

// VersionEntry is a Version element, or a DeleteMarker element when
// IsDeleteMarker is set (then ETag, Size, StorageClass and the checksum
// fields are not written). VersionId is "null" for the null version.
type VersionEntry struct {
	IsDeleteMarker    bool
	Key               string
	VersionId         string
	IsLatest          bool
	LastModified      time.Time
	ETag              string
	Size              int64
	Owner             *Owner
	StorageClass      string
	ChecksumAlgorithm []string
	ChecksumType      string
}

// UnmarshalXML decodes a Version or DeleteMarker element; any other element
// reaching the union is skipped and marked by an empty Key.
func (v *VersionEntry) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var raw struct {
		Key               string    `xml:"Key"`
		VersionId         string    `xml:"VersionId"`
		IsLatest          bool      `xml:"IsLatest"`
		LastModified      time.Time `xml:"LastModified"`
		ETag              string    `xml:"ETag"`
		Size              int64     `xml:"Size"`
		Owner             *Owner    `xml:"Owner"`
		StorageClass      string    `xml:"StorageClass"`
		ChecksumAlgorithm []string  `xml:"ChecksumAlgorithm"`
		ChecksumType      string    `xml:"ChecksumType"`
	}
	if err := d.DecodeElement(&raw, &start); err != nil {
		return err
	}
	*v = VersionEntry{
		IsDeleteMarker: start.Name.Local == "DeleteMarker",
		Key:            raw.Key, VersionId: raw.VersionId, IsLatest: raw.IsLatest,
		LastModified: raw.LastModified, ETag: raw.ETag, Size: raw.Size, Owner: raw.Owner,
		StorageClass: raw.StorageClass, ChecksumAlgorithm: raw.ChecksumAlgorithm, ChecksumType: raw.ChecksumType,
	}
	return nil
}

// LocationConstraint answers GetBucketLocation; Location is empty for
// us-east-1, as AWS answers.
type LocationConstraint struct {
	XMLName  xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ LocationConstraint"`
	Location string   `xml:",chardata"`
}

// CopyObjectResult answers CopyObject.
type CopyObjectResult struct {
	XMLName      xml.Name  `xml:"http://s3.amazonaws.com/doc/2006-03-01/ CopyObjectResult"`
	ETag         string    `xml:"ETag"`
	LastModified time.Time `xml:"LastModified"`
	ChecksumType string    `xml:"ChecksumType,omitempty"`
	Checksums
}

// CopyPartResult answers UploadPartCopy.
type CopyPartResult struct {
	XMLName      xml.Name  `xml:"http://s3.amazonaws.com/doc/2006-03-01/ CopyPartResult"`
	ETag         string    `xml:"ETag"`
	LastModified time.Time `xml:"LastModified"`
	Checksums
}

// InitiateMultipartUploadResult answers CreateMultipartUpload.
type InitiateMultipartUploadResult struct {
	XMLName  xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ InitiateMultipartUploadResult"`
	Bucket   string   `xml:"Bucket"`
	Key      string   `xml:"Key"`
	UploadId string   `xml:"UploadId"`
}

// CompleteMultipartUploadResult answers CompleteMultipartUpload.
type CompleteMultipartUploadResult struct {
	XMLName  xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ CompleteMultipartUploadResult"`
	Location string   `xml:"Location"`
	Bucket   string   `xml:"Bucket"`
	Key      string   `xml:"Key"`
	ETag     string   `xml:"ETag"`
	Checksums
	ChecksumType string `xml:"ChecksumType,omitempty"`
}

// Part is one Part entry of ListPartsResult.
type Part struct {
	PartNumber   int       `xml:"PartNumber"`
	LastModified time.Time `xml:"LastModified"`
	ETag         string    `xml:"ETag"`
	Size         int64     `xml:"Size"`
	Checksums
}

// ListPartsResult answers ListParts. NextPartNumberMarker is written only
// when non-zero.
type ListPartsResult struct {
	XMLName              xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListPartsResult"`
	Bucket               string   `xml:"Bucket"`
	Key                  string   `xml:"Key"`
	UploadId             string   `xml:"UploadId"`
	PartNumberMarker     int      `xml:"PartNumberMarker"`
	NextPartNumberMarker int      `xml:"NextPartNumberMarker,omitempty"`
	MaxParts             int      `xml:"MaxParts"`
	IsTruncated          bool     `xml:"IsTruncated"`
	Parts                []Part   `xml:"Part"`
	Initiator            *Owner   `xml:"Initiator,omitempty"`
	Owner                *Owner   `xml:"Owner,omitempty"`
	StorageClass         string   `xml:"StorageClass"`
	ChecksumAlgorithm    string   `xml:"ChecksumAlgorithm,omitempty"`
	ChecksumType         string   `xml:"ChecksumType,omitempty"`
}

// Upload is one Upload entry of ListMultipartUploadsResult.
type Upload struct {
	Key               string    `xml:"Key"`
	UploadId          string    `xml:"UploadId"`
	Initiator         *Owner    `xml:"Initiator,omitempty"`
	Owner             *Owner    `xml:"Owner,omitempty"`
	StorageClass      string    `xml:"StorageClass"`
	Initiated         time.Time `xml:"Initiated"`
	ChecksumAlgorithm string    `xml:"ChecksumAlgorithm,omitempty"`
	ChecksumType      string    `xml:"ChecksumType,omitempty"`
}

// ListMultipartUploadsResult answers ListMultipartUploads.
type ListMultipartUploadsResult struct {
	XMLName            xml.Name       `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListMultipartUploadsResult"`
	Bucket             string         `xml:"Bucket"`
	KeyMarker          string         `xml:"KeyMarker"`
	UploadIdMarker     string         `xml:"UploadIdMarker"`
	NextKeyMarker      string         `xml:"NextKeyMarker"`
	NextUploadIdMarker string         `xml:"NextUploadIdMarker"`
	Prefix             string         `xml:"Prefix,omitempty"`
	Delimiter          string         `xml:"Delimiter,omitempty"`
	MaxUploads         int            `xml:"MaxUploads"`
	IsTruncated        bool           `xml:"IsTruncated"`
	EncodingType       string         `xml:"EncodingType,omitempty"`
	Uploads            []Upload       `xml:"Upload"`
	CommonPrefixes     []CommonPrefix `xml:"CommonPrefixes"`
}

// DeleteResult answers DeleteObjects.
type DeleteResult struct {
	XMLName xml.Name        `xml:"http://s3.amazonaws.com/doc/2006-03-01/ DeleteResult"`
	Deleted []DeletedObject `xml:"Deleted"`
	Errors  []DeleteError   `xml:"Error"`
}

// DeletedObject is one Deleted entry of DeleteResult.
type DeletedObject struct {
	Key                   string `xml:"Key"`
	VersionId             string `xml:"VersionId,omitempty"`
	DeleteMarker          bool   `xml:"DeleteMarker,omitempty"`
	DeleteMarkerVersionId string `xml:"DeleteMarkerVersionId,omitempty"`
}

// DeleteError is one Error entry of DeleteResult.
type DeleteError struct {
	Key       string `xml:"Key"`
	VersionId string `xml:"VersionId,omitempty"`
	Code      string `xml:"Code"`
	Message   string `xml:"Message"`
}
