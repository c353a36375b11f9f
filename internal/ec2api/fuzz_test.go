package ec2api

import (
	"net/url"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/netcfg"
	"github.com/coffer-s3/coffer/internal/queryapi"
	"github.com/coffer-s3/coffer/internal/vpce"
)

// FuzzDescribeParams: the list and filter decoders accept or reject any
// form without panicking, and a filter list matches consistently.
func FuzzDescribeParams(f *testing.F) {
	f.Add("VpcEndpointId.1=vpce-0123456789abcdef0&VpcEndpointId.2=x")
	f.Add("Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-*&Filter.1.Value.2=?&Filter.2.Name=vpc-endpoint-type&Filter.2.Value.1=Gateway")
	f.Add("Filter.1.Name=tag:x&Filter.1.Value.1=y")
	f.Add("VpcEndpointId.01=a&VpcEndpointId.-1=b&VpcEndpointId.1.x=c&Filter.1.Value.1=z")
	e := &netcfg.Endpoint{ID: "vpce-0123456789abcdef0", VPC: "vpc-0a1b2c3d", Type: netcfg.Gateway}
	in := &vpce.Info{Endpoint: e, Created: time.Unix(0, 0)}
	f.Fuzz(func(t *testing.T, q string) {
		m, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		v := queryapi.NewValues(m)
		list(v, "VpcEndpointId")
		fs, err := readFilters(v)
		if err != nil {
			return
		}
		if fs.match(in, "com.amazonaws.us-east-1.s3") != fs.match(in, "com.amazonaws.us-east-1.s3") {
			t.Fatal("match is not deterministic")
		}
	})
}
