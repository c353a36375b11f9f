package lifecycle

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

// Limits of a lifecycle configuration.
const (
	MaxDocument = 512 << 10
	MaxRules    = 1000
	MaxIDLength = 255
)

// Tag is one key/value tag of a filter.
type Tag struct{ Key, Value string }

// Filter selects the objects a rule applies to: all of its parts must
// match. Unset size bounds are -1.
type Filter struct {
	Prefix      string
	Tags        []Tag
	SizeGreater int64
	SizeLess    int64
	// shape remembers how the document spelled the filter, so that Get
	// answers with the document that was put; andPrefix whether an And
	// named a Prefix (an empty one counts as one of its parts).
	shape     filterShape
	andPrefix bool
}

type filterShape uint8

const (
	shapeEmpty        filterShape = iota // <Filter/> or <Filter><Prefix/>…
	shapeLegacyPrefix                    // <Prefix> beside Status, no Filter
	shapePrefix
	shapeTag
	shapeAnd
	shapeSizeGreater
	shapeSizeLess
)

// Rule is one lifecycle rule. Zero Days, zero Date, zero AbortDays and a
// zero NoncurrentDays mean the action is absent.
type Rule struct {
	ID      string
	Enabled bool
	Filter  Filter

	ExpirationDays            int
	ExpirationDate            time.Time
	ExpiredObjectDeleteMarker bool
	hasExpiration             bool

	NoncurrentDays          int
	NewerNoncurrentVersions int
	AbortDays               int
}

// Config is a bucket's lifecycle configuration.
type Config struct {
	Rules []Rule
}

type xmlConfig struct {
	XMLName xml.Name  `xml:"http://s3.amazonaws.com/doc/2006-03-01/ LifecycleConfiguration"`
	Rules   []xmlRule `xml:"Rule"`
}

type xmlRule struct {
	ID                             *string        `xml:"ID"`
	Prefix                         *string        `xml:"Prefix"`
	Filter                         *xmlFilter     `xml:"Filter"`
	Status                         string         `xml:"Status"`
	Expiration                     *xmlExpiration `xml:"Expiration"`
	NoncurrentVersionExpiration    *xmlNoncurrent `xml:"NoncurrentVersionExpiration"`
	AbortIncompleteMultipartUpload *xmlAbort      `xml:"AbortIncompleteMultipartUpload"`
	Transition                     []xmlAny       `xml:"Transition"`
	NoncurrentVersionTransition    []xmlAny       `xml:"NoncurrentVersionTransition"`
}

type xmlFilter struct {
	Prefix                *string `xml:"Prefix"`
	Tag                   *xmlTag `xml:"Tag"`
	And                   *xmlAnd `xml:"And"`
	ObjectSizeGreaterThan *string `xml:"ObjectSizeGreaterThan"`
	ObjectSizeLessThan    *string `xml:"ObjectSizeLessThan"`
}

type xmlAnd struct {
	Prefix                *string  `xml:"Prefix"`
	Tags                  []xmlTag `xml:"Tag"`
	ObjectSizeGreaterThan *string  `xml:"ObjectSizeGreaterThan"`
	ObjectSizeLessThan    *string  `xml:"ObjectSizeLessThan"`
}

type xmlTag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

type xmlExpiration struct {
	Date                      *string `xml:"Date"`
	Days                      *string `xml:"Days"`
	ExpiredObjectDeleteMarker *string `xml:"ExpiredObjectDeleteMarker"`
}

type xmlNoncurrent struct {
	NoncurrentDays          *string `xml:"NoncurrentDays"`
	NewerNoncurrentVersions *string `xml:"NewerNoncurrentVersions"`
}

type xmlAbort struct {
	DaysAfterInitiation *string `xml:"DaysAfterInitiation"`
}

type xmlAny struct {
	Inner []byte `xml:",innerxml"`
}

func invalidArg(msg string) error { return apierr.InvalidArgument.WithMessage(msg) }

func invalidReq(msg string) error { return apierr.InvalidRequest.WithMessage(msg) }

