package s3xml

import "encoding/xml"

// PolicyStatus answers GetBucketPolicyStatus and GetAccessPointPolicyStatus.
type PolicyStatus struct {
	XMLName  xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ PolicyStatus"`
	IsPublic bool     `xml:"IsPublic"`
}
