package controlapi

import (
	"strings"
	"testing"
)

func TestEveryRouteHasAnAction(t *testing.T) {
	for _, rt := range routes {
		if !strings.HasPrefix(rt.action, "s3:") || rt.handle == nil {
			t.Errorf("%s: action %q handler %v", rt.name, rt.action, rt.handle != nil)
		}
	}
}

func TestMatch(t *testing.T) {
	cases := []struct{ method, path, want, name string }{
		{"GET", "accesspoint", "ListAccessPoints", ""},
		{"PUT", "accesspoint/ap1", "CreateAccessPoint", "ap1"},
		{"GET", "accesspoint/ap1/policyStatus", "GetAccessPointPolicyStatus", "ap1"},
		{"DELETE", "configuration/publicAccessBlock", "DeletePublicAccessBlock", ""},
	}
	for _, c := range cases {
		rt, name, err := match(c.method, c.path)
		if err != nil || rt.name != c.want || name != c.name {
			t.Errorf("%s %s: %v %q %v", c.method, c.path, rt, name, err)
		}
	}
	if _, _, err := match("POST", "accesspoint/ap1"); err == nil {
		t.Error("POST accepted")
	}
	if _, _, err := match("GET", "jobs"); err == nil {
		t.Error("unknown path accepted")
	}
}
