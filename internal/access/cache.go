package access

import (
	"strconv"
	"sync"

	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
)

func itoa(n int) string { return strconv.Itoa(n) }

// denyAll stands in for a stored policy that no longer compiles.
var denyAll = func() *policy.Policy {
	p, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Sid":"UnreadablePolicy","Effect":"Deny","Principal":"*","Action":"*","Resource":"arn:aws:s3:::*"}]}`), policy.KindResource)
	if err != nil {
		panic("access: deny-all policy: " + err.Error())
	}
	return p
}()

// ConfigPolicy is the bucket configuration document holding the bucket
// policy (its JSON text, validated when written).
const ConfigPolicy = "policy"

// bucketPolicies compiles each bucket's policy once. Bucket records are
// immutable snapshots, so an entry is fresh while it was compiled from the
// same record.
type bucketPolicies struct {
	mu sync.RWMutex
	m  map[string]bucketEntry
}

type bucketEntry struct {
	rec    *meta.Bucket
	ref    *authz.PolicyRef
	public bool // the policy is public (Block Public Access analysis)
}

func newBucketPolicies() *bucketPolicies { return &bucketPolicies{m: map[string]bucketEntry{}} }

func (c *bucketPolicies) get(b *meta.Bucket) bucketEntry {
	c.mu.RLock()
	e, ok := c.m[b.Name]
	c.mu.RUnlock()
	if ok && e.rec == b {
		return e
	}
	e = bucketEntry{rec: b}
	if doc := b.Configs[ConfigPolicy]; len(doc) > 0 {
		// Stored policies were validated when written. One that no longer
		// parses (a newer rule) must not vanish with its Deny statements:
		// it becomes a deny-all, which the owner's root user can still
		// replace (lock-out recovery).
		if p, err := policy.ParseS3(doc, policy.KindResource); err == nil {
			e.ref = &authz.PolicyRef{ID: "bucket-policy:" + b.Name, Policy: p}
			e.public = p.IsPublic()
		} else {
			e.ref = &authz.PolicyRef{ID: "bucket-policy:" + b.Name + " (unreadable: deny all)", Policy: denyAll}
		}
	}
	c.mu.Lock()
	c.m[b.Name] = e
	c.mu.Unlock()
	return e
}

// sessionPolicies compiles the session policy carried by a session token
// once per document.
type sessionPolicies struct {
	mu sync.Mutex
	m  map[string][]authz.PolicyRef
}

func newSessionPolicies() *sessionPolicies {
	return &sessionPolicies{m: map[string][]authz.PolicyRef{}}
}

const maxSessionEntries = 4096

func (c *sessionPolicies) get(s *iam.Session) ([]authz.PolicyRef, error) {
	if len(s.Policies) == 0 && len(s.Compiled) == 0 {
		return nil, nil
	}
	if len(s.Compiled) > 0 {
		return s.Compiled, nil
	}
	key := string(s.Policies)
	c.mu.Lock()
	refs, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return refs, nil
	}
	p, err := policy.ParseIAM(s.Policies, policy.KindSession)
	if err != nil {
		return nil, err
	}
	refs = []authz.PolicyRef{{ID: "session-policy", Policy: p}}
	c.mu.Lock()
	if len(c.m) >= maxSessionEntries {
		clear(c.m)
	}
	c.m[key] = refs
	c.mu.Unlock()
	return refs, nil
}

// setPrincipalTags sets aws:PrincipalTag/<key> for each tag.
func setPrincipalTags(ctx *policy.Context, tags []iam.Tag) {
	for _, t := range tags {
		ctx.Set("aws:PrincipalTag/"+t.Key, t.Value)
	}
}
