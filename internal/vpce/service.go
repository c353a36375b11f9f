package vpce

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/netcfg"
	"github.com/coffer-s3/coffer/internal/policy"
)

// nsEndpoint holds one record per endpoint: when it first appeared and
// the policy set through the API, if any.
const nsEndpoint = "ec2.vpc-endpoint"

// DefaultPolicy is the policy an endpoint without one shows, AWS's full
// access policy.
const DefaultPolicy = `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`

// ErrNotFound: no endpoint with that id belongs to the account.
var ErrNotFound = errors.New("vpce: no such endpoint")

// record is the stored state of one endpoint.
type record struct {
	Created time.Time `json:"created"`
	// API is set when ModifyVpcEndpoint changed the policy: Policy is the
	// document ("" after ResetPolicy: full access) and FileHash the hash
	// of the file's policy it replaced. It stays in force while the file's
	// policy hashes the same.
	API      bool   `json:"api,omitempty"`
	Policy   string `json:"policy,omitempty"`
	FileHash string `json:"file_hash,omitempty"`
}

// Options configures a Service.
type Options struct {
	Store  meta.Store
	Logger *slog.Logger
	Now    func() time.Time
}

// Service holds the endpoints in force.
type Service struct {
	store meta.Store
	log   *slog.Logger
	now   func() time.Time
	mu    sync.Mutex // serialises Apply and SetPolicy
	state atomic.Pointer[State]
}

// State is one immutable view of the endpoints.
type State struct {
	Config *netcfg.Config
	recs   map[string]record
	eps    map[string]*access.Endpoint
}

// Info describes an endpoint for DescribeVpcEndpoints.
type Info struct {
	*netcfg.Endpoint
	Created time.Time
	// PolicyDoc is the policy in force (DefaultPolicy when none).
	PolicyDoc string
}

// New loads the stored endpoint records and applies cfg (nil: no
// endpoints).
func New(ctx context.Context, o Options, cfg *netcfg.Config) (*Service, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Service{store: o.Store, log: o.Logger, now: o.Now}
	recs := map[string]record{}
	it, err := o.Store.Records(ctx, nsEndpoint, "")
	if err != nil {
		return nil, err
	}
	for it.Next() {
		var r record
		if err := json.Unmarshal(it.Item().Value, &r); err == nil {
			recs[it.Item().ID] = r
		}
	}
	if err := it.Close(); err != nil {
		return nil, err
	}
	s.state.Store(&State{Config: &netcfg.Config{}, recs: recs, eps: map[string]*access.Endpoint{}})
	return s, s.Apply(ctx, cfg)
}

// Current returns the state in force.
func (s *Service) Current() *State { return s.state.Load() }

// Apply puts a new network configuration in force: endpoints that appear
// get a record, records of endpoints that went away are dropped, and a
// policy set through the API lapses when the file's policy for that
// endpoint changed.
func (s *Service) Apply(ctx context.Context, cfg *netcfg.Config) error {
	if cfg == nil {
		cfg = &netcfg.Config{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.state.Load()
	recs := make(map[string]record, len(cfg.Endpoints))
	puts := map[string]record{}
	for _, e := range cfg.Endpoints {
		r, ok := old.recs[e.ID]
		switch {
		case !ok:
			r = record{Created: s.now().UTC()}
			puts[e.ID] = r
		case r.API && r.FileHash != e.PolicyHash():
			s.log.Info("the file's endpoint policy changed: it replaces the policy set through the API", "endpoint", e.ID)
			r = record{Created: r.Created}
			puts[e.ID] = r
		}
		recs[e.ID] = r
	}
	var dels []string
	for id := range old.recs {
		if _, ok := recs[id]; !ok {
			dels = append(dels, id)
		}
	}
	if len(puts)+len(dels) > 0 {
		err := s.store.UpdateRecords(ctx, func(tx meta.RecordTx) error {
			for id, r := range puts {
				v, _ := json.Marshal(r)
				if err := tx.Put(nsEndpoint, id, v); err != nil {
					return err
				}
			}
			for _, id := range dels {
				if err := tx.Delete(nsEndpoint, id); err != nil && !errors.Is(err, meta.ErrNotFound) {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	s.state.Store(s.build(cfg, recs))
	return nil
}

// SetPolicy replaces the policy of an endpoint of the account, as
// ModifyVpcEndpoint does: doc is the new policy, or reset restores full
// access. A malformed doc fails with the policy engine's error.
func (s *Service) SetPolicy(ctx context.Context, account, id string, doc []byte, reset bool) error {
	var compact []byte
	if !reset {
		var err error
		if compact, _, err = netcfg.CompilePolicy(doc); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state.Load()
	e := st.Config.Endpoint(id)
	if e == nil || e.Owner != account {
		return ErrNotFound
	}
	r := st.recs[id]
	r.API, r.Policy, r.FileHash = true, string(compact), e.PolicyHash()
	v, _ := json.Marshal(r)
	if err := s.store.UpdateRecords(ctx, func(tx meta.RecordTx) error { return tx.Put(nsEndpoint, id, v) }); err != nil {
		return err
	}
	recs := make(map[string]record, len(st.recs))
	for k, v := range st.recs {
		recs[k] = v
	}
	recs[id] = r
	s.state.Store(s.build(st.Config, recs))
	return nil
}

// denyAll stands in for a stored policy that no longer compiles: such an
// endpoint grants nothing rather than failing open.
var denyAll = `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`

func (s *Service) build(cfg *netcfg.Config, recs map[string]record) *State {
	st := &State{Config: cfg, recs: recs, eps: make(map[string]*access.Endpoint, len(cfg.Endpoints))}
	for _, e := range cfg.Endpoints {
		p := e.Policy
		if r := recs[e.ID]; r.API {
			p = nil
			if r.Policy != "" {
				var err error
				if _, p, err = netcfg.CompilePolicy([]byte(r.Policy)); err != nil {
					s.log.Error("stored endpoint policy no longer compiles: the endpoint denies everything until it is set again", "endpoint", e.ID, "err", err)
					_, p, _ = netcfg.CompilePolicy([]byte(denyAll))
				}
			}
		}
		st.eps[e.ID] = access.NewEndpoint(e.ID, e.VPC, e.Owner, p)
	}
	return st
}

// Endpoint returns the request-level value of an endpoint, or nil.
func (st *State) Endpoint(id string) *access.Endpoint { return st.eps[id] }

// Attribute returns the endpoint a request belongs to (netcfg's rules), or
// nil for a public request.
func (st *State) Attribute(via string, src netip.Addr) *access.Endpoint {
	if e := st.Config.Attribute(via, src); e != nil {
		return st.eps[e.ID]
	}
	return nil
}

// Policy returns the policy in force for an endpoint (nil: full access).
func (st *State) Policy(id string) *policy.Policy {
	if e := st.eps[id]; e != nil && e.Policy != nil {
		return e.Policy.Policy
	}
	return nil
}

// Describe returns the account's endpoints in file order.
func (st *State) Describe(account string) []Info {
	var out []Info
	for _, e := range st.Config.Endpoints {
		if e.Owner != account {
			continue
		}
		r := st.recs[e.ID]
		doc := string(e.PolicyDoc)
		if r.API {
			doc = r.Policy
		}
		if doc == "" {
			doc = DefaultPolicy
		}
		out = append(out, Info{Endpoint: e, Created: r.Created, PolicyDoc: doc})
	}
	return out
}
