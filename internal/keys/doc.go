// Package keys holds the server's master keys: it loads or creates the
// master key file and seals small secrets (identity secrets, data keys) with
// AES-256-GCM. Sealed values name the key that sealed them, so a later key
// rotation can keep old keys for opening. It must not import storage, HTTP
// or policy packages, and never logs key material.
package keys
