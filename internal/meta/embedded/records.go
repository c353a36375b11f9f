package embedded

import (
	"context"
	"errors"

	"github.com/cockroachdb/pebble/v2"

	"github.com/coffer-s3/coffer/internal/meta"
)

// GetRecord implements meta.Store.
func (s *Store) GetRecord(ctx context.Context, ns, id string) ([]byte, error) {
	return s.get(recordKey(ns, id))
}

// UpdateRecords implements meta.Store. Record updates are rare (identity and
// configuration changes), so one lock serialises them; reads inside fn see
// fn's own writes.
func (s *Store) UpdateRecords(ctx context.Context, fn func(meta.RecordTx) error) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	s.recordsMu.Lock()
	defer s.recordsMu.Unlock()
	b := s.db.NewIndexedBatch()
	if err := fn(&recordTx{b: b}); err != nil {
		b.Close()
		return err
	}
	if b.Empty() {
		b.Close()
		return nil
	}
	return s.commit(b)
}

type recordTx struct{ b *pebble.Batch }

func (t *recordTx) Get(ns, id string) ([]byte, error) {
	v, c, err := t.b.Get(recordKey(ns, id))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, meta.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return append([]byte(nil), v...), nil
}

func (t *recordTx) Put(ns, id string, value []byte) error {
	return t.b.Set(recordKey(ns, id), value, nil)
}

func (t *recordTx) Delete(ns, id string) error {
	return t.b.Delete(recordKey(ns, id), nil)
}

func (t *recordTx) List(ns, prefix string) ([]meta.Record, error) {
	p := recordKey(ns, prefix)
	it, err := t.b.NewIter(&pebble.IterOptions{LowerBound: p, UpperBound: upperBound(p)})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []meta.Record
	skip := len(ns) + 2
	for ok := it.First(); ok; ok = it.Next() {
		out = append(out, meta.Record{ID: string(it.Key()[skip:]), Value: append([]byte(nil), it.Value()...)})
	}
	return out, it.Error()
}

// Records implements meta.Store.
func (s *Store) Records(ctx context.Context, ns, prefix string) (meta.Iter[meta.Record], error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	it, err := s.newIter(recordKey(ns, prefix))
	if err != nil {
		return nil, err
	}
	return &recordIter{it: it, skip: len(ns) + 2}, nil
}

type recordIter struct {
	it      *pebble.Iterator
	skip    int
	started bool
	item    meta.Record
}

func (r *recordIter) Next() bool {
	var ok bool
	if !r.started {
		ok = r.it.First()
		r.started = true
	} else {
		ok = r.it.Next()
	}
	if ok {
		r.item = meta.Record{ID: string(r.it.Key()[r.skip:]), Value: append([]byte(nil), r.it.Value()...)}
	}
	return ok
}

func (r *recordIter) Item() meta.Record { return r.item }
func (r *recordIter) SkipPrefix(string) {}
func (r *recordIter) Err() error        { return r.it.Error() }
func (r *recordIter) Close() error      { return r.it.Close() }