// Parse validates a LifecycleConfiguration document as
// PutBucketLifecycleConfiguration does.
func Parse(doc []byte) (*Config, error) {
	var x xmlConfig
	if err := s3xml.Decode(bytes.NewReader(doc), MaxDocument, &x); err != nil {
		return nil, err
	}
	if len(x.Rules) == 0 {
		return nil, apierr.MalformedXML
	}
	if len(x.Rules) > MaxRules {
		return nil, invalidReq("The number of lifecycle rules must not exceed the allowed limit of " + strconv.Itoa(MaxRules) + " rules.")
	}
	c := &Config{Rules: make([]Rule, 0, len(x.Rules))}
	ids := make(map[string]bool, len(x.Rules))
	legacy := 0
	for i := range x.Rules {
		r, err := x.Rules[i].compile()
		if err != nil {
			return nil, err
		}
		if r.Filter.shape == shapeLegacyPrefix {
			legacy++
		}
		if r.ID != "" {
			if ids[r.ID] {
				return nil, invalidArg("Rule ID must be unique. Found same ID for more than one rule")
			}
			ids[r.ID] = true
		}
		c.Rules = append(c.Rules, r)
	}
	if legacy > 0 && legacy < len(c.Rules) {
		// A document is either V1 (rule-level Prefix) or V2 (Filter).
		return nil, invalidReq("Filter element can only be used in Lifecycle V2.")
	}
	return c, nil
}

// FillIDs gives every rule put without an ID one made by gen, as S3 does.
func (c *Config) FillIDs(gen func() string) {
	for i := range c.Rules {
		if c.Rules[i].ID == "" {
			c.Rules[i].ID = gen()
		}
	}
}

func (x *xmlRule) compile() (Rule, error) {
	r := Rule{Filter: Filter{SizeGreater: -1, SizeLess: -1}}
	if x.ID != nil {
		if r.ID = *x.ID; len(r.ID) > MaxIDLength {
			return r, invalidArg("ID length should not exceed allowed limit of 255")
		}
	}
	switch x.Status {
	case "Enabled":
		r.Enabled = true
	case "Disabled":
	default:
		return r, apierr.MalformedXML
	}
	if len(x.Transition)+len(x.NoncurrentVersionTransition) > 0 {
		// Coffer has one storage class: a transition it could not make
		// must not be accepted as if it would happen.
		return r, apierr.NotImplemented.WithMessage("Lifecycle transitions are not supported: Coffer has one storage class")
	}
	if err := x.compileFilter(&r.Filter); err != nil {
		return r, err
	}
	if err := x.compileExpiration(&r); err != nil {
		return r, err
	}
	if n := x.NoncurrentVersionExpiration; n != nil {
		if n.NoncurrentDays == nil {
			return r, apierr.MalformedXML
		}
		days, err := positive(*n.NoncurrentDays, "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer")
		if err != nil {
			return r, err
		}
		r.NoncurrentDays = days
		if n.NewerNoncurrentVersions != nil {
			v, err := strconv.Atoi(*n.NewerNoncurrentVersions)
			if err != nil {
				return r, apierr.MalformedXML
			}
			if v < 1 || v > 100 {
				return r, invalidArg("NewerNoncurrentVersions must be between 1 and 100")
			}
			r.NewerNoncurrentVersions = v
		}
	}
	if a := x.AbortIncompleteMultipartUpload; a != nil {
		if a.DaysAfterInitiation == nil {
			return r, apierr.MalformedXML
		}
		days, err := positive(*a.DaysAfterInitiation, "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer")
		if err != nil {
			return r, err
		}
		if len(r.Filter.Tags) > 0 {
			return r, invalidReq("AbortIncompleteMultipartUpload cannot be specified with Tags.")
		}
		if r.Filter.SizeGreater >= 0 || r.Filter.SizeLess >= 0 {
			return r, invalidReq("AbortIncompleteMultipartUpload cannot be specified with Object Size.")
		}
		r.AbortDays = days
	}
	if !r.hasExpiration && r.NoncurrentDays == 0 && r.AbortDays == 0 {
		return r, invalidReq("At least one action needs to be specified in a rule")
	}
	return r, nil
}

