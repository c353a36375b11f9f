package acl

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
)

func headerOf(h http.Header) Header {
	return func(name string) (string, bool) {
		v, ok := h[name]
		return strings.Join(v, ","), ok
	}
}

func TestFromHeaders(t *testing.T) {
	cases := []struct {
		name   string
		h      http.Header
		want   []Grant // nil: no ACL
		canned string
		code   string
		arg    string // ArgumentName of an InvalidArgument
	}{
		{"none", http.Header{}, nil, "", "", ""},
		{"canned", http.Header{"X-Amz-Acl": {"public-read"}}, grants(bob, FullControl, all, Read), "public-read", "", ""},
		{"bad canned", http.Header{"X-Amz-Acl": {"everyone"}}, nil, "", "InvalidArgument", "x-amz-acl"},
		{"canned and grants", http.Header{"X-Amz-Acl": {"private"}, "X-Amz-Grant-Read": {"id=" + aliceID}}, nil, "", "InvalidRequest", ""},
		{"id", http.Header{"X-Amz-Grant-Read": {`id="` + aliceID + `"`}}, grants(alice, Read), "", "", ""},
		{"unquoted and spaced", http.Header{"X-Amz-Grant-Write": {" id = " + aliceID + " , uri=" + AllUsersURI}}, grants(alice, Write, all, Write), "", "", ""},
		{"every header", http.Header{
			"X-Amz-Grant-Read": {"id=" + bobID}, "X-Amz-Grant-Write": {"id=" + bobID}, "X-Amz-Grant-Read-Acp": {"id=" + bobID},
			"X-Amz-Grant-Write-Acp": {"id=" + bobID}, "X-Amz-Grant-Full-Control": {"id=" + bobID}},
			grants(bob, Read, bob, Write, bob, ReadACP, bob, WriteACP, bob, FullControl), "", "", ""},
		{"email", http.Header{"X-Amz-Grant-Read": {`emailAddress="Bob@Example.com"`}}, grants(bob, Read), "", "", ""},
		{"groups", http.Header{"X-Amz-Grant-Read": {`uri="` + AuthenticatedUsersURI + `", uri="` + LogDeliveryURI + `"`}}, grants(authd, Read, logs, Read), "", "", ""},
		{"duplicates collapse", http.Header{"X-Amz-Grant-Read": {"id=" + bobID + ",id=" + bobID}}, grants(bob, Read), "", "", ""},
		{"unknown id", http.Header{"X-Amz-Grant-Read": {"id=1234"}}, nil, "", "InvalidArgument", "id"},
		{"unknown uri", http.Header{"X-Amz-Grant-Read": {"uri=http://acs.amazonaws.com/groups/global/Nobody"}}, nil, "", "InvalidArgument", "uri"},
		{"unknown email", http.Header{"X-Amz-Grant-Read": {"emailAddress=carol@example.com"}}, nil, "", "UnresolvableGrantByEmailAddress", ""},
		{"ambiguous email", http.Header{"X-Amz-Grant-Read": {"emailAddress=shared@example.com"}}, nil, "", "AmbiguousGrantByEmailAddress", ""},
		{"empty", http.Header{"X-Amz-Grant-Read": {""}}, nil, "", "InvalidArgument", "x-amz-grant-read"},
		{"no key", http.Header{"X-Amz-Grant-Read": {aliceID}}, nil, "", "InvalidArgument", "x-amz-grant-read"},
		{"unknown key", http.Header{"X-Amz-Grant-Read-Acp": {"arn=" + aliceID}}, nil, "", "InvalidArgument", "x-amz-grant-read-acp"},
		{"trailing comma", http.Header{"X-Amz-Grant-Read": {"id=" + aliceID + ","}}, nil, "", "InvalidArgument", "x-amz-grant-read"},
		{"open quote", http.Header{"X-Amz-Grant-Read": {`id="` + aliceID}}, nil, "", "InvalidArgument", "x-amz-grant-read"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := FromHeaders(headerOf(c.h), ForObject, bob, alice, testRes)
			if got := errCode(err); got != c.code {
				t.Fatalf("error %v, want %s", err, c.code)
			}
			if c.arg != "" && apierr.As(err).Get("ArgumentName") != c.arg {
				t.Fatalf("ArgumentName %q, want %q", apierr.As(err).Get("ArgumentName"), c.arg)
			}
			if err != nil {
				return
			}
			if c.want == nil {
				if r.ACL != nil {
					t.Fatalf("ACL %+v from no ACL headers", r.ACL)
				}
				return
			}
			if !reflect.DeepEqual(r.ACL.Grants, c.want) || r.Canned != c.canned {
				t.Fatalf("%+v %q, want %+v %q", r.ACL.Grants, r.Canned, c.want, c.canned)
			}
		})
	}
	var many []string
	for i := 0; i <= MaxGrants; i++ {
		many = append(many, "uri="+AllUsersURI)
	}
	if _, err := FromHeaders(headerOf(http.Header{"X-Amz-Grant-Read": {strings.Join(many, ",")}}), ForObject, bob, alice, testRes); err == nil {
		t.Fatal("more than 100 grantees accepted")
	}
}

