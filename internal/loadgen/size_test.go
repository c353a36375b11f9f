package loadgen

import (
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		err  string
	}{
		{"100", 100, ""},
		{"0", 0, ""},
		{"100B", 100, ""},
		{"4KiB", 4096, ""},
		{"4kib", 4096, ""},
		{"4k", 4096, ""},
		{"4K", 4096, ""},
		{"1KB", 1000, ""},
		{"1MB", 1_000_000, ""},
		{"32MiB", 32 << 20, ""},
		{"32 MiB", 32 << 20, ""},
		{" 1GiB ", 1 << 30, ""},
		{"5GiB", 5 << 30, ""},
		{"2GB", 2_000_000_000, ""},
		{"1TiB", 1 << 40, ""},
		{"1.5KiB", 1536, ""},
		{"0.5MiB", 512 << 10, ""},
		{".5KiB", 512, ""},
		{"007KiB", 7 << 10, ""},
		{"1.25MB", 1_250_000, ""},
		{"", 0, "want a number"},
		{"KiB", 0, "want a number"},
		{"-1", 0, "want a number"},
		{"1.", 0, "want a number"},
		{"1.2.3", 0, "want a number"},
		{"4XB", 0, "unknown unit"},
		{"4 KiB B", 0, "unknown unit"},
		{"1.1B", 0, "whole number"},
		{"0.3KiB", 0, "whole number"},
		{"99999999999999999999", 0, "too large"},
		{"9000000TiB", 0, "too large"},
		{"9999999999TB", 0, "too large"},
		{"1.0000000000000000000000", 0, "too many decimals"},
	} {
		got, err := ParseSize(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseSize(%q) = %d, %v; want error containing %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{
		{0, "0B"}, {100, "100B"}, {1000, "1KB"}, {4096, "4KiB"}, {1536, "1536B"},
		{1 << 20, "1MiB"}, {1_000_000, "1MB"}, {32 << 20, "32MiB"}, {5 << 30, "5GiB"}, {3 << 40, "3TiB"},
	} {
		if got := FormatSize(tc.in); got != tc.want {
			t.Errorf("FormatSize(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"100", "4KiB", "1MB", "32MiB", "1.5GiB", ".5k", "1.1B", "9000000TiB", "", "1.2.3", "4 kb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("ParseSize(%q) = %d < 0", s, n)
		}
		back, err := ParseSize(FormatSize(n))
		if err != nil || back != n {
			t.Fatalf("round trip of %d via %q = %d, %v", n, FormatSize(n), back, err)
		}
	})
}
