package iam

import (
	"context"

	"github.com/coffer-s3/coffer/internal/apierr"
)

func noSuchUser(name string) error {
	return apierr.NoSuchEntity.WithMessage("The user with name " + name + " cannot be found.")
}

func deleteConflict(msg string) error { return apierr.DeleteConflict.WithMessage(msg) }

// UserInput creates a user.
type UserInput struct {
	Name     string
	Path     string // "" is "/"
	Tags     []Tag
	Boundary string // permissions boundary policy ARN, optional
}

// CreateUser creates an IAM user.
func (s *Service) CreateUser(ctx context.Context, account string, in UserInput) (*User, error) {
	if err := validName("userName", in.Name, MaxUserNameLen); err != nil {
		return nil, err
	}
	path, err := normPath("path", in.Path)
	if err != nil {
		return nil, err
	}
	if err := validTags(in.Tags); err != nil {
		return nil, err
	}
	var out *User
	err = s.update(ctx, func(w *writer) error {
		d := w.view(account)
		if d.users[lower(in.Name)] != nil {
			return apierr.EntityAlreadyExists.WithMessage("User with name " + in.Name + " already exists.")
		}
		u := &User{Account: account, Name: in.Name, Path: path, ID: newUniqueID(prefixUser), Created: w.now,
			Tags: append([]Tag(nil), in.Tags...)}
		if in.Boundary != "" {
			p, err := s.boundaryPolicy(d, account, in.Boundary)
			if err != nil {
				return err
			}
			u.Boundary = p.ARN()
		}
		w.putUser(u)
		out = u
		return nil
	})
	return out, err
}

// GetUser returns a user by name (case-insensitive).
func (s *Service) GetUser(ctx context.Context, account, name string) (*User, error) {
	if u := s.snap.Load().dir(account).users[lower(name)]; u != nil {
		return u, nil
	}
	return nil, noSuchUser(name)
}

// ListUsers returns the users whose path starts with pathPrefix, by name.
func (s *Service) ListUsers(ctx context.Context, account, pathPrefix string) ([]*User, error) {
	return listByPath(s.snap.Load().dir(account).users, pathPrefix, func(x *User) (string, string) { return x.Path, x.Name })
}

// UpdateUser renames a user and/or changes its path ("" leaves a field
// unchanged). The user's keys, groups and policies follow it.
func (s *Service) UpdateUser(ctx context.Context, account, name, newName, newPath string) error {
	if newName != "" {
		if err := validName("newUserName", newName, MaxUserNameLen); err != nil {
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
		u := d.users[lower(name)]
		if u == nil {
			return noSuchUser(name)
		}
		c := u.clone()
		if newPath != "" {
			c.Path = newPath
		}
		if newName != "" && newName != u.Name {
			if lower(newName) != lower(u.Name) && d.users[lower(newName)] != nil {
				return apierr.EntityAlreadyExists.WithMessage("User with name " + newName + " already exists.")
			}
			c.Name = newName
			for _, k := range d.userKeys[lower(u.Name)] {
				kc := *k
				kc.User = newName
				w.putKeyRecord(&kc)
			}
		}
		w.deleteUser(u)
		w.putUser(c)
		return nil
	})
}

// DeleteUser deletes a user that has no keys, policies or groups left, as
// AWS requires (DeleteConflict otherwise).
func (s *Service) DeleteUser(ctx context.Context, account, name string) error {
	return s.update(ctx, func(w *writer) error {
		d := w.view(account)
		u := d.users[lower(name)]
		switch {
		case u == nil:
			return noSuchUser(name)
		case len(d.userKeys[lower(u.Name)]) > 0:
			return deleteConflict("Cannot delete entity, must delete access keys first.")
		case len(u.Inline) > 0:
			return deleteConflict("Cannot delete entity, must delete policies first.")
		case len(u.Attached) > 0:
			return deleteConflict("Cannot delete entity, must detach all policies first.")
		case len(u.Groups) > 0:
			return deleteConflict("Cannot delete entity, must remove user from all groups first.")
		}
		w.deleteUser(u)
		return nil
	})
}

// editUser applies fn to a copy of the user and stores it.
func (s *Service) editUser(ctx context.Context, account, name string, fn func(w *writer, d *directory, u *User) error) error {
	return s.update(ctx, func(w *writer) error {
		d := w.view(account)
		u := d.users[lower(name)]
		if u == nil {
			return noSuchUser(name)
		}
		c := u.clone()
		if err := fn(w, d, c); err != nil {
			return err
		}
		w.putUser(c)
		return nil
	})
}

// TagUser adds or replaces tags of a user.
func (s *Service) TagUser(ctx context.Context, account, name string, tags []Tag) error {
	return s.editUser(ctx, account, name, func(_ *writer, _ *directory, u *User) (err error) {
		u.Tags, err = mergeTags(u.Tags, tags)
		return err
	})
}

// UntagUser removes tags of a user by key.
func (s *Service) UntagUser(ctx context.Context, account, name string, keys []string) error {
	return s.editUser(ctx, account, name, func(_ *writer, _ *directory, u *User) (err error) {
		u.Tags, err = removeTags(u.Tags, keys)
		return err
	})
}
