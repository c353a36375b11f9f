package meta

import (
	"maps"
	"slices"
)

func sortedKeys(m map[string][]byte) []string {
	return slices.Sorted(maps.Keys(m))
}

// Clone returns a deep copy of the bucket, for UpdateBucket callbacks.
func (b *Bucket) Clone() *Bucket {
	c := *b
	c.Tags = slices.Clone(b.Tags)
	if b.Configs != nil {
		c.Configs = make(map[string][]byte, len(b.Configs))
		for k, v := range b.Configs {
			c.Configs[k] = slices.Clone(v)
		}
	}
	return &c
}
