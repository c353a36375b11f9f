package arn

import (
	"errors"
	"strings"
)

// ARN is a parsed Amazon Resource Name. Fields are substrings of the parsed
// text; Resource keeps any further ':' and '/' (they belong to the resource).
type ARN struct {
	Partition string
	Service   string
	Region    string
	Account   string
	Resource  string
}

// Error reports why a string is not an ARN.
type Error struct {
	Input  string
	Reason string
}

func (e *Error) Error() string { return "arn: invalid ARN " + quote(e.Input) + ": " + e.Reason }

// ErrInvalid is matched by every *Error with errors.Is.
var ErrInvalid = errors.New("arn: invalid ARN")

// Is lets errors.Is(err, ErrInvalid) succeed for any parse failure.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

func quote(s string) string {
	const max = 64
	if len(s) > max {
		s = s[:max] + "..."
	}
	return `"` + s + `"`
}

// Parse splits s into its six fields. Partition, service and resource must be
// non-empty; region and account may be empty (S3 and IAM ARNs leave them so).
func Parse(s string) (ARN, error) {
	var f [6]string
	if !Split(s, &f) {
		return ARN{}, &Error{Input: s, Reason: "expected arn:partition:service:region:account:resource"}
	}
	if f[0] != "arn" {
		return ARN{}, &Error{Input: s, Reason: "must start with \"arn:\""}
	}
	a := ARN{Partition: f[1], Service: f[2], Region: f[3], Account: f[4], Resource: f[5]}
	switch {
	case a.Partition == "":
		return ARN{}, &Error{Input: s, Reason: "empty partition"}
	case a.Service == "":
		return ARN{}, &Error{Input: s, Reason: "empty service"}
	case a.Resource == "":
		return ARN{}, &Error{Input: s, Reason: "empty resource"}
	}
	return a, nil
}

// IsARN reports whether s parses as an ARN.
func IsARN(s string) bool {
	_, err := Parse(s)
	return err == nil
}

// Split cuts s at its first five colons into f. It reports false when s has
// fewer than five colons. It never allocates.
func Split(s string, f *[6]string) bool {
	start := 0
	for i := 0; i < 5; i++ {
		j := strings.IndexByte(s[start:], ':')
		if j < 0 {
			return false
		}
		f[i] = s[start : start+j]
		start += j + 1
	}
	f[5] = s[start:]
	return true
}

// String formats the ARN.
func (a ARN) String() string {
	var b strings.Builder
	b.Grow(len("arn:::::") + len(a.Partition) + len(a.Service) + len(a.Region) + len(a.Account) + len(a.Resource))
	b.WriteString("arn:")
	b.WriteString(a.Partition)
	b.WriteByte(':')
	b.WriteString(a.Service)
	b.WriteByte(':')
	b.WriteString(a.Region)
	b.WriteByte(':')
	b.WriteString(a.Account)
	b.WriteByte(':')
	b.WriteString(a.Resource)
	return b.String()
}

// ResourceType returns the resource part up to the first '/' or ':' (for
// example "user", "accesspoint", "key"), or the whole resource when it has
// neither (an S3 bucket name).
func (a ARN) ResourceType() string {
	if i := strings.IndexAny(a.Resource, "/:"); i >= 0 {
		return a.Resource[:i]
	}
	return a.Resource
}

// IsAccountID reports whether s is a 12-digit AWS account id.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// DefaultPartition is the partition Coffer issues ARNs in.
const DefaultPartition = "aws"
