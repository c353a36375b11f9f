package iamapi

import (
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/queryapi"
)

// Inline policies of users, groups and roles.

type inlineResult struct {
	UserName       string `xml:",omitempty"`
	GroupName      string `xml:",omitempty"`
	RoleName       string `xml:",omitempty"`
	PolicyName     string
	PolicyDocument string
}

type namesResult struct {
	PolicyNames queryapi.List[string]
	pageXML
}

func entityAndPolicy(c *call, t iam.EntityType) (string, string, error) {
	e, err := c.required(nameParam(t))
	if err != nil {
		return "", "", err
	}
	p, err := c.required("PolicyName")
	return e, p, err
}

func putInline(t iam.EntityType) func(*call) (any, error) {
	return func(c *call) (any, error) {
		e, p, err := entityAndPolicy(c, t)
		if err != nil {
			return nil, err
		}
		doc, err := c.required("PolicyDocument")
		if err != nil {
			return nil, err
		}
		return nil, c.h.iam.PutInlinePolicy(c.ctx, c.acct, t, e, p, doc)
	}
}

func getInline(t iam.EntityType) func(*call) (any, error) {
	return func(c *call) (any, error) {
		e, p, err := entityAndPolicy(c, t)
		if err != nil {
			return nil, err
		}
		ip, err := c.h.iam.GetInlinePolicy(c.ctx, c.acct, t, e, p)
		if err != nil {
			return nil, err
		}
		out := &inlineResult{PolicyName: ip.Name, PolicyDocument: encodeDoc(ip.Document)}
		switch t {
		case iam.EntityUser:
			out.UserName = e
		case iam.EntityGroup:
			out.GroupName = e
		case iam.EntityRole:
			out.RoleName = e
		}
		return out, nil
	}
}

func deleteInline(t iam.EntityType) func(*call) (any, error) {
	return func(c *call) (any, error) {
		e, p, err := entityAndPolicy(c, t)
		if err != nil {
			return nil, err
		}
		return nil, c.h.iam.DeleteInlinePolicy(c.ctx, c.acct, t, e, p)
	}
}

func listInline(t iam.EntityType) func(*call) (any, error) {
	return func(c *call) (any, error) {
		e, err := c.required(nameParam(t))
		if err != nil {
			return nil, err
		}
		page, err := queryapi.ReadPage(c.v)
		if err != nil {
			return nil, err
		}
		names, err := c.h.iam.InlinePolicyNames(c.ctx, c.acct, t, e)
		if err != nil {
			return nil, err
		}
		names, next, err := queryapi.Paginate(names, func(s string) string { return s }, page)
		if err != nil {
			return nil, err
		}
		return &namesResult{PolicyNames: queryapi.ListOf(names), pageXML: pageOf(next)}, nil
	}
}

// Managed policy attachments.

type attachedResult struct {
	AttachedPolicies queryapi.List[attachedXML]
	pageXML
}

func attachParams(c *call, t iam.EntityType) (string, string, error) {
	e, err := c.required(nameParam(t))
	if err != nil {
		return "", "", err
	}
	a, err := c.required("PolicyArn")
	return e, a, err
}

func attach(t iam.EntityType) func(*call) (any, error) {
	return func(c *call) (any, error) {
		e, a, err := attachParams(c, t)
		if err != nil {
			return nil, err
		}
		return nil, c.h.iam.AttachPolicy(c.ctx, c.acct, t, e, a)
	}
}

func detach(t iam.EntityType) func(*call) (any, error) {
	return func(c *call) (any, error) {
		e, a, err := attachParams(c, t)
		if err != nil {
			return nil, err
		}
		return nil, c.h.iam.DetachPolicy(c.ctx, c.acct, t, e, a)
	}
}

