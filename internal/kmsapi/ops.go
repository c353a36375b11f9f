package kmsapi

import (
	"regexp"
	"strconv"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/keys"
	"github.com/coffer-s3/coffer/internal/kms"
)

type kmsKey = keys.KMSKey

func itoa(n int) string { return strconv.Itoa(n) }

// ops maps X-Amz-Target operation names to handlers.
var ops = map[string]func(*call) (any, error){
	"CreateKey":                       createKey,
	"DescribeKey":                     describeKey,
	"ListKeys":                        listKeys,
	"CreateAlias":                     createAlias,
	"UpdateAlias":                     updateAlias,
	"DeleteAlias":                     deleteAlias,
	"ListAliases":                     listAliases,
	"EnableKey":                       enableKey,
	"DisableKey":                      disableKey,
	"ScheduleKeyDeletion":             scheduleKeyDeletion,
	"CancelKeyDeletion":               cancelKeyDeletion,
	"EnableKeyRotation":               enableKeyRotation,
	"DisableKeyRotation":              disableKeyRotation,
	"GetKeyRotationStatus":            getKeyRotationStatus,
	"RotateKeyOnDemand":               rotateKeyOnDemand,
	"Encrypt":                         encrypt,
	"Decrypt":                         decrypt,
	"ReEncrypt":                       reEncrypt,
	"GenerateDataKey":                 generateDataKey,
	"GenerateDataKeyWithoutPlaintext": generateDataKeyWithoutPlaintext,
	"GetKeyPolicy":                    getKeyPolicy,
	"PutKeyPolicy":                    putKeyPolicy,
	"ListKeyPolicies":                 listKeyPolicies,
	"UpdateKeyDescription":            updateKeyDescription,
	"TagResource":                     tagResource,
	"UntagResource":                   untagResource,
	"ListResourceTags":                listResourceTags,
}

func toEpoch(t time.Time) epoch { return epoch(float64(t.UnixNano()) / 1e9) }

func metadata(k *kmsKey) *keyMetadata {
	m := &keyMetadata{AWSAccountID: k.Account, KeyID: k.ID, Arn: k.ARN(), CreationDate: toEpoch(k.Created),
		Enabled: k.State == keys.KeyEnabled, Description: k.Description, KeyUsage: "ENCRYPT_DECRYPT", KeyState: k.State,
		Origin: "AWS_KMS", KeyManager: k.Manager, CustomerMasterKeySpec: "SYMMETRIC_DEFAULT", KeySpec: "SYMMETRIC_DEFAULT",
		EncryptionAlgorithms: []string{"SYMMETRIC_DEFAULT"}}
	if k.State == keys.KeyPendingDeletion {
		d := toEpoch(k.DeletionDate)
		m.DeletionDate = &d
	}
	return m
}

func createKey(c *call) (any, error) {
	r := c.req
	if err := c.accountAction("kms:CreateKey"); err != nil {
		return nil, err
	}
	for _, spec := range []string{r.KeySpec, r.CustomerMasterKeySpec} {
		if spec != "" && spec != "SYMMETRIC_DEFAULT" {
			return nil, apierr.KMSUnsupportedOp.WithMessage("Coffer's KMS supports only SYMMETRIC_DEFAULT keys.")
		}
	}
	if r.KeyUsage != "" && r.KeyUsage != "ENCRYPT_DECRYPT" {
		return nil, apierr.KMSValidation.WithMessage("KeyUsage " + r.KeyUsage + " is not compatible with KeySpec SYMMETRIC_DEFAULT")
	}
	if r.Origin != "" && r.Origin != "AWS_KMS" {
		return nil, apierr.KMSUnsupportedOp.WithMessage("Origin " + r.Origin + " is not supported.")
	}
	if err := checkDescription(r.Description); err != nil {
		return nil, err
	}
	var tags []keys.KeyTag
	if len(r.Tags) > 0 {
		// Tagging at creation needs kms:TagResource too, as on AWS.
		if err := c.accountAction("kms:TagResource"); err != nil {
			return nil, err
		}
		if err := checkTags(r.Tags); err != nil {
			return nil, err
		}
		var err error
		if tags, err = mergeTags(nil, r.Tags); err != nil {
			return nil, err
		}
	}
	k, err := c.h.kms.CreateKey(c.ctx, kms.CreateKeyInput{Account: c.p.Account, Description: r.Description, Policy: r.Policy, Tags: tags,
		Caller: c.p, Context: c.context(nil), BypassLockoutCheck: r.BypassPolicyLockoutSafetyCheck})
	if err != nil {
		return nil, err
	}
	return map[string]any{"KeyMetadata": metadata(k)}, nil
}

