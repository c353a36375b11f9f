// Package server wires Coffer together from an immutable Config: it opens
// the stores, loads the master key and identities, builds the engine and the
// API handlers, and runs the listeners until its context ends, then stops
// gracefully. Only cmd/coffer reads flags and the environment.
package server
