package controlapi

import (
	"encoding/xml"
	"net/http"
	"strconv"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/control"
)

const maxBody = 64 << 10

func toXML(p control.PAB) pabXML {
	return pabXML{p.BlockPublicAcls, p.IgnorePublicAcls, p.BlockPublicPolicy, p.RestrictPublicBuckets}
}

func fromXML(p *pabXML) control.PAB {
	return control.PAB{BlockPublicAcls: p.BlockPublicAcls, IgnorePublicAcls: p.IgnorePublicAcls,
		BlockPublicPolicy: p.BlockPublicPolicy, RestrictPublicBuckets: p.RestrictPublicBuckets}
}

func getAccountPAB(c *call) error {
	p, ok := c.h.o.Control.AccountPAB(c.account)
	if !ok {
		return apierr.NoSuchPublicAccessBlockConfiguration.With("AccountId", c.account)
	}
	return c.xml(&publicAccessBlockXML{Xmlns: ns, pabXML: toXML(p)})
}

func putAccountPAB(c *call) error {
	body, err := c.readBody(maxBody)
	if err != nil {
		return err
	}
	var cfg struct {
		XMLName xml.Name `xml:"PublicAccessBlockConfiguration"`
		pabXML
	}
	if err := xml.Unmarshal(body, &cfg); err != nil {
		return apierr.MalformedXML
	}
	p := fromXML(&cfg.pabXML)
	if err := c.h.o.Control.PutAccountPAB(c.ctx, c.account, &p); err != nil {
		return err
	}
	return c.empty(http.StatusOK)
}

func deleteAccountPAB(c *call) error {
	if err := c.h.o.Control.PutAccountPAB(c.ctx, c.account, nil); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}

func (c *call) apXML(ap *control.AccessPoint) accessPointXML {
	x := accessPointXML{Name: ap.Name, NetworkOrigin: ap.NetworkOrigin(), Bucket: ap.Bucket, AccessPointArn: ap.ARN(), Alias: ap.Alias, BucketAccountID: ap.BucketAccount}
	if ap.VpcID != "" {
		x.VpcConfiguration = &vpcConfiguration{VpcID: ap.VpcID}
	}
	return x
}

func listAccessPoints(c *call) error {
	q := c.r.URL.Query()
	max := 1000
	if v := q.Get("maxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1000 {
			return apierr.InvalidArgument.WithMessage("maxResults must be between 0 and 1000").With("ArgumentName", "maxResults").With("ArgumentValue", v)
		}
		if n > 0 {
			max = n
		}
	}
	aps, next := c.h.o.Control.List(c.account, q.Get("bucket"), q.Get("nextToken"), max)
	res := &listAccessPointsResult{Xmlns: ns, NextToken: next}
	for _, ap := range aps {
		res.AccessPointList = append(res.AccessPointList, c.apXML(ap))
	}
	return c.xml(res)
}

func createAccessPoint(c *call) error {
	body, err := c.readBody(maxBody)
	if err != nil {
		return err
	}
	var req createAccessPointRequest
	if err := xml.Unmarshal(body, &req); err != nil {
		return apierr.MalformedXML
	}
	if req.Bucket == "" {
		return apierr.MalformedXML
	}
	b, err := c.h.o.Engine.Bucket(c.ctx, req.Bucket)
	if err != nil {
		return err
	}
	if req.BucketAccountID != "" && req.BucketAccountID != b.Owner {
		return apierr.AccessDenied
	}
	if b.Owner != c.account && req.BucketAccountID == "" {
		// A cross-account access point must name the bucket's account.
		return apierr.AccessDenied
	}
	in := control.CreateInput{Account: c.account, Name: c.name, Bucket: b.Name, BucketAccount: b.Owner}
	if req.VpcConfiguration != nil {
		if req.VpcConfiguration.VpcID == "" {
			return apierr.InvalidRequest.WithMessage("VpcConfiguration must contain a VpcId")
		}
		in.VpcID = req.VpcConfiguration.VpcID
	}
	if req.PublicAccessBlockConfiguration != nil {
		p := fromXML(req.PublicAccessBlockConfiguration)
		in.PAB = &p
	}
	ap, err := c.h.o.Control.Create(c.ctx, in)
	if err != nil {
		return err
	}
	return c.xml(&createAccessPointResult{Xmlns: ns, AccessPointArn: ap.ARN(), Alias: ap.Alias})
}

