package iam

import (
	"context"
	"sort"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/policy"
)

func noSuchGroup(name string) error {
	return apierr.NoSuchEntity.WithMessage("The group with name " + name + " cannot be found.")
}

// CreateGroup creates a group.
func (s *Service) CreateGroup(ctx context.Context, account, name, path string) (*Group, error) {
	if err := validName("groupName", name, MaxGroupNameLen); err != nil {
		return nil, err
	}
	path, err := normPath("path", path)
	if err != nil {
		return nil, err
	}
	var out *Group
	err = s.update(ctx, func(w *writer) error {
		if w.view(account).groups[lower(name)] != nil {
			return apierr.EntityAlreadyExists.WithMessage("Group with name " + name + " already exists.")
		}
		out = &Group{Account: account, Name: name, Path: path, ID: newUniqueID(prefixGroup), Created: w.now}
		w.putGroup(out)
		return nil
	})
	return out, err
}

// GetGroup returns a group and its members, by name.
func (s *Service) GetGroup(ctx context.Context, account, name string) (*Group, []*User, error) {
	d := s.snap.Load().dir(account)
	g := d.groups[lower(name)]
	if g == nil {
		return nil, nil, noSuchGroup(name)
	}
	return g, d.members[lower(name)], nil
}

// ListGroups returns the groups whose path starts with pathPrefix, by name.
func (s *Service) ListGroups(ctx context.Context, account, pathPrefix string) ([]*Group, error) {
	return listByPath(s.snap.Load().dir(account).groups, pathPrefix, func(x *Group) (string, string) { return x.Path, x.Name })
}

// UpdateGroup renames a group and/or changes its path ("" leaves a field
// unchanged); its members follow.
func (s *Service) UpdateGroup(ctx context.Context, account, name, newName, newPath string) error {
	if newName != "" {
		if err := validName("newGroupName", newName, MaxGroupNameLen); err != nil {
			return err
		}
	}
	if newPath != "" {
		if _, err := normPath("newPath", newPath); err != nil {
			return err
		}
	}
	return s.update(ctx, func(w *writer) error {
		d := w.view(account)
		g := d.groups[lower(name)]
		if g == nil {
			return noSuchGroup(name)
		}
		c := g.clone()
		if newPath != "" {
			c.Path = newPath
		}
		if newName != "" && newName != g.Name {
			if lower(newName) != lower(g.Name) && d.groups[lower(newName)] != nil {
				return apierr.EntityAlreadyExists.WithMessage("Group with name " + newName + " already exists.")
			}
			c.Name = newName
			for _, u := range d.members[lower(g.Name)] {
				uc := u.clone()
				for i, gn := range uc.Groups {
					if lower(gn) == lower(g.Name) {
						uc.Groups[i] = newName
					}
				}
				w.putUser(uc)
			}
		}
		w.deleteGroup(g)
		w.putGroup(c)
		return nil
	})
}

// DeleteGroup deletes a group without members or policies.
func (s *Service) DeleteGroup(ctx context.Context, account, name string) error {
	return s.update(ctx, func(w *writer) error {
		d := w.view(account)
		g := d.groups[lower(name)]
		switch {
		case g == nil:
			return noSuchGroup(name)
		case len(d.members[lower(g.Name)]) > 0:
			return deleteConflict("Cannot delete entity, must remove users from group first.")
		case len(g.Inline) > 0:
			return deleteConflict("Cannot delete entity, must delete policies first.")
		case len(g.Attached) > 0:
			return deleteConflict("Cannot delete entity, must detach all policies first.")
		}
		w.deleteGroup(g)
		return nil
	})
}

// AddUserToGroup adds a user to a group (at most 10 groups per user);
// adding a member again changes nothing.
func (s *Service) AddUserToGroup(ctx context.Context, account, group, user string) error {
	return s.update(ctx, func(w *writer) error {
		d := w.view(account)
		g := d.groups[lower(group)]
		if g == nil {
			return noSuchGroup(group)
		}
		u := d.users[lower(user)]
		if u == nil {
			return noSuchUser(user)
		}
		for _, gn := range u.Groups {
			if lower(gn) == lower(g.Name) {
				return nil
			}
		}
		if len(u.Groups) >= MaxGroupsPerUser {
			return policy.QuotaExceeded("GroupsPerUser", MaxGroupsPerUser)
		}
		c := u.clone()
		c.Groups = append(c.Groups, g.Name)
		w.putUser(c)
		return nil
	})
}

// RemoveUserFromGroup removes a member.
func (s *Service) RemoveUserFromGroup(ctx context.Context, account, group, user string) error {
	return s.update(ctx, func(w *writer) error {
		d := w.view(account)
		g := d.groups[lower(group)]
		if g == nil {
			return noSuchGroup(group)
		}
		u := d.users[lower(user)]
		if u == nil {
			return noSuchUser(user)
		}
		c := u.clone()
		c.Groups = c.Groups[:0]
		for _, gn := range u.Groups {
			if lower(gn) != lower(g.Name) {
				c.Groups = append(c.Groups, gn)
			}
		}
		if len(c.Groups) == len(u.Groups) {
			return apierr.NoSuchEntity.WithMessage("The user with name " + u.Name + " is not in group " + g.Name + ".")
		}
		w.putUser(c)
		return nil
	})
}

// GroupsForUser lists a user's groups, by name.
func (s *Service) GroupsForUser(ctx context.Context, account, user string) ([]*Group, error) {
	d := s.snap.Load().dir(account)
	u := d.users[lower(user)]
	if u == nil {
		return nil, noSuchUser(user)
	}
	out := make([]*Group, 0, len(u.Groups))
	for _, gn := range u.Groups {
		if g := d.groups[lower(gn)]; g != nil {
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool { return lower(out[i].Name) < lower(out[j].Name) })
	return out, nil
}
