package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// cleanupTimeout bounds cleanup, which runs even after Ctrl-C.
const cleanupTimeout = time.Minute

// Run performs a whole benchmark: it creates the bucket if needed, prefills
// the key space for reads, warms up, measures, and cleans up when asked.
// Progress notes go to log. When ctx is cancelled during the timed phase
// the partial result is returned with StoppedBy "interrupted" and no error.
func Run(ctx context.Context, cfg Config, log io.Writer) (*Result, error) {
	b, err := newBench(cfg, log)
	if err != nil {
		return nil, err
	}
	defer b.close()
	res, err := b.run(ctx)
	if b.cfg.Cleanup && b.bucketReady {
		err = errors.Join(err, b.cleanup(ctx))
	}
	return res, err
}

// bench is one run's state; Run and Main drive it step by step so that Main
// can print the report before the (possibly slow) cleanup.
type bench struct {
	cfg         Config
	cl          *client
	log         io.Writer
	bucketReady bool
}

func newBench(cfg Config, log io.Writer) (*bench, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = io.Discard
	}
	cl, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	return &bench{cfg: cfg, cl: cl, log: log}, nil
}

func (b *bench) close() { b.cl.idle() }

func (b *bench) workers() []*worker {
	ws := make([]*worker, b.cfg.Concurrency)
	for i := range ws {
		ws[i] = newWorker(b.cl, i, len(ws))
	}
	return ws
}

// run does everything but cleanup.
func (b *bench) run(ctx context.Context) (*Result, error) {
	if b.cl.anon {
		fmt.Fprintln(b.log, "note: no credentials given, sending anonymous requests")
	}
	if err := b.ensureBucket(ctx); err != nil {
		return nil, err
	}
	b.bucketReady = true
	if b.cfg.needsPrefill() {
		fmt.Fprintf(b.log, "prefilling %d objects of %s (untimed)...\n", b.cfg.Objects, FormatSize(b.cfg.Size))
		if err := b.sweep(ctx, OpPut, nil); err != nil {
			return nil, fmt.Errorf("prefill: %w", err)
		}
	}
	if b.cfg.Warmup > 0 {
		fmt.Fprintf(b.log, "warming up for %v (untimed)...\n", b.cfg.Warmup)
		p := &phase{deadline: time.Now().Add(b.cfg.Warmup)}
		b.runPhase(ctx, p, b.workers())
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("warm-up: %w", err)
		}
	}
	fmt.Fprintf(b.log, "measuring %s...\n", b.bounds())
	return b.measure(ctx), nil
}

func (b *bench) bounds() string {
	switch {
	case b.cfg.MaxOps > 0 && b.cfg.Duration > 0:
		return fmt.Sprintf("for %v or %d operations", b.cfg.Duration, b.cfg.MaxOps)
	case b.cfg.MaxOps > 0:
		return fmt.Sprintf("%d operations", b.cfg.MaxOps)
	}
	return fmt.Sprintf("for %v", b.cfg.Duration)
}

// ensureBucket tolerates a bucket that exists already: HEAD first, so that
// credentials which may use but not create the bucket still work.
func (b *bench) ensureBucket(ctx context.Context) error {
	status, _, err := b.cl.bucketRequest(ctx, "HEAD", nil)
	if err != nil {
		return fmt.Errorf("head bucket %s: %w", b.cfg.Bucket, err)
	}
	if status == 200 {
		return nil
	}
	var body []byte
	if b.cfg.Region != defaultRegion {
		body = fmt.Appendf(nil, `<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>%s</LocationConstraint></CreateBucketConfiguration>`, b.cfg.Region)
	}
	status, code, err := b.cl.bucketRequest(ctx, "PUT", body)
	switch {
	case err != nil:
		return fmt.Errorf("create bucket %s: %w", b.cfg.Bucket, err)
	case status == 200 || code == apierr.BucketAlreadyOwnedByYou.Code:
		return nil
	}
	return fmt.Errorf("create bucket %s: %s", b.cfg.Bucket, errKey{status, code})
}

// runPhase runs the workload until the phase's bounds or ctx stop it.
// Requests still in flight at the deadline may finish within the drain
// time; after that they are cancelled and counted nowhere.
func (b *bench) runPhase(ctx context.Context, p *phase, ws []*worker) {
	if !p.deadline.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, p.deadline.Add(b.cfg.drain))
		defer cancel()
	}
	runWorkers(ctx, ws, func(w *worker) { w.loop(p) })
}

