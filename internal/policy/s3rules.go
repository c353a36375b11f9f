package policy

import (
	"strings"

	"github.com/coffer-s3/coffer/internal/arn"
)

// checkResource enforces the ARN form, and for S3 that the resource lies in
// the bucket (or access point) the policy is attached to.
func (c *compiler) checkResource(r string) error {
	if r == "*" {
		if c.f.s3() {
			return c.f.resource(r)
		}
		return nil
	}
	var fl [6]string
	if !arn.Split(r, &fl) || fl[0] != "arn" || fl[1] == "" || fl[2] == "" || fl[5] == "" {
		return c.f.resource(r)
	}
	if !c.f.s3() {
		return nil
	}
	if fl[2] != "s3" {
		return c.f.resource(r)
	}
	switch c.p.resType {
	case ResourceBucket:
		if fl[3] != "" || fl[4] != "" {
			return c.f.resource(r)
		}
		if c.o.Bucket != "" {
			bucket, _, _ := strings.Cut(fl[5], "/")
			if !strings.Contains(bucket, "${") && !arn.Glob(bucket, c.o.Bucket) && !arn.Glob(fl[5], c.o.Bucket) {
				return c.f.resource(r)
			}
		}
	case ResourceAccessPoint:
		if !strings.HasPrefix(fl[5], "accesspoint/") && !strings.HasPrefix(fl[5], "accesspoint*") && fl[5] != "*" {
			return c.f.resource(r)
		}
	}
	return nil
}

// applies rejects, for S3 with a catalogue, actions that apply to none of
// the statement's resources.
func (c *compiler) applies(st *statement) error {
	if !c.f.s3() || c.o.Actions == nil || st.notAction || st.notRes {
		return nil
	}
	var have ResourceKinds
	for i := range st.resources {
		have |= resourceShapes(st.resources[i].raw)
	}
	for i := range st.actions {
		if st.actions[i].raw == "*" {
			continue
		}
		if c.known(&st.actions[i])&have == 0 {
			return c.f.actionResourceMismatch()
		}
	}
	return nil
}

// resourceShapes returns which S3 resource shapes a Resource pattern can name.
func resourceShapes(r string) ResourceKinds {
	var f [6]string
	if !arn.Split(r, &f) {
		return AppliesBucket | AppliesObject | AppliesAccessPoint | AppliesAccessPointObject | AppliesOther
	}
	res := f[5]
	if f[3] == "" && f[4] == "" {
		bucket, key, hasKey := strings.Cut(res, "/")
		var k ResourceKinds
		if !hasKey {
			k |= AppliesBucket
		}
		if hasKey || strings.Contains(bucket, "*") {
			k |= AppliesObject
		}
		if hasKey && key == "*" && bucket == "*" {
			k |= AppliesBucket
		}
		return k
	}
	name, rest, hasRest := strings.Cut(strings.TrimPrefix(res, "accesspoint/"), "/")
	var k ResourceKinds
	if !hasRest {
		k |= AppliesAccessPoint
		if strings.Contains(name, "*") {
			k |= AppliesAccessPointObject
		}
	} else if strings.HasPrefix(rest, "object/") || strings.HasPrefix(rest, "*") {
		k |= AppliesAccessPointObject
	}
	if strings.Contains(name, "*") && hasRest {
		k |= AppliesAccessPoint
	}
	return k
}
