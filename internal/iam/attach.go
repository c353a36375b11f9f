package iam

import (
	"context"
	"sort"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/policy"
)

// attachQuota names IAM's quota of managed policies per entity type.
func attachQuota(t EntityType) string {
	switch t {
	case EntityGroup:
		return "PoliciesPerGroup"
	case EntityRole:
		return "PoliciesPerRole"
	}
	return "PoliciesPerUser"
}

// AttachPolicy attaches a managed policy (the account's or AWS's) to a
// user, group or role, at most 10 per entity. Attaching twice changes
// nothing.
func (s *Service) AttachPolicy(ctx context.Context, account string, typ EntityType, entityName, policyARN string) error {
	return s.update(ctx, func(w *writer) error {
		d := w.view(account)
		e, err := findEntity(d, typ, entityName)
		if err != nil {
			return err
		}
		p, err := s.findPolicy(d, account, policyARN, notAttachable)
		if err != nil {
			return err
		}
		a := p.ARN()
		for _, x := range *e.attached() {
			if x == a {
				return nil
			}
		}
		if len(*e.attached()) >= MaxAttached {
			return policy.QuotaExceeded(attachQuota(typ), MaxAttached)
		}
		e = e.clone()
		*e.attached() = append(*e.attached(), a)
		w.putEntity(e)
		return nil
	})
}

// DetachPolicy detaches a managed policy from an entity.
func (s *Service) DetachPolicy(ctx context.Context, account string, typ EntityType, entityName, policyARN string) error {
	return s.update(ctx, func(w *writer) error {
		d := w.view(account)
		e, err := findEntity(d, typ, entityName)
		if err != nil {
			return err
		}
		e = e.clone()
		list := e.attached()
		for i, x := range *list {
			if x == policyARN {
				*list = append((*list)[:i:i], (*list)[i+1:]...)
				w.putEntity(e)
				return nil
			}
		}
		if _, err := s.findPolicy(d, account, policyARN, noSuchPolicy); err != nil {
			return err
		}
		return noSuchPolicy(policyARN)
	})
}

// AttachedPolicies lists the managed policies attached to an entity, by
// name.
func (s *Service) AttachedPolicies(ctx context.Context, account string, typ EntityType, entityName string) ([]AttachedPolicy, error) {
	d := s.snap.Load().dir(account)
	e, err := findEntity(d, typ, entityName)
	if err != nil {
		return nil, err
	}
	out := make([]AttachedPolicy, 0, len(*e.attached()))
	for _, a := range *e.attached() {
		if p, err := s.findPolicy(d, account, a, noSuchPolicy); err == nil {
			out = append(out, AttachedPolicy{Name: p.Name, ARN: a})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return lower(out[i].Name)+"\x00"+out[i].ARN < lower(out[j].Name)+"\x00"+out[j].ARN
	})
	return out, nil
}

// PolicyEntities are the entities a managed policy is attached to, and
// those it bounds, each by name.
type PolicyEntities struct {
	Users, BoundaryUsers []*User
	Groups               []*Group
	Roles, BoundaryRoles []*Role
}

// EntitiesForPolicy lists what uses a managed policy.
func (s *Service) EntitiesForPolicy(ctx context.Context, account, policyARN string) (*PolicyEntities, error) {
	d := s.snap.Load().dir(account)
	p, err := s.findPolicy(d, account, policyARN, noSuchPolicy)
	if err != nil {
		return nil, err
	}
	a := p.ARN()
	has := func(list []string) bool {
		for _, x := range list {
			if x == a {
				return true
			}
		}
		return false
	}
	out := &PolicyEntities{}
	for _, u := range d.users {
		if has(u.Attached) {
			out.Users = append(out.Users, u)
		}
		if u.Boundary == a {
			out.BoundaryUsers = append(out.BoundaryUsers, u)
		}
	}
	for _, g := range d.groups {
		if has(g.Attached) {
			out.Groups = append(out.Groups, g)
		}
	}
	for _, r := range d.roles {
		if has(r.Attached) {
			out.Roles = append(out.Roles, r)
		}
		if r.Boundary == a {
			out.BoundaryRoles = append(out.BoundaryRoles, r)
		}
	}
	byUser := func(us []*User) { sort.Slice(us, func(i, j int) bool { return lower(us[i].Name) < lower(us[j].Name) }) }
	byRole := func(rs []*Role) { sort.Slice(rs, func(i, j int) bool { return lower(rs[i].Name) < lower(rs[j].Name) }) }
	byUser(out.Users)
	byUser(out.BoundaryUsers)
	byRole(out.Roles)
	byRole(out.BoundaryRoles)
	sort.Slice(out.Groups, func(i, j int) bool { return lower(out.Groups[i].Name) < lower(out.Groups[j].Name) })
	return out, nil
}

// boundaryPolicy resolves a permissions boundary ARN: a managed policy.
func (s *Service) boundaryPolicy(d *directory, account, policyARN string) (*ManagedPolicy, error) {
	return s.findPolicy(d, account, policyARN, func(a string) error {
		return apierr.NoSuchEntity.WithMessage("Scope ARN: " + a + " does not exist or is not attachable.")
	})
}

// PutBoundary sets the permissions boundary of a user or role.
func (s *Service) PutBoundary(ctx context.Context, account string, typ EntityType, entityName, policyARN string) error {
	if typ == EntityGroup {
		return apierr.InvalidInput
	}
	return s.update(ctx, func(w *writer) error {
		d := w.view(account)
		e, err := findEntity(d, typ, entityName)
		if err != nil {
			return err
		}
		p, err := s.boundaryPolicy(d, account, policyARN)
		if err != nil {
			return err
		}
		e = e.clone()
		if typ == EntityUser {
			e.user.Boundary = p.ARN()
		} else {
			e.role.Boundary = p.ARN()
		}
		w.putEntity(e)
		return nil
	})
}

// DeleteBoundary removes the permissions boundary of a user or role; one
// without a boundary is left as it is.
func (s *Service) DeleteBoundary(ctx context.Context, account string, typ EntityType, entityName string) error {
	if typ == EntityGroup {
		return apierr.InvalidInput
	}
	return s.update(ctx, func(w *writer) error {
		e, err := findEntity(w.view(account), typ, entityName)
		if err != nil {
			return err
		}
		e = e.clone()
		if typ == EntityUser {
			if e.user.Boundary == "" {
				return nil
			}
			e.user.Boundary = ""
		} else {
			if e.role.Boundary == "" {
				return nil
			}
			e.role.Boundary = ""
		}
		w.putEntity(e)
		return nil
	})
}
