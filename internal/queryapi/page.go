package queryapi

import (
	"encoding/base64"
	"sort"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// Paging defaults of the query services: MaxItems defaults to 100 and may
// be 1 to 1000.
const (
	DefaultMaxItems = 100
	MaxMaxItems     = 1000
)

// Page is a list call's Marker and MaxItems.
type Page struct {
	Marker   string
	MaxItems int
}

// ReadPage reads Marker and MaxItems.
func ReadPage(v Values) (Page, error) {
	p := Page{Marker: v.Get("Marker"), MaxItems: DefaultMaxItems}
	n, ok, err := v.Int("MaxItems", 1, MaxMaxItems)
	if err != nil {
		return p, err
	}
	if ok {
		p.MaxItems = n
	}
	if p.Marker != "" {
		if _, err := decodeMarker(p.Marker); err != nil {
			return p, err
		}
	}
	return p, nil
}

// Markers are opaque to clients: the sort key of the last item returned,
// so a page resumes correctly even when items before it were removed.
func encodeMarker(key string) string { return base64.RawURLEncoding.EncodeToString([]byte(key)) }

func decodeMarker(m string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(m)
	if err != nil || len(b) == 0 {
		return "", apierr.Validation("marker", m, "Member must be a marker returned by a previous call")
	}
	return string(b), nil
}

// Paginate returns the page of items (sorted by key, keys unique) after
// the page's marker, and the marker of the next page ("" when this page
// is the last: IsTruncated false).
func Paginate[T any](items []T, key func(T) string, p Page) ([]T, string, error) {
	start := 0
	if p.Marker != "" {
		after, err := decodeMarker(p.Marker)
		if err != nil {
			return nil, "", err
		}
		start = sort.Search(len(items), func(i int) bool { return key(items[i]) > after })
	}
	max := p.MaxItems
	if max <= 0 {
		max = DefaultMaxItems
	}
	end := start + max
	if end >= len(items) {
		return items[start:], "", nil
	}
	return items[start:end], encodeMarker(key(items[end-1])), nil
}
