package control

import (
	"time"

	"github.com/coffer-s3/coffer/internal/policy"
)

// Network origins of access points.
const (
	OriginInternet = "Internet"
	OriginVPC      = "VPC"
)

// AccessPoint is an S3 access point.
type AccessPoint struct {
	Name          string    `json:"name"`
	Account       string    `json:"account"`
	Region        string    `json:"region"`
	Bucket        string    `json:"bucket"`
	BucketAccount string    `json:"bucket_account"`
	Alias         string    `json:"alias"`
	VpcID         string    `json:"vpc_id,omitempty"`
	PAB           PAB       `json:"pab"`
	Created       time.Time `json:"created"`
	Policy        string    `json:"policy,omitempty"`

	compiled *policy.Policy
	public   bool
}

// Public reports whether the access point's policy is public; a VPC-origin
// access point never is.
func (a *AccessPoint) Public() bool { return a.public }

// NetworkOrigin is VPC when the access point was created with a
// VpcConfiguration, else Internet.
func (a *AccessPoint) NetworkOrigin() string {
	if a.VpcID != "" {
		return OriginVPC
	}
	return OriginInternet
}

// ARN is arn:aws:s3:REGION:ACCOUNT:accesspoint/NAME.
func (a *AccessPoint) ARN() string {
	return "arn:aws:s3:" + a.Region + ":" + a.Account + ":accesspoint/" + a.Name
}

// CompiledPolicy is the access point policy, compiled once; nil when none.
func (a *AccessPoint) CompiledPolicy() *policy.Policy { return a.compiled }

// ValidName applies the access point naming rules: 3 to 50 characters,
// lower-case letters, digits and hyphens, starting and ending with a letter
// or digit, and not ending in -s3alias.
func ValidName(n string) bool {
	if len(n) < 3 || len(n) > 50 {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && i > 0 && i < len(n)-1:
		default:
			return false
		}
	}
	return len(n) < 8 || n[len(n)-8:] != "-s3alias"
}
