package iam

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
)

// Record namespaces of IAM entities. Ids are "ACCOUNT/lower-case-name".
const (
	nsUser   = "iam.user"
	nsGroup  = "iam.group"
	nsRole   = "iam.role"
	nsPolicy = "iam.policy"
)

func recordID(account, name string) string { return account + "/" + lower(name) }

// load reads every identity record into a new snapshot, compiling each
// stored policy once.
func (s *Service) load(ctx context.Context) (*snapshot, error) {
	snap := &snapshot{accounts: map[string]*Account{}, keys: map[string]*accessKey{}, dirs: map[string]*directory{}}
	dir := func(account string) *directory {
		d := snap.dirs[account]
		if d == nil {
			d = newDirectory()
			snap.dirs[account] = d
		}
		return d
	}
	loaders := []struct {
		ns string
		fn func([]byte) error
	}{
		{nsAccount, func(raw []byte) error {
			var a Account
			if err := json.Unmarshal(raw, &a); err != nil {
				return err
			}
			snap.accounts[a.ID] = &a
			return nil
		}},
		{nsKey, func(raw []byte) error {
			var k accessKey
			if err := json.Unmarshal(raw, &k); err != nil {
				return err
			}
			snap.keys[k.ID] = &k
			return nil
		}},
		{nsUser, func(raw []byte) error {
			var u User
			if err := json.Unmarshal(raw, &u); err != nil {
				return err
			}
			compileInline(u.Inline)
			dir(u.Account).users[lower(u.Name)] = &u
			return nil
		}},
		{nsGroup, func(raw []byte) error {
			var g Group
			if err := json.Unmarshal(raw, &g); err != nil {
				return err
			}
			compileInline(g.Inline)
			dir(g.Account).groups[lower(g.Name)] = &g
			return nil
		}},
		{nsRole, func(raw []byte) error {
			var r Role
			if err := json.Unmarshal(raw, &r); err != nil {
				return err
			}
			compileInline(r.Inline)
			r.trust, r.trustErr = policy.ParseWith([]byte(r.TrustDocument), policy.KindTrust, policy.Options{Family: policy.FamilyIAM, MaxSize: -1})
			dir(r.Account).roles[lower(r.Name)] = &r
			return nil
		}},
		{nsPolicy, func(raw []byte) error {
			var p ManagedPolicy
			if err := json.Unmarshal(raw, &p); err != nil {
				return err
			}
			for i := range p.Versions {
				compileVersion(&p.Versions[i])
			}
			dir(p.Account).policies[lower(p.Name)] = &p
			return nil
		}},
	}
	for _, l := range loaders {
		if err := eachRecord(ctx, s.store, l.ns, l.fn); err != nil {
			return nil, fmt.Errorf("iam: loading %s: %w", l.ns, err)
		}
	}
	for acct, d := range snap.dirs {
		d.derive(acct, snap.keys)
	}
	snap.indexKeys(nil)
	return snap, nil
}

// compileInline compiles stored inline policies. The size quota is the
// entity's sum, checked when written, so none applies here.
func compileInline(ps []InlinePolicy) {
	for i := range ps {
		ps[i].compiled, ps[i].err = policy.ParseWith([]byte(ps[i].Document), policy.KindIdentity, policy.Options{Family: policy.FamilyIAM, MaxSize: -1})
	}
}

func compileVersion(v *PolicyVersion) {
	v.compiled, v.err = policy.ParseWith([]byte(v.Document), policy.KindIdentity, policy.Options{Family: policy.FamilyIAM, MaxSize: -1})
}

// recordOp is one pending store write; a nil value deletes.
type recordOp struct {
	ns, id string
	value  []byte
}

// writer prepares the next snapshot: maps and directories are copied on
// first change, entities are replaced, never modified.
type writer struct {
	cur, next *snapshot
	now       time.Time
	touched   map[string]bool // accounts whose directory was cloned
	keysOwned bool
	acctOwned bool
	ops       []recordOp
}

func newWriter(cur *snapshot, now time.Time) *writer {
	next := &snapshot{accounts: cur.accounts, keys: cur.keys, dirs: cur.dirs}
	return &writer{cur: cur, next: next, now: now, touched: map[string]bool{}}
}

// view returns an account's directory in the next snapshot, for reading.
func (w *writer) view(account string) *directory { return w.next.dir(account) }

