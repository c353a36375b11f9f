// Package metatest is the conformance suite for meta.Store implementations:
// every implementation runs Run (and RunClock when its clock can be
// injected) from its own tests, so all of them honour one contract.
//
// It imports only meta and the standard library; it must not import an
// implementation, the engine or the HTTP layers.
package metatest
