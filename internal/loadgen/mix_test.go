package loadgen

import (
	"net/url"
	"strings"
	"testing"
)

func TestParseMix(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Mix
		err  string
	}{
		{"get=70,put=20,stat=10", Mix{OpGet: 70, OpPut: 20, OpStat: 10}, ""},
		{"put=1", Mix{OpPut: 1}, ""},
		{" GET = 3 , head=1 ", Mix{OpGet: 3, OpStat: 1}, ""},
		{"get=0,put=5", Mix{OpPut: 5}, ""},
		{"get=1000000", Mix{OpGet: 1_000_000}, ""},
		{"", Mix{}, "want e.g."},
		{"get", Mix{}, "not op=weight"},
		{"get=", Mix{}, "not op=weight"},
		{"=5", Mix{}, "not op=weight"},
		{"get=1,", Mix{}, "not op=weight"},
		{"delete=5", Mix{}, "unknown operation"},
		{"get=1,get=2", Mix{}, "given twice"},
		{"stat=1,head=1", Mix{}, "given twice"},
		{"get=-1", Mix{}, "not an integer"},
		{"get=1.5", Mix{}, "not an integer"},
		{"get=1000001", Mix{}, "not an integer"},
		{"get=0,put=0", Mix{}, "all weights are zero"},
	} {
		got, err := ParseMix(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseMix(%q) = %v, %v; want error containing %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseMix(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestMixString(t *testing.T) {
	if got := (Mix{OpGet: 70, OpPut: 20, OpStat: 10}).String(); got != "get=70,put=20,stat=10" {
		t.Errorf("got %q", got)
	}
	if got := (Mix{OpStat: 2}).String(); got != "stat=2" {
		t.Errorf("got %q", got)
	}
}

func TestWorkerPick(t *testing.T) {
	cl := &client{cfg: Config{Mix: Mix{OpGet: 6, OpPut: 3, OpStat: 1}}, keys: make([]url.URL, 10)}
	w := newWorker(cl, 0, 1)
	var n [NumOps]int
	for range 100_000 {
		n[w.pick()]++
	}
	for op, want := range []float64{0.6, 0.3, 0.1} {
		if got := float64(n[op]) / 100_000; got < want-0.01 || got > want+0.01 {
			t.Errorf("%s drawn %.3f of the time, want %.2f", Op(op), got, want)
		}
	}
}

// Concurrent PUT workers walk disjoint keys while the key space allows it.
func TestWorkerPutKeys(t *testing.T) {
	cl := &client{cfg: Config{Mix: Mix{OpPut: 1}}, keys: make([]url.URL, 10)}
	seen := map[int]int{}
	for id := range 3 {
		w := newWorker(cl, id, 3)
		for range 8 {
			k := w.key(OpPut)
			if k%3 != id && k < 9 {
				t.Errorf("worker %d wrote key %d of another worker", id, k)
			}
			seen[k]++
		}
	}
	if len(seen) != 10 {
		t.Errorf("keys written: %v, want all 10", seen)
	}
}

func FuzzParseMix(f *testing.F) {
	for _, s := range []string{"get=70,put=20,stat=10", "put=1", " head = 2 ", "get=1,get=2", "get=", ",", "get=0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMix(s)
		if err != nil {
			return
		}
		if m.total() == 0 {
			t.Fatalf("ParseMix(%q) accepted an empty mix", s)
		}
		back, err := ParseMix(m.String())
		if err != nil || back != m {
			t.Fatalf("round trip of %v via %q = %v, %v", m, m.String(), back, err)
		}
	})
}
