package postpolicy

import (
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// Field is one form field, its name as the form spelled it.
type Field struct{ Name, Value string }

// Form is what a POST form says before its file part.
type Form struct {
	Fields []Field
	// FileName is the file part's filename with any directory removed
	// (text after the last '/' or '\'); HasFileName says whether the part
	// named one at all.
	FileName    string
	HasFileName bool
	// PreDataSize is the size of the form before the file content:
	// boundaries, part headers and field values.
	PreDataSize int
}

// Get returns a field by name, ignoring case as S3 does. Fields given more
// than once are joined with commas (S3's rule for repeated fields).
func (f *Form) Get(name string) (string, bool) {
	var out string
	found := false
	for _, fl := range f.Fields {
		if strings.EqualFold(fl.Name, name) {
			if found {
				out += ","
			}
			out += fl.Value
			found = true
		}
	}
	return out, found
}

// ExpandFilename replaces ${filename} in every field with the file's name,
// as S3 does before it checks the policy. A file part without a filename
// parameter leaves the variable as it is (S3 keeps it literally).
func (f *Form) ExpandFilename() {
	if !f.HasFileName {
		return
	}
	for i := range f.Fields {
		f.Fields[i].Value = strings.ReplaceAll(f.Fields[i].Value, "${filename}", f.FileName)
	}
}

// SizeRange is the file size a policy allows (both bounds inclusive).
type SizeRange struct {
	Min, Max int64
	Set      bool
}

// Check applies the policy to a form posted to bucket at time now: the
// expiration, every condition in order, then the rule that each field
// except x-amz-signature, file, policy and x-ignore-* (and, for SigV2,
// AWSAccessKeyId and signature) is named by a condition. It returns the
// size bounds left to check on the file.
func (p *Policy) Check(f *Form, bucket string, now time.Time, sigV2 bool) (SizeRange, error) {
	var sr SizeRange
	if !now.Before(p.Expiration) {
		return sr, denied("Policy expired.")
	}
	for i := range p.Conditions {
		c := &p.Conditions[i]
		if c.Op == OpRange {
			if !c.Numeric {
				return sr, conditionFailed(c)
			}
			if !sr.Set || c.Min > sr.Min {
				sr.Min = c.Min
			}
			if !sr.Set || c.Max < sr.Max {
				sr.Max = c.Max
			}
			sr.Set = true
			continue
		}
		if !c.matches(f, bucket) {
			return sr, conditionFailed(c)
		}
	}
	if extra := p.extraFields(f, sigV2); len(extra) > 0 {
		return sr, denied("Extra input fields: " + strings.Join(extra, ", "))
	}
	return sr, nil
}

func (c *Condition) matches(f *Form, bucket string) bool {
	if c.Name == "" {
		return false
	}
	var v string
	var ok bool
	if c.Name == "bucket" {
		v, ok = bucket, true
	} else {
		v, ok = f.Get(c.Name)
	}
	if !ok {
		return false
	}
	if c.Op == OpEq {
		return v == c.Value
	}
	// A Content-Type with commas is a list; each entry must match.
	if c.Name == "content-type" && strings.Contains(v, ",") {
		for _, part := range strings.Split(v, ",") {
			if !strings.HasPrefix(strings.TrimSpace(part), c.Value) {
				return false
			}
		}
		return true
	}
	return strings.HasPrefix(v, c.Value)
}

// extraFields lists the fields (as the form spelled them, in form order)
// that no condition names.
func (p *Policy) extraFields(f *Form, sigV2 bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, fl := range f.Fields {
		name := strings.ToLower(fl.Name)
		if seen[name] || exempt(name, sigV2) || p.names(name) {
			continue
		}
		seen[name] = true
		out = append(out, fl.Name)
	}
	return out
}

func exempt(lower string, sigV2 bool) bool {
	switch lower {
	case "x-amz-signature", "file", "policy":
		return true
	case "awsaccesskeyid", "signature":
		return sigV2
	}
	return strings.HasPrefix(lower, "x-ignore-")
}

func (p *Policy) names(lower string) bool {
	for i := range p.Conditions {
		if p.Conditions[i].Op != OpRange && p.Conditions[i].Name == lower {
			return true
		}
	}
	return false
}

func denied(msg string) *apierr.Error {
	return apierr.PostPolicyDenied.WithMessage("Invalid according to Policy: " + msg)
}

func conditionFailed(c *Condition) *apierr.Error {
	return denied("Policy Condition failed: " + c.String())
}

// CheckSize applies the size bounds to a file of n bytes.
func (sr SizeRange) CheckSize(n int64) error {
	if !sr.Set {
		return nil
	}
	if n > sr.Max {
		return TooLarge(n, sr.Max)
	}
	if n < sr.Min {
		return apierr.PostEntityTooSmall.With("ProposedSize", itoa(n)).With("MinSizeAllowed", itoa(sr.Min))
	}
	return nil
}

// TooLarge is the EntityTooLarge of a POST upload.
func TooLarge(n, max int64) error {
	return apierr.PostEntityTooLarge.With("ProposedSize", itoa(n)).With("MaxSizeAllowed", itoa(max))
}