func checkDescription(d string) error {
	if len(d) > 8192 {
		return apierr.KMSValidation.WithMessage("1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192")
	}
	return nil
}

func updateKeyDescription(c *call) (any, error) {
	if err := checkDescription(c.req.Description); err != nil {
		return nil, err
	}
	_, err := c.manage("kms:UpdateKeyDescription", func(k *kmsKey) error {
		k.Description = c.req.Description
		return nil
	})
	return nil, err
}

func describeKey(c *call) (any, error) {
	k, err := c.key(c.req.KeyID, "kms:DescribeKey", nil)
	if err != nil {
		return nil, err
	}
	return map[string]any{"KeyMetadata": metadata(k)}, nil
}

func listKeys(c *call) (any, error) {
	if err := c.accountAction("kms:ListKeys"); err != nil {
		return nil, err
	}
	ks, err := c.h.kms.Keyring().List(c.ctx, c.p.Account)
	if err != nil {
		return nil, err
	}
	type entry struct {
		KeyID  string `json:"KeyId"`
		KeyArn string `json:"KeyArn"`
	}
	out := []entry{}
	for _, k := range ks {
		out = append(out, entry{k.ID, k.ARN()})
	}
	return map[string]any{"Keys": out, "Truncated": false}, nil
}

var aliasRE = regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]{1,250}$`)

func checkAliasName(name string, creating bool) error {
	if !aliasRE.MatchString(name) {
		return apierr.KMSValidation.WithMessage("1 validation error detected: Value '" + name + "' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$")
	}
	if creating && len(name) >= 10 && name[:10] == "alias/aws/" {
		return apierr.KMSInvalidAliasName.WithMessage("Alias must not begin with 'alias/aws/'")
	}
	return nil
}

func createAlias(c *call) (any, error) { return putAlias(c, false) }
func updateAlias(c *call) (any, error) { return putAlias(c, true) }

func putAlias(c *call, update bool) (any, error) {
	r := c.req
	if err := checkAliasName(r.AliasName, true); err != nil {
		return nil, err
	}
	action := "kms:CreateAlias"
	if update {
		action = "kms:UpdateAlias"
		cur, err := c.h.kms.Keyring().GetAlias(c.ctx, c.p.Account, r.AliasName)
		if err != nil {
			return nil, apierr.KMSNotFound.WithMessage("Alias arn:aws:kms:" + c.h.kms.Region() + ":" + c.p.Account + ":" + r.AliasName + " is not found.")
		}
		// Repointing an alias needs the action on the key it leaves too.
		if _, err := c.ownKey(cur.KeyID, action); err != nil {
			return nil, err
		}
	}
	if err := c.aliasAction(action, r.AliasName); err != nil {
		return nil, err
	}
	if keys.IsAliasName(r.TargetKeyID) {
		return nil, apierr.KMSValidation.WithMessage("Aliases must refer to keys. Not aliases")
	}
	k, err := c.ownKey(r.TargetKeyID, action)
	if err != nil {
		return nil, err
	}
	if k.Manager == "AWS" {
		return nil, apierr.KMSUnsupportedOp.WithMessage(k.ARN() + " is an AWS managed key.")
	}
	if k.State == keys.KeyPendingDeletion {
		return nil, apierr.KMSInvalidState.WithMessage(k.ARN() + " is pending deletion.")
	}
	err = c.h.kms.Keyring().PutAlias(c.ctx, &keys.Alias{Name: r.AliasName, Account: c.p.Account, KeyID: k.ID, Created: c.h.now().UTC()}, update)
	if err == keys.ErrAliasExists {
		return nil, apierr.KMSAlreadyExists.WithMessage("An alias with the name arn:aws:kms:" + c.h.kms.Region() + ":" + c.p.Account + ":" + r.AliasName + " already exists")
	}
	return nil, err
}

func deleteAlias(c *call) (any, error) {
	r := c.req
	if err := checkAliasName(r.AliasName, true); err != nil {
		return nil, err
	}
	a, err := c.h.kms.Keyring().GetAlias(c.ctx, c.p.Account, r.AliasName)
	if err != nil {
		return nil, apierr.KMSNotFound.WithMessage("Alias arn:aws:kms:" + c.h.kms.Region() + ":" + c.p.Account + ":" + r.AliasName + " is not found.")
	}
	if err := c.aliasAction("kms:DeleteAlias", r.AliasName); err != nil {
		return nil, err
	}
	if _, err := c.ownKey(a.KeyID, "kms:DeleteAlias"); err != nil {
		return nil, err
	}
	return nil, c.h.kms.Keyring().DeleteAlias(c.ctx, c.p.Account, r.AliasName)
}

func listAliases(c *call) (any, error) {
	var only string
	if c.req.KeyID != "" {
		k, err := c.key(c.req.KeyID, "kms:ListAliases", nil)
		if err != nil {
			return nil, err
		}
		only = k.ID
	} else if err := c.accountAction("kms:ListAliases"); err != nil {
		return nil, err
	}
	as, err := c.h.kms.Keyring().Aliases(c.ctx, c.p.Account)
	if err != nil {
		return nil, err
	}
	out := []aliasEntry{}
	for _, a := range as {
		if only != "" && a.KeyID != only {
			continue
		}
		out = append(out, aliasEntry{AliasName: a.Name, AliasArn: "arn:aws:kms:" + c.h.kms.Region() + ":" + a.Account + ":" + a.Name,
			TargetKeyID: a.KeyID, CreationDate: toEpoch(a.Created), LastUpdatedDate: toEpoch(a.Created)})
	}
	return map[string]any{"Aliases": out, "Truncated": false}, nil
}

// manage applies a state change to a customer managed key.
func (c *call) manage(action string, fn func(k *kmsKey) error) (*kmsKey, error) {
	k, err := c.customerKey(action)
	if err != nil {
		return nil, err
	}
	return c.h.kms.Keyring().Update(c.ctx, k.ID, fn)
}

// customerKey resolves the request's key for administration: the
// caller's own, customer managed key.
func (c *call) customerKey(action string) (*kmsKey, error) {
	k, err := c.ownKey(c.req.KeyID, action)
	if err != nil {
		return nil, err
	}
	if k.Manager == "AWS" {
		return nil, apierr.KMSUnsupportedOp.WithMessage(k.ARN() + " is an AWS managed key.")
	}
	return k, nil
}

func pendingDeletion(k *kmsKey) error {
	if k.State == keys.KeyPendingDeletion {
		return apierr.KMSInvalidState.WithMessage(k.ARN() + " is pending deletion.")
	}
	return nil
}

func enableKey(c *call) (any, error) {
	_, err := c.manage("kms:EnableKey", func(k *kmsKey) error {
		if err := pendingDeletion(k); err != nil {
			return err
		}
		k.State = keys.KeyEnabled
		return nil
	})
	return nil, err
}

func disableKey(c *call) (any, error) {
	_, err := c.manage("kms:DisableKey", func(k *kmsKey) error {
		if err := pendingDeletion(k); err != nil {
			return err
		}
		k.State = keys.KeyDisabled
		return nil
	})
	return nil, err
}

func scheduleKeyDeletion(c *call) (any, error) {
	days := 30
	if p := c.req.PendingWindowInDays; p != nil {
		days = *p
	}
	if days < 7 || days > 30 {
		return nil, apierr.KMSValidation.WithMessage("1 validation error detected: Value '" + itoa(days) + "' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 30 and greater than or equal to 7")
	}
	k, err := c.manage("kms:ScheduleKeyDeletion", func(k *kmsKey) error {
		if err := pendingDeletion(k); err != nil {
			return err
		}
		k.State = keys.KeyPendingDeletion
		k.PendingWindowDays = days
		k.DeletionDate = c.h.now().UTC().Add(time.Duration(days) * 24 * time.Hour)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"KeyId": k.ARN(), "DeletionDate": toEpoch(k.DeletionDate), "KeyState": k.State, "PendingWindowInDays": days}, nil
}

func cancelKeyDeletion(c *call) (any, error) {
	k, err := c.manage("kms:CancelKeyDeletion", func(k *kmsKey) error {
		if k.State != keys.KeyPendingDeletion {
			return apierr.KMSInvalidState.WithMessage(k.ARN() + " is not pending deletion.")
		}
		// A key whose deletion is cancelled comes back disabled, as in AWS.
		k.State = keys.KeyDisabled
		k.DeletionDate = time.Time{}
		k.PendingWindowDays = 0
		return nil
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"KeyId": k.ARN()}, nil
}

func enableKeyRotation(c *call) (any, error) {
	period := 365
	if p := c.req.RotationPeriodInDays; p != nil {
		period = *p
	}
	if period < 90 || period > 2560 {
		return nil, apierr.KMSValidation.WithMessage("1 validation error detected: Value '" + itoa(period) + "' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 2560 and greater than or equal to 90")
	}
	_, err := c.manage("kms:EnableKeyRotation", func(k *kmsKey) error {
		if err := usableForManagement(k); err != nil {
			return err
		}
		if !k.RotationEnabled {
			k.LastRotated = c.h.now().UTC()
		}
		k.RotationEnabled, k.RotationPeriodDays = true, period
		return nil
	})
	return nil, err
}

func disableKeyRotation(c *call) (any, error) {
	_, err := c.manage("kms:DisableKeyRotation", func(k *kmsKey) error {
		if err := usableForManagement(k); err != nil {
			return err
		}
		k.RotationEnabled = false
		return nil
	})
	return nil, err
}

func usableForManagement(k *kmsKey) error {
	if k.State == keys.KeyDisabled {
		return apierr.KMSDisabled.WithMessage(k.ARN() + " is disabled.")
	}
	return pendingDeletion(k)
}

func getKeyRotationStatus(c *call) (any, error) {
	k, err := c.ownKey(c.req.KeyID, "kms:GetKeyRotationStatus")
	if err != nil {
		return nil, err
	}
	if err := pendingDeletion(k); err != nil {
		return nil, err
	}
	out := map[string]any{"KeyRotationEnabled": k.RotationEnabled, "KeyId": k.ARN()}
	if k.RotationEnabled {
		last := k.LastRotated
		if last.IsZero() {
			last = k.Created
		}
		out["RotationPeriodInDays"] = k.RotationPeriodDays
		out["NextRotationDate"] = toEpoch(last.Add(time.Duration(k.RotationPeriodDays) * 24 * time.Hour))
	}
	return out, nil
}

func rotateKeyOnDemand(c *call) (any, error) {
	k, err := c.key(c.req.KeyID, "kms:RotateKeyOnDemand", nil)
	if err != nil {
		return nil, err
	}
	if k.Manager == "AWS" {
		return nil, apierr.KMSUnsupportedOp.WithMessage(k.ARN() + " is an AWS managed key.")
	}
	if err := usableForManagement(k); err != nil {
		return nil, err
	}
	if _, err := c.h.kms.Keyring().Rotate(c.ctx, k.ID, c.h.now()); err != nil {
		return nil, err
	}
	return map[string]any{"KeyId": k.ARN()}, nil
}

func checkAlgorithm(a string) error {
	if a != "" && a != "SYMMETRIC_DEFAULT" {
		return apierr.KMSInvalidKeyUsage.WithMessage("The encryption algorithm " + a + " is not compatible with the key spec SYMMETRIC_DEFAULT.")
	}
	return nil
}

func checkPlaintext(p []byte) error {
	if len(p) == 0 || len(p) > 4096 {
		return apierr.KMSValidation.WithMessage("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096 and greater than or equal to 1")
	}
	return nil
}

// cryptoKey resolves a key for a cryptographic operation: allowed, and in
// a state that permits it.
func (c *call) cryptoKey(ref, action string, ec map[string]string) (*kmsKey, error) {
	k, err := c.key(ref, action, ec)
	if err != nil {
		return nil, err
	}
	return k, kms.Usable(k)
}

func encrypt(c *call) (any, error) {
	r := c.req
	if err := checkPlaintext(r.Plaintext); err != nil {
		return nil, err
	}
	if err := checkAlgorithm(r.EncryptionAlgorithm); err != nil {
		return nil, err
	}
	k, err := c.cryptoKey(r.KeyID, "kms:Encrypt", r.EncryptionContext)
	if err != nil {
		return nil, err
	}
	blob, err := c.h.kms.Encrypt(c.ctx, k, r.Plaintext, r.EncryptionContext)
	if err != nil {
		return nil, err
	}
	return map[string]any{"CiphertextBlob": blob, "KeyId": k.ARN(), "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}, nil
}

// openBlob finds and checks the key of a ciphertext (KeyId, when given,
// must name it) and opens the blob.
func (c *call) openBlob(blob []byte, keyRef string, ec map[string]string, action string) (*kmsKey, []byte, error) {
	if len(blob) == 0 {
		return nil, nil, apierr.KMSValidation.WithMessage("1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	owner, err := c.h.kms.KeyOf(c.ctx, blob)
	if err != nil {
		return nil, nil, err
	}
	k, err := c.cryptoKey(owner.ARN(), action, ec)
	if err != nil {
		return nil, nil, err
	}
	if keyRef != "" {
		named, err := c.h.kms.Resolve(c.ctx, c.p.Account, keyRef)
		if err != nil {
			return nil, nil, err
		}
		if named.ID != k.ID {
			return nil, nil, apierr.KMSIncorrectKey.WithMessage("The key ID in the request does not identify a CMK that can perform this operation.")
		}
	}
	pt, err := c.h.kms.Decrypt(k, blob, ec)
	return k, pt, err
}

func decrypt(c *call) (any, error) {
	r := c.req
	if err := checkAlgorithm(r.EncryptionAlgorithm); err != nil {
		return nil, err
	}
	k, pt, err := c.openBlob(r.CiphertextBlob, r.KeyID, r.EncryptionContext, "kms:Decrypt")
	if err != nil {
		return nil, err
	}
	return map[string]any{"KeyId": k.ARN(), "Plaintext": pt, "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}, nil
}

func reEncrypt(c *call) (any, error) {
	r := c.req
	if err := checkAlgorithm(r.SourceEncryptionAlgorithm); err != nil {
		return nil, err
	}
	if err := checkAlgorithm(r.DestinationEncryptionAlgorithm); err != nil {
		return nil, err
	}
	src, pt, err := c.openBlob(r.CiphertextBlob, r.SourceKeyID, r.SourceEncryptionContext, "kms:ReEncryptFrom")
	if err != nil {
		return nil, err
	}
	dst, err := c.cryptoKey(r.DestinationKeyID, "kms:ReEncryptTo", r.DestinationEncryptionContext)
	if err != nil {
		return nil, err
	}
	blob, err := c.h.kms.Encrypt(c.ctx, dst, pt, r.DestinationEncryptionContext)
	if err != nil {
		return nil, err
	}
	return map[string]any{"CiphertextBlob": blob, "SourceKeyId": src.ARN(), "KeyId": dst.ARN(),
		"SourceEncryptionAlgorithm": "SYMMETRIC_DEFAULT", "DestinationEncryptionAlgorithm": "SYMMETRIC_DEFAULT"}, nil
}

func dataKeySize(r *request) (int, error) {
	switch {
	case r.NumberOfBytes != nil && r.KeySpec != "":
		return 0, apierr.KMSValidation.WithMessage("Please specify either number of bytes or key spec.")
	case r.NumberOfBytes != nil:
		if n := *r.NumberOfBytes; n >= 1 && n <= 1024 {
			return n, nil
		}
		return 0, apierr.KMSValidation.WithMessage("1 validation error detected: Value '" + itoa(*r.NumberOfBytes) + "' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024 and greater than or equal to 1")
	case r.KeySpec == "AES_256":
		return 32, nil
	case r.KeySpec == "AES_128":
		return 16, nil
	case r.KeySpec != "":
		return 0, apierr.KMSValidation.WithMessage("1 validation error detected: Value '" + r.KeySpec + "' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]")
	}
	return 0, apierr.KMSValidation.WithMessage("Please specify either number of bytes or key spec.")
}

func generateDataKey(c *call) (any, error) { return dataKey(c, true) }
func generateDataKeyWithoutPlaintext(c *call) (any, error) {
	return dataKey(c, false)
}

func dataKey(c *call, withPlain bool) (any, error) {
	r := c.req
	n, err := dataKeySize(r)
	if err != nil {
		return nil, err
	}
	action := "kms:GenerateDataKey"
	if !withPlain {
		action = "kms:GenerateDataKeyWithoutPlaintext"
	}
	k, err := c.cryptoKey(r.KeyID, action, r.EncryptionContext)
	if err != nil {
		return nil, err
	}
	pt, blob, err := c.h.kms.GenerateDataKey(c.ctx, k, n, r.EncryptionContext)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"CiphertextBlob": blob, "KeyId": k.ARN()}
	if withPlain {
		out["Plaintext"] = pt
	}
	return out, nil
}

func checkPolicyName(name string) error {
	if name != "" && name != "default" {
		return apierr.KMSNotFound.WithMessage("No such policy exists")
	}
	return nil
}

func getKeyPolicy(c *call) (any, error) {
	if err := checkPolicyName(c.req.PolicyName); err != nil {
		return nil, err
	}
	k, err := c.ownKey(c.req.KeyID, "kms:GetKeyPolicy")
	if err != nil {
		return nil, err
	}
	return map[string]any{"Policy": k.Policy, "PolicyName": "default"}, nil
}

func putKeyPolicy(c *call) (any, error) {
	if err := checkPolicyName(c.req.PolicyName); err != nil {
		return nil, err
	}
	if c.req.Policy == "" {
		return nil, apierr.KMSValidation.WithMessage("1 validation error detected: Value null at 'policy' failed to satisfy constraint: Member must not be null")
	}
	if err := kms.ValidatePolicy(c.req.Policy); err != nil {
		return nil, err
	}
	k, err := c.customerKey("kms:PutKeyPolicy")
	if err != nil {
		return nil, err
	}
	// Checked outside the update: the decision reads IAM policies.
	if !c.req.BypassPolicyLockoutSafetyCheck {
		if err := c.h.kms.CheckLockout(c.ctx, c.p, k, c.req.Policy, c.context(nil)); err != nil {
			return nil, err
		}
	}
	_, err = c.h.kms.Keyring().Update(c.ctx, k.ID, func(k *kmsKey) error {
		k.Policy = c.req.Policy
		return nil
	})
	return nil, err
}

func listKeyPolicies(c *call) (any, error) {
	if _, err := c.ownKey(c.req.KeyID, "kms:ListKeyPolicies"); err != nil {
		return nil, err
	}
	return map[string]any{"PolicyNames": []string{"default"}, "Truncated": false}, nil
}
