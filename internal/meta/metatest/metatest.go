package metatest

import (
	"testing"

	"github.com/coffer-s3/coffer/internal/meta"
)

// Opener opens a fresh, empty store for one test; the store is closed by a
// t.Cleanup the opener registers.
type Opener func(t *testing.T) meta.Store

// Reopener is implemented by stores whose test harness can close them and
// open them again on the same data. The durability subtests run only when
// the opened store implements it.
type Reopener interface {
	meta.Store
	// Reopen closes the store and returns a new one over the same data.
	Reopen(t *testing.T) meta.Store
}

// Run runs the whole conformance suite.
func Run(t *testing.T, open Opener) {
	groups := []struct {
		name  string
		tests []test
	}{
		{"Buckets", bucketTests()},
		{"Objects", objectTests()},
		{"Inline", inlineTests()},
		{"ObjectsList", objectsListTests()},
		{"VersionsList", versionsListTests()},
		{"Uploads", uploadTests()},
		{"Records", recordTests()},
		{"Concurrency", concurrencyTests()},
		{"Lifecycle", lifecycleTests()},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					// Each test has its own store; running them together
					// overlaps their fsync waits.
					t.Parallel()
					tc.fn(t, open(t))
				})
			}
		})
	}
}

type test struct {
	name string
	fn   func(t *testing.T, s meta.Store)
}
