package s3xml

import (
	"encoding/xml"
	"io"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// Size caps for request bodies, each well above the largest valid body so
// that no legitimate request is refused while memory stays bounded.
const (
	// MaxDeleteBody fits 1000 keys of 1024 bytes even when every byte is
	// written as a character reference.
	MaxDeleteBody = 8 << 20
	// MaxCompleteBody fits 10,000 parts with an ETag and one checksum each.
	MaxCompleteBody = 4 << 20
	// MaxTaggingBody fits 50 tags of maximal length, fully escaped.
	MaxTaggingBody = 512 << 10
	// MaxConfigBody caps small configuration documents (CreateBucket,
	// PutBucketVersioning).
	MaxConfigBody = 512 << 10
)

// MaxDeleteObjects is the most keys one DeleteObjects request may name.
const MaxDeleteObjects = 1000

// MaxParts is the most parts a multipart upload can have.
const MaxParts = 10000

// CreateBucketConfiguration is CreateBucket's optional body.
type CreateBucketConfiguration struct {
	XMLName            xml.Name      `xml:"http://s3.amazonaws.com/doc/2006-03-01/ CreateBucketConfiguration"`
	LocationConstraint string        `xml:"LocationConstraint,omitempty"`
	Location           *LocationInfo `xml:"Location,omitempty"`
	Bucket             *BucketInfo   `xml:"Bucket,omitempty"`
	Tags               []Tag         `xml:"Tags>Tag,omitempty"`
}

// LocationInfo is the Location of a directory bucket's configuration.
type LocationInfo struct {
	Name string `xml:"Name,omitempty"`
	Type string `xml:"Type,omitempty"`
}

// BucketInfo is the Bucket element of CreateBucketConfiguration.
type BucketInfo struct {
	DataRedundancy string `xml:"DataRedundancy,omitempty"`
	Type           string `xml:"Type,omitempty"`
}

// DecodeCreateBucketConfiguration decodes CreateBucket's body. An empty
// body is valid (the default region) and yields a zero configuration; tags,
// when present, are checked as bucket tags.
func DecodeCreateBucketConfiguration(r io.Reader) (*CreateBucketConfiguration, error) {
	var c CreateBucketConfiguration
	body, err := readLimited(r, MaxConfigBody)
	if err != nil {
		return nil, err
	}
	if isBlank(body) {
		return &c, nil
	}
	if err := decodeBytes(body, &c); err != nil {
		return nil, err
	}
	if len(c.Tags) > 0 {
		if err := ValidateTags(c.Tags, CreateBucketTags); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

// VersioningConfiguration is PutBucketVersioning's body and
// GetBucketVersioning's answer (both fields empty for a bucket that was
// never versioned).
type VersioningConfiguration struct {
	XMLName   xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ VersioningConfiguration"`
	Status    string   `xml:"Status,omitempty"`
	MfaDelete string   `xml:"MfaDelete,omitempty"`
}

// Validate applies AWS's schema: Status is Enabled or Suspended and
// MfaDelete is Enabled or Disabled, each optional; anything else is
// MalformedXML.
func (v *VersioningConfiguration) Validate() error {
	switch v.Status {
	case "", "Enabled", "Suspended":
	default:
		return apierr.MalformedXML
	}
	switch v.MfaDelete {
	case "", "Enabled", "Disabled":
	default:
		return apierr.MalformedXML
	}
	return nil
}

// DecodeVersioningConfiguration decodes and validates a
// PutBucketVersioning body.
func DecodeVersioningConfiguration(r io.Reader) (*VersioningConfiguration, error) {
	var v VersioningConfiguration
	if err := Decode(r, MaxConfigBody, &v); err != nil {
		return nil, err
	}
	if err := v.Validate(); err != nil {
		return nil, err
	}
	return &v, nil
}

// Delete is DeleteObjects' body.
type Delete struct {
	XMLName xml.Name           `xml:"http://s3.amazonaws.com/doc/2006-03-01/ Delete"`
	Objects []ObjectIdentifier `xml:"Object"`
	Quiet   bool               `xml:"Quiet,omitempty"`
}

// ObjectIdentifier names one object of a Delete request. ETag,
// LastModifiedTime and Size are conditions on the delete; nil or empty
// when not given.
type ObjectIdentifier struct {
	Key              string     `xml:"Key"`
	VersionId        string     `xml:"VersionId,omitempty"`
	ETag             string     `xml:"ETag,omitempty"`
	LastModifiedTime *time.Time `xml:"LastModifiedTime,omitempty"`
	Size             *int64     `xml:"Size,omitempty"`
}

// UnmarshalXML decodes a Delete element but gives up with MalformedXML at
// the 1001st Object, so a large body of tiny entries cannot make the
// decoder allocate far more than a valid request needs.
func (d *Delete) UnmarshalXML(dec *xml.Decoder, start xml.StartElement) error {
	d.XMLName = start.Name
	return decodeChildren(dec, func(el xml.StartElement) error {
		switch el.Name.Local {
		case "Object":
			if len(d.Objects) == MaxDeleteObjects {
				return apierr.MalformedXML
			}
			var o ObjectIdentifier
			if err := dec.DecodeElement(&o, &el); err != nil {
				return err
			}
			d.Objects = append(d.Objects, o)
			return nil
		case "Quiet":
			return dec.DecodeElement(&d.Quiet, &el)
		}
		return dec.Skip()
	})
}

// decodeChildren calls child for each element directly inside the current
// one, until its end.
func decodeChildren(dec *xml.Decoder, child func(xml.StartElement) error) error {
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := child(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// UnmarshalXML accepts LastModifiedTime in ISO 8601 or in HTTP-date form:
// aws-sdk-go-v2 sends the latter ("Thu, 02 Jan 2025 03:04:05 GMT").
func (o *ObjectIdentifier) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var raw struct {
		Key              string  `xml:"Key"`
		VersionId        string  `xml:"VersionId"`
		ETag             string  `xml:"ETag"`
		LastModifiedTime *string `xml:"LastModifiedTime"`
		Size             *int64  `xml:"Size"`
	}
	if err := d.DecodeElement(&raw, &start); err != nil {
		return err
	}
	*o = ObjectIdentifier{Key: raw.Key, VersionId: raw.VersionId, ETag: raw.ETag, Size: raw.Size}
	if raw.LastModifiedTime != nil {
		t, ok := parseTime(*raw.LastModifiedTime)
		if !ok {
			return apierr.MalformedXML
		}
		o.LastModifiedTime = &t
	}
	return nil
}

// parseTime reads the timestamp forms S3 clients send in XML.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range [...]string{time.RFC3339Nano, "Mon, 02 Jan 2006 15:04:05 GMT", time.RFC1123Z} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Validate applies AWS's rules: 1 to 1000 objects, each with a non-empty
// key; anything else is MalformedXML.
func (d *Delete) Validate() error {
	if len(d.Objects) == 0 || len(d.Objects) > MaxDeleteObjects {
		return apierr.MalformedXML
	}
	for _, o := range d.Objects {
		if o.Key == "" {
			return apierr.MalformedXML
		}
	}
	return nil
}

// DecodeDelete decodes and validates a DeleteObjects body. An empty body
// is MalformedXML, as an empty object list is.
func DecodeDelete(r io.Reader) (*Delete, error) {
	var d Delete
	if err := decodeRequired(r, MaxDeleteBody, &d); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return &d, nil
}

// CompleteMultipartUpload is CompleteMultipartUpload's body.
type CompleteMultipartUpload struct {
	XMLName xml.Name        `xml:"http://s3.amazonaws.com/doc/2006-03-01/ CompleteMultipartUpload"`
	Parts   []CompletedPart `xml:"Part"`
}

// CompletedPart names one part to assemble. ETag is as the client sent it,
// usually quoted; the engine compares it with the stored part's.
type CompletedPart struct {
	PartNumber int    `xml:"PartNumber"`
	ETag       string `xml:"ETag"`
	Checksums
}

// UnmarshalXML decodes a CompleteMultipartUpload element, refusing more
// parts than an upload can have (MalformedXML) before allocating them.
func (c *CompleteMultipartUpload) UnmarshalXML(dec *xml.Decoder, start xml.StartElement) error {
	c.XMLName = start.Name
	return decodeChildren(dec, func(el xml.StartElement) error {
		if el.Name.Local != "Part" {
			return dec.Skip()
		}
		if len(c.Parts) == MaxParts {
			return apierr.MalformedXML
		}
		var p CompletedPart
		if err := dec.DecodeElement(&p, &el); err != nil {
			return err
		}
		c.Parts = append(c.Parts, p)
		return nil
	})
}

// Validate applies AWS's rules: at least one part (else MalformedXML) and
// part numbers in strictly ascending order (else InvalidPartOrder).
// Whether the parts exist and match is the engine's question.
func (c *CompleteMultipartUpload) Validate() error {
	if len(c.Parts) == 0 {
		return apierr.MalformedXML
	}
	for i := 1; i < len(c.Parts); i++ {
		if c.Parts[i].PartNumber <= c.Parts[i-1].PartNumber {
			return apierr.InvalidPartOrder
		}
	}
	return nil
}

// DecodeCompleteMultipartUpload decodes and validates the body; an empty
// body is MalformedXML, as AWS answers.
func DecodeCompleteMultipartUpload(r io.Reader) (*CompleteMultipartUpload, error) {
	var c CompleteMultipartUpload
	if err := decodeRequired(r, MaxCompleteBody, &c); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// decodeRequired is Decode for operations where AWS calls an empty body
// MalformedXML rather than MissingRequestBodyError.
func decodeRequired(r io.Reader, limit int64, v any) error {
	body, err := readLimited(r, limit)
	if err != nil {
		return err
	}
	if isBlank(body) {
		return apierr.MalformedXML
	}
	return decodeBytes(body, v)
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// The answers of reads of configurations a bucket does not have.
type (
	BucketLoggingStatus struct {
		XMLName xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ BucketLoggingStatus"`
	}
	RequestPaymentConfiguration struct {
		XMLName xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ RequestPaymentConfiguration"`
		Payer   string   `xml:"Payer"`
	}
	AccelerateConfiguration struct {
		XMLName xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ AccelerateConfiguration"`
	}
	NotificationConfiguration struct {
		XMLName xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ NotificationConfiguration"`
	}
)
