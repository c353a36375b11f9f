package loadgen

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// opStats is one worker's tally for one operation.
type opStats struct {
	hist   *Histogram
	ops    int64
	errors int64
	bytes  int64
}

// worker issues one request at a time and keeps its own statistics, so the
// hot path shares nothing with other workers but the max-ops ticket counter.
type worker struct {
	*conn
	id, n    int
	rng      *rand.Rand
	mix      Mix
	total    uint32
	putSeq   int
	stats    [NumOps]opStats
	errs     map[errKey]int64
	firstErr string
}

func newWorker(cl *client, id, n int) *worker {
	w := &worker{
		conn:  newConn(cl),
		id:    id,
		n:     n,
		rng:   rand.New(rand.NewPCG(uint64(id), uint64(time.Now().UnixNano()))),
		mix:   cl.cfg.Mix,
		total: cl.cfg.Mix.total(),
		errs:  map[errKey]int64{},
	}
	for op := range w.stats {
		if w.mix.has(Op(op)) {
			w.stats[op].hist = new(Histogram)
		}
	}
	return w
}

// pick draws the next operation from the mix.
func (w *worker) pick() Op {
	if op, ok := w.mix.only(); ok {
		return op
	}
	r := w.rng.Uint32N(w.total)
	for op, wt := range w.mix {
		if r < wt {
			return Op(op)
		}
		r -= wt
	}
	return OpGet
}

// key picks the object: reads go anywhere in the key space, writes walk this
// worker's share of it so concurrent PUTs rarely contend for one key.
func (w *worker) key(op Op) int {
	objects := len(w.cl.keys)
	if op != OpPut {
		return w.rng.IntN(objects)
	}
	k := w.id + w.putSeq*w.n
	if k >= objects {
		w.putSeq, k = 0, w.id%objects
	}
	w.putSeq++
	return k
}

func (w *worker) account(op Op, r reply) {
	s := &w.stats[op]
	if r.ok() {
		s.ops++
		s.bytes += r.bytes
		s.hist.Record(r.lat)
		return
	}
	s.errors++
	w.errs[keyOf(r)]++
	if r.err != nil && w.firstErr == "" {
		w.firstErr = r.err.Error()
	}
}

func keyOf(r reply) errKey {
	if r.err != nil {
		return errKey{Code: errClass(r.err)}
	}
	return errKey{Status: r.status, Code: r.code}
}

// phase is one bounded run of the workload.
type phase struct {
	deadline time.Time // zero: none
	maxOps   int64     // 0: none
	issued   atomic.Int64
}

func (w *worker) loop(p *phase) {
	done := w.ctx.Done()
	for {
		select {
		case <-done:
			return
		default:
		}
		if p.maxOps > 0 && p.issued.Add(1) > p.maxOps {
			return
		}
		now := time.Now()
		if !p.deadline.IsZero() && !now.Before(p.deadline) {
			return
		}
		op := w.pick()
		r := w.exec(op, w.key(op), now)
		if !r.ok() && w.ctx.Err() != nil {
			return // cut off by the stop, not failed by the server
		}
		w.account(op, r)
	}
}

// runWorkers starts one goroutine per worker on ctx and waits for all.
func runWorkers(ctx context.Context, ws []*worker, body func(w *worker)) {
	var wg sync.WaitGroup
	for _, w := range ws {
		w.ctx = ctx
		wg.Go(func() { body(w) })
	}
	wg.Wait()
}