func listAttached(t iam.EntityType) func(*call) (any, error) {
	return func(c *call) (any, error) {
		e, err := c.required(nameParam(t))
		if err != nil {
			return nil, err
		}
		if err := iam.ValidPathPrefix(c.str("PathPrefix")); err != nil {
			return nil, err
		}
		page, err := queryapi.ReadPage(c.v)
		if err != nil {
			return nil, err
		}
		ps, err := c.h.iam.AttachedPolicies(c.ctx, c.acct, t, e)
		if err != nil {
			return nil, err
		}
		if prefix := c.str("PathPrefix"); prefix != "" {
			kept := ps[:0:0]
			for _, p := range ps {
				if pv, err := c.h.iam.GetPolicy(c.ctx, c.acct, p.ARN); err == nil && hasPrefix(pv.Path, prefix) {
					kept = append(kept, p)
				}
			}
			ps = kept
		}
		ps, next, err := queryapi.Paginate(ps, func(p iam.AttachedPolicy) string { return lower(p.Name) + "\x00" + p.ARN }, page)
		if err != nil {
			return nil, err
		}
		return &attachedResult{AttachedPolicies: queryapi.ListOf(attachedList(ps)), pageXML: pageOf(next)}, nil
	}
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

type policyGroupXML struct {
	GroupName string
	GroupId   string
}

type policyUserXML struct {
	UserName string
	UserId   string
}

type policyRoleXML struct {
	RoleName string
	RoleId   string
}

type entitiesResult struct {
	PolicyGroups queryapi.List[policyGroupXML]
	PolicyUsers  queryapi.List[policyUserXML]
	PolicyRoles  queryapi.List[policyRoleXML]
	pageXML
}

func listEntitiesForPolicy(c *call) (any, error) {
	a, err := c.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	filter := c.str("EntityFilter")
	switch filter {
	case "", "User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy":
	default:
		return nil, apierr.Validation("entityFilter", filter, "Member must satisfy enum value set: [LocalManagedPolicy, User, Role, AWSManagedPolicy, Group]")
	}
	usage := c.str("PolicyUsageFilter")
	switch usage {
	case "", iam.UsagePermissions, iam.UsageBoundary:
	default:
		return nil, apierr.Validation("policyUsageFilter", usage, "Member must satisfy enum value set: [PermissionsBoundary, PermissionsPolicy]")
	}
	prefix := c.str("PathPrefix")
	if err := iam.ValidPathPrefix(prefix); err != nil {
		return nil, err
	}
	page, err := queryapi.ReadPage(c.v)
	if err != nil {
		return nil, err
	}
	ents, err := c.h.iam.EntitiesForPolicy(c.ctx, c.acct, a)
	if err != nil {
		return nil, err
	}
	// One list across the three kinds, so that MaxItems pages them all.
	type item struct {
		key, kind, name, id string
	}
	var items []item
	seen := map[string]bool{}
	add := func(kind, name, id, path string) {
		if !hasPrefix(path, prefix) || seen[kind+id] {
			return
		}
		seen[kind+id] = true
		items = append(items, item{kind + "\x00" + lower(name), kind, name, id})
	}
	want := func(kind string) bool { return filter == "" || filter == kind }
	if usage != iam.UsageBoundary {
		if want("Group") {
			for _, g := range ents.Groups {
				add("Group", g.Name, g.ID, g.Path)
			}
		}
		if want("User") {
			for _, u := range ents.Users {
				add("User", u.Name, u.ID, u.Path)
			}
		}
		if want("Role") {
			for _, r := range ents.Roles {
				add("Role", r.Name, r.ID, r.Path)
			}
		}
	}
	if usage != iam.UsagePermissions {
		if want("User") {
			for _, u := range ents.BoundaryUsers {
				add("User", u.Name, u.ID, u.Path)
			}
		}
		if want("Role") {
			for _, r := range ents.BoundaryRoles {
				add("Role", r.Name, r.ID, r.Path)
			}
		}
	}
	sortItems(items, func(x item) string { return x.key })
	items, next, err := queryapi.Paginate(items, func(x item) string { return x.key }, page)
	if err != nil {
		return nil, err
	}
	out := &entitiesResult{pageXML: pageOf(next)}
	out.PolicyGroups.Member, out.PolicyUsers.Member, out.PolicyRoles.Member = []policyGroupXML{}, []policyUserXML{}, []policyRoleXML{}
	for _, x := range items {
		switch x.kind {
		case "Group":
			out.PolicyGroups.Member = append(out.PolicyGroups.Member, policyGroupXML{x.name, x.id})
		case "User":
			out.PolicyUsers.Member = append(out.PolicyUsers.Member, policyUserXML{x.name, x.id})
		case "Role":
			out.PolicyRoles.Member = append(out.PolicyRoles.Member, policyRoleXML{x.name, x.id})
		}
	}
	return out, nil
}

// Permissions boundaries.

func putBoundary(t iam.EntityType) func(*call) (any, error) {
	return func(c *call) (any, error) {
		e, err := c.required(nameParam(t))
		if err != nil {
			return nil, err
		}
		a, err := c.required("PermissionsBoundary")
		if err != nil {
			return nil, err
		}
		return nil, c.h.iam.PutBoundary(c.ctx, c.acct, t, e, a)
	}
}

func deleteBoundary(t iam.EntityType) func(*call) (any, error) {
	return func(c *call) (any, error) {
		e, err := c.required(nameParam(t))
		if err != nil {
			return nil, err
		}
		return nil, c.h.iam.DeleteBoundary(c.ctx, c.acct, t, e)
	}
}
