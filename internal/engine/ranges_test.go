package engine

import "testing"

func TestParseRangeResolve(t *testing.T) {
	cases := []struct {
		h             string
		size          int64
		ok            bool // header usable
		sat           bool
		start, length int64
	}{
		{"bytes=0-9", 100, true, true, 0, 10},
		{"bytes=90-", 100, true, true, 90, 10},
		{"bytes=90-200", 100, true, true, 90, 10},
		{"bytes=-10", 100, true, true, 90, 10},
		{"bytes=-200", 100, true, true, 0, 100},
		{"bytes=100-", 100, true, false, 0, 0},
		{"bytes=-0", 100, true, false, 0, 0},
		{"bytes=0-", 0, true, false, 0, 0},
		{"bytes=5-4", 100, false, false, 0, 0},
		{"bytes=0-1,3-4", 100, false, false, 0, 0},
		{"items=0-1", 100, false, false, 0, 0},
		{"bytes=a-b", 100, false, false, 0, 0},
		{"bytes=-", 100, false, false, 0, 0},
		{"bytes=+1-2", 100, false, false, 0, 0},
	}
	for _, c := range cases {
		r, ok := ParseRange(c.h)
		if ok != c.ok {
			t.Errorf("%q: ok=%v want %v", c.h, ok, c.ok)
			continue
		}
		if !ok {
			continue
		}
		s, l, sat := r.Resolve(c.size)
		if sat != c.sat || s != c.start || l != c.length {
			t.Errorf("%q size %d: %d,%d,%v want %d,%d,%v", c.h, c.size, s, l, sat, c.start, c.length, c.sat)
		}
	}
}

func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"bytes=0-9", "bytes=-5", "bytes=7-", "bytes=1-2,3-4", "bytes= 1 - 2 ", ""} {
		f.Add(s, int64(100))
	}
	f.Fuzz(func(t *testing.T, h string, n int64) {
		if n < 0 {
			n = -n
		}
		r, ok := ParseRange(h)
		if !ok {
			return
		}
		s, l, sat := r.Resolve(n)
		if sat && (s < 0 || l <= 0 || s+l > n) {
			t.Fatalf("%q on %d: start %d length %d", h, n, s, l)
		}
	})
}
