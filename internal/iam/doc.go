// Package iam keeps identities and the IAM model per account: accounts
// (with their root users), IAM users, groups, roles, inline and managed
// policies (with versions; AWS's managed policies built in), attachments,
// permissions boundaries, tags and access keys, with AWS's names, ids,
// limits and error messages. It also answers the hot-path questions: the
// principal of an access key (LookupKey) and the compiled policies of a
// principal (PolicySet), and, for STS, a role and its trust policy.
//
// Identities live in memory as immutable snapshots rebuilt on each change;
// records persist in the metadata store's generic record namespace.
// Policies are compiled once, when written or loaded. Secrets are sealed
// with the master key before they reach the store and are opened once per
// key to verify signatures.
//
// It must not import HTTP layers (authn, access, the API handlers) or the
// engine: level 3, over meta, keys, policy, authz, arn and apierr.
package iam
