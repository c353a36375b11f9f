package policy

import "strings"

// KeyType is the data type of a condition context key; it decides how the
// key's request value is pre-parsed when set (numbers, dates, addresses).
type KeyType uint8

// The context key types of the IAM reference.
const (
	TypeString KeyType = iota
	TypeNumeric
	TypeDate
	TypeBool
	TypeIP
	TypeARN
	TypeBinary
)

// keyDef is one supported condition key. A name ending in '/' or ':' is a
// family (aws:PrincipalTag/team); fold says whether the part after the
// family prefix is compared case-insensitively (IAM tag keys are, S3 object
// tags and KMS encryption context keys are not).
type keyDef struct {
	name  string
	typ   KeyType
	multi bool
	fold  bool
}

// keyTable lists every condition key Coffer understands. Policies naming any
// other key are rejected when written, never accepted and ignored. Adding a
// key is one line here.
var keyTable = [...]keyDef{
	// Global keys.
	{name: "aws:CalledVia", multi: true},
	{name: "aws:CalledViaFirst"},
	{name: "aws:CalledViaLast"},
	{name: "aws:CurrentTime", typ: TypeDate},
	{name: "aws:EpochTime", typ: TypeDate},
	{name: "aws:FederatedProvider"},
	{name: "aws:MultiFactorAuthAge", typ: TypeNumeric},
	{name: "aws:MultiFactorAuthPresent", typ: TypeBool},
	{name: "aws:PrincipalAccount"},
	{name: "aws:PrincipalArn", typ: TypeARN},
	{name: "aws:PrincipalIsAWSService", typ: TypeBool},
	{name: "aws:PrincipalOrgID"},
	{name: "aws:PrincipalOrgPaths", multi: true},
	{name: "aws:PrincipalServiceName"},
	{name: "aws:PrincipalServiceNamesList", multi: true},
	{name: "aws:PrincipalTag/", fold: true},
	{name: "aws:PrincipalType"},
	{name: "aws:Referer"},
	{name: "aws:RequestedRegion"},
	{name: "aws:RequestTag/", fold: true},
	{name: "aws:ResourceAccount"},
	{name: "aws:ResourceOrgID"},
	{name: "aws:ResourceOrgPaths", multi: true},
	{name: "aws:ResourceTag/", fold: true},
	{name: "aws:SecureTransport", typ: TypeBool},
	{name: "aws:SourceAccount"},
	{name: "aws:SourceArn", typ: TypeARN},
	{name: "aws:SourceIdentity"},
	{name: "aws:SourceIp", typ: TypeIP},
	{name: "aws:SourceOrgID"},
	{name: "aws:SourceOrgPaths", multi: true},
	{name: "aws:SourceOwner"},
	{name: "aws:SourceVpc"},
	{name: "aws:SourceVpce"},
	{name: "aws:TagKeys", multi: true},
	{name: "aws:TokenIssueTime", typ: TypeDate},
	{name: "aws:UserAgent"},
	{name: "aws:userid"},
	{name: "aws:username"},
	{name: "aws:ViaAWSService", typ: TypeBool},
	{name: "aws:VpcSourceIp", typ: TypeIP},
	// S3.
	{name: "s3:AccessPointNetworkOrigin"},
	{name: "s3:authType"},
	{name: "s3:DataAccessPointAccount"},
	{name: "s3:DataAccessPointArn"},
	{name: "s3:delimiter"},
	{name: "s3:ExistingObjectTag/"},
	{name: "s3:if-match"},
	{name: "s3:if-none-match"},
	{name: "s3:LocationConstraint"},
	{name: "s3:max-keys", typ: TypeNumeric},
	{name: "s3:object-lock-legal-hold"},
	{name: "s3:object-lock-mode"},
	{name: "s3:object-lock-remaining-retention-days", typ: TypeNumeric},
	{name: "s3:object-lock-retain-until-date", typ: TypeDate},
	{name: "s3:prefix"},
	{name: "s3:RequestObjectTag/"},
	{name: "s3:RequestObjectTagKeys", multi: true},
	{name: "s3:ResourceAccount"},
	{name: "s3:signatureAge", typ: TypeNumeric},
	{name: "s3:signatureversion"},
	{name: "s3:TlsVersion", typ: TypeNumeric},
	{name: "s3:VersionId"},
	{name: "s3:x-amz-acl"},
	{name: "s3:x-amz-content-sha256"},
	{name: "s3:x-amz-copy-source"},
	{name: "s3:x-amz-grant-full-control"},
	{name: "s3:x-amz-grant-read"},
	{name: "s3:x-amz-grant-read-acp"},
	{name: "s3:x-amz-grant-write"},
	{name: "s3:x-amz-grant-write-acp"},
	{name: "s3:x-amz-metadata-directive"},
	{name: "s3:x-amz-object-ownership"},
	{name: "s3:x-amz-server-side-encryption"},
	{name: "s3:x-amz-server-side-encryption-aws-kms-key-id"},
	{name: "s3:x-amz-server-side-encryption-customer-algorithm"},
	{name: "s3:x-amz-storage-class"},
	// STS.
	{name: "sts:DurationSeconds", typ: TypeNumeric},
	{name: "sts:ExternalId"},
	{name: "sts:RoleSessionName"},
	{name: "sts:SourceIdentity"},
	{name: "sts:TransitiveTagKeys", multi: true},
	// KMS.
	{name: "kms:BypassPolicyLockoutSafetyCheck", typ: TypeBool},
	{name: "kms:CallerAccount"},
	{name: "kms:DataKeyPairSpec"},
	{name: "kms:EncryptionAlgorithm"},
	{name: "kms:EncryptionContext:"},
	{name: "kms:EncryptionContextKeys", multi: true},
	{name: "kms:GranteePrincipal"},
	{name: "kms:GrantIsForAWSResource", typ: TypeBool},
	{name: "kms:GrantOperations", multi: true},
	{name: "kms:KeyOrigin"},
	{name: "kms:KeySpec"},
	{name: "kms:KeyUsage"},
	{name: "kms:MultiRegion", typ: TypeBool},
	{name: "kms:RequestAlias"},
	{name: "kms:ResourceAliases", multi: true},
	{name: "kms:RetiringPrincipal"},
	{name: "kms:ScheduleKeyDeletionPendingWindowInDays", typ: TypeNumeric},
	{name: "kms:ViaService"},
	// IAM.
	{name: "iam:AssociatedResourceArn", typ: TypeARN},
	{name: "iam:AWSServiceName"},
	{name: "iam:PassedToService"},
	{name: "iam:PermissionsBoundary", typ: TypeARN},
	{name: "iam:PolicyARN", typ: TypeARN},
	{name: "iam:ResourceTag/", fold: true},
}

