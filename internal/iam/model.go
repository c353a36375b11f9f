package iam

import (
	"time"

	"github.com/coffer-s3/coffer/internal/arn"
	"github.com/coffer-s3/coffer/internal/policy"
)

// Entity values (User, Group, Role, ManagedPolicy) are immutable snapshots:
// the service replaces them on change and never modifies a published one,
// so callers may keep and read them freely but must not modify them.

// Tag is one key/value tag of a user, role or policy.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// EntityType names the identities that carry policies.
type EntityType uint8

// The entity types.
const (
	EntityUser EntityType = iota + 1
	EntityGroup
	EntityRole
)

// String returns "user", "group" or "role", the word AWS's messages use.
func (t EntityType) String() string {
	switch t {
	case EntityUser:
		return "user"
	case EntityGroup:
		return "group"
	case EntityRole:
		return "role"
	}
	return "entity"
}

// InlinePolicy is a policy embedded in one user, group or role.
type InlinePolicy struct {
	Name     string `json:"name"`
	Document string `json:"document"` // as the client sent it

	compiled *policy.Policy
	err      error // a stored document that no longer compiles
}

// Policy returns the compiled document (nil if it no longer compiles).
func (p *InlinePolicy) Policy() *policy.Policy { return p.compiled }

// User is an IAM user.
type User struct {
	Account  string         `json:"account"`
	Name     string         `json:"name"`
	Path     string         `json:"path"`
	ID       string         `json:"id"` // AIDA...
	Created  time.Time      `json:"created"`
	Tags     []Tag          `json:"tags,omitempty"`
	Inline   []InlinePolicy `json:"inline,omitempty"`
	Attached []string       `json:"attached,omitempty"` // managed policy ARNs, in attach order
	Groups   []string       `json:"groups,omitempty"`   // group names, in join order
	Boundary string         `json:"boundary,omitempty"` // permissions boundary policy ARN
}

// ARN returns the user's ARN (with its path).
func (u *User) ARN() string { return arn.User(u.Account, u.Path, u.Name) }

func (u *User) clone() *User {
	c := *u
	c.Tags = append([]Tag(nil), u.Tags...)
	c.Inline = append([]InlinePolicy(nil), u.Inline...)
	c.Attached = append([]string(nil), u.Attached...)
	c.Groups = append([]string(nil), u.Groups...)
	return &c
}

// Group is an IAM group. Its members are the users naming it.
type Group struct {
	Account  string         `json:"account"`
	Name     string         `json:"name"`
	Path     string         `json:"path"`
	ID       string         `json:"id"` // AGPA...
	Created  time.Time      `json:"created"`
	Inline   []InlinePolicy `json:"inline,omitempty"`
	Attached []string       `json:"attached,omitempty"`
}

// ARN returns the group's ARN.
func (g *Group) ARN() string { return arn.Group(g.Account, g.Path, g.Name) }

func (g *Group) clone() *Group {
	c := *g
	c.Inline = append([]InlinePolicy(nil), g.Inline...)
	c.Attached = append([]string(nil), g.Attached...)
	return &c
}

// Role is an IAM role.
type Role struct {
	Account            string         `json:"account"`
	Name               string         `json:"name"`
	Path               string         `json:"path"`
	ID                 string         `json:"id"` // AROA...
	Created            time.Time      `json:"created"`
	Description        string         `json:"description,omitempty"`
	TrustDocument      string         `json:"trust"` // AssumeRolePolicyDocument as sent
	MaxSessionDuration int            `json:"max_session_duration"`
	Tags               []Tag          `json:"tags,omitempty"`
	Inline             []InlinePolicy `json:"inline,omitempty"`
	Attached           []string       `json:"attached,omitempty"`
	Boundary           string         `json:"boundary,omitempty"`

	trust    *policy.Policy
	trustErr error
}

// ARN returns the role's ARN.
func (r *Role) ARN() string { return arn.Role(r.Account, r.Path, r.Name) }

// Trust returns the compiled trust policy (AssumeRolePolicyDocument); nil
// when the stored document no longer compiles, which must deny.
func (r *Role) Trust() *policy.Policy { return r.trust }

func (r *Role) clone() *Role {
	c := *r
	c.Tags = append([]Tag(nil), r.Tags...)
	c.Inline = append([]InlinePolicy(nil), r.Inline...)
	c.Attached = append([]string(nil), r.Attached...)
	return &c
}

// ManagedPolicy is a customer managed policy, or an AWS managed one
// (Account "aws").
type ManagedPolicy struct {
	Account        string          `json:"account"`
	Name           string          `json:"name"`
	Path           string          `json:"path"`
	ID             string          `json:"id"` // ANPA...
	Description    string          `json:"description,omitempty"`
	Created        time.Time       `json:"created"`
	Updated        time.Time       `json:"updated"`
	DefaultVersion string          `json:"default_version"`
	Versions       []PolicyVersion `json:"versions"` // oldest first
	NextVersion    int             `json:"next_version"`
	Tags           []Tag           `json:"tags,omitempty"`
}

// PolicyVersion is one version of a managed policy.
type PolicyVersion struct {
	ID       string    `json:"id"` // "v1", "v2", ...
	Document string    `json:"document"`
	Created  time.Time `json:"created"`

	compiled *policy.Policy
	err      error
}

// Policy returns the compiled document.
func (v *PolicyVersion) Policy() *policy.Policy { return v.compiled }

// ARN returns the policy's ARN.
func (p *ManagedPolicy) ARN() string { return arn.Policy(p.Account, p.Path, p.Name) }

// AWSManaged reports whether AWS owns the policy (it cannot be changed).
func (p *ManagedPolicy) AWSManaged() bool { return p.Account == awsAccount }

// Version returns a version by id.
func (p *ManagedPolicy) Version(id string) (*PolicyVersion, bool) {
	for i := range p.Versions {
		if p.Versions[i].ID == id {
			return &p.Versions[i], true
		}
	}
	return nil, false
}

// Default returns the default version.
func (p *ManagedPolicy) Default() *PolicyVersion {
	v, _ := p.Version(p.DefaultVersion)
	return v
}

func (p *ManagedPolicy) clone() *ManagedPolicy {
	c := *p
	c.Versions = append([]PolicyVersion(nil), p.Versions...)
	c.Tags = append([]Tag(nil), p.Tags...)
	return &c
}

// PolicyView is a managed policy as one account sees it: with the number
// of its entities the policy is attached to, and of those using it as a
// permissions boundary.
type PolicyView struct {
	*ManagedPolicy
	AttachmentCount    int
	BoundaryUsageCount int
}

// AttachedPolicy names a managed policy attached to an entity.
type AttachedPolicy struct {
	Name string
	ARN  string
}

// AccessKey describes an access key (never its secret).
type AccessKey struct {
	ID      string
	Account string
	User    string // "" for the account's root user
	Status  string // KeyActive or KeyInactive
	Created time.Time
	// LastUsed, LastService and LastRegion describe the key's last use
	// noted by NoteKeyUsed since the server started; zero when unknown.
	LastUsed    time.Time
	LastService string
	LastRegion  string
}
