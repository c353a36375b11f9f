package iam

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/arn"
	"github.com/coffer-s3/coffer/internal/policy"
)

// awsAccount is the account field of AWS managed policy ARNs.
const awsAccount = "aws"

// awsManagedPolicies builds the AWS managed policies Coffer knows, with
// AWS's documents, ids and dates.
func awsManagedPolicies() map[string]*ManagedPolicy {
	defs := []struct {
		name, id, desc, version, doc string
		created, updated             time.Time
	}{
		{"AmazonS3FullAccess", "ANPAIFIR6V6BVTRAHWINE", "Provides full access to all buckets via the AWS Management Console.", "v2",
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}`,
			time.Date(2015, 2, 6, 18, 40, 58, 0, time.UTC), time.Date(2021, 9, 27, 20, 16, 37, 0, time.UTC)},
		{"AmazonS3ReadOnlyAccess", "ANPAIZTJ4DXE7G6AGAE6M", "Provides read only access to all buckets via the AWS Management Console.", "v3",
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]}`,
			time.Date(2015, 2, 6, 18, 40, 59, 0, time.UTC), time.Date(2023, 8, 10, 21, 31, 39, 0, time.UTC)},
	}
	out := map[string]*ManagedPolicy{}
	for _, d := range defs {
		v := PolicyVersion{ID: d.version, Document: d.doc, Created: d.updated}
		compileVersion(&v)
		if v.err != nil {
			panic("iam: AWS managed policy " + d.name + ": " + v.err.Error())
		}
		n, _ := strconv.Atoi(d.version[1:])
		out[lower(d.name)] = &ManagedPolicy{Account: awsAccount, Name: d.name, Path: "/", ID: d.id, Description: d.desc,
			Created: d.created, Updated: d.updated, DefaultVersion: d.version, Versions: []PolicyVersion{v}, NextVersion: n + 1}
	}
	return out
}

func noSuchPolicy(a string) error {
	return apierr.NoSuchEntity.WithMessage("Policy " + a + " was not found.")
}

func notAttachable(a string) error {
	return apierr.NoSuchEntity.WithMessage("Policy " + a + " does not exist or is not attachable.")
}

func invalidARN(a string) error {
	return apierr.InvalidInput.WithMessage("ARN " + a + " is not valid.")
}

// awsPolicyDenied refuses changes to AWS managed policies, which belong to
// no customer account.
func awsPolicyDenied(action, a string) error {
	return apierr.AccessDenied.WithMessage("Cannot " + action + " the AWS managed policy " + a + ": AWS managed policies cannot be changed.")
}

// findPolicy resolves a managed policy ARN for an account: the account's
// own customer managed policies and AWS's. missing builds the error for an
// unknown policy (GetPolicy and AttachUserPolicy word it differently).
func (s *Service) findPolicy(d *directory, account, policyARN string, missing func(string) error) (*ManagedPolicy, error) {
	if len(policyARN) < 20 {
		return nil, apierr.Validation("policyArn", policyARN, "Member must have length greater than or equal to 20")
	}
	parsed, err := arn.Parse(policyARN)
	if err != nil {
		return nil, invalidARN(policyARN)
	}
	r, ok := parsed.IAM()
	if !ok || r.Type != "policy" {
		return nil, invalidARN(policyARN)
	}
	var p *ManagedPolicy
	switch parsed.Account {
	case awsAccount:
		p = s.aws[lower(r.Name)]
	case account:
		p = d.policies[lower(r.Name)]
	}
	if p == nil || p.Path != r.Path || p.Name != r.Name {
		return nil, missing(policyARN)
	}
	return p, nil
}

func (d *directory) view(p *ManagedPolicy) *PolicyView {
	a := p.ARN()
	return &PolicyView{ManagedPolicy: p, AttachmentCount: d.attached[a], BoundaryUsageCount: d.bounding[a]}
}

// PolicyInput creates a customer managed policy.
type PolicyInput struct {
	Name        string
	Path        string
	Document    string
	Description string
	Tags        []Tag
}

// parseManaged compiles a managed policy document (6,144 characters
// without whitespace at most).
func parseManaged(doc string) (*policy.Policy, error) {
	if err := validDocument("policyDocument", doc); err != nil {
		return nil, err
	}
	return policy.ParseWith([]byte(doc), policy.KindIdentity, policy.Options{Family: policy.FamilyIAM, MaxSize: policy.MaxManagedPolicySize})
}