// numKeys is the size of a Context's key index.
const numKeys = len(keyTable)

// KeyID identifies an entry of the key table.
type KeyID uint16

// Key is a resolved condition key: a table entry and, for key families
// (aws:PrincipalTag/...), the part after the family prefix.
type Key struct {
	ID     KeyID
	Suffix string
}

// Name returns the key's canonical spelling.
func (k Key) Name() string { return keyTable[k.ID].name + k.Suffix }

// Type returns the key's data type.
func (k Key) Type() KeyType { return keyTable[k.ID].typ }

// MultiValued reports whether the request may carry several values for the key.
func (k Key) MultiValued() bool { return keyTable[k.ID].multi }

func (k Key) family() bool {
	n := keyTable[k.ID].name
	c := n[len(n)-1]
	return c == '/' || c == ':'
}

// LookupKey resolves a condition key name, case-insensitively as IAM does.
// It does not allocate.
func LookupKey(name string) (Key, bool) {
	for i := range keyTable {
		d := &keyTable[i]
		n := d.name
		last := n[len(n)-1]
		if last == '/' || last == ':' {
			if len(name) > len(n) && strings.EqualFold(name[:len(n)], n) {
				return Key{ID: KeyID(i), Suffix: name[len(n):]}, true
			}
			continue
		}
		if len(name) == len(n) && strings.EqualFold(name, n) {
			return Key{ID: KeyID(i)}, true
		}
	}
	return Key{}, false
}

// MustKey is LookupKey for names known at compile time; it panics on an
// unknown name, which is a programming error.
func MustKey(name string) Key {
	k, ok := LookupKey(name)
	if !ok {
		panic("policy: unknown condition key " + name)
	}
	return k
}

// KeyNames lists the supported keys (families end in '/' or ':').
func KeyNames() []string {
	out := make([]string, len(keyTable))
	for i := range keyTable {
		out[i] = keyTable[i].name
	}
	return out
}
