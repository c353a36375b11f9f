package ec2api

import (
	"strconv"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/queryapi"
	"github.com/coffer-s3/coffer/internal/vpce"
)

// filter is one Filter.N: an endpoint matches when its attribute matches
// any of the values (EC2 wildcards * and ?).
type filter struct {
	name   string
	values []string
}

type filters []filter

// filterNames are the DescribeVpcEndpoints filters Coffer answers.
var filterNames = map[string]bool{
	"vpc-endpoint-id": true, "vpc-id": true, "vpc-endpoint-type": true, "service-name": true,
	"vpc-endpoint-state": true, "ip-address-type": true,
}

func readFilters(v queryapi.Values) (filters, error) {
	var out filters
	for i := 1; ; i++ {
		p := "Filter." + strconv.Itoa(i) + "."
		name, ok := v.Lookup(p + "Name")
		if !ok {
			break
		}
		if !filterNames[name] {
			return nil, apierr.EC2InvalidParameterValue.WithMessage("The filter '" + name + "' is invalid")
		}
		out = append(out, filter{name: name, values: list(v, p+"Value")})
	}
	return out, nil
}

func (fs filters) match(in *vpce.Info, service string) bool {
	for _, f := range fs {
		var attr string
		switch f.name {
		case "vpc-endpoint-id":
			attr = in.ID
		case "vpc-id":
			attr = in.VPC
		case "vpc-endpoint-type":
			attr = string(in.Type)
		case "service-name":
			attr = service
		case "vpc-endpoint-state":
			attr = "available"
		case "ip-address-type":
			attr = "ipv4"
		}
		ok := false
		for _, pat := range f.values {
			if glob(pat, attr) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// glob matches EC2 filter wildcards: * any run, ? one character.
func glob(pat, s string) bool {
	px, sx := 0, 0
	star, mark := -1, 0
	for sx < len(s) {
		switch {
		case px < len(pat) && (pat[px] == '?' || pat[px] == s[sx]):
			px++
			sx++
		case px < len(pat) && pat[px] == '*':
			star, mark = px, sx
			px++
		case star >= 0:
			px = star + 1
			mark++
			sx = mark
		default:
			return false
		}
	}
	for px < len(pat) && pat[px] == '*' {
		px++
	}
	return px == len(pat)
}
