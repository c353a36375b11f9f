// Package sts issues temporary credentials (AssumeRole, GetSessionToken)
// and opens them again: a session token is the session's claims sealed with
// the master key, so the server verifies it without trusting the client and
// without storing sessions. It must not import HTTP handlers or the engine.
package sts
