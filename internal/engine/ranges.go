package engine

import (
	"strconv"
	"strings"
)

// Range is a parsed single byte range. Suffix ranges have Start < 0 and
// Length the suffix length; open ranges have End < 0.
type Range struct {
	Start, End int64
	Suffix     int64
	set        bool
}

// ParseRange parses a Range header. S3 serves one range; a header it cannot
// use (syntax errors, several ranges, other units) is ignored and the whole
// object is returned, so ok is false for those.
func ParseRange(h string) (r Range, ok bool) {
	spec, found := strings.CutPrefix(h, "bytes=")
	if !found || spec == "" || strings.Contains(spec, ",") {
		return Range{}, false
	}
	first, last, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return Range{}, false
	}
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	if first == "" {
		n, err := strconv.ParseInt(last, 10, 64)
		if err != nil || n < 0 || last[0] == '+' {
			return Range{}, false
		}
		return Range{Start: -1, End: -1, Suffix: n, set: true}, true
	}
	s, err := strconv.ParseInt(first, 10, 64)
	if err != nil || s < 0 || first[0] == '+' {
		return Range{}, false
	}
	r = Range{Start: s, End: -1, set: true}
	if last != "" {
		e, err := strconv.ParseInt(last, 10, 64)
		if err != nil || e < s || last[0] == '+' {
			return Range{}, false
		}
		r.End = e
	}
	return r, true
}

// IsSet reports whether the range was given.
func (r Range) IsSet() bool { return r.set }

// Resolve clamps the range to an object of size n: the first byte and the
// length to send, or ok=false when unsatisfiable (416).
func (r Range) Resolve(n int64) (start, length int64, ok bool) {
	if r.Start < 0 { // suffix
		if r.Suffix == 0 || n == 0 {
			return 0, 0, false
		}
		if r.Suffix > n {
			return 0, n, true
		}
		return n - r.Suffix, r.Suffix, true
	}
	if r.Start >= n {
		return 0, 0, false
	}
	end := r.End
	if end < 0 || end >= n {
		end = n - 1
	}
	return r.Start, end - r.Start + 1, true
}

// String renders the range as the client sent it.
func (r Range) String() string {
	if r.Start < 0 {
		return "bytes=-" + itoa(r.Suffix)
	}
	if r.End < 0 {
		return "bytes=" + itoa(r.Start) + "-"
	}
	return "bytes=" + itoa(r.Start) + "-" + itoa(r.End)
}
