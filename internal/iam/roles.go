package iam

import (
	"context"
	"strconv"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/arn"
	"github.com/coffer-s3/coffer/internal/policy"
)

func noSuchRole(name string) error {
	return apierr.NoSuchEntity.WithMessage("The role with name " + name + " cannot be found.")
}

// RoleInput creates a role.
type RoleInput struct {
	Name               string
	Path               string
	TrustDocument      string // AssumeRolePolicyDocument
	Description        string
	MaxSessionDuration int // seconds; 0 is the default, 3600
	Tags               []Tag
	Boundary           string
}

func validSessionDuration(n int) error {
	switch {
	case n < MinSessionSeconds:
		return apierr.Validation("maxSessionDuration", strconv.Itoa(n), "Member must have value greater than or equal to 3600")
	case n > MaxSessionSeconds:
		return apierr.Validation("maxSessionDuration", strconv.Itoa(n), "Member must have value less than or equal to 43200")
	}
	return nil
}

// compileTrust parses a trust policy and checks that the users and roles
// it names exist, as AWS does ("Invalid principal in policy").
func (s *Service) compileTrust(w *writer, doc string) (*policy.Policy, error) {
	if err := validDocument("assumeRolePolicyDocument", doc); err != nil {
		return nil, err
	}
	p, err := policy.ParseIAM([]byte(doc), policy.KindTrust)
	if err != nil {
		return nil, err
	}
	for _, a := range p.PrincipalARNs() {
		if !principalExists(w.view, a) {
			return nil, apierr.MalformedPolicyDocument.WithMessage("Invalid principal in policy: \"AWS\":\"" + a + "\"")
		}
	}
	return p, nil
}

// principalExists reports whether a principal ARN named in a policy is
// an entity of this server. Session ARNs and unique ids are not checked:
// sessions come and go.
func principalExists(view func(account string) *directory, a string) bool {
	parsed, err := arn.Parse(a)
	if err != nil {
		return !strings.HasPrefix(a, "arn:")
	}
	r, ok := parsed.IAM()
	if !ok {
		return true
	}
	d := view(parsed.Account)
	switch r.Type {
	case "user":
		u := d.users[lower(r.Name)]
		return u != nil && u.Path == r.Path && u.Name == r.Name
	case "role":
		x := d.roles[lower(r.Name)]
		return x != nil && x.Path == r.Path && x.Name == r.Name
	}
	return true
}

// CreateRole creates a role with its trust policy.
func (s *Service) CreateRole(ctx context.Context, account string, in RoleInput) (*Role, error) {
	if err := validName("roleName", in.Name, MaxRoleNameLen); err != nil {
		return nil, err
	}
	path, err := normPath("path", in.Path)
	if err != nil {
		return nil, err
	}
	if err := validText("description", in.Description, MaxDescriptionLen); err != nil {
		return nil, err
	}
	if in.MaxSessionDuration == 0 {
		in.MaxSessionDuration = MinSessionSeconds
	}
	if err := validSessionDuration(in.MaxSessionDuration); err != nil {
		return nil, err
	}
	if err := validTags(in.Tags); err != nil {
		return nil, err
	}
	var out *Role
	err = s.update(ctx, func(w *writer) error {
		d := w.view(account)
		if d.roles[lower(in.Name)] != nil {
			return apierr.EntityAlreadyExists.WithMessage("Role with name " + in.Name + " already exists.")
		}
		trust, err := s.compileTrust(w, in.TrustDocument)
		if err != nil {
			return err
		}
		r := &Role{Account: account, Name: in.Name, Path: path, ID: newUniqueID(prefixRole), Created: w.now,
			Description: in.Description, TrustDocument: in.TrustDocument, MaxSessionDuration: in.MaxSessionDuration,
			Tags: append([]Tag(nil), in.Tags...), trust: trust}
		if in.Boundary != "" {
			p, err := s.boundaryPolicy(d, account, in.Boundary)
			if err != nil {
				return err
			}
			r.Boundary = p.ARN()
		}
		w.putRole(r)
		out = r
		return nil
	})
	return out, err
}

