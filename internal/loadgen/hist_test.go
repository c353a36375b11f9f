package loadgen

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// exactQuantile is the nearest-rank percentile of sorted values.
func exactQuantile(sorted []int64, q float64) int64 {
	rank := int(math.Ceil(q * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}

func TestHistogramAccuracy(t *testing.T) {
	gen := func(f func(r *rand.Rand) float64) func(r *rand.Rand) int64 {
		return func(r *rand.Rand) int64 { return int64(f(r)) }
	}
	for _, tc := range []struct {
		name string
		n    int
		next func(r *rand.Rand) int64
	}{
		{"uniform 1-10ms", 100_000, gen(func(r *rand.Rand) float64 { return 1e6 + r.Float64()*9e6 })},
		{"exponential mean 5ms", 100_000, gen(func(r *rand.Rand) float64 { return 1e5 + r.ExpFloat64()*5e6 })},
		{"lognormal wide", 100_000, gen(func(r *rand.Rand) float64 { return math.Exp(12 + 2*r.NormFloat64()) })},
		{"bimodal fast/slow", 50_000, gen(func(r *rand.Rand) float64 {
			if r.IntN(100) < 95 {
				return 200e3 + r.Float64()*50e3
			}
			return 2e9 + r.Float64()*1e9
		})},
		{"tiny exact values", 10_000, func(r *rand.Rand) int64 { return r.Int64N(256) }},
		{"constant", 1000, func(*rand.Rand) int64 { return 7_123_456 }},
		{"single value", 1, func(*rand.Rand) int64 { return 31_000_000 }},
		{"hours long", 1000, func(r *rand.Rand) int64 { return int64(time.Hour) + r.Int64N(int64(time.Hour)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			var h Histogram
			vals := make([]int64, tc.n)
			for i := range vals {
				vals[i] = tc.next(r)
				h.Record(time.Duration(vals[i]))
			}
			slices.Sort(vals)
			if h.Count() != uint64(tc.n) || int64(h.Min()) != vals[0] || int64(h.Max()) != vals[tc.n-1] {
				t.Fatalf("count=%d min=%d max=%d, want %d %d %d", h.Count(), h.Min(), h.Max(), tc.n, vals[0], vals[tc.n-1])
			}
			// Beyond the tracked range (about 73 minutes) only Max is exact.
			tol := 0.01
			if vals[tc.n-1] >= 1<<(maxShift+subBits+1) {
				tol = math.Inf(1)
			}
			for _, q := range []float64{0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 0.9999, 1} {
				want := exactQuantile(vals, q)
				got := int64(h.Quantile(q))
				if rel := math.Abs(float64(got-want)) / float64(max(want, 1)); rel > tol {
					t.Errorf("q=%v: got %d, want %d (error %.3f%%)", q, got, want, rel*100)
				}
			}
		})
	}
}

func TestHistogramEmptyAndNegative(t *testing.T) {
	var h Histogram
	if h.Quantile(0.5) != 0 || h.Mean() != 0 || h.Max() != 0 {
		t.Errorf("empty histogram: %v %v %v", h.Quantile(0.5), h.Mean(), h.Max())
	}
	h.Record(-5)
	if h.Count() != 1 || h.Quantile(0.99) != 0 || h.Min() != 0 {
		t.Errorf("negative recorded as %v", h.Quantile(0.99))
	}
}

func TestHistogramMerge(t *testing.T) {
	var a, b, all Histogram
	for i := range int64(10_000) {
		d := time.Duration(i * 997)
		all.Record(d)
		if i%3 == 0 {
			a.Record(d)
		} else {
			b.Record(d)
		}
	}
	var m Histogram
	m.Merge(&a)
	m.Merge(&b)
	m.Merge(nil)
	m.Merge(new(Histogram))
	if !equalHist(&m, &all) {
		t.Fatalf("merged histogram differs: n=%d/%d min=%v/%v max=%v/%v mean=%v/%v",
			m.Count(), all.Count(), m.Min(), all.Min(), m.Max(), all.Max(), m.Mean(), all.Mean())
	}
}

// Bucket bounds must tile the number line with no gap or overlap, each
// bucket's relative width at most 1/subCount.
func TestBucketLayout(t *testing.T) {
	next := uint64(0)
	for i := range numBuckets {
		low, width := bucketBounds(i)
		if low != next {
			t.Fatalf("bucket %d starts at %d, want %d", i, low, next)
		}
		if i >= 2*subCount && float64(width)/float64(low) > 1.0/subCount {
			t.Fatalf("bucket %d too wide: %d at %d", i, width, low)
		}
		for _, v := range []uint64{low, low + width/2, low + width - 1} {
			if got := bucketIndex(v); got != i {
				t.Fatalf("value %d in bucket %d, want %d", v, got, i)
			}
		}
		next = low + width
	}
	if bucketIndex(math.MaxUint64) != numBuckets-1 {
		t.Errorf("huge values must land in the last bucket")
	}
}

func equalHist(a, b *Histogram) bool {
	if a.n != b.n || a.sum != b.sum || a.min != b.min || a.max != b.max {
		return false
	}
	for j := range a.octaves {
		x, y := a.octaves[j], b.octaves[j]
		if x == nil || y == nil {
			if x != y && *cmpOr(x, y) != [subCount]uint64{} {
				return false
			}
			continue
		}
		if *x != *y {
			return false
		}
	}
	return true
}

func cmpOr(x, y *[subCount]uint64) *[subCount]uint64 {
	if x != nil {
		return x
	}
	return y
}

func TestHistogramRecordDoesNotAllocate(t *testing.T) {
	var h Histogram
	h.Record(time.Millisecond) // allocates the octave
	if n := testing.AllocsPerRun(1000, func() { h.Record(time.Millisecond + 3) }); n != 0 {
		t.Errorf("Record allocates %v times per call", n)
	}
}

func BenchmarkHistogramRecord(b *testing.B) {
	var h Histogram
	vals := make([]time.Duration, 1024)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range vals {
		vals[i] = time.Duration(math.Exp(13 + r.NormFloat64()))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		h.Record(vals[i&1023])
	}
}

func BenchmarkHistogramQuantile(b *testing.B) {
	var h Histogram
	for i := range 100_000 {
		h.Record(time.Duration(i) * time.Microsecond)
	}
	b.ReportAllocs()
	for b.Loop() {
		h.Quantile(0.99)
	}
}
