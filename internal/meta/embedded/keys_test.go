package embedded

import (
	"bytes"
	"slices"
	"testing"
)

func TestUpperBound(t *testing.T) {
	cases := []struct{ in, want []byte }{
		{[]byte("a"), []byte("b")},
		{[]byte("a\xff"), []byte("b")},
		{[]byte("a\xfe"), []byte("a\xff")},
		{[]byte("\xff\xff"), nil},
		{[]byte{}, nil},
	}
	for _, c := range cases {
		if got := upperBound(c.in); !bytes.Equal(got, c.want) {
			t.Errorf("upperBound(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestIDs(t *testing.T) {
	for _, seq := range []uint64{1, 1 << 62, ^uint64(0)} {
		id := formatID(seq, 0xdeadbeef)
		if got, err := parseID(id); err != nil || got != seq {
			t.Fatalf("parseID(formatID(%d)) = %d, %v", seq, got, err)
		}
	}
	for _, bad := range []string{"", "null", "zz" + formatID(1, 1)[2:], formatID(1, 1) + "0"} {
		if _, err := parseID(bad); err == nil {
			t.Errorf("parseID(%q) accepted", bad)
		}
	}
}

// Version keys sort by bucket, then object key bytes, then newest first,
// and keys that are prefixes of others sort before them.
func TestKeyOrder(t *testing.T) {
	want := [][]byte{
		versionKey(pVersion, "b", "a", 9),
		versionKey(pVersion, "b", "a", 1),
		versionKey(pVersion, "b", "a/", 5),
		versionKey(pVersion, "b", "ab", 5),
		versionKey(pVersion, "b-2", "a", 5),
		versionKey(pVersion, "bb", "", 5),
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortFunc(got, bytes.Compare)
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("order %d: %q, want %q", i, got[i], want[i])
		}
	}
	lk := [][]byte{latestKey("b", "a"), latestKey("b", "a/"), latestKey("b", "ab"), latestKey("b-2", "a")}
	if !slices.IsSortedFunc(lk, bytes.Compare) {
		t.Fatalf("latest keys out of order: %q", lk)
	}
}
