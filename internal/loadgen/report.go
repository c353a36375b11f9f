package loadgen

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Result is the outcome of the timed phase. Ops counts successful
// operations only; failed ones are in Errors and ErrorCounts.
type Result struct {
	Name        string
	Mix         Mix
	Endpoint    string
	Bucket      string
	Size        int64
	Concurrency int
	Objects     int
	Elapsed     time.Duration
	// StoppedBy is "duration", "max-ops" or "interrupted".
	StoppedBy string
	Ops       int64
	Errors    int64
	// Bytes is the payload moved by successful operations (PUT bodies
	// sent, GET bodies received).
	Bytes int64
	// Latency merges every successful operation; PerOp splits by kind
	// (Latency nil for operations outside the mix).
	Latency     *Histogram
	PerOp       [NumOps]OpResult
	ErrorCounts []ErrorCount
	// FirstTransportError is one full message of a transport failure, as
	// ErrorCounts keeps only its class.
	FirstTransportError string
	// ClientCPU is the user+system CPU this process used in the timed
	// phase; 0 where the platform cannot tell.
	ClientCPU time.Duration
	Cores     int
}

// OpResult is the tally of one operation kind.
type OpResult struct {
	Ops, Errors, Bytes int64
	Latency            *Histogram
}

// ErrorCount is the number of failures of one status and S3 code; Status 0
// means the request failed in transport and Code is the failure's class.
type ErrorCount struct {
	Status int
	Code   string
	Count  int64
}

func sortedErrors(m map[errKey]int64) []ErrorCount {
	out := make([]ErrorCount, 0, len(m))
	for k, n := range m {
		out = append(out, ErrorCount{k.Status, k.Code, n})
	}
	slices.SortFunc(out, func(a, b ErrorCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Status, b.Status), strings.Compare(a.Code, b.Code))
	})
	return out
}

