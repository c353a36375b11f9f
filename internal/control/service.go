package control

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/meta"
	"github.com/coffer-s3/coffer/internal/policy"
)

// Record namespaces.
const (
	nsAccessPoint = "s3control.accesspoint" // ACCOUNT/NAME -> AccessPoint
	nsAccountPAB  = "s3control.pab"         // ACCOUNT -> PAB
)

// Service keeps access points and account settings in memory, as an
// immutable snapshot replaced after each change.
type Service struct {
	store  meta.Store
	region string
	now    func() time.Time
	mu     sync.Mutex // serialises writers
	snap   atomic.Pointer[state]
}

type state struct {
	byName  map[string]*AccessPoint // ACCOUNT/NAME
	byAlias map[string]*AccessPoint
	pab     map[string]PAB // account -> setting
}

// New loads the service's state from the store.
func New(ctx context.Context, store meta.Store, region string, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	s := &Service{store: store, region: region, now: now}
	return s, s.load(ctx)
}

func (s *Service) load(ctx context.Context) error {
	st := &state{byName: map[string]*AccessPoint{}, byAlias: map[string]*AccessPoint{}, pab: map[string]PAB{}}
	it, err := s.store.Records(ctx, nsAccessPoint, "")
	if err != nil {
		return err
	}
	for it.Next() {
		var ap AccessPoint
		if err := json.Unmarshal(it.Item().Value, &ap); err != nil {
			it.Close()
			return err
		}
		compile(&ap)
		st.byName[ap.Account+"/"+ap.Name] = &ap
		st.byAlias[ap.Alias] = &ap
	}
	if err := it.Close(); err != nil {
		return err
	}
	it, err = s.store.Records(ctx, nsAccountPAB, "")
	if err != nil {
		return err
	}
	defer it.Close()
	for it.Next() {
		p, _ := DecodePAB(it.Item().Value)
		st.pab[it.Item().ID] = p
	}
	s.snap.Store(st)
	return it.Err()
}

// compile prepares an access point's stored policy; one that no longer
// parses grants nothing.
func compile(ap *AccessPoint) {
	ap.compiled, ap.public = nil, false
	if ap.Policy != "" {
		if p, err := ParseAccessPointPolicy([]byte(ap.Policy)); err == nil {
			ap.compiled = p
			ap.public = ap.VpcID == "" && p.IsPublic()
		} else {
			// A stored policy that no longer compiles keeps denying.
			ap.compiled = denyAll
		}
	}
}

// denyAll stands in for a stored policy that no longer compiles: its
// NotResource names nothing, so it denies every resource.
var denyAll = func() *policy.Policy {
	p, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Sid":"UnreadablePolicy","Effect":"Deny","Principal":"*","Action":"*","NotResource":"arn:aws:s3:::coffer-matches-nothing"}]}`), policy.KindResource)
	if err != nil {
		panic("control: deny-all policy: " + err.Error())
	}
	return p
}()

// ParseAccessPointPolicy validates an access point policy as S3 does.
func ParseAccessPointPolicy(doc []byte) (*policy.Policy, error) {
	return policy.ParseWith(doc, policy.KindResource, policy.Options{Family: policy.FamilyS3, Resource: policy.ResourceAccessPoint})
}

// AccountPAB returns an account's Block Public Access setting.
func (s *Service) AccountPAB(account string) (PAB, bool) {
	p, ok := s.snap.Load().pab[account]
	return p, ok
}

// PutAccountPAB sets (or with nil removes) an account's setting.
func (s *Service) PutAccountPAB(ctx context.Context, account string, p *PAB) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.store.UpdateRecords(ctx, func(tx meta.RecordTx) error {
		if p == nil {
			return tx.Delete(nsAccountPAB, account)
		}
		return tx.Put(nsAccountPAB, account, p.Encode())
	})
	if err != nil {
		return err
	}
	s.replace(func(st *state) {
		if p == nil {
			delete(st.pab, account)
		} else {
			st.pab[account] = *p
		}
	})
	return nil
}

// replace copies the snapshot, applies fn and publishes the copy. Callers
// hold s.mu.
func (s *Service) replace(fn func(*state)) {
	old := s.snap.Load()
	st := &state{byName: make(map[string]*AccessPoint, len(old.byName)), byAlias: make(map[string]*AccessPoint, len(old.byAlias)), pab: make(map[string]PAB, len(old.pab))}
	for k, v := range old.byName {
		st.byName[k] = v
	}
	for k, v := range old.byAlias {
		st.byAlias[k] = v
	}
	for k, v := range old.pab {
		st.pab[k] = v
	}
	fn(st)
	s.snap.Store(st)
}

