package loadgen

import (
	"strings"
	"testing"
	"time"
)

func TestFmtDur(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{850, "850ns"}, {7100 * time.Nanosecond, "7.1µs"}, {7100 * time.Microsecond, "7.1ms"},
		{31 * time.Millisecond, "31.0ms"}, {2500 * time.Millisecond, "2.50s"},
	} {
		if got := fmtDur(tc.d); got != tc.want {
			t.Errorf("fmtDur(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestWriteText(t *testing.T) {
	h := new(Histogram)
	for i := range 1000 {
		h.Record(time.Duration(i+1) * 10 * time.Microsecond)
	}
	r := &Result{
		Name: "put", Mix: Mix{OpPut: 1}, Size: 4 << 10, Concurrency: 32, Elapsed: 30 * time.Second,
		StoppedBy: "duration", Ops: 123456, Errors: 7, Bytes: 123456 * 4096, Latency: h,
		ErrorCounts:         []ErrorCount{{503, "SlowDown", 5}, {404, "", 1}, {0, "connection reset", 1}},
		FirstTransportError: "read: connection reset by peer", ClientCPU: 2 * time.Second, Cores: 2,
	}
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := `op=put size=4KiB concurrency=32 duration=30.0s
ops: 123456 (4115.2 ops/s)  throughput: 16.1 MiB/s  errors: 7
latency: p50=5.0ms p90=9.0ms p99=9.9ms p99.9=10.0ms max=10.0ms
client cpu: 16.2 µs/op (0.07 of 2 cores)
errors by status/code:
  503 SlowDown: 5
  404: 1
  transport: connection reset: 1
  first transport error: read: connection reset by peer
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWriteTextNoCPUNoOps(t *testing.T) {
	r := &Result{Name: "get", Mix: Mix{OpGet: 1}, StoppedBy: "interrupted", Latency: new(Histogram)}
	var b strings.Builder
	r.WriteText(&b)
	for _, want := range []string{"stopped-by=interrupted", "latency: n/a", "client cpu: unknown"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %q in:\n%s", want, b.String())
		}
	}
}
