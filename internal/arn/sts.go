package arn

import "strings"

// STSResource is the STS reading of an ARN.
type STSResource struct {
	Type     string // "assumed-role" or "federated-user"
	RoleName string // assumed-role: the role's name (without its path)
	Session  string // assumed-role: the session name
	Name     string // federated-user: the name given to GetFederationToken
}

// AssumedRole returns the ARN of a role session. AWS leaves the role's path
// out of it.
func AssumedRole(account, roleName, session string) string {
	return "arn:" + DefaultPartition + ":sts::" + account + ":assumed-role/" + roleName + "/" + session
}

// FederatedUser returns the ARN of a GetFederationToken session.
func FederatedUser(account, name string) string {
	return "arn:" + DefaultPartition + ":sts::" + account + ":federated-user/" + name
}

// STS reads an ARN as an STS session.
func (a ARN) STS() (STSResource, bool) {
	if a.Service != "sts" || a.Region != "" || !IsAccountID(a.Account) {
		return STSResource{}, false
	}
	if rest, ok := strings.CutPrefix(a.Resource, "assumed-role/"); ok {
		role, session, ok := strings.Cut(rest, "/")
		if !ok || role == "" || session == "" || strings.Contains(session, "/") {
			return STSResource{}, false
		}
		return STSResource{Type: "assumed-role", RoleName: role, Session: session}, true
	}
	if name, ok := strings.CutPrefix(a.Resource, "federated-user/"); ok && name != "" && !strings.Contains(name, "/") {
		return STSResource{Type: "federated-user", Name: name}, true
	}
	return STSResource{}, false
}
