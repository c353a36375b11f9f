package kms

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"

	"github.com/coffer-s3/coffer/internal/access"
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/authz"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/policy"
)

// DefaultKeyPolicy is the policy AWS gives a key created without one: it
// delegates the key to the account, so IAM policies decide.
func DefaultKeyPolicy(account string) string {
	return `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::` + account + `:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`
}

// managedKeyPolicy is the policy of an AWS managed key: every principal of
// the account may use it through the service, and may read it directly.
func managedKeyPolicy(account, service, region string) string {
	return `{
  "Version" : "2012-10-17",
  "Id" : "auto-` + service + `-2",
  "Statement" : [ {
    "Sid" : "Allow access through ` + service + ` for all principals in the account that are authorized to use ` + service + `",
    "Effect" : "Allow",
    "Principal" : { "AWS" : "*" },
    "Action" : [ "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey" ],
    "Resource" : "*",
    "Condition" : {
      "StringEquals" : { "kms:CallerAccount" : "` + account + `", "kms:ViaService" : "` + service + `.` + region + `.amazonaws.com" }
    }
  }, {
    "Sid" : "Allow direct access to key metadata to the account",
    "Effect" : "Allow",
    "Principal" : { "AWS" : "arn:aws:iam::` + account + `:root" },
    "Action" : [ "kms:Describe*", "kms:Get*", "kms:List*" ],
    "Resource" : "*"
  } ]
}`
}

// ValidatePolicy checks a key policy as PutKeyPolicy and CreateKey do.
func ValidatePolicy(doc string) error {
	if len(doc) > policy.MaxKeyPolicySize {
		return apierr.KMSLimitExceeded.WithMessage("Policy size exceeds the limit")
	}
	_, err := policy.ParseWith([]byte(doc), policy.KindResource, policy.Options{Family: policy.FamilyKMS, Resource: policy.ResourceKMSKey})
	return err
}

// CreateKeyInput is what CreateKey needs beyond the key's account.
type CreateKeyInput struct {
	Account, Description, Policy string
	Tags                         []keys.KeyTag
	// Caller and Context feed the lockout safety check of a given policy.
	Caller  *iam.Principal
	Context *policy.Context
	// BypassLockoutCheck skips that check, as BypassPolicyLockoutSafetyCheck.
	BypassLockoutCheck bool
}

// CreateKey makes a customer managed symmetric key.
func (s *Service) CreateKey(ctx context.Context, in CreateKeyInput) (*keys.KMSKey, error) {
	k := &keys.KMSKey{ID: keys.NewKeyID(), Region: s.region, Account: in.Account, Description: in.Description, Manager: "CUSTOMER", Policy: in.Policy, Tags: in.Tags}
	if in.Policy == "" {
		k.Policy = DefaultKeyPolicy(in.Account)
	} else if err := ValidatePolicy(in.Policy); err != nil {
		return nil, err
	} else if !in.BypassLockoutCheck {
		if err := s.CheckLockout(ctx, in.Caller, k, in.Policy, in.Context); err != nil {
			return nil, err
		}
	}
	if err := s.ring.Create(ctx, k, s.now()); err != nil {
		return nil, err
	}
	return k, nil
}

// CheckLockout is KMS's key policy lockout safety check: a policy about to
// be set on k must let the caller set the key policy again afterwards, so
// that no one locks a key out of administration by a slip. It answers as
// KMS does; the caller opts out with BypassPolicyLockoutSafetyCheck.
func (s *Service) CheckLockout(ctx context.Context, p *iam.Principal, k *keys.KMSKey, doc string, pc *policy.Context) error {
	parsed, err := policy.ParseWith([]byte(doc), policy.KindResource, policy.Options{Family: policy.FamilyKMS, Resource: policy.ResourceKMSKey})
	if err != nil {
		return err
	}
	ref := &authz.PolicyRef{ID: "key-policy:" + k.ID + ":candidate", Policy: parsed}
	d, err := s.access.Decide(ctx, &access.Request{Principal: p, Action: "kms:PutKeyPolicy", Resource: k.ARN(), Owner: k.Account,
		ResourcePolicy: ref, RequireResourcePolicy: true, Context: s.keyContext(p, pc)})
	if err != nil {
		return err
	}
	if !d.Allowed {
		return apierr.KMSMalformedPolicyDocument.WithMessage("The new key policy will not allow you to update the key policy in the future.")
	}
	return nil
}

