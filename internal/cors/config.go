package cors

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

// Limits of a CORS configuration (PutBucketCors).
const (
	MaxDocument = 64 << 10
	MaxRules    = 100
	MaxIDLength = 255
)

// Rule is one CORSRule.
type Rule struct {
	ID             string
	AllowedMethods []string
	AllowedOrigins []string
	AllowedHeaders []string
	ExposeHeaders  []string
	// MaxAgeSeconds is the rule's MaxAgeSeconds, or -1 when it has none.
	MaxAgeSeconds int64
}

// Config is a bucket's CORS configuration.
type Config struct {
	Rules []Rule
}

type xmlConfig struct {
	XMLName xml.Name  `xml:"http://s3.amazonaws.com/doc/2006-03-01/ CORSConfiguration"`
	Rules   []xmlRule `xml:"CORSRule"`
}

type xmlRule struct {
	ID             []string `xml:"ID"`
	AllowedHeaders []string `xml:"AllowedHeader"`
	AllowedMethods []string `xml:"AllowedMethod"`
	AllowedOrigins []string `xml:"AllowedOrigin"`
	ExposeHeaders  []string `xml:"ExposeHeader"`
	MaxAgeSeconds  []string `xml:"MaxAgeSeconds"`
}

var methods = map[string]bool{"GET": true, "PUT": true, "POST": true, "DELETE": true, "HEAD": true}

// Parse validates a CORSConfiguration document as PutBucketCors does.
func Parse(doc []byte) (*Config, error) {
	var x xmlConfig
	if err := s3xml.Decode(bytes.NewReader(doc), MaxDocument, &x); err != nil {
		return nil, err
	}
	if len(x.Rules) == 0 || len(x.Rules) > MaxRules {
		return nil, apierr.MalformedXML
	}
	c := &Config{Rules: make([]Rule, 0, len(x.Rules))}
	for i := range x.Rules {
		r, err := x.Rules[i].compile()
		if err != nil {
			return nil, err
		}
		c.Rules = append(c.Rules, r)
	}
	return c, nil
}

func (x *xmlRule) compile() (Rule, error) {
	r := Rule{AllowedMethods: x.AllowedMethods, AllowedOrigins: x.AllowedOrigins,
		AllowedHeaders: x.AllowedHeaders, ExposeHeaders: x.ExposeHeaders, MaxAgeSeconds: -1}
	if len(r.AllowedMethods) == 0 || len(r.AllowedOrigins) == 0 || len(x.ID) > 1 || len(x.MaxAgeSeconds) > 1 {
		return r, apierr.MalformedXML
	}
	if len(x.ID) == 1 {
		if r.ID = x.ID[0]; len(r.ID) > MaxIDLength {
			return r, apierr.InvalidArgument.WithMessage("ID length should not exceed allowed limit of 255")
		}
	}
	if len(x.MaxAgeSeconds) == 1 {
		n, err := strconv.ParseInt(strings.TrimSpace(x.MaxAgeSeconds[0]), 10, 32)
		if err != nil || n < 0 {
			return r, apierr.MalformedXML
		}
		r.MaxAgeSeconds = n
	}
	for _, m := range r.AllowedMethods {
		if !methods[m] {
			return r, apierr.InvalidRequest.WithMessage("Found unsupported HTTP method in CORS config. Unsupported method is " + m)
		}
	}
	for _, o := range r.AllowedOrigins {
		if strings.Count(o, "*") > 1 {
			return r, apierr.InvalidRequest.WithMessage(`AllowedOrigin "` + o + `" can not have more than one wildcard.`)
		}
	}
	for _, h := range r.AllowedHeaders {
		if strings.Count(h, "*") > 1 {
			return r, apierr.InvalidRequest.WithMessage(`AllowedHeader "` + h + `" can not have more than one wildcard.`)
		}
	}
	for _, h := range r.ExposeHeaders {
		if strings.Contains(h, "*") {
			return r, apierr.InvalidRequest.WithMessage(`ExposeHeader "` + h + `" contains wildcard. We currently do not support wildcard for ExposeHeader.`)
		}
	}
	return r, nil
}

// Marshal renders the configuration as GetBucketCors answers it.
func (c *Config) Marshal() []byte {
	x := xmlConfig{Rules: make([]xmlRule, len(c.Rules))}
	for i, r := range c.Rules {
		xr := xmlRule{AllowedHeaders: r.AllowedHeaders, AllowedMethods: r.AllowedMethods,
			AllowedOrigins: r.AllowedOrigins, ExposeHeaders: r.ExposeHeaders}
		if r.ID != "" {
			xr.ID = []string{r.ID}
		}
		if r.MaxAgeSeconds >= 0 {
			xr.MaxAgeSeconds = []string{strconv.FormatInt(r.MaxAgeSeconds, 10)}
		}
		x.Rules[i] = xr
	}
	body, err := xml.Marshal(&x)
	if err != nil {
		// Strings always marshal; nothing else is in the document.
		panic(err)
	}
	return append([]byte(s3xml.Header), body...)
}
