package iamapi

import (
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/queryapi"
)

type policyResult struct{ Policy policyXML }

type policiesResult struct {
	Policies queryapi.List[policyXML]
	pageXML
}

type versionResult struct{ PolicyVersion versionXML }

type versionsResult struct {
	Versions queryapi.List[versionXML]
	pageXML
}

func createPolicy(c *call) (any, error) {
	name, err := c.required("PolicyName")
	if err != nil {
		return nil, err
	}
	doc, err := c.required("PolicyDocument")
	if err != nil {
		return nil, err
	}
	p, err := c.h.iam.CreatePolicy(c.ctx, c.acct, iam.PolicyInput{Name: name, Path: c.str("Path"), Document: doc,
		Description: c.str("Description"), Tags: c.tags()})
	if err != nil {
		return nil, err
	}
	return &policyResult{Policy: managedPolicy(p, true)}, nil
}

func getPolicy(c *call) (any, error) {
	a, err := c.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	p, err := c.h.iam.GetPolicy(c.ctx, c.acct, a)
	if err != nil {
		return nil, err
	}
	return &policyResult{Policy: managedPolicy(p, true)}, nil
}

func listPolicies(c *call) (any, error) {
	page, err := queryapi.ReadPage(c.v)
	if err != nil {
		return nil, err
	}
	only, err := c.v.Bool("OnlyAttached", false)
	if err != nil {
		return nil, err
	}
	ps, err := c.h.iam.ListPolicies(c.ctx, c.acct, iam.ListPoliciesInput{Scope: c.str("Scope"), OnlyAttached: only,
		PathPrefix: c.str("PathPrefix"), Usage: c.str("PolicyUsageFilter")})
	if err != nil {
		return nil, err
	}
	ps, next, err := queryapi.Paginate(ps, func(p *iam.PolicyView) string { return iam.PolicySortKey(p.ManagedPolicy) }, page)
	if err != nil {
		return nil, err
	}
	out := &policiesResult{pageXML: pageOf(next)}
	for _, p := range ps {
		out.Policies.Member = append(out.Policies.Member, managedPolicy(p, false))
	}
	return out, nil
}

func deletePolicy(c *call) (any, error) {
	a, err := c.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.DeletePolicy(c.ctx, c.acct, a)
}

func createPolicyVersion(c *call) (any, error) {
	a, err := c.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	doc, err := c.required("PolicyDocument")
	if err != nil {
		return nil, err
	}
	def, err := c.v.Bool("SetAsDefault", false)
	if err != nil {
		return nil, err
	}
	v, err := c.h.iam.CreatePolicyVersion(c.ctx, c.acct, a, doc, def)
	if err != nil {
		return nil, err
	}
	return &versionResult{PolicyVersion: versionXML{VersionId: v.ID, IsDefaultVersion: def, CreateDate: queryapi.Time(v.Created)}}, nil
}

func getPolicyVersion(c *call) (any, error) {
	a, err := c.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	id, err := c.required("VersionId")
	if err != nil {
		return nil, err
	}
	p, v, err := c.h.iam.GetPolicyVersion(c.ctx, c.acct, a, id)
	if err != nil {
		return nil, err
	}
	return &versionResult{PolicyVersion: version(p, v, true)}, nil
}

func listPolicyVersions(c *call) (any, error) {
	a, err := c.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	page, err := queryapi.ReadPage(c.v)
	if err != nil {
		return nil, err
	}
	p, err := c.h.iam.GetPolicy(c.ctx, c.acct, a)
	if err != nil {
		return nil, err
	}
	// Newest first, as IAM lists them.
	vs := make([]*iam.PolicyVersion, 0, len(p.Versions))
	for i := len(p.Versions) - 1; i >= 0; i-- {
		vs = append(vs, &p.Versions[i])
	}
	vs, next, err := queryapi.Paginate(vs, func(v *iam.PolicyVersion) string { return key(1<<30 - versionNumber(v.ID)) }, page)
	if err != nil {
		return nil, err
	}
	out := &versionsResult{pageXML: pageOf(next)}
	for _, v := range vs {
		out.Versions.Member = append(out.Versions.Member, version(p.ManagedPolicy, v, false))
	}
	return out, nil
}

func versionNumber(id string) int {
	n := 0
	for i := 1; i < len(id) && id[i] >= '0' && id[i] <= '9'; i++ {
		n = n*10 + int(id[i]-'0')
	}
	return n
}

func setDefaultPolicyVersion(c *call) (any, error) {
	a, err := c.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	id, err := c.required("VersionId")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.SetDefaultPolicyVersion(c.ctx, c.acct, a, id)
}

func deletePolicyVersion(c *call) (any, error) {
	a, err := c.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	id, err := c.required("VersionId")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.DeletePolicyVersion(c.ctx, c.acct, a, id)
}

func tagPolicy(c *call) (any, error) {
	a, err := c.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.TagPolicy(c.ctx, c.acct, a, c.tags())
}

func untagPolicy(c *call) (any, error) {
	a, err := c.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.UntagPolicy(c.ctx, c.acct, a, c.v.Strings("TagKeys"))
}

func listPolicyTags(c *call) (any, error) {
	a, err := c.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	p, err := c.h.iam.GetPolicy(c.ctx, c.acct, a)
	if err != nil {
		return nil, err
	}
	return pageTags(c, p.Tags)
}
