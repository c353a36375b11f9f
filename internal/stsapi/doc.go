// Package stsapi is the STS query-protocol transport (SigV4 scope "sts"):
// AssumeRole, GetSessionToken and GetCallerIdentity. It authenticates every
// call, hands the decision to the sts service (which asks the one
// authorizer with the role's trust policy), and renders STS's XML.
package stsapi
