package policy

import (
	"bytes"
	"errors"
)

// Size limits, in characters without whitespace, per AWS's quotas.
const (
	MaxBucketPolicySize   = 20480 // S3 bucket and access point policies (20 KB)
	MaxManagedPolicySize  = 6144  // IAM managed policy
	MaxUserInlineSize     = 2048  // all inline policies of a user together
	MaxRoleInlineSize     = 10240 // all inline policies of a role together
	MaxGroupInlineSize    = 5120  // all inline policies of a group together
	MaxTrustPolicySize    = 2048  // a role's trust policy (ACLSizePerRole)
	MaxKeyPolicySize      = 32768 // KMS key policy
	MaxEndpointPolicySize = 20480 // VPC endpoint policy
)

// Parse parses a policy of the given kind with the errors of the API family
// the kind implies: S3 for resource policies, IAM for all others.
func Parse(doc []byte, kind Kind) (*Policy, error) { return ParseWith(doc, kind, Options{}) }

// ParseIAM parses a policy received by the IAM or STS API.
func ParseIAM(doc []byte, kind Kind) (*Policy, error) {
	return ParseWith(doc, kind, Options{Family: FamilyIAM})
}

// ParseS3 parses a bucket (or access point) policy received by the S3 API.
func ParseS3(doc []byte, kind Kind) (*Policy, error) {
	return ParseWith(doc, kind, Options{Family: FamilyS3, Resource: ResourceBucket})
}

// ParseWith parses, validates and compiles a policy document. The error is
// always an *apierr.Error with AWS's code and message for the family.
func ParseWith(doc []byte, kind Kind, o Options) (*Policy, error) {
	fam := o.Family
	if fam == FamilyDefault {
		fam = FamilyIAM
		if kind == KindResource {
			fam = FamilyS3
		}
	}
	f := fail(fam)
	if fam == FamilyS3 && (len(doc) == 0 || doc[0] != '{') {
		return nil, f.notJSONStart()
	}
	if limit := sizeLimit(kind, fam, o.MaxSize); limit > 0 && Size(doc) > limit {
		if fam == FamilyIAM && kind == KindTrust {
			return nil, QuotaExceeded("ACLSizePerRole", limit)
		}
		return nil, f.tooLarge(limit)
	}
	root, err := parseJSON(doc)
	switch {
	case errors.Is(err, errDuplicate):
		return nil, f.syntax()
	case err != nil:
		return nil, f.invalidJSON()
	case root.kind != jObject:
		return nil, f.syntax()
	}
	p := &Policy{kind: kind, family: fam, resType: o.Resource, version: "2008-10-17",
		source: bytes.Clone(doc)}
	if p.resType == ResourceOther && fam == FamilyS3 && kind == KindResource {
		p.resType = ResourceBucket
	}
	var stmtVal *jval
	for _, m := range root.obj {
		switch m.name {
		case "Version":
			if m.val.kind != jString || (m.val.text != "2012-10-17" && m.val.text != "2008-10-17") {
				return nil, f.version()
			}
			p.version, p.hasVer = m.val.text, true
		case "Id":
			if m.val.kind != jString {
				return nil, f.syntax()
			}
			p.id, p.hasID = m.val.text, true
		case "Statement":
			stmtVal = m.val
		default:
			return nil, f.unknownField(m.name)
		}
	}
	p.variables = p.version == "2012-10-17"
	if stmtVal == nil {
		return nil, f.missing("Statement")
	}
	var items []*jval
	switch stmtVal.kind {
	case jArray:
		if len(stmtVal.arr) == 0 {
			return nil, f.emptyStatement()
		}
		items = stmtVal.arr
	case jObject:
		items, p.single = []*jval{stmtVal}, true
	default:
		return nil, f.syntax()
	}
	c := compiler{p: p, f: f, o: &o, sids: map[string]bool{}}
	for _, ka := range o.Actions {
		c.catalog = append(c.catalog, NewAction(ka.Name))
	}
	for _, it := range items {
		st, err := c.statement(it)
		if err != nil {
			return nil, err
		}
		p.stmts = append(p.stmts, st)
	}
	return p, nil
}

func sizeLimit(kind Kind, fam Family, override int) int {
	switch {
	case override < 0:
		return 0
	case override > 0:
		return override
	case fam == FamilyS3:
		return MaxBucketPolicySize
	case fam == FamilyKMS:
		return MaxKeyPolicySize
	case kind == KindTrust:
		return MaxTrustPolicySize
	case kind == KindEndpoint:
		return MaxEndpointPolicySize
	}
	// Identity policies: the limit depends on where the policy goes
	// (managed, or inline summed over the entity), so IAM passes MaxSize or
	// checks the sum itself.
	return 0
}

// Size counts a document's characters outside whitespace between JSON
// tokens, the measure of IAM's size quotas.
func Size(doc []byte) int {
	n, inStr, esc := 0, false, false
	for _, r := range string(doc) {
		switch {
		case inStr:
			n++
			switch {
			case esc:
				esc = false
			case r == '\\':
				esc = true
			case r == '"':
				inStr = false
			}
		case r == '"':
			inStr = true
			n++
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
		default:
			n++
		}
	}
	return n
}
