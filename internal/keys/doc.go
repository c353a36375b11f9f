// Package keys holds the server's keys: the master key ring (loaded from
// the master key file; the newest key seals, every key opens, so rotation
// adds a key and then re-wraps) and the built-in KMS keyring (symmetric
// KMS keys whose key material versions are sealed with the master key and
// kept in the metadata store's generic records).
//
// It knows key mechanics only: no policy, no HTTP. It may import the
// metadata store interface (internal/meta) for its records, and must not
// import the engine, HTTP or policy packages. It never logs key material.
package keys
