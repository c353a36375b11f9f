package iamapi

import (
	"strings"

	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/queryapi"
)

func lower(s string) string { return strings.ToLower(s) }

type groupResult struct{ Group groupXML }

type getGroupResult struct {
	Group groupXML
	Users queryapi.List[userXML]
	pageXML
}

type groupsResult struct {
	Groups queryapi.List[groupXML]
	pageXML
}

func createGroup(c *call) (any, error) {
	name, err := c.required("GroupName")
	if err != nil {
		return nil, err
	}
	g, err := c.h.iam.CreateGroup(c.ctx, c.acct, name, c.str("Path"))
	if err != nil {
		return nil, err
	}
	return &groupResult{Group: group(g)}, nil
}

func getGroup(c *call) (any, error) {
	name, err := c.required("GroupName")
	if err != nil {
		return nil, err
	}
	page, err := queryapi.ReadPage(c.v)
	if err != nil {
		return nil, err
	}
	g, members, err := c.h.iam.GetGroup(c.ctx, c.acct, name)
	if err != nil {
		return nil, err
	}
	members, next, err := queryapi.Paginate(members, func(u *iam.User) string { return lower(u.Name) }, page)
	if err != nil {
		return nil, err
	}
	out := &getGroupResult{Group: group(g), pageXML: pageOf(next)}
	for _, u := range members {
		out.Users.Member = append(out.Users.Member, user(u, false))
	}
	return out, nil
}

func groupsPage(c *call, gs []*iam.Group) (any, error) {
	page, err := queryapi.ReadPage(c.v)
	if err != nil {
		return nil, err
	}
	gs, next, err := queryapi.Paginate(gs, func(g *iam.Group) string { return lower(g.Name) }, page)
	if err != nil {
		return nil, err
	}
	out := &groupsResult{pageXML: pageOf(next)}
	for _, g := range gs {
		out.Groups.Member = append(out.Groups.Member, group(g))
	}
	return out, nil
}

func listGroups(c *call) (any, error) {
	gs, err := c.h.iam.ListGroups(c.ctx, c.acct, c.str("PathPrefix"))
	if err != nil {
		return nil, err
	}
	return groupsPage(c, gs)
}

func listGroupsForUser(c *call) (any, error) {
	name, err := c.required("UserName")
	if err != nil {
		return nil, err
	}
	gs, err := c.h.iam.GroupsForUser(c.ctx, c.acct, name)
	if err != nil {
		return nil, err
	}
	return groupsPage(c, gs)
}

func updateGroup(c *call) (any, error) {
	name, err := c.required("GroupName")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.UpdateGroup(c.ctx, c.acct, name, c.str("NewGroupName"), c.str("NewPath"))
}

func deleteGroup(c *call) (any, error) {
	name, err := c.required("GroupName")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.DeleteGroup(c.ctx, c.acct, name)
}

func membership(c *call, add bool) (any, error) {
	g, err := c.required("GroupName")
	if err != nil {
		return nil, err
	}
	u, err := c.required("UserName")
	if err != nil {
		return nil, err
	}
	if add {
		return nil, c.h.iam.AddUserToGroup(c.ctx, c.acct, g, u)
	}
	return nil, c.h.iam.RemoveUserFromGroup(c.ctx, c.acct, g, u)
}

func addUserToGroup(c *call) (any, error)      { return membership(c, true) }
func removeUserFromGroup(c *call) (any, error) { return membership(c, false) }
