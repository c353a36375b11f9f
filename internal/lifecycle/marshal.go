package lifecycle

import (
	"encoding/xml"
	"strconv"

	"github.com/coffer-s3/coffer/internal/s3xml"
)

// Marshal renders the configuration as GetBucketLifecycleConfiguration
// answers it: the rules as they were put.
func (c *Config) Marshal() []byte {
	x := xmlConfig{Rules: make([]xmlRule, len(c.Rules))}
	for i := range c.Rules {
		x.Rules[i] = c.Rules[i].toXML()
	}
	body, err := xml.Marshal(&x)
	if err != nil {
		// Strings and numbers always marshal; nothing else is in it.
		panic(err)
	}
	return append([]byte(s3xml.Header), body...)
}

func str(s string) *string { return &s }

func num(n int64) *string { return str(strconv.FormatInt(n, 10)) }

func (r *Rule) toXML() xmlRule {
	x := xmlRule{Status: "Disabled"}
	if r.Enabled {
		x.Status = "Enabled"
	}
	if r.ID != "" {
		x.ID = str(r.ID)
	}
	f := &r.Filter
	switch f.shape {
	case shapeLegacyPrefix:
		x.Prefix = str(f.Prefix)
	case shapeEmpty:
		x.Filter = &xmlFilter{}
	case shapePrefix:
		x.Filter = &xmlFilter{Prefix: str(f.Prefix)}
	case shapeTag:
		x.Filter = &xmlFilter{Tag: &xmlTag{f.Tags[0].Key, f.Tags[0].Value}}
	case shapeSizeGreater:
		x.Filter = &xmlFilter{ObjectSizeGreaterThan: num(f.SizeGreater)}
	case shapeSizeLess:
		x.Filter = &xmlFilter{ObjectSizeLessThan: num(f.SizeLess)}
	case shapeAnd:
		a := &xmlAnd{}
		if f.andPrefix {
			a.Prefix = str(f.Prefix)
		}
		for _, t := range f.Tags {
			a.Tags = append(a.Tags, xmlTag{t.Key, t.Value})
		}
		if f.SizeGreater >= 0 {
			a.ObjectSizeGreaterThan = num(f.SizeGreater)
		}
		if f.SizeLess >= 0 {
			a.ObjectSizeLessThan = num(f.SizeLess)
		}
		x.Filter = &xmlFilter{And: a}
	}
	if r.hasExpiration {
		e := &xmlExpiration{}
		switch {
		case r.ExpirationDays > 0:
			e.Days = num(int64(r.ExpirationDays))
		case !r.ExpirationDate.IsZero():
			e.Date = str(r.ExpirationDate.UTC().Format("2006-01-02T15:04:05.000Z"))
		default:
			e.ExpiredObjectDeleteMarker = str(strconv.FormatBool(r.ExpiredObjectDeleteMarker))
		}
		x.Expiration = e
	}
	if r.NoncurrentDays > 0 {
		n := &xmlNoncurrent{NoncurrentDays: num(int64(r.NoncurrentDays))}
		if r.NewerNoncurrentVersions > 0 {
			n.NewerNoncurrentVersions = num(int64(r.NewerNoncurrentVersions))
		}
		x.NoncurrentVersionExpiration = n
	}
	if r.AbortDays > 0 {
		x.AbortIncompleteMultipartUpload = &xmlAbort{DaysAfterInitiation: num(int64(r.AbortDays))}
	}
	return x
}
