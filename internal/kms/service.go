package kms

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/policy"
)

// Options configures the service.
type Options struct {
	Keyring *keys.Keyring
	Access  *access.Authorizer
	Region  string
	Logger  *slog.Logger
	Now     func() time.Time
}

// Service is the built-in KMS.
type Service struct {
	ring   *keys.Keyring
	access *access.Authorizer
	region string
	log    *slog.Logger
	now    func() time.Time

	mu       sync.Mutex // serialises creation of AWS managed keys
	polMu    sync.Mutex
	policies map[string]policyEntry // key id -> compiled key policy
}

type policyEntry struct {
	text string
	ref  *authz.PolicyRef
}

// New builds the service.
func New(o Options) *Service {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{ring: o.Keyring, access: o.Access, region: o.Region, log: o.Logger, now: o.Now, policies: map[string]policyEntry{}}
}

// Region is the region the service answers for.
func (s *Service) Region() string { return s.region }

// Keyring is the underlying keyring.
func (s *Service) Keyring() *keys.Keyring { return s.ring }

// Now is the service clock.
func (s *Service) Now() time.Time { return s.now() }

// Resolve finds the key a request names: a key id, a key ARN, an alias
// name ("alias/x") or an alias ARN. Ids and alias names refer to the
// caller's account; other accounts' keys need an ARN, as in AWS.
func (s *Service) Resolve(ctx context.Context, account, ref string) (*keys.KMSKey, error) {
	if ref == "" {
		return nil, apierr.KMSValidation.WithMessage("1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null")
	}
	acct, region, kind, id := account, s.region, "key", ref
	if strings.HasPrefix(ref, "arn:") {
		parts := strings.SplitN(ref, ":", 6)
		if len(parts) != 6 || parts[2] != "kms" {
			return nil, apierr.KMSNotFound.WithMessage("Invalid arn " + ref)
		}
		region, acct = parts[3], parts[4]
		var ok bool
		kind, id, ok = strings.Cut(parts[5], "/")
		if !ok || (kind != "key" && kind != "alias") {
			return nil, apierr.KMSNotFound.WithMessage("Invalid arn " + ref)
		}
		if kind == "alias" {
			id = "alias/" + id
		}
	} else if keys.IsAliasName(ref) {
		kind = "alias"
	}
	if region != s.region {
		return nil, s.notFound(kind, region, acct, id)
	}
	if kind == "alias" {
		a, err := s.ring.GetAlias(ctx, acct, id)
		if errors.Is(err, keys.ErrNoKey) {
			return nil, s.notFound(kind, region, acct, id)
		}
		if err != nil {
			return nil, err
		}
		id = a.KeyID
	}
	k, err := s.ring.Get(ctx, id)
	if errors.Is(err, keys.ErrNoKey) || (err == nil && k.Account != acct) {
		return nil, s.notFound("key", region, acct, id)
	}
	if err != nil {
		return nil, err
	}
	if k.State == keys.KeyPendingDeletion && !k.DeletionDate.IsZero() && !s.now().Before(k.DeletionDate) {
		// The waiting period is over: the key is gone.
		if err := s.ring.Delete(ctx, k); err != nil {
			return nil, err
		}
		return nil, s.notFound("key", region, acct, id)
	}
	return k, nil
}

func (s *Service) notFound(kind, region, acct, id string) error {
	if kind == "alias" {
		return apierr.KMSNotFound.WithMessage("Alias arn:aws:kms:" + region + ":" + acct + ":" + id + " is not found.")
	}
	return apierr.KMSNotFound.WithMessage("Key 'arn:aws:kms:" + region + ":" + acct + ":key/" + id + "' does not exist")
}

// Usable checks that a key's state allows cryptographic operations.
func Usable(k *keys.KMSKey) error {
	switch k.State {
	case keys.KeyDisabled:
		return apierr.KMSDisabled.WithMessage(k.ARN() + " is disabled.")
	case keys.KeyPendingDeletion:
		return apierr.KMSInvalidState.WithMessage(k.ARN() + " is pending deletion.")
	}
	return nil
}

// keyPolicy compiles a key's policy once per text.
func (s *Service) keyPolicy(k *keys.KMSKey) *authz.PolicyRef {
	s.polMu.Lock()
	e, ok := s.policies[k.ID]
	s.polMu.Unlock()
	if ok && e.text == k.Policy {
		return e.ref
	}
	e = policyEntry{text: k.Policy}
	// A stored policy that no longer parses grants nothing.
	if p, err := policy.ParseWith([]byte(k.Policy), policy.KindResource, policy.Options{Family: policy.FamilyKMS, Resource: policy.ResourceKMSKey}); err == nil {
		e.ref = &authz.PolicyRef{ID: "key-policy:" + k.ID, Policy: p}
	} else {
		s.log.Warn("stored key policy does not parse; it grants nothing", "key", k.ID, "err", err)
		e.ref = &authz.PolicyRef{ID: "key-policy:" + k.ID, Policy: nil}
	}
	s.polMu.Lock()
	if len(s.policies) > 4096 {
		clear(s.policies)
	}
	s.policies[k.ID] = e
	s.polMu.Unlock()
	return e.ref
}

// Authorize checks a KMS action on a key: the key policy must allow it by
// itself (or delegate to the account, whose IAM policies then decide). pc
// holds the request's condition keys; Authorize adds kms:CallerAccount.
// The error is AccessDeniedException with AWS's message.
func (s *Service) Authorize(ctx context.Context, p *iam.Principal, action string, k *keys.KMSKey, pc *policy.Context) error {
	pc = s.keyContext(p, pc)
	for _, t := range k.Tags {
		pc.Set("aws:ResourceTag/"+t.Key, t.Value)
	}
	ref := s.keyPolicy(k)
	if ref.Policy == nil {
		return s.denied(p, action, k, "no resource-based policy allows the "+action+" action")
	}
	d, err := s.access.Decide(ctx, &access.Request{Principal: p, Action: action, Resource: k.ARN(), Owner: k.Account,
		ResourcePolicy: ref, RequireResourcePolicy: true, Context: pc})
	if err != nil {
		return err
	}
	if d.Allowed {
		return nil
	}
	who := "anonymous"
	if p != nil && p.ARN != "" {
		who = p.ARN
	}
	s.log.Info("kms access denied", "principal", who, "action", action, "key", k.ARN(), "decided_by", d.PolicyType.String())
	if p == nil || p.Account != k.Account {
		// Why a request was denied stays inside the key's account.
		return apierr.KMSAccessDenied.WithMessage("User: " + who + " is not authorized to perform: " + action + " on resource: " + k.ARN())
	}
	return apierr.KMSAccessDenied.WithMessage(d.Message(who, action, k.ARN()))
}

// keyContext completes the condition keys of a decision on a key.
func (s *Service) keyContext(p *iam.Principal, pc *policy.Context) *policy.Context {
	if pc == nil {
		pc = policy.NewContext()
		pc.SetTime(s.now())
	}
	if p != nil && p.Account != "" {
		pc.Set("kms:CallerAccount", p.Account)
	}
	return pc
}

func (s *Service) denied(p *iam.Principal, action string, k *keys.KMSKey, reason string) error {
	who := "anonymous"
	if p != nil && p.ARN != "" {
		who = p.ARN
	}
	s.log.Info("kms access denied", "principal", who, "action", action, "key", k.ARN(), "reason", reason)
	msg := "User: " + who + " is not authorized to perform: " + action + " on resource: " + k.ARN()
	if p != nil && p.Account == k.Account {
		msg += " because " + reason
	}
	return apierr.KMSAccessDenied.WithMessage(msg)
}
