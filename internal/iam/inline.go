package iam

import (
	"context"
	"sort"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/policy"
)

// entity is a user, group or role being changed through what they share:
// inline and attached policies.
type entity struct {
	typ   EntityType
	user  *User
	group *Group
	role  *Role
}

// findEntity returns the named entity as stored (not a copy).
func findEntity(d *directory, typ EntityType, name string) (entity, error) {
	switch typ {
	case EntityUser:
		if u := d.users[lower(name)]; u != nil {
			return entity{typ: typ, user: u}, nil
		}
		return entity{}, noSuchUser(name)
	case EntityGroup:
		if g := d.groups[lower(name)]; g != nil {
			return entity{typ: typ, group: g}, nil
		}
		return entity{}, noSuchGroup(name)
	case EntityRole:
		if r := d.roles[lower(name)]; r != nil {
			return entity{typ: typ, role: r}, nil
		}
		return entity{}, noSuchRole(name)
	}
	return entity{}, apierr.InvalidInput
}

func (e entity) clone() entity {
	switch e.typ {
	case EntityUser:
		e.user = e.user.clone()
	case EntityGroup:
		e.group = e.group.clone()
	case EntityRole:
		e.role = e.role.clone()
	}
	return e
}

func (e entity) name() string {
	switch e.typ {
	case EntityUser:
		return e.user.Name
	case EntityGroup:
		return e.group.Name
	}
	return e.role.Name
}

func (e entity) arn() string {
	switch e.typ {
	case EntityUser:
		return e.user.ARN()
	case EntityGroup:
		return e.group.ARN()
	}
	return e.role.ARN()
}

func (e entity) inline() *[]InlinePolicy {
	switch e.typ {
	case EntityUser:
		return &e.user.Inline
	case EntityGroup:
		return &e.group.Inline
	}
	return &e.role.Inline
}

func (e entity) attached() *[]string {
	switch e.typ {
	case EntityUser:
		return &e.user.Attached
	case EntityGroup:
		return &e.group.Attached
	}
	return &e.role.Attached
}

func (w *writer) putEntity(e entity) {
	switch e.typ {
	case EntityUser:
		w.putUser(e.user)
	case EntityGroup:
		w.putGroup(e.group)
	case EntityRole:
		w.putRole(e.role)
	}
}

func maxNameLen(t EntityType) int {
	if t == EntityGroup {
		return MaxGroupNameLen
	}
	return MaxUserNameLen
}

// inlineQuota is the limit on the sum of an entity's inline policies.
func inlineQuota(t EntityType) int {
	switch t {
	case EntityGroup:
		return policy.MaxGroupInlineSize
	case EntityRole:
		return policy.MaxRoleInlineSize
	}
	return policy.MaxUserInlineSize
}

func noSuchInline(t EntityType, name string) error {
	return apierr.NoSuchEntity.WithMessage("The " + t.String() + " policy with name " + name + " cannot be found.")
}

// PutInlinePolicy adds or replaces an inline policy of a user, group or
// role. The entity's inline policies together must stay within its quota
// (user 2,048, group 5,120, role 10,240 characters without whitespace).
func (s *Service) PutInlinePolicy(ctx context.Context, account string, typ EntityType, entityName, policyName, doc string) error {
	if err := validName(typ.String()+"Name", entityName, maxNameLen(typ)); err != nil {
		return err
	}
	if err := validName("policyName", policyName, MaxPolicyNameLen); err != nil {
		return err
	}
	if err := validDocument("policyDocument", doc); err != nil {
		return err
	}
	compiled, err := policy.ParseWith([]byte(doc), policy.KindIdentity, policy.Options{Family: policy.FamilyIAM, MaxSize: -1})
	if err != nil {
		return err
	}
	return s.update(ctx, func(w *writer) error {
		e, err := findEntity(w.view(account), typ, entityName)
		if err != nil {
			return err
		}
		e = e.clone()
		list := e.inline()
		total := policy.Size([]byte(doc))
		replaced := false
		for i := range *list {
			if (*list)[i].Name == policyName {
				(*list)[i] = InlinePolicy{Name: policyName, Document: doc, compiled: compiled}
				replaced = true
				continue
			}
			total += policy.Size([]byte((*list)[i].Document))
		}
		if limit := inlineQuota(typ); total > limit {
			return policy.InlinePolicyTooLarge(typ.String(), e.name(), limit)
		}
		if !replaced {
			*list = append(*list, InlinePolicy{Name: policyName, Document: doc, compiled: compiled})
		}
		w.putEntity(e)
		return nil
	})
}

// GetInlinePolicy returns an inline policy.
func (s *Service) GetInlinePolicy(ctx context.Context, account string, typ EntityType, entityName, policyName string) (*InlinePolicy, error) {
	e, err := findEntity(s.snap.Load().dir(account), typ, entityName)
	if err != nil {
		return nil, err
	}
	for i, p := range *e.inline() {
		if p.Name == policyName {
			return &(*e.inline())[i], nil
		}
	}
	return nil, noSuchInline(typ, policyName)
}

// DeleteInlinePolicy removes an inline policy.
func (s *Service) DeleteInlinePolicy(ctx context.Context, account string, typ EntityType, entityName, policyName string) error {
	return s.update(ctx, func(w *writer) error {
		e, err := findEntity(w.view(account), typ, entityName)
		if err != nil {
			return err
		}
		e = e.clone()
		list := e.inline()
		for i, p := range *list {
			if p.Name == policyName {
				*list = append((*list)[:i:i], (*list)[i+1:]...)
				w.putEntity(e)
				return nil
			}
		}
		return noSuchInline(typ, policyName)
	})
}

// InlinePolicyNames lists an entity's inline policy names, sorted.
func (s *Service) InlinePolicyNames(ctx context.Context, account string, typ EntityType, entityName string) ([]string, error) {
	e, err := findEntity(s.snap.Load().dir(account), typ, entityName)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(*e.inline()))
	for _, p := range *e.inline() {
		out = append(out, p.Name)
	}
	sort.Strings(out)
	return out, nil
}
