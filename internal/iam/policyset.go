package iam

import (
	"context"
	"fmt"
	"strings"

	"github.com/coffer-s3/coffer/internal/arn"
	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/policy"
)

// PolicySet is what the authorizer needs about a principal's identity
// side: compiled policies, ready for authz.Decide. It is shared between
// requests and must not be modified.
type PolicySet struct {
	// Identity holds a user's inline and attached managed policies and
	// those of its groups, or a role's inline and managed policies.
	Identity []authz.PolicyRef
	// Boundary is the user's or role's permissions boundary, if any.
	Boundary *authz.PolicyRef
	// Tags are the user's or role's tags (aws:PrincipalTag/...).
	Tags []Tag
}

// PolicySet returns the identity policies of a principal. The root user
// and anonymous callers get nil (authz knows the root user; anonymous
// callers have no identity policies), as does a user or role that no
// longer exists. Sets are built once per principal and generation: any
// identity change starts a new generation, which is the invalidation.
// A stored policy that no longer compiles is an error, so that the
// authorizer denies rather than silently dropping a Deny.
func (s *Service) PolicySet(ctx context.Context, p *Principal) (*PolicySet, error) {
	if p == nil {
		return nil, nil
	}
	// Unique ids name the cache entry: a user's AIDA... id, a role's
	// AROA... id (a session's aws:userid is "AROA...:session"), so every
	// session of a role shares one set.
	var key string
	switch p.Type {
	case policy.IAMUser:
		key = p.UserID
	case policy.AssumedRole:
		key, _, _ = strings.Cut(p.UserID, ":")
		if key == "" {
			key = p.RoleARN
		}
	default:
		return nil, nil
	}
	snap := s.snap.Load()
	snap.setsMu.RLock()
	set, ok := snap.sets[key]
	snap.setsMu.RUnlock()
	if ok {
		return set, nil
	}
	var err error
	if p.Type == policy.IAMUser {
		set, err = s.userSet(snap, p)
	} else {
		set, err = s.roleSet(snap, p)
	}
	if err != nil {
		return nil, err
	}
	snap.setsMu.Lock()
	if snap.sets == nil {
		snap.sets = map[string]*PolicySet{}
	}
	snap.sets[key] = set
	snap.setsMu.Unlock()
	return set, nil
}

// setBuilder collects policy refs, each managed policy once.
type setBuilder struct {
	s    *Service
	d    *directory
	acct string
	set  PolicySet
	seen map[string]bool
	err  error
}

func (b *setBuilder) inline(kind, name string, ps []InlinePolicy) {
	for i := range ps {
		id := kind + "/" + name + "/inline/" + ps[i].Name
		if ps[i].compiled == nil {
			b.fail(id, ps[i].err)
			continue
		}
		b.set.Identity = append(b.set.Identity, authz.PolicyRef{ID: id, Policy: ps[i].compiled})
	}
}

func (b *setBuilder) managed(arns []string) {
	for _, a := range arns {
		if b.seen[a] {
			continue
		}
		b.seen[a] = true
		if ref := b.ref(a); ref != nil {
			b.set.Identity = append(b.set.Identity, *ref)
		}
	}
}

func (b *setBuilder) ref(a string) *authz.PolicyRef {
	p, err := b.s.findPolicy(b.d, b.acct, a, noSuchPolicy)
	if err != nil {
		b.fail(a, err)
		return nil
	}
	v := p.Default()
	if v == nil || v.compiled == nil {
		b.fail(a, fmt.Errorf("default version does not compile"))
		return nil
	}
	return &authz.PolicyRef{ID: a, Policy: v.compiled}
}

func (b *setBuilder) fail(id string, err error) {
	if b.err == nil {
		b.err = fmt.Errorf("iam: policy %s: %v", id, err)
	}
}

func (s *Service) userSet(snap *snapshot, p *Principal) (*PolicySet, error) {
	d := snap.dir(p.Account)
	u := d.users[lower(p.Username)]
	if u == nil || u.ID != p.UserID {
		return nil, nil
	}
	b := &setBuilder{s: s, d: d, acct: p.Account, seen: map[string]bool{}}
	b.user(u)
	return &b.set, b.err
}

func (b *setBuilder) user(u *User) {
	b.inline("user", u.Name, u.Inline)
	b.managed(u.Attached)
	for _, gn := range u.Groups {
		if g := b.d.groups[lower(gn)]; g != nil {
			b.group(g)
		}
	}
	if u.Boundary != "" {
		b.set.Boundary = b.ref(u.Boundary)
	}
	b.set.Tags = u.Tags
}

func (b *setBuilder) group(g *Group) {
	b.inline("group", g.Name, g.Inline)
	b.managed(g.Attached)
}

func (b *setBuilder) role(r *Role) {
	b.inline("role", r.Name, r.Inline)
	b.managed(r.Attached)
	if r.Boundary != "" {
		b.set.Boundary = b.ref(r.Boundary)
	}
	b.set.Tags = r.Tags
}

func (s *Service) roleSet(snap *snapshot, p *Principal) (*PolicySet, error) {
	parsed, err := arn.Parse(p.RoleARN)
	if err != nil {
		return nil, nil
	}
	r, ok := parsed.IAM()
	if !ok || r.Type != "role" {
		return nil, nil
	}
	d := snap.dir(parsed.Account)
	role := d.roles[lower(r.Name)]
	// A session of a deleted role must not inherit a namesake's rights:
	// aws:userid of a session starts with the role's unique id.
	if role == nil || role.Path != r.Path || (p.UserID != "" && !strings.HasPrefix(p.UserID, role.ID)) {
		return nil, nil
	}
	b := &setBuilder{s: s, d: d, acct: parsed.Account, seen: map[string]bool{}}
	b.role(role)
	return &b.set, b.err
}

// EntityPolicies returns the identity policies and boundary of a user,
// group or role (the policy simulator's view of an entity; a group has
// neither boundary nor tags). It is not cached.
func (s *Service) EntityPolicies(ctx context.Context, account string, typ EntityType, name string) (*PolicySet, error) {
	d := s.snap.Load().dir(account)
	e, err := findEntity(d, typ, name)
	if err != nil {
		return nil, err
	}
	b := &setBuilder{s: s, d: d, acct: account, seen: map[string]bool{}}
	switch typ {
	case EntityUser:
		b.user(e.user)
	case EntityGroup:
		b.group(e.group)
	case EntityRole:
		b.role(e.role)
	}
	return &b.set, b.err
}
