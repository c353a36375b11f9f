package controlapi

import (
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// route is one S3 Control operation: its IAM action, whether its resource
// is the named access point (else "*"), and its handler.
type route struct {
	name          string
	method        string
	path          string // pattern: "accesspoint/{name}/policy"
	action        string
	onAccessPoint bool
	handle        func(*call) error
}

var routes = []route{
	{"GetPublicAccessBlock", "GET", "configuration/publicAccessBlock", "s3:GetAccountPublicAccessBlock", false, getAccountPAB},
	{"PutPublicAccessBlock", "PUT", "configuration/publicAccessBlock", "s3:PutAccountPublicAccessBlock", false, putAccountPAB},
	{"DeletePublicAccessBlock", "DELETE", "configuration/publicAccessBlock", "s3:PutAccountPublicAccessBlock", false, deleteAccountPAB},
	{"ListAccessPoints", "GET", "accesspoint", "s3:ListAccessPoints", false, listAccessPoints},
	{"CreateAccessPoint", "PUT", "accesspoint/{name}", "s3:CreateAccessPoint", true, createAccessPoint},
	{"GetAccessPoint", "GET", "accesspoint/{name}", "s3:GetAccessPoint", true, getAccessPoint},
	{"DeleteAccessPoint", "DELETE", "accesspoint/{name}", "s3:DeleteAccessPoint", true, deleteAccessPoint},
	{"PutAccessPointPolicy", "PUT", "accesspoint/{name}/policy", "s3:PutAccessPointPolicy", true, putAccessPointPolicy},
	{"GetAccessPointPolicy", "GET", "accesspoint/{name}/policy", "s3:GetAccessPointPolicy", true, getAccessPointPolicy},
	{"DeleteAccessPointPolicy", "DELETE", "accesspoint/{name}/policy", "s3:DeleteAccessPointPolicy", true, deleteAccessPointPolicy},
	{"GetAccessPointPolicyStatus", "GET", "accesspoint/{name}/policyStatus", "s3:GetAccessPointPolicyStatus", true, getAccessPointPolicyStatus},
}

// match finds the route of a path relative to /v20180820/.
func match(method, path string) (*route, string, error) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	found := false
	for i := range routes {
		rt := &routes[i]
		pat := strings.Split(rt.path, "/")
		if len(pat) != len(segs) {
			continue
		}
		name, ok := "", true
		for j, p := range pat {
			switch {
			case p == "{name}":
				name = segs[j]
			case p != segs[j]:
				ok = false
			}
		}
		if !ok {
			continue
		}
		found = true
		if rt.method == method {
			return rt, name, nil
		}
	}
	if found {
		return nil, "", apierr.MethodNotAllowed
	}
	return nil, "", apierr.NotImplemented.WithMessage("This S3 Control operation is not implemented")
}