// measure runs the timed phase and tallies it.
func (b *bench) measure(ctx context.Context) *Result {
	ws := b.workers()
	cpu0, cpuOK := processCPU()
	start := time.Now()
	p := &phase{maxOps: b.cfg.MaxOps}
	if b.cfg.Duration > 0 {
		p.deadline = start.Add(b.cfg.Duration)
	}
	b.runPhase(ctx, p, ws)
	elapsed := time.Since(start)
	cpu1, cpuOK1 := processCPU()

	res := b.collect(ws)
	res.Elapsed = elapsed
	if cpuOK && cpuOK1 {
		res.ClientCPU = cpu1 - cpu0
	}
	switch {
	case ctx.Err() != nil:
		res.StoppedBy = "interrupted"
	case p.maxOps > 0 && p.issued.Load() > p.maxOps:
		res.StoppedBy = "max-ops"
	default:
		res.StoppedBy = "duration"
	}
	return res
}

func (b *bench) collect(ws []*worker) *Result {
	res := &Result{
		Name: b.cfg.Name, Mix: b.cfg.Mix, Endpoint: b.cfg.Endpoint, Bucket: b.cfg.Bucket,
		Size: b.cfg.Size, Concurrency: b.cfg.Concurrency, Objects: b.cfg.Objects,
		Latency: new(Histogram), Cores: runtime.NumCPU(),
	}
	errs := map[errKey]int64{}
	for _, w := range ws {
		for op := range w.stats {
			s, t := &w.stats[op], &res.PerOp[op]
			if s.hist == nil {
				continue
			}
			if t.Latency == nil {
				t.Latency = new(Histogram)
			}
			t.Ops += s.ops
			t.Errors += s.errors
			t.Bytes += s.bytes
			t.Latency.Merge(s.hist)
			res.Latency.Merge(s.hist)
			res.Ops += s.ops
			res.Errors += s.errors
			res.Bytes += s.bytes
		}
		for k, n := range w.errs {
			errs[k] += n
		}
		if res.FirstTransportError == "" {
			res.FirstTransportError = w.firstErr
		}
	}
	res.ErrorCounts = sortedErrors(errs)
	return res
}

// sweep applies op (PUT to prefill, DELETE to clean up) once to every key
// of the key space. PUT stops at the first failure: a prefill that fails
// once will fail a thousand times. DELETE tolerates missing keys.
func (b *bench) sweep(ctx context.Context, op Op, tolerate func(reply) bool) error {
	var next, failed atomic.Int64
	var first atomic.Value
	ws := b.workers()
	runWorkers(ctx, ws, func(w *worker) {
		for ctx.Err() == nil && (op != OpPut || failed.Load() == 0) {
			i := int(next.Add(1) - 1)
			if i >= len(b.cl.keys) {
				return
			}
			r := w.exec(op, i, time.Now())
			if r.ok() || tolerate != nil && tolerate(r) {
				continue
			}
			if failed.Add(1) == 1 {
				msg := keyOf(r).String()
				if r.err != nil {
					msg = r.err.Error()
				}
				first.Store(msg)
			}
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	if n := failed.Load(); n > 0 {
		return fmt.Errorf("%d %s request(s) failed, first: %s", n, methodOf(op), first.Load())
	}
	return nil
}

// cleanup deletes the key space and then the bucket. It runs on a context
// detached from ctx's cancellation, so an interrupted run still cleans up.
func (b *bench) cleanup(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	fmt.Fprintf(b.log, "cleaning up %d objects and bucket %s...\n", b.cfg.Objects, b.cfg.Bucket)
	missing := func(r reply) bool { return r.status == 404 }
	if err := b.sweep(ctx, opDelete, missing); err != nil {
		return fmt.Errorf("cleanup: %w", err)
	}
	status, code, err := b.cl.bucketRequest(ctx, "DELETE", nil)
	switch {
	case err != nil:
		return fmt.Errorf("cleanup: delete bucket: %w", err)
	case status/100 != 2 && status != 404:
		return fmt.Errorf("cleanup: delete bucket %s: %s", b.cfg.Bucket, errKey{status, code})
	}
	return nil
}