func perSecond(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// OpsPerSec is successful operations per second of the timed phase.
func (r *Result) OpsPerSec() float64 { return perSecond(r.Ops, r.Elapsed) }

// MiBPerSec is payload throughput in MiB/s.
func (r *Result) MiBPerSec() float64 { return perSecond(r.Bytes, r.Elapsed) / (1 << 20) }

// CPUPerOp is the client's CPU time per attempted operation.
func (r *Result) CPUPerOp() time.Duration {
	if n := r.Ops + r.Errors; n > 0 {
		return r.ClientCPU / time.Duration(n)
	}
	return 0
}

func fmtDur(d time.Duration) string {
	switch {
	case d < time.Microsecond:
		return fmt.Sprintf("%dns", d.Nanoseconds())
	case d < time.Millisecond:
		return fmt.Sprintf("%.1fµs", float64(d)/float64(time.Microsecond))
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

func latencyLine(h *Histogram) string {
	if h == nil || h.Count() == 0 {
		return "n/a"
	}
	return fmt.Sprintf("p50=%s p90=%s p99=%s p99.9=%s max=%s",
		fmtDur(h.Quantile(0.50)), fmtDur(h.Quantile(0.90)), fmtDur(h.Quantile(0.99)),
		fmtDur(h.Quantile(0.999)), fmtDur(h.Max()))
}

// WriteText prints the human-readable report.
func (r *Result) WriteText(w io.Writer) error {
	var b strings.Builder
	name := r.Name
	if _, single := r.Mix.only(); !single {
		name += "(" + r.Mix.String() + ")"
	}
	secs := fmt.Sprintf("%.1fs", r.Elapsed.Seconds())
	if r.Elapsed < time.Second {
		secs = fmt.Sprintf("%.3fs", r.Elapsed.Seconds()) // runs bounded by --max-ops can be short
	}
	fmt.Fprintf(&b, "op=%s size=%s concurrency=%d duration=%s", name, FormatSize(r.Size), r.Concurrency, secs)
	if r.StoppedBy != "duration" {
		fmt.Fprintf(&b, " stopped-by=%s", r.StoppedBy)
	}
	fmt.Fprintf(&b, "\nops: %d (%.1f ops/s)  throughput: %.1f MiB/s  errors: %d\n", r.Ops, r.OpsPerSec(), r.MiBPerSec(), r.Errors)
	fmt.Fprintf(&b, "latency: %s\n", latencyLine(r.Latency))
	if _, single := r.Mix.only(); !single {
		for op, s := range r.PerOp {
			if s.Latency == nil {
				continue
			}
			fmt.Fprintf(&b, "  %-4s ops: %d (%.1f ops/s)  %.1f MiB/s  errors: %d  latency: %s\n", Op(op), s.Ops,
				perSecond(s.Ops, r.Elapsed), perSecond(s.Bytes, r.Elapsed)/(1<<20), s.Errors, latencyLine(s.Latency))
		}
	}
	if r.ClientCPU > 0 {
		fmt.Fprintf(&b, "client cpu: %.1f µs/op (%.2f of %d cores)\n", float64(r.CPUPerOp())/float64(time.Microsecond),
			perSecond(int64(r.ClientCPU), r.Elapsed)/float64(time.Second), r.Cores)
	} else {
		b.WriteString("client cpu: unknown on this platform\n")
	}
	if len(r.ErrorCounts) > 0 {
		b.WriteString("errors by status/code:\n")
		for _, e := range r.ErrorCounts {
			fmt.Fprintf(&b, "  %s: %d\n", errKey{e.Status, e.Code}, e.Count)
		}
		if r.FirstTransportError != "" {
			fmt.Fprintf(&b, "  first transport error: %s\n", r.FirstTransportError)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonLatency is in microseconds, the unit that keeps S3 latencies readable.
type jsonLatency struct {
	P50  float64 `json:"p50_us"`
	P90  float64 `json:"p90_us"`
	P99  float64 `json:"p99_us"`
	P999 float64 `json:"p99_9_us"`
	Max  float64 `json:"max_us"`
	Min  float64 `json:"min_us"`
	Mean float64 `json:"mean_us"`
}

type jsonOp struct {
	Ops       int64       `json:"ops"`
	Errors    int64       `json:"errors"`
	Bytes     int64       `json:"bytes"`
	OpsPerSec float64     `json:"ops_per_sec"`
	MiBPerSec float64     `json:"mib_per_sec"`
	Latency   jsonLatency `json:"latency"`
}

type jsonError struct {
	Status int    `json:"status"`
	Code   string `json:"code"`
	Count  int64  `json:"count"`
}

type jsonResult struct {
	Op             string  `json:"op"`
	Mix            string  `json:"mix"`
	Endpoint       string  `json:"endpoint"`
	Bucket         string  `json:"bucket"`
	Size           int64   `json:"size_bytes"`
	Concurrency    int     `json:"concurrency"`
	Objects        int     `json:"objects"`
	ElapsedSeconds float64 `json:"elapsed_seconds"`
	StoppedBy      string  `json:"stopped_by"`
	jsonOp
	PerOp             map[string]jsonOp `json:"per_op"`
	ErrorCounts       []jsonError       `json:"errors_by_code"`
	FirstTransportErr string            `json:"first_transport_error,omitempty"`
	ClientCPUSeconds  float64           `json:"client_cpu_seconds"`
	ClientCPUPerOpUS  float64           `json:"client_cpu_us_per_op"`
	Cores             int               `json:"cores"`
}

func toJSONLatency(h *Histogram) jsonLatency {
	if h == nil || h.Count() == 0 {
		return jsonLatency{}
	}
	us := func(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
	return jsonLatency{
		P50: us(h.Quantile(0.5)), P90: us(h.Quantile(0.9)), P99: us(h.Quantile(0.99)),
		P999: us(h.Quantile(0.999)), Max: us(h.Max()), Min: us(h.Min()), Mean: us(h.Mean()),
	}
}

func (r *Result) toJSONOp(ops, errs, bytes int64, h *Histogram) jsonOp {
	return jsonOp{ops, errs, bytes, perSecond(ops, r.Elapsed), perSecond(bytes, r.Elapsed) / (1 << 20), toJSONLatency(h)}
}

// WriteJSON prints the result as one JSON object for scripts.
func (r *Result) WriteJSON(w io.Writer) error {
	j := jsonResult{
		Op: r.Name, Mix: r.Mix.String(), Endpoint: r.Endpoint, Bucket: r.Bucket, Size: r.Size,
		Concurrency: r.Concurrency, Objects: r.Objects, ElapsedSeconds: r.Elapsed.Seconds(), StoppedBy: r.StoppedBy,
		jsonOp:            r.toJSONOp(r.Ops, r.Errors, r.Bytes, r.Latency),
		PerOp:             map[string]jsonOp{},
		ErrorCounts:       []jsonError{},
		FirstTransportErr: r.FirstTransportError,
		ClientCPUSeconds:  r.ClientCPU.Seconds(),
		ClientCPUPerOpUS:  float64(r.CPUPerOp()) / float64(time.Microsecond),
		Cores:             r.Cores,
	}
	for op, s := range r.PerOp {
		if s.Latency != nil {
			j.PerOp[Op(op).String()] = r.toJSONOp(s.Ops, s.Errors, s.Bytes, s.Latency)
		}
	}
	for _, e := range r.ErrorCounts {
		j.ErrorCounts = append(j.ErrorCounts, jsonError(e))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}
