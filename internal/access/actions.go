package access

import (
	"sync"

	"github.com/coffer-s3/coffer/internal/policy"
)

// actions interns policy actions: NewAction lower-cases (and allocates)
// names with capitals, and every request names one.
var actions sync.Map // string -> policy.Action

// Action returns the interned policy action for name.
func Action(name string) policy.Action {
	if a, ok := actions.Load(name); ok {
		return a.(policy.Action)
	}
	a := policy.NewAction(name)
	actions.Store(name, a)
	return a
}
