package acl

// Permission is one ACL permission.
type Permission uint8

// The five permissions of S3 ACLs.
const (
	Read Permission = iota + 1
	Write
	ReadACP
	WriteACP
	FullControl
)

var permNames = [...]string{Read: "READ", Write: "WRITE", ReadACP: "READ_ACP", WriteACP: "WRITE_ACP", FullControl: "FULL_CONTROL"}

func (p Permission) String() string {
	if p >= Read && p <= FullControl {
		return permNames[p]
	}
	return ""
}

// ParsePermission reads the wire name of a permission.
func ParsePermission(s string) (Permission, bool) {
	for p := Read; p <= FullControl; p++ {
		if permNames[p] == s {
			return p, true
		}
	}
	return 0, false
}

// covers reports whether holding p grants need.
func (p Permission) covers(need Permission) bool { return p == need || p == FullControl }

// Group is one of S3's predefined grantee groups.
type Group uint8

// The predefined groups.
const (
	AllUsers Group = iota + 1
	AuthenticatedUsers
	LogDelivery
)

// The group URIs as S3 names them.
const (
	AllUsersURI           = "http://acs.amazonaws.com/groups/global/AllUsers"
	AuthenticatedUsersURI = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
	LogDeliveryURI        = "http://acs.amazonaws.com/groups/s3/LogDelivery"
)

var groupURIs = [...]string{AllUsers: AllUsersURI, AuthenticatedUsers: AuthenticatedUsersURI, LogDelivery: LogDeliveryURI}

// URI returns the group's URI.
func (g Group) URI() string {
	if g >= AllUsers && g <= LogDelivery {
		return groupURIs[g]
	}
	return ""
}

// ParseGroupURI reads a group URI.
func ParseGroupURI(uri string) (Group, bool) {
	for g := AllUsers; g <= LogDelivery; g++ {
		if groupURIs[g] == uri {
			return g, true
		}
	}
	return 0, false
}

// ExecReadID is the canonical user the aws-exec-read canned ACL grants READ
// to (Amazon EC2, for AMI bundles). No Coffer account has it.
const ExecReadID = "6aa5a366c34c1cbe25dc49211496e913e0351eb0e8c37aa3477e40942ec6b97c"

// Grantee is whom a grant names: a canonical user (an account) or a group.
// Grants by e-mail address are resolved to the account's canonical user
// when written, as S3 does.
type Grantee struct {
	// ID is the canonical user id; "" for groups.
	ID string
	// Account is the id of the account whose canonical user ID is; "" for
	// groups and for canonical users no local account has.
	Account string
	// Group is set for group grantees.
	Group Group
}

// User returns the grantee for an account's canonical user.
func User(canonicalID, account string) Grantee { return Grantee{ID: canonicalID, Account: account} }

// Grant is one grantee holding one permission.
type Grant struct {
	Grantee    Grantee
	Permission Permission
}

// MaxGrants is S3's limit of grants in one ACL.
const MaxGrants = 100

// ACL is an access control list. Its owner is the owner of the bucket or
// object it belongs to, kept there.
type ACL struct {
	Grants []Grant
}

// Private is the default ACL of every bucket and object: the owner has
// FULL_CONTROL.
func Private(owner Grantee) *ACL {
	return &ACL{Grants: []Grant{{Grantee: owner, Permission: FullControl}}}
}

// add appends a grant unless the same one is already there.
func (a *ACL) add(g Grantee, p Permission) {
	for _, x := range a.Grants {
		if x.Grantee == g && x.Permission == p {
			return
		}
	}
	a.Grants = append(a.Grants, Grant{Grantee: g, Permission: p})
}

// Public reports whether the ACL grants anything to AllUsers or
// AuthenticatedUsers, which is what Block Public Access calls a public ACL.
func (a *ACL) Public() bool {
	for _, g := range a.Grants {
		if g.Grantee.Group == AllUsers || g.Grantee.Group == AuthenticatedUsers {
			return true
		}
	}
	return false
}

// OnlyAccount reports whether every grant names the account's canonical
// user: an ACL that gives nobody else anything. With Object Ownership
// BucketOwnerEnforced only such ACLs are accepted.
func (a *ACL) OnlyAccount(account string) bool {
	for _, g := range a.Grants {
		if g.Grantee.Group != 0 || g.Grantee.Account == "" || g.Grantee.Account != account {
			return false
		}
	}
	return true
}

// Requester is who asks, for matching grants.
type Requester struct {
	Account       string // "" for anonymous callers
	Authenticated bool   // signed by an AWS principal
}

// Match says which grants of an ACL gave a requester a permission.
type Match uint8

// Kinds of matching grants.
const (
	// MatchAccount: a grant to the requester's account (canonical user).
	MatchAccount Match = 1 << iota
	// MatchAllUsers: a grant to everyone, anonymous callers included.
	MatchAllUsers
	// MatchAuthenticated: a grant to AuthenticatedUsers and the requester
	// is signed by an AWS principal.
	MatchAuthenticated
)

// Match returns how the ACL grants need to r. With ignorePublic (Block
// Public Access IgnorePublicAcls) grants to AllUsers and AuthenticatedUsers
// count for nothing.
func (a *ACL) Match(need Permission, r Requester, ignorePublic bool) Match {
	var m Match
	for _, g := range a.Grants {
		if !g.Permission.covers(need) {
			continue
		}
		switch g.Grantee.Group {
		case 0:
			if r.Account != "" && g.Grantee.Account == r.Account {
				m |= MatchAccount
			}
		case AllUsers:
			if !ignorePublic {
				m |= MatchAllUsers
			}
		case AuthenticatedUsers:
			if !ignorePublic && r.Authenticated {
				m |= MatchAuthenticated
			}
		}
	}
	return m
}
