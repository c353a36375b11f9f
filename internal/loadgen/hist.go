package loadgen

import (
	"math"
	"math/bits"
	"time"
)

// The histogram is log-linear (HDR style): values below 2*subCount
// nanoseconds get one bucket each, and every power of two above that is cut
// into subCount equal buckets. A bucket is therefore at most 1/128 of its
// lower bound wide, and reporting its midpoint is within 0.4% of any value in
// it, whatever the scale.
const (
	subBits  = 7
	subCount = 1 << subBits
	// maxShift bounds the range at 2^(maxShift+subBits+1) ns (about 73
	// minutes); longer values land in the last bucket, and Max stays exact.
	maxShift   = 34
	numOctaves = maxShift + 2
	numBuckets = numOctaves * subCount
)

// Histogram records latencies without locking. Each worker owns one and the
// runner merges them at the end, so Record needs no atomics. Buckets are
// allocated one octave (a power of two: 128 buckets, 1 KiB) at a time when
// first hit, because latencies cluster in a few octaves and a full table
// (37 KiB) per worker and operation adds up at high concurrency; after the
// first few records, Record never allocates. The zero value is empty.
type Histogram struct {
	octaves [numOctaves]*[subCount]uint64
	n       uint64
	sum     uint64
	min     int64
	max     int64
}

func bucketIndex(v uint64) int {
	if v < 2*subCount {
		return int(v)
	}
	s := bits.Len64(v) - subBits - 1
	if s > maxShift {
		return numBuckets - 1
	}
	return s*subCount + int(v>>uint(s))
}

// bucketBounds returns the lowest value of bucket i and the bucket's width.
func bucketBounds(i int) (low, width uint64) {
	if i < 2*subCount {
		return uint64(i), 1
	}
	s := i/subCount - 1
	m := uint64(i%subCount + subCount)
	return m << uint(s), 1 << uint(s)
}

// Record adds one latency. Negative durations (a clock step) count as zero.
func (h *Histogram) Record(d time.Duration) {
	v := int64(d)
	if v < 0 {
		v = 0
	}
	i := bucketIndex(uint64(v))
	oct := h.octaves[i>>subBits]
	if oct == nil {
		oct = new([subCount]uint64)
		h.octaves[i>>subBits] = oct
	}
	oct[i&(subCount-1)]++
	if h.n == 0 || v < h.min {
		h.min = v
	}
	if v > h.max {
		h.max = v
	}
	h.n++
	h.sum += uint64(v)
}

// Merge adds every value recorded in o to h.
func (h *Histogram) Merge(o *Histogram) {
	if o == nil || o.n == 0 {
		return
	}
	for j, src := range o.octaves {
		if src == nil {
			continue
		}
		if h.octaves[j] == nil {
			h.octaves[j] = new([subCount]uint64)
		}
		for k, c := range src {
			h.octaves[j][k] += c
		}
	}
	if h.n == 0 || o.min < h.min {
		h.min = o.min
	}
	if o.max > h.max {
		h.max = o.max
	}
	h.n += o.n
	h.sum += o.sum
}

// Count is the number of recorded values.
func (h *Histogram) Count() uint64 { return h.n }

// Min is the smallest recorded value, exactly.
func (h *Histogram) Min() time.Duration { return time.Duration(h.min) }

// Max is the largest recorded value, exactly.
func (h *Histogram) Max() time.Duration { return time.Duration(h.max) }

// Mean is the exact arithmetic mean.
func (h *Histogram) Mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return time.Duration(h.sum / h.n)
}

// Quantile returns the value below or at which a fraction q (0..1) of the
// recorded values lie, using the nearest-rank definition. The answer is the
// midpoint of the bucket holding that rank, clamped to the exact min and max.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	if q >= 1 || math.IsNaN(q) {
		return time.Duration(h.max)
	}
	rank := uint64(math.Ceil(q * float64(h.n)))
	rank = max(rank, 1)
	var cum uint64
	for j, oct := range h.octaves {
		if oct == nil {
			continue
		}
		for k, c := range oct {
			cum += c
			if cum < rank {
				continue
			}
			low, width := bucketBounds(j<<subBits + k)
			v := int64(low + (width-1)/2)
			return time.Duration(min(max(v, h.min), h.max))
		}
	}
	return time.Duration(h.max)
}