func policyXML(owner string, grants ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>` +
		owner + `</ID></Owner><AccessControlList>` + strings.Join(grants, "") + `</AccessControlList></AccessControlPolicy>`
}

func userGrant(id, perm string) string {
	return `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>` + id +
		`</ID><DisplayName>x</DisplayName></Grantee><Permission>` + perm + `</Permission></Grant>`
}

func groupGrant(uri, perm string) string {
	return `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>` + uri +
		`</URI></Grantee><Permission>` + perm + `</Permission></Grant>`
}

func TestParsePolicy(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []Grant
		code string
		arg  string
	}{
		{"owner only", policyXML(aliceID, userGrant(aliceID, "FULL_CONTROL")), grants(alice, FullControl), "", ""},
		{"empty list", policyXML(aliceID), []Grant{}, "", ""},
		{"mixed", policyXML(aliceID, userGrant(aliceID, "FULL_CONTROL"), userGrant(bobID, "READ"), groupGrant(AllUsersURI, "READ")),
			grants(alice, FullControl, bob, Read, all, Read), "", ""},
		{"email", policyXML(aliceID, `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="AmazonCustomerByEmail"><EmailAddress>bob@example.com</EmailAddress></Grantee><Permission>WRITE</Permission></Grant>`),
			grants(bob, Write), "", ""},
		{"no namespace, unbound prefix", `<AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList><Grant><Grantee xsi:type="Group"><URI>` + AllUsersURI +
			`</URI></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>`, grants(all, Read), "", ""},
		{"unknown id", policyXML(aliceID, userGrant("_foo", "READ")), nil, "InvalidArgument", "CanonicalUser/ID"},
		{"unknown group", policyXML(aliceID, groupGrant("http://acs.amazonaws.com/groups/global/Everyone", "READ")), nil, "InvalidArgument", "Group/URI"},
		{"unknown email", policyXML(aliceID, `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="AmazonCustomerByEmail"><EmailAddress>no@example.com</EmailAddress></Grantee><Permission>READ</Permission></Grant>`), nil, "UnresolvableGrantByEmailAddress", ""},
		{"bad permission", policyXML(aliceID, userGrant(aliceID, "ALL")), nil, "MalformedACLError", ""},
		{"no type", policyXML(aliceID, `<Grant><Grantee><ID>`+aliceID+`</ID></Grantee><Permission>READ</Permission></Grant>`), nil, "MalformedACLError", ""},
		{"no grantee", policyXML(aliceID, `<Grant><Permission>READ</Permission></Grant>`), nil, "MalformedACLError", ""},
		{"no owner", `<AccessControlPolicy><AccessControlList/></AccessControlPolicy>`, nil, "MalformedACLError", ""},
		{"no list", `<AccessControlPolicy><Owner><ID>x</ID></Owner></AccessControlPolicy>`, nil, "MalformedACLError", ""},
		{"wrong root", `<Policy><Owner><ID>x</ID></Owner><AccessControlList/></Policy>`, nil, "MalformedACLError", ""},
		{"not xml", `{"Grants":[]}`, nil, "MalformedACLError", ""},
		{"truncated", policyXML(aliceID, userGrant(aliceID, "READ"))[:120], nil, "MalformedACLError", ""},
		{"dtd", `<!DOCTYPE x [<!ENTITY e "x">]>` + policyXML(aliceID), nil, "MalformedACLError", ""},
		{"trailing element", policyXML(aliceID) + "<x/>", nil, "MalformedACLError", ""},
		{"empty", "", nil, "MalformedACLError", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := ParsePolicy([]byte(c.body), testRes)
			if got := errCode(err); got != c.code {
				t.Fatalf("error %v, want %s", err, c.code)
			}
			if c.arg != "" && apierr.As(err).Get("ArgumentName") != c.arg {
				t.Fatalf("ArgumentName %q, want %q", apierr.As(err).Get("ArgumentName"), c.arg)
			}
			if err == nil && (len(p.ACL.Grants) != len(c.want) || (len(c.want) > 0 && !reflect.DeepEqual(p.ACL.Grants, c.want))) {
				t.Fatalf("%+v, want %+v", p.ACL.Grants, c.want)
			}
		})
	}
	var many []string
	for i := 0; i <= MaxGrants; i++ {
		many = append(many, groupGrant(AllUsersURI, "READ"))
	}
	if _, err := ParsePolicy([]byte(policyXML(aliceID, many...)), testRes); errCode(err) != "MalformedACLError" {
		t.Fatalf("101 grants: %v", err)
	}
}

func TestAppendPolicyRoundTrip(t *testing.T) {
	a := &ACL{Grants: grants(alice, FullControl, bob, Read, all, Read, authd, WriteACP)}
	names := func(acct string) string {
		if acct == alice.Account {
			return "alice & co"
		}
		return ""
	}
	body := AppendPolicy(nil, alice, a, names)
	s := string(body)
	for _, want := range []string{`<Owner><ID>` + aliceID + `</ID><DisplayName>alice &amp; co</DisplayName></Owner>`,
		`xsi:type="Group"><URI>` + AllUsersURI + `</URI>`, `<Permission>WRITE_ACP</Permission>`} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s in\n%s", want, s)
		}
	}
	p, err := ParsePolicy(body, testRes)
	if err != nil {
		t.Fatal(err)
	}
	if p.OwnerID != aliceID || !reflect.DeepEqual(p.ACL, a) {
		t.Fatalf("round trip: %+v", p.ACL.Grants)
	}
}

func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte(policyXML(aliceID, userGrant(aliceID, "FULL_CONTROL"), groupGrant(AllUsersURI, "READ"))))
	f.Add([]byte(policyXML(aliceID)))
	f.Add([]byte(`<AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList><Grant><Grantee xsi:type="AmazonCustomerByEmail"><EmailAddress>bob@example.com</EmailAddress></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>`))
	f.Add([]byte(`<!DOCTYPE a><a/>`))
	f.Add([]byte(`<AccessControlPolicy><Owner/><AccessControlList><Grant><Grantee xsi:type="CanonicalUser"><ID>_foo</ID></Grantee></Grant></AccessControlList></AccessControlPolicy>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := ParsePolicy(body, testRes)
		if err != nil {
			if errCode(err) == "other" {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if len(p.ACL.Grants) > MaxGrants {
			t.Fatalf("%d grants accepted", len(p.ACL.Grants))
		}
		// What was accepted renders, re-parses and stores unchanged.
		again, err := ParsePolicy(AppendPolicy(nil, alice, p.ACL, nil), testRes)
		if err != nil || len(again.ACL.Grants) != len(p.ACL.Grants) || (len(p.ACL.Grants) > 0 && !reflect.DeepEqual(again.ACL, p.ACL)) {
			t.Fatalf("render/parse round trip: %v %+v vs %+v", err, again, p.ACL)
		}
		dec, err := Decode(p.ACL.Encode())
		if err != nil || len(dec.Grants) != len(p.ACL.Grants) {
			t.Fatalf("codec round trip: %v", err)
		}
	})
}

