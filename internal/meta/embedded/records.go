package embedded

import (
	"context"

	"github.com/cockroachdb/pebble/v2"

	"github.com/coffer-s3/coffer/internal/meta"
)

// GetRecord implements meta.Store.
func (s *Store) GetRecord(ctx context.Context, ns, id string) ([]byte, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	return get(s.db, recordKey(ns, id))
}

// UpdateRecords implements meta.Store. Record updates are rare (identity and
// configuration changes), so one lock serialises them; reads inside fn see
// fn's own writes through the indexed batch.
func (s *Store) UpdateRecords(ctx context.Context, fn func(meta.RecordTx) error) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	defer s.leave()
	s.recordsMu.Lock()
	defer s.recordsMu.Unlock()
	b := s.db.NewIndexedBatch()
	defer b.Close()
	if err := fn(&recordTx{b: b}); err != nil {
		return err
	}
	if b.Empty() {
		return nil
	}
	return s.commit(b)
}

type recordTx struct{ b *pebble.Batch }

func (t *recordTx) Get(ns, id string) ([]byte, error) { return get(t.b, recordKey(ns, id)) }

func (t *recordTx) Put(ns, id string, value []byte) error {
	// A NUL in ns would let one namespace read into another.
	if err := validName(ns); err != nil {
		return err
	}
	return t.b.Set(recordKey(ns, id), value, nil)
}

func (t *recordTx) Delete(ns, id string) error {
	return t.b.Delete(recordKey(ns, id), nil)
}

func (t *recordTx) List(ns, prefix string) ([]meta.Record, error) {
	it, err := prefixIter(t.b, recordKey(ns, prefix))
	if err != nil {
		return nil, err
	}
	r := &recordIter{it: it, skip: len(ns) + 2}
	defer r.Close()
	var out []meta.Record
	for r.Next() {
		out = append(out, r.Item())
	}
	return out, r.Err()
}

// Records implements meta.Store.
func (s *Store) Records(ctx context.Context, ns, prefix string) (meta.Iter[meta.Record], error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.leave()
	it, err := prefixIter(s.db, recordKey(ns, prefix))
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
