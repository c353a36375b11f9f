package policy

// Kind is the role a policy document plays; it decides which elements are
// required or forbidden.
type Kind uint8

// The policy kinds. Permissions boundaries and SCPs are identity-style
// documents (KindIdentity).
const (
	KindIdentity Kind = iota // attached to a user, group or role: no Principal
	KindResource             // bucket, access point or KMS key policy: Principal required
	KindTrust                // a role's trust policy: Principal required, no Resource
	KindSession              // passed to AssumeRole/GetFederationToken: no Principal
	KindEndpoint             // VPC endpoint policy: Principal required
)

// ResourceType refines KindResource: S3 validates resources against the
// bucket or access point, and "is public" reads s3:DataAccessPointArn
// differently for the two.
type ResourceType uint8

// The resource policy targets.
const (
	ResourceOther ResourceType = iota
	ResourceBucket
	ResourceAccessPoint
	ResourceKMSKey
)

// ResourceKinds is a set of S3 resource shapes an action applies to.
type ResourceKinds uint8

// The S3 resource shapes, for "Action does not apply to any resource(s)".
const (
	AppliesBucket ResourceKinds = 1 << iota
	AppliesObject
	AppliesAccessPoint
	AppliesAccessPointObject
	AppliesOther
)

// KnownAction is one entry of an action catalogue (internal/s3op's table):
// with a catalogue, S3 policies naming no known action, or actions that
// apply to none of the statement's resources, are rejected as in AWS.
type KnownAction struct {
	Name    string // "s3:GetObject"
	Applies ResourceKinds
}

// Options tune Parse beyond the kind.
type Options struct {
	Family   Family
	Resource ResourceType
	// Bucket, for S3 bucket policies, is the bucket the policy is written
	// to: every Resource must lie in it ("Policy has invalid resource").
	Bucket string
	// Actions is the action catalogue used for S3 validation; nil skips it.
	Actions []KnownAction
	// MaxSize overrides the kind's size limit (characters without
	// whitespace): 0 keeps the default, a negative value disables it.
	MaxSize int
}

// Effect is a statement's effect.
type Effect uint8

// The effects.
const (
	Allow Effect = iota + 1
	Deny
)

// String returns "Allow" or "Deny".
func (e Effect) String() string {
	if e == Allow {
		return "Allow"
	}
	return "Deny"
}

// Policy is a parsed, validated and compiled policy document. It is
// immutable and safe for concurrent use.
type Policy struct {
	kind      Kind
	family    Family
	resType   ResourceType
	version   string
	hasVer    bool
	id        string
	hasID     bool
	single    bool // Statement was an object, not an array
	variables bool
	stmts     []statement
	source    []byte
}

// statement is one compiled statement.
type statement struct {
	sid        string
	hasSid     bool
	effect     Effect
	hasPrinc   bool
	notPrinc   bool
	principals principalSet

	actions    []actPat
	notAction  bool
	actionList bool

	resources []resPat
	notRes    bool
	resList   bool
	noRes     bool // trust policies have no Resource

	conds []cond
	// condOps keeps the Condition block's operator order for the JSON form.
	condOps []string
}

// Kind returns the kind the policy was parsed as.
func (p *Policy) Kind() Kind { return p.kind }

// Version returns the policy language version ("2012-10-17" or "2008-10-17").
func (p *Policy) Version() string { return p.version }

// ID returns the Id element.
func (p *Policy) ID() string { return p.id }

// Source returns the document as it was written (GetBucketPolicy returns
// it). The slice must not be modified.
func (p *Policy) Source() []byte { return p.source }

// Len returns the number of statements.
func (p *Policy) Len() int { return len(p.stmts) }

// Sid returns statement i's Sid ("" when it has none).
func (p *Policy) Sid(i int) string { return p.stmts[i].sid }

// StatementEffect returns statement i's effect.
func (p *Policy) StatementEffect(i int) Effect { return p.stmts[i].effect }

// PrincipalARNs lists the user, role and session ARNs (and unique ids) that
// the Principal and NotPrincipal elements name. AWS rejects a policy naming
// an entity that does not exist ("Invalid principal in policy"); the IAM
// service checks these.
func (p *Policy) PrincipalARNs() []string {
	var out []string
	for i := range p.stmts {
		out = p.stmts[i].principals.arns(out)
	}
	return out
}
