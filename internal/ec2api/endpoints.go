package ec2api

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/netcfg"
	"github.com/coffer-s3/coffer/internal/queryapi"
	"github.com/coffer-s3/coffer/internal/vpce"
)

// serviceName is what EC2 calls the S3 endpoint service of a region.
func (c *call) serviceName() string { return "com.amazonaws." + c.h.o.Region + ".s3" }

func (c *call) describe(v queryapi.Values) ([]byte, error) {
	dryRun, err := v.Bool("DryRun", false)
	if err != nil {
		return nil, err
	}
	ids := list(v, "VpcEndpointId")
	filters, err := readFilters(v)
	if err != nil {
		return nil, err
	}
	max := 1000
	if s, ok := v.Lookup("MaxResults"); ok && s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 5 || n > 1000 {
			return nil, apierr.EC2InvalidParameterValue.WithMessage("Value ( " + s + " ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.")
		}
		if len(ids) > 0 {
			return nil, apierr.EC2InvalidParameterCombination.WithMessage("The parameter vpcEndpointIds cannot be used with the parameter maxResults")
		}
		max = n
	}
	for _, id := range ids {
		if !netcfg.ValidEndpointID(id) {
			return nil, malformedID(id)
		}
	}
	if err := c.authorize("ec2:DescribeVpcEndpoints", "*", dryRun); err != nil {
		return nil, err
	}
	all := c.h.o.Endpoints.Current().Describe(c.principal.Account)
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	byID := map[string]*vpce.Info{}
	for i := range all {
		byID[all[i].ID] = &all[i]
	}
	var picked []*vpce.Info
	if len(ids) > 0 {
		for _, id := range ids {
			in := byID[id]
			if in == nil {
				return nil, notFound(id)
			}
			picked = append(picked, in)
		}
	} else {
		for i := range all {
			picked = append(picked, &all[i])
		}
	}
	out := describeResponse{Xmlns: Namespace, RequestID: c.id}
	token := v.Get("NextToken")
	for _, in := range picked {
		if token != "" && in.ID < token {
			continue
		}
		if !filters.match(in, c.serviceName()) {
			continue
		}
		if len(out.Endpoints.Items) == max {
			out.NextToken = in.ID
			break
		}
		out.Endpoints.Items = append(out.Endpoints.Items, c.item(in))
	}
	return marshal(&out)
}

func (c *call) item(in *vpce.Info) endpointItem {
	it := endpointItem{
		ID: in.ID, Type: string(in.Type), VPC: in.VPC, ServiceName: c.serviceName(), State: "available",
		PolicyDocument: in.PolicyDoc, IPAddressType: "ipv4", Owner: in.Owner,
		Created: in.Created.UTC().Format("2006-01-02T15:04:05.000Z"),
	}
	if in.Type == netcfg.Interface {
		// The listener plays the part of the endpoint's DNS name: it is
		// the address clients in the VPC use.
		it.DNSOptions = &dnsOptions{RecordIPType: "ipv4"}
		it.DNSEntries.Items = []dnsEntry{{Name: in.Listen}}
	}
	return it
}

func (c *call) modify(v queryapi.Values) ([]byte, error) {
	id, ok := v.Lookup("VpcEndpointId")
	if !ok || id == "" {
		return nil, apierr.EC2MissingParameter.WithMessage("The request must contain the parameter VpcEndpointId")
	}
	dryRun, err := v.Bool("DryRun", false)
	if err != nil {
		return nil, err
	}
	reset, err := v.Bool("ResetPolicy", false)
	if err != nil {
		return nil, err
	}
	doc, hasDoc := v.Lookup("PolicyDocument")
	for _, name := range v.Names() {
		switch name {
		case "Action", "Version", "VpcEndpointId", "DryRun", "ResetPolicy", "PolicyDocument":
		default:
			return nil, apierr.EC2UnsupportedOperation.WithMessage("Coffer's VPC endpoints support changing only the policy (PolicyDocument, ResetPolicy); " + name + " is not supported.")
		}
	}
	if reset && hasDoc {
		return nil, apierr.EC2InvalidParameterCombination.WithMessage("The parameter PolicyDocument cannot be used with the parameter ResetPolicy")
	}
	if !netcfg.ValidEndpointID(id) {
		return nil, malformedID(id)
	}
	arn := "arn:aws:ec2:" + c.h.o.Region + ":" + c.principal.Account + ":vpc-endpoint/" + id
	if err := c.authorize("ec2:ModifyVpcEndpoint", arn, dryRun); err != nil {
		return nil, err
	}
	if reset || hasDoc {
		err := c.h.o.Endpoints.SetPolicy(c.ctx, c.principal.Account, id, []byte(doc), reset)
		var ae *apierr.Error
		switch {
		case errors.Is(err, vpce.ErrNotFound):
			return nil, notFound(id)
		case errors.As(err, &ae) && ae.Code == "MalformedPolicyDocument":
			return nil, apierr.EC2InvalidPolicyDocument.WithMessage("The Policy Document is not valid. " + ae.Message)
		case err != nil:
			return nil, err
		}
	} else if e := c.h.o.Endpoints.Current().Config.Endpoint(id); e == nil || e.Owner != c.principal.Account {
		return nil, notFound(id)
	}
	return marshal(&modifyResponse{Xmlns: Namespace, RequestID: c.id, Return: true})
}

func notFound(id string) error {
	return apierr.EC2VpcEndpointNotFound.WithMessage("The Vpc Endpoint Id '" + id + "' does not exist")
}

func malformedID(id string) error {
	return apierr.EC2VpcEndpointMalformed.WithMessage("Invalid Id: '" + id + "' (expecting 'vpce-...')")
}

// list reads EC2's flattened list "Name.N" in index order.
func list(v queryapi.Values, name string) []string {
	type kv struct {
		n int
		s string
	}
	var items []kv
	prefix := name + "."
	for _, k := range v.Names() {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok || strings.Contains(rest, ".") {
			continue
		}
		if n, err := strconv.Atoi(rest); err == nil && n > 0 {
			items = append(items, kv{n, v.Get(k)})
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].n < items[j].n })
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.s
	}
	return out
}
