package control

import "encoding/json"

// PAB is a Block Public Access setting at one level (account, bucket or
// access point). The effective setting of a request is the OR of the levels
// that apply.
type PAB struct {
	BlockPublicAcls       bool `json:"block_public_acls"`
	IgnorePublicAcls      bool `json:"ignore_public_acls"`
	BlockPublicPolicy     bool `json:"block_public_policy"`
	RestrictPublicBuckets bool `json:"restrict_public_buckets"`
}

// AllOn is the default of new buckets and access points.
var AllOn = PAB{true, true, true, true}

// Or combines two levels: the most restrictive wins.
func (p PAB) Or(q PAB) PAB {
	return PAB{p.BlockPublicAcls || q.BlockPublicAcls, p.IgnorePublicAcls || q.IgnorePublicAcls,
		p.BlockPublicPolicy || q.BlockPublicPolicy, p.RestrictPublicBuckets || q.RestrictPublicBuckets}
}

// ConfigPAB names the bucket configuration document holding the bucket's
// Block Public Access setting.
const ConfigPAB = "publicAccessBlock"

// Encode renders the stored form.
func (p PAB) Encode() []byte {
	b, _ := json.Marshal(p)
	return b
}

// DecodePAB reads the stored form; ok is false when there is none. A
// stored value that cannot be read counts as all on: fail closed.
func DecodePAB(raw []byte) (p PAB, ok bool) {
	if len(raw) == 0 {
		return PAB{}, false
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return AllOn, true
	}
	return p, true
}