// CreatePolicy creates a customer managed policy with version v1.
func (s *Service) CreatePolicy(ctx context.Context, account string, in PolicyInput) (*PolicyView, error) {
	if err := validName("policyName", in.Name, MaxPolicyNameLen); err != nil {
		return nil, err
	}
	path, err := normPath("path", in.Path)
	if err != nil {
		return nil, err
	}
	if err := validText("description", in.Description, MaxDescriptionLen); err != nil {
		return nil, err
	}
	if err := validTags(in.Tags); err != nil {
		return nil, err
	}
	compiled, err := parseManaged(in.Document)
	if err != nil {
		return nil, err
	}
	var out *PolicyView
	err = s.update(ctx, func(w *writer) error {
		if w.view(account).policies[lower(in.Name)] != nil {
			return apierr.EntityAlreadyExists.WithMessage("A policy called " + in.Name + " already exists. Duplicate names are not allowed.")
		}
		p := &ManagedPolicy{Account: account, Name: in.Name, Path: path, ID: newUniqueID(prefixPolicy), Description: in.Description,
			Created: w.now, Updated: w.now, DefaultVersion: "v1", NextVersion: 2, Tags: append([]Tag(nil), in.Tags...),
			Versions: []PolicyVersion{{ID: "v1", Document: in.Document, Created: w.now, compiled: compiled}}}
		w.putPolicy(p)
		out = &PolicyView{ManagedPolicy: p}
		return nil
	})
	return out, err
}

// GetPolicy returns a managed policy (the account's or AWS's) by ARN.
func (s *Service) GetPolicy(ctx context.Context, account, policyARN string) (*PolicyView, error) {
	d := s.snap.Load().dir(account)
	p, err := s.findPolicy(d, account, policyARN, noSuchPolicy)
	if err != nil {
		return nil, err
	}
	return d.view(p), nil
}

// Policy scopes of ListPolicies.
const (
	ScopeAll   = "All"
	ScopeAWS   = "AWS"
	ScopeLocal = "Local"
)

// Policy usage filters of ListPolicies and ListEntitiesForPolicy.
const (
	UsagePermissions = "PermissionsPolicy"
	UsageBoundary    = "PermissionsBoundary"
)

// ListPoliciesInput filters ListPolicies.
type ListPoliciesInput struct {
	Scope        string // ScopeAll (default), ScopeAWS or ScopeLocal
	OnlyAttached bool
	PathPrefix   string
	Usage        string // "", UsagePermissions or UsageBoundary
}

// ListPolicies lists managed policies, by name, then ARN.
func (s *Service) ListPolicies(ctx context.Context, account string, in ListPoliciesInput) ([]*PolicyView, error) {
	switch in.Scope {
	case "":
		in.Scope = ScopeAll
	case ScopeAll, ScopeAWS, ScopeLocal:
	default:
		return nil, apierr.Validation("scope", in.Scope, "Member must satisfy enum value set: [All, AWS, Local]")
	}
	switch in.Usage {
	case "", UsagePermissions, UsageBoundary:
	default:
		return nil, apierr.Validation("policyUsageFilter", in.Usage, "Member must satisfy enum value set: [PermissionsBoundary, PermissionsPolicy]")
	}
	if err := ValidPathPrefix(in.PathPrefix); err != nil {
		return nil, err
	}
	d := s.snap.Load().dir(account)
	var out []*PolicyView
	add := func(p *ManagedPolicy) {
		v := d.view(p)
		switch {
		case !strings.HasPrefix(p.Path, in.PathPrefix):
		case in.OnlyAttached && v.AttachmentCount+v.BoundaryUsageCount == 0:
		case in.Usage == UsagePermissions && v.AttachmentCount == 0:
		case in.Usage == UsageBoundary && v.BoundaryUsageCount == 0:
		default:
			out = append(out, v)
		}
	}
	if in.Scope != ScopeLocal {
		for _, p := range s.aws {
			add(p)
		}
	}
	if in.Scope != ScopeAWS {
		for _, p := range d.policies {
			add(p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return PolicySortKey(out[i].ManagedPolicy) < PolicySortKey(out[j].ManagedPolicy) })
	return out, nil
}

// PolicySortKey orders policy lists (name, then ARN: an account may have
// a policy with an AWS managed policy's name).
func PolicySortKey(p *ManagedPolicy) string { return lower(p.Name) + "\x00" + p.ARN() }

// editPolicy applies fn to a copy of a customer managed policy.
func (s *Service) editPolicy(ctx context.Context, account, policyARN, action string, fn func(w *writer, d *directory, p *ManagedPolicy) error) error {
	return s.update(ctx, func(w *writer) error {
		d := w.view(account)
		p, err := s.findPolicy(d, account, policyARN, noSuchPolicy)
		if err != nil {
			return err
		}
		if p.AWSManaged() {
			return awsPolicyDenied(action, policyARN)
		}
		c := p.clone()
		if err := fn(w, d, c); err != nil {
			return err
		}
		w.putPolicy(c)
		return nil
	})
}

// DeletePolicy deletes a customer managed policy that is attached to
// nothing, used as no boundary, and has no version but the default.
func (s *Service) DeletePolicy(ctx context.Context, account, policyARN string) error {
	return s.update(ctx, func(w *writer) error {
		d := w.view(account)
		p, err := s.findPolicy(d, account, policyARN, noSuchPolicy)
		if err != nil {
			return err
		}
		switch a := p.ARN(); {
		case p.AWSManaged():
			return awsPolicyDenied("delete", policyARN)
		case d.attached[a] > 0 || d.bounding[a] > 0:
			return deleteConflict("Cannot delete a policy attached to entities.")
		case len(p.Versions) > 1:
			return deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
		}
		w.deletePolicy(p)
		return nil
	})
}

func noSuchVersion(a, v string) error {
	return apierr.NoSuchEntity.WithMessage("Policy " + a + " version " + v + " does not exist or is not attachable.")
}

func validVersionID(v string) error {
	const pattern = `v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`
	if len(v) < 2 || v[0] != 'v' || v[1] < '1' || v[1] > '9' {
		return badPattern("versionId", v, pattern)
	}
	i := 2
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	if i < len(v) {
		if v[i] != '.' {
			return badPattern("versionId", v, pattern)
		}
		for _, c := range v[i+1:] {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return badPattern("versionId", v, pattern)
			}
		}
	}
	return nil
}