func FuzzParseGrantHeader(f *testing.F) {
	f.Add(`id="` + aliceID + `", uri="` + AllUsersURI + `"`)
	f.Add(`emailAddress="bob@example.com"`)
	f.Add(`id=`)
	f.Add(`"a,b"=c, d`)
	f.Add(`uri=` + LogDeliveryURI + `,id=` + bobID)
	f.Fuzz(func(t *testing.T, v string) {
		gs, err := ParseGrantHeader("x-amz-grant-read", v, testRes)
		if err != nil {
			if errCode(err) == "other" {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if len(gs) == 0 || len(gs) > MaxGrants {
			t.Fatalf("%d grantees from %q", len(gs), v)
		}
		for _, g := range gs {
			if g.Group == 0 && g.ID == "" {
				t.Fatalf("empty grantee from %q", v)
			}
		}
	})
}

func FuzzDecode(f *testing.F) {
	f.Add((&ACL{}).Encode())
	f.Add(Private(alice).Encode())
	f.Add((&ACL{Grants: grants(alice, FullControl, all, Read, logs, Write)}).Encode())
	f.Add([]byte{1, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := Decode(b)
		if err != nil {
			return
		}
		if got := a.Encode(); string(got) != string(b) {
			t.Fatalf("re-encoding %x gave %x", b, got)
		}
	})
}

func ExampleCanned() {
	a, _ := Canned(CannedPublicRead, ForObject, User("owner-id", "111122223333"), User("owner-id", "111122223333"))
	for _, g := range a.Grants {
		fmt.Println(g.Permission, g.Grantee.ID+g.Grantee.Group.URI())
	}
	// Output:
	// FULL_CONTROL owner-id
	// READ http://acs.amazonaws.com/groups/global/AllUsers
}
