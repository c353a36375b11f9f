// Package authz is AWS's policy evaluation logic across policy types: one
// pure function, Decide, takes the principal, action, resource, request
// context and every applicable policy (identity-based, permissions
// boundary, session, resource-based, access point, VPC endpoint, and hooks
// for SCPs and RCPs) and returns a Decision with a Diagnostic: which policy
// type decided and which statements, and AWS's AccessDenied message text.
//
// It is level 1: pure, no I/O, no clock. It imports only the standard
// library and internal/policy (which evaluates one policy); internal/arn is
// the only other package it may import. It
// does not gather policies (the server's authorize step does) and knows
// nothing of HTTP, S3 operations or ACLs: S3 ACL grants arrive already
// matched, as Input.ACLGrant.
package authz
