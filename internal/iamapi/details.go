package iamapi

import (
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/queryapi"
)

type inlineXML struct {
	PolicyName     string
	PolicyDocument string
}

func inlineList(ps []iam.InlinePolicy) queryapi.List[inlineXML] {
	out := make([]inlineXML, len(ps))
	for i, p := range ps {
		out[i] = inlineXML{PolicyName: p.Name, PolicyDocument: encodeDoc(p.Document)}
	}
	return queryapi.ListOf(out)
}

type userDetailXML struct {
	Path                    string
	UserName                string
	UserId                  string
	Arn                     string
	CreateDate              string
	UserPolicyList          queryapi.List[inlineXML]
	GroupList               queryapi.List[string]
	AttachedManagedPolicies queryapi.List[attachedXML]
	PermissionsBoundary     *boundaryXML
	Tags                    queryapi.List[tagXML]
}

type groupDetailXML struct {
	Path                    string
	GroupName               string
	GroupId                 string
	Arn                     string
	CreateDate              string
	GroupPolicyList         queryapi.List[inlineXML]
	AttachedManagedPolicies queryapi.List[attachedXML]
}

type roleDetailXML struct {
	Path                     string
	RoleName                 string
	RoleId                   string
	Arn                      string
	CreateDate               string
	AssumeRolePolicyDocument string
	InstanceProfileList      queryapi.List[string]
	RolePolicyList           queryapi.List[inlineXML]
	AttachedManagedPolicies  queryapi.List[attachedXML]
	PermissionsBoundary      *boundaryXML
	Tags                     queryapi.List[tagXML]
	RoleLastUsed             roleLastUsedXML
}

type policyDetailXML struct {
	policyXML
	PolicyVersionList queryapi.List[versionXML]
}

type detailsResult struct {
	UserDetailList  queryapi.List[userDetailXML]
	GroupDetailList queryapi.List[groupDetailXML]
	RoleDetailList  queryapi.List[roleDetailXML]
	Policies        queryapi.List[policyDetailXML]
	pageXML
}

// detailItem is one entity of the report; the four kinds page as one list.
type detailItem struct {
	key    string
	user   *iam.User
	group  *iam.Group
	role   *iam.Role
	policy *iam.PolicyView
}

func accountAuthorizationDetails(c *call) (any, error) {
	filter := map[string]bool{}
	for _, f := range c.v.Strings("Filter") {
		switch f {
		case "User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy":
			filter[f] = true
		default:
			return nil, apierr.Validation("filter", f, "Member must satisfy enum value set: [LocalManagedPolicy, User, Role, AWSManagedPolicy, Group]")
		}
	}
	want := func(k string) bool { return len(filter) == 0 || filter[k] }
	page, err := queryapi.ReadPage(c.v)
	if err != nil {
		return nil, err
	}
	var items []detailItem
	if want("User") {
		us, _ := c.h.iam.ListUsers(c.ctx, c.acct, "")
		for _, u := range us {
			items = append(items, detailItem{key: "1\x00" + lower(u.Name), user: u})
		}
	}
	if want("Group") {
		gs, _ := c.h.iam.ListGroups(c.ctx, c.acct, "")
		for _, g := range gs {
			items = append(items, detailItem{key: "2\x00" + lower(g.Name), group: g})
		}
	}
	if want("Role") {
		rs, _ := c.h.iam.ListRoles(c.ctx, c.acct, "")
		for _, r := range rs {
			items = append(items, detailItem{key: "3\x00" + lower(r.Name), role: r})
		}
	}
	if want("LocalManagedPolicy") || want("AWSManagedPolicy") {
		ps, err := c.h.iam.ListPolicies(c.ctx, c.acct, iam.ListPoliciesInput{})
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			// AWS managed policies appear when the account uses them.
			if p.AWSManaged() && (!want("AWSManagedPolicy") || p.AttachmentCount+p.BoundaryUsageCount == 0) {
				continue
			}
			if !p.AWSManaged() && !want("LocalManagedPolicy") {
				continue
			}
			items = append(items, detailItem{key: "4\x00" + iam.PolicySortKey(p.ManagedPolicy), policy: p})
		}
	}
	items, next, err := queryapi.Paginate(items, func(x detailItem) string { return x.key }, page)
	if err != nil {
		return nil, err
	}
	out := &detailsResult{pageXML: pageOf(next)}
	for _, x := range items {
		switch {
		case x.user != nil:
			out.UserDetailList.Member = append(out.UserDetailList.Member, c.userDetail(x.user))
		case x.group != nil:
			out.GroupDetailList.Member = append(out.GroupDetailList.Member, c.groupDetail(x.group))
		case x.role != nil:
			out.RoleDetailList.Member = append(out.RoleDetailList.Member, c.roleDetail(x.role))
		case x.policy != nil:
			d := policyDetailXML{policyXML: managedPolicy(x.policy, false)}
			d.Description = x.policy.Description
			for i := range x.policy.Versions {
				d.PolicyVersionList.Member = append(d.PolicyVersionList.Member, version(x.policy.ManagedPolicy, &x.policy.Versions[i], true))
			}
			out.Policies.Member = append(out.Policies.Member, d)
		}
	}
	return out, nil
}

func (c *call) attachedOf(t iam.EntityType, name string) queryapi.List[attachedXML] {
	ps, _ := c.h.iam.AttachedPolicies(c.ctx, c.acct, t, name)
	return queryapi.ListOf(attachedList(ps))
}

func (c *call) userDetail(u *iam.User) userDetailXML {
	return userDetailXML{Path: u.Path, UserName: u.Name, UserId: u.ID, Arn: u.ARN(), CreateDate: queryapi.Time(u.Created),
		UserPolicyList: inlineList(u.Inline), GroupList: queryapi.ListOf(append([]string{}, u.Groups...)),
		AttachedManagedPolicies: c.attachedOf(iam.EntityUser, u.Name), PermissionsBoundary: boundary(u.Boundary), Tags: tagsXML(u.Tags)}
}

func (c *call) groupDetail(g *iam.Group) groupDetailXML {
	return groupDetailXML{Path: g.Path, GroupName: g.Name, GroupId: g.ID, Arn: g.ARN(), CreateDate: queryapi.Time(g.Created),
		GroupPolicyList: inlineList(g.Inline), AttachedManagedPolicies: c.attachedOf(iam.EntityGroup, g.Name)}
}

func (c *call) roleDetail(r *iam.Role) roleDetailXML {
	return roleDetailXML{Path: r.Path, RoleName: r.Name, RoleId: r.ID, Arn: r.ARN(), CreateDate: queryapi.Time(r.Created),
		AssumeRolePolicyDocument: encodeDoc(r.TrustDocument), InstanceProfileList: queryapi.ListOf([]string{}),
		RolePolicyList: inlineList(r.Inline), AttachedManagedPolicies: c.attachedOf(iam.EntityRole, r.Name),
		PermissionsBoundary: boundary(r.Boundary), Tags: tagsXML(r.Tags)}
}
