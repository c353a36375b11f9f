package policy

import (
	"strconv"
	"strings"
	"time"
)

// instant is a point in time with second and nanosecond parts, so that any
// year a policy can write compares correctly (UnixNano overflows past 2262).
type instant struct {
	sec  int64
	nsec int32
}

func (a instant) cmp(b instant) int {
	switch {
	case a.sec < b.sec:
		return -1
	case a.sec > b.sec:
		return 1
	case a.nsec < b.nsec:
		return -1
	case a.nsec > b.nsec:
		return 1
	}
	return 0
}

// dateLayouts are the ISO 8601 forms IAM accepts in Date conditions.
var dateLayouts = [...]string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02",
	"20060102T150405Z0700",
	"20060102T150405Z",
	"20060102",
}

// parseDate reads an ISO 8601 date-time or a count of epoch seconds.
func parseDate(s string) (instant, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return instant{}, false
	}
	if isEpoch(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return instant{}, false
		}
		return instant{sec: n}, true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return instant{sec: t.Unix(), nsec: int32(t.Nanosecond())}, true
		}
	}
	return instant{}, false
}

func isEpoch(s string) bool {
	if s[0] == '-' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
