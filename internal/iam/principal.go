package iam

// PrincipalType is the kind of identity a request acts as.
type PrincipalType uint8

const (
	// Anonymous is an unsigned request.
	Anonymous PrincipalType = iota
	// Root is an account's root user.
	Root
	// User is an IAM user.
	User
	// AssumedRole is a role session from sts:AssumeRole.
	AssumedRole
)

func (t PrincipalType) String() string {
	switch t {
	case Root:
		return "Account"
	case User:
		return "User"
	case AssumedRole:
		return "AssumedRole"
	}
	return "Anonymous"
}

// Principal is who a request acts as.
type Principal struct {
	Type        PrincipalType
	Account     string // 12-digit account id; "" for anonymous
	ARN         string
	UserID      string // AIDA.../AROA...:session, the account id for root
	UserName    string // IAM user name; "" otherwise
	CanonicalID string // the account's canonical user id
	AccessKey   string
}

// AnonymousPrincipal is the principal of unsigned requests.
var AnonymousPrincipal = Principal{Type: Anonymous, ARN: "*"}

// IsRootOf reports whether p is the root user of the account.
func (p *Principal) IsRootOf(account string) bool {
	return p.Type == Root && p.Account == account
}