// edit returns an account's directory, cloned for changing.
func (w *writer) edit(account string) *directory {
	if w.touched[account] {
		return w.next.dirs[account]
	}
	if len(w.touched) == 0 {
		dirs := make(map[string]*directory, len(w.next.dirs)+1)
		for k, v := range w.next.dirs {
			dirs[k] = v
		}
		w.next.dirs = dirs
	}
	d := w.next.dir(account).clone()
	w.next.dirs[account] = d
	w.touched[account] = true
	return d
}

func (w *writer) put(ns, id string, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		// Entities hold strings, times and slices only.
		panic("iam: encoding " + ns + ": " + err.Error())
	}
	w.ops = append(w.ops, recordOp{ns: ns, id: id, value: raw})
}

func (w *writer) del(ns, id string) { w.ops = append(w.ops, recordOp{ns: ns, id: id}) }

func (w *writer) putUser(u *User) {
	w.edit(u.Account).users[lower(u.Name)] = u
	w.put(nsUser, recordID(u.Account, u.Name), u)
}

func (w *writer) deleteUser(u *User) {
	delete(w.edit(u.Account).users, lower(u.Name))
	w.del(nsUser, recordID(u.Account, u.Name))
}

func (w *writer) putGroup(g *Group) {
	w.edit(g.Account).groups[lower(g.Name)] = g
	w.put(nsGroup, recordID(g.Account, g.Name), g)
}

func (w *writer) deleteGroup(g *Group) {
	delete(w.edit(g.Account).groups, lower(g.Name))
	w.del(nsGroup, recordID(g.Account, g.Name))
}

func (w *writer) putRole(r *Role) {
	w.edit(r.Account).roles[lower(r.Name)] = r
	w.put(nsRole, recordID(r.Account, r.Name), r)
}

func (w *writer) deleteRole(r *Role) {
	delete(w.edit(r.Account).roles, lower(r.Name))
	w.del(nsRole, recordID(r.Account, r.Name))
}

func (w *writer) putPolicy(p *ManagedPolicy) {
	w.edit(p.Account).policies[lower(p.Name)] = p
	w.put(nsPolicy, recordID(p.Account, p.Name), p)
}

func (w *writer) deletePolicy(p *ManagedPolicy) {
	delete(w.edit(p.Account).policies, lower(p.Name))
	w.del(nsPolicy, recordID(p.Account, p.Name))
}

func (w *writer) ownKeys() {
	if w.keysOwned {
		return
	}
	m := make(map[string]*accessKey, len(w.next.keys)+1)
	for k, v := range w.next.keys {
		m[k] = v
	}
	w.next.keys, w.keysOwned = m, true
}

// putKeyRecord stores a key whose Secret is already sealed.
func (w *writer) putKeyRecord(k *accessKey) {
	w.ownKeys()
	w.next.keys[k.ID] = k
	w.edit(k.Account) // the account's key index changes
	w.put(nsKey, k.ID, k)
}

func (w *writer) deleteKey(k *accessKey) {
	w.ownKeys()
	delete(w.next.keys, k.ID)
	w.edit(k.Account)
	w.del(nsKey, k.ID)
}

func (w *writer) putAccount(a *Account) {
	if !w.acctOwned {
		m := make(map[string]*Account, len(w.next.accounts)+1)
		for k, v := range w.next.accounts {
			m[k] = v
		}
		w.next.accounts, w.acctOwned = m, true
	}
	w.next.accounts[a.ID] = a
	w.edit(a.ID)
	w.put(nsAccount, a.ID, a)
}

// finish derives the indexes of what changed and returns the snapshot to
// publish.
func (w *writer) finish() *snapshot {
	for acct := range w.touched {
		w.next.dirs[acct].derive(acct, w.next.keys)
	}
	w.next.indexKeys(w.cur)
	return w.next
}

// update runs fn against a writer under the service's write lock, commits
// its records in one store transaction and publishes the new snapshot.
// Writes are rare (administration), so serializing them keeps every check
// fn makes consistent with what it commits.
func (s *Service) update(ctx context.Context, fn func(w *writer) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	w := newWriter(s.snap.Load(), s.now().UTC().Truncate(time.Second))
	if err := fn(w); err != nil {
		return err
	}
	if len(w.ops) == 0 {
		return nil
	}
	err := s.store.UpdateRecords(ctx, func(tx meta.RecordTx) error {
		for _, op := range w.ops {
			var err error
			if op.value == nil {
				err = tx.Delete(op.ns, op.id)
				if errors.Is(err, meta.ErrNotFound) {
					err = nil
				}
			} else {
				err = tx.Put(op.ns, op.id, op.value)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.snap.Store(w.finish())
	return nil
}