// CreatePolicyVersion adds a version (at most 5), optionally the default.
func (s *Service) CreatePolicyVersion(ctx context.Context, account, policyARN, doc string, setDefault bool) (*PolicyVersion, error) {
	compiled, err := parseManaged(doc)
	if err != nil {
		return nil, err
	}
	var out *PolicyVersion
	err = s.editPolicy(ctx, account, policyARN, "change", func(w *writer, _ *directory, p *ManagedPolicy) error {
		if len(p.Versions) >= MaxPolicyVersions {
			return apierr.LimitExceeded.WithMessage("A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.")
		}
		v := PolicyVersion{ID: "v" + strconv.Itoa(p.NextVersion), Document: doc, Created: w.now, compiled: compiled}
		p.NextVersion++
		p.Versions = append(p.Versions, v)
		if setDefault {
			p.DefaultVersion = v.ID
		}
		p.Updated = w.now
		out = &v
		return nil
	})
	return out, err
}

// GetPolicyVersion returns one version of a managed policy.
func (s *Service) GetPolicyVersion(ctx context.Context, account, policyARN, versionID string) (*ManagedPolicy, *PolicyVersion, error) {
	if err := validVersionID(versionID); err != nil {
		return nil, nil, err
	}
	p, err := s.GetPolicy(ctx, account, policyARN)
	if err != nil {
		return nil, nil, err
	}
	v, ok := p.Version(versionID)
	if !ok {
		return nil, nil, noSuchVersion(policyARN, versionID)
	}
	return p.ManagedPolicy, v, nil
}

// SetDefaultPolicyVersion makes a version the one in effect.
func (s *Service) SetDefaultPolicyVersion(ctx context.Context, account, policyARN, versionID string) error {
	if err := validVersionID(versionID); err != nil {
		return err
	}
	return s.editPolicy(ctx, account, policyARN, "change", func(w *writer, _ *directory, p *ManagedPolicy) error {
		if _, ok := p.Version(versionID); !ok {
			return noSuchVersion(policyARN, versionID)
		}
		p.DefaultVersion = versionID
		p.Updated = w.now
		return nil
	})
}

// DeletePolicyVersion deletes a version other than the default.
func (s *Service) DeletePolicyVersion(ctx context.Context, account, policyARN, versionID string) error {
	if err := validVersionID(versionID); err != nil {
		return err
	}
	return s.editPolicy(ctx, account, policyARN, "change", func(_ *writer, _ *directory, p *ManagedPolicy) error {
		if versionID == p.DefaultVersion {
			return deleteConflict("Cannot delete the default version of a policy.")
		}
		for i := range p.Versions {
			if p.Versions[i].ID == versionID {
				p.Versions = append(p.Versions[:i:i], p.Versions[i+1:]...)
				return nil
			}
		}
		return noSuchVersion(policyARN, versionID)
	})
}

// TagPolicy adds or replaces tags of a customer managed policy.
func (s *Service) TagPolicy(ctx context.Context, account, policyARN string, tags []Tag) error {
	return s.editPolicy(ctx, account, policyARN, "tag", func(_ *writer, _ *directory, p *ManagedPolicy) (err error) {
		p.Tags, err = mergeTags(p.Tags, tags)
		return err
	})
}

// UntagPolicy removes tags of a customer managed policy.
func (s *Service) UntagPolicy(ctx context.Context, account, policyARN string, keys []string) error {
	return s.editPolicy(ctx, account, policyARN, "untag", func(_ *writer, _ *directory, p *ManagedPolicy) (err error) {
		p.Tags, err = removeTags(p.Tags, keys)
		return err
	})
}