// ByName returns an account's access point.
func (s *Service) ByName(account, name string) (*AccessPoint, bool) {
	ap, ok := s.snap.Load().byName[account+"/"+name]
	return ap, ok
}

// ByAlias returns the access point with an alias.
func (s *Service) ByAlias(alias string) (*AccessPoint, bool) {
	ap, ok := s.snap.Load().byAlias[alias]
	return ap, ok
}

// CreateInput is a CreateAccessPoint request.
type CreateInput struct {
	Account, Name, Bucket, BucketAccount, VpcID string
	PAB                                         *PAB // nil: all on
}

// Errors of the S3 Control API.
var (
	ErrAlreadyExists = apierr.New("AccessPointAlreadyOwnedByYou", 409, "Your previous request to create the named accesspoint succeeded and you already own it.")
	ErrNoSuchAP      = apierr.New("NoSuchAccessPoint", 404, "The specified accesspoint does not exist")
	ErrNoSuchPolicy  = apierr.New("NoSuchAccessPointPolicy", 404, "The specified accesspoint policy does not exist")
	ErrInvalidName   = apierr.New("InvalidURI", 400, "Couldn't parse the specified URI.")
)

// Create makes an access point. The caller has checked that the bucket
// exists and who owns it.
func (s *Service) Create(ctx context.Context, in CreateInput) (*AccessPoint, error) {
	if !ValidName(in.Name) {
		return nil, ErrInvalidName
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.ByName(in.Account, in.Name); ok {
		return nil, ErrAlreadyExists
	}
	ap := &AccessPoint{Name: in.Name, Account: in.Account, Region: s.region, Bucket: in.Bucket, BucketAccount: in.BucketAccount,
		VpcID: in.VpcID, PAB: AllOn, Created: s.now().UTC()}
	if in.PAB != nil {
		ap.PAB = *in.PAB
	}
	for {
		ap.Alias = newAlias(in.Name)
		if _, taken := s.ByAlias(ap.Alias); !taken {
			break
		}
	}
	if err := s.put(ctx, ap); err != nil {
		return nil, err
	}
	s.replace(func(st *state) {
		st.byName[ap.Account+"/"+ap.Name] = ap
		st.byAlias[ap.Alias] = ap
	})
	return ap, nil
}

func (s *Service) put(ctx context.Context, ap *AccessPoint) error {
	raw, err := json.Marshal(ap)
	if err != nil {
		return err
	}
	return s.store.UpdateRecords(ctx, func(tx meta.RecordTx) error {
		return tx.Put(nsAccessPoint, ap.Account+"/"+ap.Name, raw)
	})
}

// newAlias makes NAME-<random>-s3alias, at most 63 characters, so it is a
// valid bucket name.
func newAlias(name string) string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789"
	if len(name) > 20 {
		name = name[:20]
	}
	b := make([]byte, 34)
	rand.Read(b)
	for i := range b {
		b[i] = chars[int(b[i])%len(chars)]
	}
	return name + "-" + string(b) + "-s3alias"
}

// Delete removes an access point.
func (s *Service) Delete(ctx context.Context, account, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ap, ok := s.ByName(account, name)
	if !ok {
		return ErrNoSuchAP
	}
	err := s.store.UpdateRecords(ctx, func(tx meta.RecordTx) error {
		return tx.Delete(nsAccessPoint, account+"/"+name)
	})
	if err != nil {
		return err
	}
	s.replace(func(st *state) {
		delete(st.byName, account+"/"+name)
		delete(st.byAlias, ap.Alias)
	})
	return nil
}

// SetPolicy stores (or with "" removes) an access point's policy, which the
// caller validated.
func (s *Service) SetPolicy(ctx context.Context, account, name, doc string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.ByName(account, name)
	if !ok {
		return ErrNoSuchAP
	}
	ap := *cur
	ap.Policy = doc
	compile(&ap)
	if err := s.put(ctx, &ap); err != nil {
		return err
	}
	s.replace(func(st *state) {
		st.byName[account+"/"+name] = &ap
		st.byAlias[ap.Alias] = &ap
	})
	return nil
}

// List returns an account's access points, optionally of one bucket, in
// name order after `after`.
func (s *Service) List(account, bucket, after string, max int) (out []*AccessPoint, next string) {
	for _, ap := range s.snap.Load().byName {
		if ap.Account == account && (bucket == "" || ap.Bucket == bucket) && ap.Name > after {
			out = append(out, ap)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	if max > 0 && len(out) > max {
		out = out[:max]
		next = out[max-1].Name
	}
	return out, next
}
