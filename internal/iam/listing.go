package iam

import (
	"sort"
	"strings"
)

// listByPath returns the entities of m whose path starts with pathPrefix,
// ordered by name as IAM lists them (case-insensitively).
func listByPath[T any](m map[string]*T, pathPrefix string, pathName func(*T) (path, name string)) ([]*T, error) {
	if err := ValidPathPrefix(pathPrefix); err != nil {
		return nil, err
	}
	var out []*T
	for _, e := range m {
		if p, _ := pathName(e); strings.HasPrefix(p, pathPrefix) {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		_, a := pathName(out[i])
		_, b := pathName(out[j])
		return lower(a) < lower(b)
	})
	return out, nil
}
