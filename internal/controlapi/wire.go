package controlapi

import "encoding/xml"

const ns = "http://awss3control.amazonaws.com/doc/2018-08-20/"

type vpcConfiguration struct {
	VpcID string `xml:"VpcId"`
}

type pabXML struct {
	BlockPublicAcls       bool `xml:"BlockPublicAcls"`
	IgnorePublicAcls      bool `xml:"IgnorePublicAcls"`
	BlockPublicPolicy     bool `xml:"BlockPublicPolicy"`
	RestrictPublicBuckets bool `xml:"RestrictPublicBuckets"`
}

type createAccessPointRequest struct {
	XMLName                        xml.Name          `xml:"CreateAccessPointRequest"`
	Bucket                         string            `xml:"Bucket"`
	VpcConfiguration               *vpcConfiguration `xml:"VpcConfiguration"`
	PublicAccessBlockConfiguration *pabXML           `xml:"PublicAccessBlockConfiguration"`
	BucketAccountID                string            `xml:"BucketAccountId"`
}

type createAccessPointResult struct {
	XMLName        xml.Name `xml:"CreateAccessPointResult"`
	Xmlns          string   `xml:"xmlns,attr"`
	AccessPointArn string   `xml:"AccessPointArn"`
	Alias          string   `xml:"Alias"`
}

type endpointEntry struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

type getAccessPointResult struct {
	XMLName                        xml.Name          `xml:"GetAccessPointResult"`
	Xmlns                          string            `xml:"xmlns,attr"`
	Name                           string            `xml:"Name"`
	Bucket                         string            `xml:"Bucket"`
	NetworkOrigin                  string            `xml:"NetworkOrigin"`
	VpcConfiguration               *vpcConfiguration `xml:"VpcConfiguration,omitempty"`
	PublicAccessBlockConfiguration pabXML            `xml:"PublicAccessBlockConfiguration"`
	CreationDate                   string            `xml:"CreationDate"`
	Alias                          string            `xml:"Alias"`
	AccessPointArn                 string            `xml:"AccessPointArn"`
	Endpoints                      []endpointEntry   `xml:"Endpoints>entry"`
	BucketAccountID                string            `xml:"BucketAccountId"`
}

type accessPointXML struct {
	Name             string            `xml:"Name"`
	NetworkOrigin    string            `xml:"NetworkOrigin"`
	VpcConfiguration *vpcConfiguration `xml:"VpcConfiguration,omitempty"`
	Bucket           string            `xml:"Bucket"`
	AccessPointArn   string            `xml:"AccessPointArn"`
	Alias            string            `xml:"Alias"`
	BucketAccountID  string            `xml:"BucketAccountId"`
}

type listAccessPointsResult struct {
	XMLName         xml.Name         `xml:"ListAccessPointsResult"`
	Xmlns           string           `xml:"xmlns,attr"`
	AccessPointList []accessPointXML `xml:"AccessPointList>AccessPoint"`
	NextToken       string           `xml:"NextToken,omitempty"`
}

type putAccessPointPolicyRequest struct {
	XMLName xml.Name `xml:"PutAccessPointPolicyRequest"`
	Policy  string   `xml:"Policy"`
}

type getAccessPointPolicyResult struct {
	XMLName xml.Name `xml:"GetAccessPointPolicyResult"`
	Xmlns   string   `xml:"xmlns,attr"`
	Policy  string   `xml:"Policy"`
}

type getAccessPointPolicyStatusResult struct {
	XMLName      xml.Name `xml:"GetAccessPointPolicyStatusResult"`
	Xmlns        string   `xml:"xmlns,attr"`
	PolicyStatus struct {
		IsPublic bool `xml:"IsPublic"`
	} `xml:"PolicyStatus"`
}

type publicAccessBlockXML struct {
	XMLName xml.Name `xml:"PublicAccessBlockConfiguration"`
	Xmlns   string   `xml:"xmlns,attr"`
	pabXML
}
