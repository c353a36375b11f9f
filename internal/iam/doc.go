// Package iam keeps identities: accounts (with their root users), IAM users,
// access keys, and the Principal a verified request acts as. Secrets are
// sealed with the master key before they reach the metadata store and are
// opened only to verify signatures. It must not import HTTP layers or the
// engine.
package iam