// ManagedKey returns the AWS managed key of a service ("s3" gives aws/s3)
// in an account, creating it on first use.
func (s *Service) ManagedKey(ctx context.Context, account, service string) (*keys.KMSKey, error) {
	name := "alias/aws/" + service
	if a, err := s.ring.GetAlias(ctx, account, name); err == nil {
		return s.ring.Get(ctx, a.KeyID)
	} else if !errors.Is(err, keys.ErrNoKey) {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, err := s.ring.GetAlias(ctx, account, name); err == nil {
		return s.ring.Get(ctx, a.KeyID)
	}
	k := &keys.KMSKey{Account: account, Manager: "AWS", Policy: managedKeyPolicy(account, service, s.region),
		Description:     "Default key that protects my " + strings.ToUpper(service) + " objects when no other key is defined",
		RotationEnabled: true, RotationPeriodDays: 365}
	if err := s.ring.Create(ctx, k, s.now()); err != nil {
		return nil, err
	}
	if err := s.ring.PutAlias(ctx, &keys.Alias{Name: name, Account: account, KeyID: k.ID, Created: s.now().UTC()}, false); err != nil {
		return nil, err
	}
	return k, nil
}

// maybeRotate applies automatic rotation: a key with rotation enabled gets
// new material once its period has passed since the last rotation.
func (s *Service) maybeRotate(ctx context.Context, k *keys.KMSKey) (*keys.KMSKey, error) {
	if !k.RotationEnabled || k.RotationPeriodDays <= 0 {
		return k, nil
	}
	last := k.LastRotated
	if last.IsZero() {
		last = k.Created
	}
	if s.now().Sub(last) < timeDays(k.RotationPeriodDays) {
		return k, nil
	}
	return s.ring.Rotate(ctx, k.ID, s.now())
}

// GenerateDataKey makes a random data key of n bytes and its ciphertext
// blob under k and the encryption context. The caller checked policy and
// Usable.
func (s *Service) GenerateDataKey(ctx context.Context, k *keys.KMSKey, n int, ec map[string]string) (plain, blob []byte, err error) {
	if k, err = s.maybeRotate(ctx, k); err != nil {
		return nil, nil, err
	}
	plain = make([]byte, n)
	if _, err := rand.Read(plain); err != nil {
		return nil, nil, err
	}
	blob, err = s.ring.Encrypt(k, plain, ec)
	return plain, blob, err
}

// Encrypt seals plaintext under k.
func (s *Service) Encrypt(ctx context.Context, k *keys.KMSKey, plain []byte, ec map[string]string) ([]byte, error) {
	k, err := s.maybeRotate(ctx, k)
	if err != nil {
		return nil, err
	}
	return s.ring.Encrypt(k, plain, ec)
}

// KeyOf returns the key a ciphertext blob was made with
// (InvalidCiphertextException when the blob is malformed, NotFound when
// the key is gone).
func (s *Service) KeyOf(ctx context.Context, blob []byte) (*keys.KMSKey, error) {
	id, err := keys.CiphertextKeyID(blob)
	if err != nil {
		return nil, apierr.KMSInvalidCiphertext.WithMessage("")
	}
	k, err := s.ring.Get(ctx, id)
	if errors.Is(err, keys.ErrNoKey) {
		return nil, apierr.KMSInvalidCiphertext.WithMessage("")
	}
	return k, err
}

// Decrypt opens a blob under k and the encryption context.
func (s *Service) Decrypt(k *keys.KMSKey, blob []byte, ec map[string]string) ([]byte, error) {
	pt, err := s.ring.Decrypt(k, blob, ec)
	if err != nil {
		return nil, apierr.KMSInvalidCiphertext.WithMessage("")
	}
	return pt, nil
}

// ContextKeys adds the kms:EncryptionContext condition keys of ec to pc.
func ContextKeys(pc *policy.Context, ec map[string]string) {
	if len(ec) == 0 {
		return
	}
	names := make([]string, 0, len(ec))
	for n, v := range ec {
		pc.Set("kms:EncryptionContext:"+n, v)
		names = append(names, n)
	}
	pc.SetMulti("kms:EncryptionContextKeys", names)
}