func (x *xmlRule) compileFilter(f *Filter) error {
	if x.Prefix != nil {
		if x.Filter != nil {
			return apierr.MalformedXML
		}
		f.Prefix, f.shape = *x.Prefix, shapeLegacyPrefix
		return nil
	}
	if x.Filter == nil {
		// An empty Filter selects every object; no Filter at all is not
		// valid V2.
		return apierr.MalformedXML
	}
	xf := x.Filter
	set := 0
	for _, present := range []bool{xf.Prefix != nil, xf.Tag != nil, xf.And != nil, xf.ObjectSizeGreaterThan != nil, xf.ObjectSizeLessThan != nil} {
		if present {
			set++
		}
	}
	if set > 1 {
		return apierr.MalformedXML
	}
	var err error
	switch {
	case xf.Prefix != nil:
		f.Prefix, f.shape = *xf.Prefix, shapePrefix
	case xf.Tag != nil:
		f.Tags, f.shape = []Tag{{xf.Tag.Key, xf.Tag.Value}}, shapeTag
	case xf.ObjectSizeGreaterThan != nil:
		f.SizeGreater, err = size(*xf.ObjectSizeGreaterThan)
		f.shape = shapeSizeGreater
	case xf.ObjectSizeLessThan != nil:
		f.SizeLess, err = size(*xf.ObjectSizeLessThan)
		f.shape = shapeSizeLess
	case xf.And != nil:
		return compileAnd(xf.And, f)
	}
	if err != nil {
		return err
	}
	return checkFilter(f)
}

func compileAnd(a *xmlAnd, f *Filter) error {
	f.shape = shapeAnd
	n := len(a.Tags)
	if a.Prefix != nil {
		f.Prefix, f.andPrefix = *a.Prefix, true
		n++
	}
	var err error
	if a.ObjectSizeGreaterThan != nil {
		if f.SizeGreater, err = size(*a.ObjectSizeGreaterThan); err != nil {
			return err
		}
		n++
	}
	if a.ObjectSizeLessThan != nil {
		if f.SizeLess, err = size(*a.ObjectSizeLessThan); err != nil {
			return err
		}
		n++
	}
	if n < 2 {
		return apierr.MalformedXML
	}
	seen := map[string]bool{}
	for _, t := range a.Tags {
		if seen[t.Key] {
			return invalidReq("Duplicate Tag Keys are not allowed.")
		}
		seen[t.Key] = true
		f.Tags = append(f.Tags, Tag{t.Key, t.Value})
	}
	return checkFilter(f)
}

func checkFilter(f *Filter) error {
	for _, t := range f.Tags {
		if len(t.Key) < 1 || len(t.Key) > 128 {
			return invalidTag("The TagKey you have provided is invalid")
		}
		if len(t.Value) > 256 {
			return invalidTag("The TagValue you have provided is invalid")
		}
	}
	if f.SizeGreater >= 0 && f.SizeLess >= 0 && f.SizeGreater >= f.SizeLess {
		return invalidReq("'ObjectSizeLessThan' has to be a value greater than 'ObjectSizeGreaterThan'.")
	}
	return nil
}

func invalidTag(msg string) error { return apierr.InvalidTag.WithMessage(msg) }

func (x *xmlRule) compileExpiration(r *Rule) error {
	e := x.Expiration
	if e == nil {
		return nil
	}
	r.hasExpiration = true
	n := 0
	if e.Days != nil {
		days, err := positive(*e.Days, "'Days' for Expiration action must be a positive integer")
		if err != nil {
			return err
		}
		r.ExpirationDays = days
		n++
	}
	if e.Date != nil {
		d, err := time.Parse(time.RFC3339Nano, *e.Date)
		if err != nil {
			return invalidArg("Invalid date provided")
		}
		d = d.UTC()
		if !d.Equal(d.Truncate(24 * time.Hour)) {
			return invalidArg("'Date' must be at midnight GMT")
		}
		r.ExpirationDate = d
		n++
	}
	if e.ExpiredObjectDeleteMarker != nil {
		b, err := strconv.ParseBool(*e.ExpiredObjectDeleteMarker)
		if err != nil {
			return apierr.MalformedXML
		}
		if n > 0 {
			// S3 answers MalformedXML: the schema allows one of the three.
			return apierr.MalformedXML
		}
		if len(r.Filter.Tags) > 0 {
			return invalidReq("ExpiredObjectDeleteMarker cannot be specified with Tags.")
		}
		if r.Filter.SizeGreater >= 0 || r.Filter.SizeLess >= 0 {
			return invalidReq("ExpiredObjectDeleteMarker cannot be specified with Object Size.")
		}
		r.ExpiredObjectDeleteMarker = b
		n++
	}
	if n == 0 {
		return apierr.MalformedXML
	}
	if n > 1 {
		return apierr.MalformedXML
	}
	return nil
}

func positive(s, msg string) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, apierr.MalformedXML
	}
	if v <= 0 {
		return 0, invalidArg(msg)
	}
	return v, nil
}

func size(s string) (int64, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, apierr.MalformedXML
	}
	if v < 0 {
		return 0, invalidArg("Object size filters must be non-negative")
	}
	return v, nil
}
