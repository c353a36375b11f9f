package arn

import "strings"

// KMSResource is the KMS reading of an ARN.
type KMSResource struct {
	Type string // "key" or "alias"
	ID   string // key id, or alias name without the "alias/" prefix
}

// Key returns the ARN of a KMS key.
func Key(region, account, id string) string {
	return "arn:" + DefaultPartition + ":kms:" + region + ":" + account + ":key/" + id
}

// Alias returns the ARN of a KMS alias; name may carry its "alias/" prefix.
func Alias(region, account, name string) string {
	name = strings.TrimPrefix(name, "alias/")
	return "arn:" + DefaultPartition + ":kms:" + region + ":" + account + ":alias/" + name
}

// KMS reads an ARN as a KMS key or alias.
func (a ARN) KMS() (KMSResource, bool) {
	if a.Service != "kms" || a.Region == "" || !IsAccountID(a.Account) {
		return KMSResource{}, false
	}
	typ, id, ok := strings.Cut(a.Resource, "/")
	if !ok || id == "" || (typ != "key" && typ != "alias") {
		return KMSResource{}, false
	}
	return KMSResource{Type: typ, ID: id}, true
}
