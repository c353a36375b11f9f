package ec2api

import (
	"bytes"
	"encoding/xml"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// items is an EC2 list: one <item> per element; the list element is sent
// even when empty, as EC2 does.
type items[T any] struct {
	Items []T `xml:"item"`
}

type dnsEntry struct {
	Name         string `xml:"dnsName"`
	HostedZoneID string `xml:"hostedZoneId,omitempty"`
}

type dnsOptions struct {
	RecordIPType string `xml:"dnsRecordIpType"`
}

type endpointItem struct {
	ID                string          `xml:"vpcEndpointId"`
	Type              string          `xml:"vpcEndpointType"`
	VPC               string          `xml:"vpcId"`
	ServiceName       string          `xml:"serviceName"`
	State             string          `xml:"state"`
	PolicyDocument    string          `xml:"policyDocument"`
	RouteTableIDs     items[string]   `xml:"routeTableIdSet"`
	SubnetIDs         items[string]   `xml:"subnetIdSet"`
	Groups            items[string]   `xml:"groupSet"`
	IPAddressType     string          `xml:"ipAddressType"`
	DNSOptions        *dnsOptions     `xml:"dnsOptions,omitempty"`
	PrivateDNSEnabled bool            `xml:"privateDnsEnabled"`
	RequesterManaged  bool            `xml:"requesterManaged"`
	NetworkInterfaces items[string]   `xml:"networkInterfaceIdSet"`
	DNSEntries        items[dnsEntry] `xml:"dnsEntrySet"`
	Created           string          `xml:"creationTimestamp"`
	Tags              items[string]   `xml:"tagSet"`
	Owner             string          `xml:"ownerId"`
}

type describeResponse struct {
	XMLName   xml.Name            `xml:"DescribeVpcEndpointsResponse"`
	Xmlns     string              `xml:"xmlns,attr"`
	RequestID string              `xml:"requestId"`
	Endpoints items[endpointItem] `xml:"vpcEndpointSet"`
	NextToken string              `xml:"nextToken,omitempty"`
}

type modifyResponse struct {
	XMLName   xml.Name `xml:"ModifyVpcEndpointResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	RequestID string   `xml:"requestId"`
	Return    bool     `xml:"return"`
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type errorResponse struct {
	XMLName xml.Name `xml:"Response"`
	Errors  struct {
		Error struct {
			Code    string
			Message string
		}
	}
	RequestID string `xml:"RequestID"`
}

// marshalError renders EC2's error document:
// <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>.
func marshalError(requestID string, e *apierr.Error) []byte {
	var r errorResponse
	r.Errors.Error.Code, r.Errors.Error.Message, r.RequestID = e.Code, e.Message, requestID
	out, err := marshal(&r)
	if err != nil {
		panic("ec2api: " + err.Error()) // only strings are marshalled
	}
	return out
}
