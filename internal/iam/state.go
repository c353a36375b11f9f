package iam

import (
	"sort"
	"strings"
	"sync"

	"github.com/coffer-s3/coffer/internal/keys"
)

// snapshot is one immutable generation of every identity. Readers load the
// current snapshot without locking; writers build the next one copy-on-write
// (see writer) and publish it atomically after the store commits.
type snapshot struct {
	accounts map[string]*Account
	keys     map[string]*accessKey
	dirs     map[string]*directory // by account id

	// keyIndex serves LookupKey: the principal of every key, built once
	// per generation.
	keyIndex map[string]*keyEntry
	// sets caches PolicySet per principal for this generation; a new
	// generation starts empty, which is the invalidation.
	setsMu sync.RWMutex
	sets   map[string]*PolicySet
}

// directory is one account's identities, keyed by lower-case name: IAM
// names are unique per account regardless of case.
type directory struct {
	users    map[string]*User
	groups   map[string]*Group
	roles    map[string]*Role
	policies map[string]*ManagedPolicy

	// Derived, rebuilt when the directory changes.
	members  map[string][]*User      // group key -> users, by name
	userKeys map[string][]*accessKey // user key ("" root) -> keys, oldest first
	attached map[string]int          // policy ARN -> entities it is attached to
	bounding map[string]int          // policy ARN -> entities it bounds
}

func lower(s string) string { return strings.ToLower(s) }

func newDirectory() *directory {
	return &directory{users: map[string]*User{}, groups: map[string]*Group{}, roles: map[string]*Role{},
		policies: map[string]*ManagedPolicy{}}
}

func (d *directory) clone() *directory {
	c := &directory{users: make(map[string]*User, len(d.users)+1), groups: make(map[string]*Group, len(d.groups)+1),
		roles: make(map[string]*Role, len(d.roles)+1), policies: make(map[string]*ManagedPolicy, len(d.policies)+1)}
	for k, v := range d.users {
		c.users[k] = v
	}
	for k, v := range d.groups {
		c.groups[k] = v
	}
	for k, v := range d.roles {
		c.roles[k] = v
	}
	for k, v := range d.policies {
		c.policies[k] = v
	}
	return c
}

// derive rebuilds the derived indexes from the entities and the account's keys.
func (d *directory) derive(account string, allKeys map[string]*accessKey) {
	d.members = map[string][]*User{}
	d.userKeys = map[string][]*accessKey{}
	d.attached = map[string]int{}
	d.bounding = map[string]int{}
	for _, u := range d.users {
		for _, g := range u.Groups {
			d.members[lower(g)] = append(d.members[lower(g)], u)
		}
		for _, a := range u.Attached {
			d.attached[a]++
		}
		if u.Boundary != "" {
			d.bounding[u.Boundary]++
		}
	}
	for _, us := range d.members {
		sort.Slice(us, func(i, j int) bool { return lower(us[i].Name) < lower(us[j].Name) })
	}
	for _, g := range d.groups {
		for _, a := range g.Attached {
			d.attached[a]++
		}
	}
	for _, r := range d.roles {
		for _, a := range r.Attached {
			d.attached[a]++
		}
		if r.Boundary != "" {
			d.bounding[r.Boundary]++
		}
	}
	for _, k := range allKeys {
		if k.Account == account {
			d.userKeys[lower(k.User)] = append(d.userKeys[lower(k.User)], k)
		}
	}
	for _, ks := range d.userKeys {
		sort.Slice(ks, func(i, j int) bool {
			if !ks[i].Created.Equal(ks[j].Created) {
				return ks[i].Created.Before(ks[j].Created)
			}
			return ks[i].ID < ks[j].ID
		})
	}
}

func (s *snapshot) dir(account string) *directory {
	if d := s.dirs[account]; d != nil {
		return d
	}
	// Reading nil maps is fine; writers clone before changing a directory.
	return &directory{}
}

// keyEntry is what LookupKey needs for one key in one generation. The
// opened secret is shared across generations while the sealed bytes are
// unchanged, so AES-GCM runs once per key, not per request.
type keyEntry struct {
	key       *accessKey
	principal Principal
	secret    *secretCell

	once sync.Once
	cred *Credential
	err  error
}

// secretCell opens a sealed secret once.
type secretCell struct {
	sealed []byte
	once   sync.Once
	val    string
	err    error
}

func (c *secretCell) open(m *keys.Master, id string) (string, error) {
	c.once.Do(func() {
		b, err := m.Open(c.sealed, []byte("iam.accesskey:"+id))
		c.val, c.err = string(b), err
	})
	return c.val, c.err
}

func sameBytes(a, b []byte) bool { return string(a) == string(b) }

// indexKeys builds the key index of s, reusing opened secrets of prev.
func (s *snapshot) indexKeys(prev *snapshot) {
	s.keyIndex = make(map[string]*keyEntry, len(s.keys))
	for id, k := range s.keys {
		acct := s.accounts[k.Account]
		if acct == nil {
			continue
		}
		e := &keyEntry{key: k}
		if prev != nil {
			if old := prev.keyIndex[id]; old != nil && sameBytes(old.secret.sealed, k.Secret) {
				e.secret = old.secret
			}
		}
		if e.secret == nil {
			e.secret = &secretCell{sealed: k.Secret}
		}
		if k.User == "" {
			e.principal = rootPrincipal(acct)
		} else {
			u := s.dir(k.Account).users[lower(k.User)]
			if u == nil {
				continue // a key outliving its user authenticates nobody
			}
			e.principal = userPrincipal(acct, u)
		}
		e.principal.AccessKey = k.ID
		s.keyIndex[id] = e
	}
}
