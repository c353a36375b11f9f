package arn

import "strings"

// IAMResource is the IAM reading of an ARN: arn:aws:iam::ACCOUNT:TYPE/PATH/NAME.
type IAMResource struct {
	Type string // "root", "user", "role", "group", "policy", "saml-provider", ...
	Path string // "/" or "/a/b/"; empty for root
	Name string // empty for root
}

// Root returns the ARN of an account's root user, which as a policy principal
// stands for the whole account.
func Root(account string) string {
	return "arn:" + DefaultPartition + ":iam::" + account + ":root"
}

// User returns the ARN of an IAM user; path is "" or "/", or "/a/b/".
func User(account, path, name string) string { return iamARN(account, "user", path, name) }

// Role returns the ARN of an IAM role.
func Role(account, path, name string) string { return iamARN(account, "role", path, name) }

// Group returns the ARN of an IAM group.
func Group(account, path, name string) string { return iamARN(account, "group", path, name) }

// Policy returns the ARN of a customer managed policy; account "aws" names an
// AWS managed policy.
func Policy(account, path, name string) string { return iamARN(account, "policy", path, name) }

func iamARN(account, typ, path, name string) string {
	if path == "" {
		path = "/"
	}
	return "arn:" + DefaultPartition + ":iam::" + account + ":" + typ + path + name
}

// IAM reads an ARN as an IAM resource. It requires an empty region and a
// 12-digit account (or "aws" for AWS managed policies).
func (a ARN) IAM() (IAMResource, bool) {
	if a.Service != "iam" || a.Region != "" {
		return IAMResource{}, false
	}
	if !IsAccountID(a.Account) && !(a.Account == "aws" && strings.HasPrefix(a.Resource, "policy/")) {
		return IAMResource{}, false
	}
	if a.Resource == "root" {
		return IAMResource{Type: "root"}, true
	}
	typ, rest, ok := strings.Cut(a.Resource, "/")
	if !ok || typ == "" || rest == "" {
		return IAMResource{}, false
	}
	i := strings.LastIndexByte(rest, '/')
	path, name := "/", rest
	if i >= 0 {
		path, name = "/"+rest[:i+1], rest[i+1:]
	}
	if name == "" || strings.Contains(path, "//") {
		return IAMResource{}, false
	}
	return IAMResource{Type: typ, Path: path, Name: name}, true
}
