package policy

// PrincipalType is the kind of identity that signed (or did not sign) a request.
type PrincipalType uint8

// The principal types, with the aws:PrincipalType value AWS gives each.
const (
	Anonymous     PrincipalType = iota // "Anonymous"
	Root                               // "Account": the account's root user
	IAMUser                            // "User"
	AssumedRole                        // "AssumedRole": a role session
	FederatedUser                      // "FederatedUser": a GetFederationToken session
	Service                            // an AWS service principal acting on its own
	WebIdentity                        // a web identity or SAML caller of AssumeRoleWith*
)

// String returns the aws:PrincipalType value.
func (t PrincipalType) String() string {
	switch t {
	case Root:
		return "Account"
	case IAMUser:
		return "User"
	case AssumedRole:
		return "AssumedRole"
	case FederatedUser:
		return "FederatedUser"
	case Service:
		return "Service"
	case WebIdentity:
		return "WebIdentity"
	}
	return "Anonymous"
}

// Principal is the request's principal, as authentication established it.
type Principal struct {
	Type    PrincipalType
	Account string // 12-digit account id; empty for Anonymous and Service
	// ARN is the caller's own ARN: arn:aws:iam::A:root, arn:aws:iam::A:user/path/name,
	// arn:aws:sts::A:assumed-role/role/session, arn:aws:sts::A:federated-user/name.
	ARN string
	// RoleARN is, for role sessions, the role's ARN (with its path). It is
	// what aws:PrincipalArn holds for a session.
	RoleARN string
	// UserID is aws:userid: the account id for root, the user's unique id
	// (AIDA...), "AROA...:session" for role sessions, "account:name" for
	// federated users.
	UserID      string
	Username    string // IAM users only (aws:username)
	SessionName string
	// ServiceName is the service principal ("cloudtrail.amazonaws.com").
	ServiceName string
	// Federated is the identity provider of a WebIdentity caller
	// (accounts.google.com, a SAML or OIDC provider ARN).
	Federated string
	// CanonicalID is the S3 canonical user id of the principal's account.
	CanonicalID string
	// HasBoundary reports a permissions boundary on the user or role: AWS
	// then never lets NotPrincipal exclude the principal from a Deny.
	HasBoundary bool
}

// principalARNForKey is aws:PrincipalArn: the role ARN for a role session.
func (p *Principal) principalARNForKey() string {
	if p.Type == AssumedRole && p.RoleARN != "" {
		return p.RoleARN
	}
	return p.ARN
}

var (
	keyPrincipalArn       = MustKey("aws:PrincipalArn")
	keyPrincipalAccount   = MustKey("aws:PrincipalAccount")
	keyPrincipalType      = MustKey("aws:PrincipalType")
	keyUserID             = MustKey("aws:userid")
	keyUsername           = MustKey("aws:username")
	keyPrincipalIsService = MustKey("aws:PrincipalIsAWSService")
	keyPrincipalService   = MustKey("aws:PrincipalServiceName")
	keyFederatedProvider  = MustKey("aws:FederatedProvider")
)

// SetPrincipal sets the principal's global keys: aws:PrincipalArn,
// aws:PrincipalAccount, aws:PrincipalType, aws:userid, aws:username (IAM
// users only, as in AWS), aws:PrincipalIsAWSService and, for services,
// aws:PrincipalServiceName. Tags are set by the caller (aws:PrincipalTag/...).
func (c *Context) SetPrincipal(p *Principal) {
	if p == nil {
		return
	}
	c.SetKey(keyPrincipalType, p.Type.String())
	c.SetKey(keyPrincipalIsService, boolString(p.Type == Service))
	switch p.Type {
	case Anonymous:
		c.SetKey(keyUserID, "anonymous")
		return
	case Service:
		c.SetKey(keyPrincipalService, p.ServiceName)
		return
	case WebIdentity:
		if p.Federated != "" {
			c.SetKey(keyFederatedProvider, p.Federated)
		}
		return
	}
	if a := p.principalARNForKey(); a != "" {
		c.SetKey(keyPrincipalArn, a)
	}
	if p.Account != "" {
		c.SetKey(keyPrincipalAccount, p.Account)
	}
	if p.UserID != "" {
		c.SetKey(keyUserID, p.UserID)
	}
	if p.Type == IAMUser && p.Username != "" {
		c.SetKey(keyUsername, p.Username)
	}
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
