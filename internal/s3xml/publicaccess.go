package s3xml

import (
	"encoding/xml"
	"io"
)

// PublicAccessBlockConfiguration is the Block Public Access document of
// Put/GetPublicAccessBlock (bucket and account level) and of access points.
type PublicAccessBlockConfiguration struct {
	XMLName               xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ PublicAccessBlockConfiguration"`
	BlockPublicAcls       bool     `xml:"BlockPublicAcls"`
	IgnorePublicAcls      bool     `xml:"IgnorePublicAcls"`
	BlockPublicPolicy     bool     `xml:"BlockPublicPolicy"`
	RestrictPublicBuckets bool     `xml:"RestrictPublicBuckets"`
}

// DecodePublicAccessBlock decodes a Put*PublicAccessBlock body.
func DecodePublicAccessBlock(r io.Reader) (*PublicAccessBlockConfiguration, error) {
	var c PublicAccessBlockConfiguration
	if err := Decode(r, MaxConfigBody, &c); err != nil {
		return nil, err
	}
	return &c, nil
}