// GetRole returns a role by name. STS uses it for AssumeRole: the compiled
// trust policy, MaxSessionDuration, ARN, id, path, tags and boundary.
func (s *Service) GetRole(ctx context.Context, account, name string) (*Role, error) {
	if r := s.snap.Load().dir(account).roles[lower(name)]; r != nil {
		return r, nil
	}
	return nil, noSuchRole(name)
}

// Role is GetRole, under the name STS uses.
func (s *Service) Role(ctx context.Context, account, name string) (*Role, error) {
	return s.GetRole(ctx, account, name)
}

// RoleByARN returns the role an ARN names (path included), or NoSuchEntity.
func (s *Service) RoleByARN(ctx context.Context, roleARN string) (*Role, error) {
	parsed, err := arn.Parse(roleARN)
	if err != nil {
		return nil, apierr.InvalidInput.WithMessage("ARN " + roleARN + " is not valid.")
	}
	r, ok := parsed.IAM()
	if !ok || r.Type != "role" {
		return nil, apierr.InvalidInput.WithMessage("ARN " + roleARN + " is not valid.")
	}
	role := s.snap.Load().dir(parsed.Account).roles[lower(r.Name)]
	if role == nil || role.Path != r.Path || role.Name != r.Name {
		return nil, noSuchRole(r.Name)
	}
	return role, nil
}

// ListRoles returns the roles whose path starts with pathPrefix, by name.
func (s *Service) ListRoles(ctx context.Context, account, pathPrefix string) ([]*Role, error) {
	return listByPath(s.snap.Load().dir(account).roles, pathPrefix, func(x *Role) (string, string) { return x.Path, x.Name })
}

// DeleteRole deletes a role without policies.
func (s *Service) DeleteRole(ctx context.Context, account, name string) error {
	return s.update(ctx, func(w *writer) error {
		r := w.view(account).roles[lower(name)]
		switch {
		case r == nil:
			return noSuchRole(name)
		case len(r.Attached) > 0:
			return deleteConflict("Cannot delete entity, must detach all policies first.")
		case len(r.Inline) > 0:
			return deleteConflict("Cannot delete entity, must delete policies first.")
		}
		w.deleteRole(r)
		return nil
	})
}

func (s *Service) editRole(ctx context.Context, account, name string, fn func(w *writer, d *directory, r *Role) error) error {
	return s.update(ctx, func(w *writer) error {
		d := w.view(account)
		r := d.roles[lower(name)]
		if r == nil {
			return noSuchRole(name)
		}
		c := r.clone()
		if err := fn(w, d, c); err != nil {
			return err
		}
		w.putRole(c)
		return nil
	})
}

// UpdateAssumeRolePolicy replaces a role's trust policy.
func (s *Service) UpdateAssumeRolePolicy(ctx context.Context, account, name, doc string) error {
	return s.editRole(ctx, account, name, func(w *writer, _ *directory, r *Role) error {
		p, err := s.compileTrust(w, doc)
		if err != nil {
			return err
		}
		r.TrustDocument, r.trust, r.trustErr = doc, p, nil
		return nil
	})
}

// UpdateRole changes a role's description (nil leaves it) and maximum
// session duration (0 leaves it).
func (s *Service) UpdateRole(ctx context.Context, account, name string, description *string, maxSession int) error {
	if description != nil {
		if err := validText("description", *description, MaxDescriptionLen); err != nil {
			return err
		}
	}
	if maxSession != 0 {
		if err := validSessionDuration(maxSession); err != nil {
			return err
		}
	}
	return s.editRole(ctx, account, name, func(_ *writer, _ *directory, r *Role) error {
		if description != nil {
			r.Description = *description
		}
		if maxSession != 0 {
			r.MaxSessionDuration = maxSession
		}
		return nil
	})
}

// TagRole adds or replaces tags of a role.
func (s *Service) TagRole(ctx context.Context, account, name string, tags []Tag) error {
	return s.editRole(ctx, account, name, func(_ *writer, _ *directory, r *Role) (err error) {
		r.Tags, err = mergeTags(r.Tags, tags)
		return err
	})
}

// UntagRole removes tags of a role by key.
func (s *Service) UntagRole(ctx context.Context, account, name string, keys []string) error {
	return s.editRole(ctx, account, name, func(_ *writer, _ *directory, r *Role) (err error) {
		r.Tags, err = removeTags(r.Tags, keys)
		return err
	})
}
