package access

import (
	"bytes"
	"sync"

	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/policy"
)

// existingTagKey is the lower-cased prefix of s3:ExistingObjectTag/<key>.
var existingTagKey = []byte("s3:existingobjecttag/")

// keyUse remembers, per compiled policy, whether its text names a condition
// key family. A policy can only test a key it names, so a policy whose text
// lacks the name never needs that key's value (key names are
// case-insensitive, hence the lower-cased search).
type keyUse struct {
	mu sync.RWMutex
	m  map[*policy.Policy]bool
}

// maxKeyUse bounds the memo: replaced policies leave stale entries, which a
// reset drops.
const maxKeyUse = 16384

func (k *keyUse) uses(p *policy.Policy, name []byte) bool {
	if p == nil {
		return false
	}
	k.mu.RLock()
	v, ok := k.m[p]
	k.mu.RUnlock()
	if ok {
		return v
	}
	used := bytes.Contains(bytes.ToLower(p.Source()), name)
	k.mu.Lock()
	if k.m == nil || len(k.m) >= maxKeyUse {
		k.m = map[*policy.Policy]bool{}
	}
	k.m[p] = used
	k.mu.Unlock()
	return used
}

// any reports whether a policy of the decision names the key family.
func (k *keyUse) any(name []byte, in *authz.Input) bool {
	refs := [][]authz.PolicyRef{in.Identity, in.Session}
	for _, rs := range refs {
		for i := range rs {
			if k.uses(rs[i].Policy, name) {
				return true
			}
		}
	}
	for _, r := range []*authz.PolicyRef{in.Boundary, in.ResourcePolicy, in.AccessPointPolicy, in.Endpoint} {
		if r != nil && k.uses(r.Policy, name) {
			return true
		}
	}
	return false
}
