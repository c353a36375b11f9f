package iamapi

import (
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/queryapi"
)

type roleResult struct{ Role roleXML }

type rolesResult struct {
	Roles queryapi.List[roleXML]
	pageXML
}

func createRole(c *call) (any, error) {
	name, err := c.required("RoleName")
	if err != nil {
		return nil, err
	}
	doc, err := c.required("AssumeRolePolicyDocument")
	if err != nil {
		return nil, err
	}
	maxSession, _, err := c.v.Int("MaxSessionDuration", iam.MinSessionSeconds, iam.MaxSessionSeconds)
	if err != nil {
		return nil, err
	}
	r, err := c.h.iam.CreateRole(c.ctx, c.acct, iam.RoleInput{Name: name, Path: c.str("Path"), TrustDocument: doc,
		Description: c.str("Description"), MaxSessionDuration: maxSession, Tags: c.tags(), Boundary: c.str("PermissionsBoundary")})
	if err != nil {
		return nil, err
	}
	return &roleResult{Role: role(r, false)}, nil
}

func getRole(c *call) (any, error) {
	name, err := c.required("RoleName")
	if err != nil {
		return nil, err
	}
	r, err := c.h.iam.GetRole(c.ctx, c.acct, name)
	if err != nil {
		return nil, err
	}
	return &roleResult{Role: role(r, true)}, nil
}

func listRoles(c *call) (any, error) {
	page, err := queryapi.ReadPage(c.v)
	if err != nil {
		return nil, err
	}
	rs, err := c.h.iam.ListRoles(c.ctx, c.acct, c.str("PathPrefix"))
	if err != nil {
		return nil, err
	}
	rs, next, err := queryapi.Paginate(rs, func(r *iam.Role) string { return lower(r.Name) }, page)
	if err != nil {
		return nil, err
	}
	out := &rolesResult{pageXML: pageOf(next)}
	for _, r := range rs {
		out.Roles.Member = append(out.Roles.Member, role(r, false))
	}
	return out, nil
}

func deleteRole(c *call) (any, error) {
	name, err := c.required("RoleName")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.DeleteRole(c.ctx, c.acct, name)
}

func updateAssumeRolePolicy(c *call) (any, error) {
	name, err := c.required("RoleName")
	if err != nil {
		return nil, err
	}
	doc, err := c.required("PolicyDocument")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.UpdateAssumeRolePolicy(c.ctx, c.acct, name, doc)
}

func updateRole(c *call) (any, error) {
	name, err := c.required("RoleName")
	if err != nil {
		return nil, err
	}
	maxSession, _, err := c.v.Int("MaxSessionDuration", iam.MinSessionSeconds, iam.MaxSessionSeconds)
	if err != nil {
		return nil, err
	}
	var desc *string
	if d, ok := c.v.Lookup("Description"); ok {
		desc = &d
	}
	return struct{}{}, c.h.iam.UpdateRole(c.ctx, c.acct, name, desc, maxSession)
}

func updateRoleDescription(c *call) (any, error) {
	name, err := c.required("RoleName")
	if err != nil {
		return nil, err
	}
	desc, ok := c.v.Lookup("Description")
	if !ok {
		return nil, validationNull("Description")
	}
	if err := c.h.iam.UpdateRole(c.ctx, c.acct, name, &desc, 0); err != nil {
		return nil, err
	}
	r, err := c.h.iam.GetRole(c.ctx, c.acct, name)
	if err != nil {
		return nil, err
	}
	return &roleResult{Role: role(r, true)}, nil
}

func tagRole(c *call) (any, error) {
	name, err := c.required("RoleName")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.TagRole(c.ctx, c.acct, name, c.tags())
}

func untagRole(c *call) (any, error) {
	name, err := c.required("RoleName")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.UntagRole(c.ctx, c.acct, name, c.v.Strings("TagKeys"))
}

func listRoleTags(c *call) (any, error) {
	name, err := c.required("RoleName")
	if err != nil {
		return nil, err
	}
	r, err := c.h.iam.GetRole(c.ctx, c.acct, name)
	if err != nil {
		return nil, err
	}
	return pageTags(c, r.Tags)
}

// instanceProfilesResult answers the instance profile listings: Coffer has
// no EC2 instances, so no instance profiles, but tools that clean up a role
// (terraform's destroy, for one) ask for them first.
type instanceProfilesResult struct {
	InstanceProfiles queryapi.List[struct{}]
	pageXML
}

func listInstanceProfilesForRole(c *call) (any, error) {
	name, err := c.required("RoleName")
	if err != nil {
		return nil, err
	}
	if _, err := c.h.iam.GetRole(c.ctx, c.acct, name); err != nil {
		return nil, err
	}
	return &instanceProfilesResult{}, nil
}

func listInstanceProfiles(c *call) (any, error) {
	if _, err := queryapi.ReadPage(c.v); err != nil {
		return nil, err
	}
	return &instanceProfilesResult{}, nil
}
