package loadgen

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// unitMultiplier maps a size suffix to bytes. Bare K/M/G/T are binary, as in
// dd and fio, because that is what people mean by "4k" objects; KB/MB/GB/TB
// are decimal and KiB/MiB/GiB/TiB binary, as their names say.
func unitMultiplier(unit string) (uint64, bool) {
	switch strings.ToLower(unit) {
	case "", "b":
		return 1, true
	case "k", "ki", "kib":
		return 1 << 10, true
	case "kb":
		return 1e3, true
	case "m", "mi", "mib":
		return 1 << 20, true
	case "mb":
		return 1e6, true
	case "g", "gi", "gib":
		return 1 << 30, true
	case "gb":
		return 1e9, true
	case "t", "ti", "tib":
		return 1 << 40, true
	case "tb":
		return 1e12, true
	}
	return 0, false
}

// ParseSize parses a byte count such as "100", "4KiB", "1MB", "32MiB" or
// "1.5GiB". A fraction is allowed when the result is a whole number of bytes.
func ParseSize(s string) (int64, error) {
	in := s
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.') {
		end++
	}
	num, unit := s[:end], strings.TrimSpace(s[end:])
	intPart, frac, hasDot := strings.Cut(num, ".")
	if intPart == "" && frac == "" || strings.Contains(frac, ".") || hasDot && frac == "" {
		return 0, fmt.Errorf("invalid size %q: want a number with an optional unit such as 4KiB, 1MB or 100", in)
	}
	if len(frac) > 18 {
		return 0, fmt.Errorf("invalid size %q: too many decimals", in)
	}
	mult, ok := unitMultiplier(unit)
	if !ok {
		return 0, fmt.Errorf("invalid size %q: unknown unit %q (use B, KiB, MiB, GiB, TiB, KB, MB, GB or TB)", in, unit)
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	if len(digits) > 18 {
		return 0, fmt.Errorf("invalid size %q: too large", in)
	}
	mant := uint64(0)
	if digits != "" {
		var err error
		if mant, err = strconv.ParseUint(digits, 10, 64); err != nil {
			return 0, fmt.Errorf("invalid size %q: %w", in, err)
		}
	}
	hi, lo := bits.Mul64(mant, mult)
	if hi != 0 {
		return 0, fmt.Errorf("invalid size %q: too large", in)
	}
	div := uint64(1)
	for range len(frac) {
		div *= 10
	}
	if lo%div != 0 {
		return 0, fmt.Errorf("invalid size %q: not a whole number of bytes", in)
	}
	v := lo / div
	if v > math.MaxInt64 {
		return 0, errors.New("invalid size " + strconv.Quote(in) + ": too large")
	}
	return int64(v), nil
}

// FormatSize renders n with the largest unit that divides it exactly, so
// that ParseSize(FormatSize(n)) == n.
func FormatSize(n int64) string {
	if n > 0 {
		for _, u := range [...]struct {
			name string
			mult int64
		}{
			{"TiB", 1 << 40}, {"TB", 1e12}, {"GiB", 1 << 30}, {"GB", 1e9},
			{"MiB", 1 << 20}, {"MB", 1e6}, {"KiB", 1 << 10}, {"KB", 1e3},
		} {
			if n%u.mult == 0 {
				return strconv.FormatInt(n/u.mult, 10) + u.name
			}
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}