func (c *call) accessPoint() (*control.AccessPoint, error) {
	ap, ok := c.h.o.Control.ByName(c.account, c.name)
	if !ok {
		return nil, control.ErrNoSuchAP.With("AccessPointName", c.name)
	}
	return ap, nil
}

func getAccessPoint(c *call) error {
	ap, err := c.accessPoint()
	if err != nil {
		return err
	}
	res := &getAccessPointResult{Xmlns: ns, Name: ap.Name, Bucket: ap.Bucket, NetworkOrigin: ap.NetworkOrigin(),
		PublicAccessBlockConfiguration: toXML(ap.PAB), CreationDate: ap.Created.Format("2006-01-02T15:04:05.000Z"),
		Alias: ap.Alias, AccessPointArn: ap.ARN(), BucketAccountID: ap.BucketAccount}
	if ap.VpcID != "" {
		res.VpcConfiguration = &vpcConfiguration{VpcID: ap.VpcID}
	}
	host := c.r.Host
	res.Endpoints = []endpointEntry{
		{Key: "ipv4", Value: ap.Name + "-" + ap.Account + ".s3-accesspoint." + ap.Region + "." + host},
	}
	return c.xml(res)
}

func deleteAccessPoint(c *call) error {
	if err := c.h.o.Control.Delete(c.ctx, c.account, c.name); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}

func putAccessPointPolicy(c *call) error {
	ap, err := c.accessPoint()
	if err != nil {
		return err
	}
	body, err := c.readBody(maxBody)
	if err != nil {
		return err
	}
	var req putAccessPointPolicyRequest
	if err := xml.Unmarshal(body, &req); err != nil {
		return apierr.MalformedXML
	}
	p, err := control.ParseAccessPointPolicy([]byte(req.Policy))
	if err != nil {
		return err
	}
	// BlockPublicPolicy of the access point or the account refuses public
	// policies; a VPC-origin access point is never public.
	eff := ap.PAB
	if acct, ok := c.h.o.Control.AccountPAB(c.account); ok {
		eff = eff.Or(acct)
	}
	if eff.BlockPublicPolicy && ap.VpcID == "" && p.IsPublic() {
		return apierr.AccessDenied
	}
	if err := c.h.o.Control.SetPolicy(c.ctx, c.account, c.name, req.Policy); err != nil {
		return err
	}
	return c.empty(http.StatusOK)
}

func getAccessPointPolicy(c *call) error {
	ap, err := c.accessPoint()
	if err != nil {
		return err
	}
	if ap.Policy == "" {
		return control.ErrNoSuchPolicy.With("AccessPointName", c.name)
	}
	return c.xml(&getAccessPointPolicyResult{Xmlns: ns, Policy: ap.Policy})
}

func deleteAccessPointPolicy(c *call) error {
	if _, err := c.accessPoint(); err != nil {
		return err
	}
	if err := c.h.o.Control.SetPolicy(c.ctx, c.account, c.name, ""); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}

func getAccessPointPolicyStatus(c *call) error {
	ap, err := c.accessPoint()
	if err != nil {
		return err
	}
	if ap.Policy == "" {
		return control.ErrNoSuchPolicy.With("AccessPointName", c.name)
	}
	res := &getAccessPointPolicyStatusResult{Xmlns: ns}
	res.PolicyStatus.IsPublic = ap.Public()
	return c.xml(res)
}
