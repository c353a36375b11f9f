package acl

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// MaxPolicyXML bounds the AccessControlPolicy body S3 reads: 100 grants of
// the longest grantee forms fit well within it.
const MaxPolicyXML = 64 << 10

const xsiNS = "http://www.w3.org/2001/XMLSchema-instance"

var malformed = apierr.MalformedACLError

var tooManyGrants = apierr.MalformedACLError

type xmlPolicy struct {
	Owner *xmlOwner `xml:"Owner"`
	List  *xmlList  `xml:"AccessControlList"`
}

type xmlOwner struct {
	ID          string `xml:"ID"`
	DisplayName string `xml:"DisplayName"`
}

type xmlList struct {
	Grants []xmlGrant `xml:"Grant"`
}

type xmlGrant struct {
	Grantee    *xmlGrantee `xml:"Grantee"`
	Permission string      `xml:"Permission"`
}

type xmlGrantee struct {
	Type         string
	ID           string `xml:"ID"`
	DisplayName  string `xml:"DisplayName"`
	EmailAddress string `xml:"EmailAddress"`
	URI          string `xml:"URI"`
}

// UnmarshalXML reads the grantee's xsi:type, whatever prefix the client
// bound (or forgot to bind) to the schema-instance namespace.
func (g *xmlGrantee) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	for _, a := range start.Attr {
		if a.Name.Local == "type" && (a.Name.Space == xsiNS || a.Name.Space == "xsi") {
			g.Type = a.Value
		}
	}
	type plain xmlGrantee
	var p plain
	if err := d.DecodeElement(&p, &start); err != nil {
		return err
	}
	p.Type = g.Type
	*g = xmlGrantee(p)
	return nil
}

// Policy is a decoded AccessControlPolicy: the owner it names and the ACL.
type Policy struct {
	OwnerID string
	ACL     *ACL
}

// ParsePolicy reads an AccessControlPolicy document (at most MaxPolicyXML
// bytes) and resolves its grantees. Documents that are not well-formed,
// lack Owner or AccessControlList, or carry an unknown grantee type or
// permission are MalformedACLError; unknown canonical ids and group URIs
// are InvalidArgument, unknown e-mail addresses
// UnresolvableGrantByEmailAddress, as S3 answers.
func ParsePolicy(body []byte, r Resolver) (*Policy, error) {
	if len(body) > MaxPolicyXML {
		return nil, malformed
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	start, err := rootElement(d)
	if err != nil {
		return nil, err
	}
	if start.Name.Local != "AccessControlPolicy" {
		return nil, malformed
	}
	var p xmlPolicy
	if err := d.DecodeElement(&p, &start); err != nil {
		return nil, malformed
	}
	if err := trailing(d); err != nil {
		return nil, err
	}
	if p.Owner == nil || p.List == nil {
		return nil, malformed
	}
	if len(p.List.Grants) > MaxGrants {
		return nil, tooManyGrants
	}
	out := &Policy{OwnerID: strings.TrimSpace(p.Owner.ID), ACL: &ACL{}}
	for _, xg := range p.List.Grants {
		perm, ok := ParsePermission(strings.TrimSpace(xg.Permission))
		if !ok || xg.Grantee == nil {
			return nil, malformed
		}
		g, err := xg.Grantee.resolve(r)
		if err != nil {
			return nil, err
		}
		out.ACL.add(g, perm)
	}
	return out, nil
}

func (x *xmlGrantee) resolve(r Resolver) (Grantee, error) {
	switch x.Type {
	case "CanonicalUser":
		return r.user(strings.TrimSpace(x.ID), "CanonicalUser/ID")
	case "Group":
		uri := strings.TrimSpace(x.URI)
		g, ok := ParseGroupURI(uri)
		if !ok {
			return Grantee{}, apierr.InvalidArgument.WithMessage("Invalid group uri").With("ArgumentName", "Group/URI").With("ArgumentValue", uri)
		}
		return Grantee{Group: g}, nil
	case "AmazonCustomerByEmail":
		return r.email(strings.TrimSpace(x.EmailAddress))
	}
	return Grantee{}, malformed
}

// rootElement skips the prolog; DTDs are refused (S3 bodies never carry
// one, and refusing them rules out entity tricks).
func rootElement(d *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			return xml.StartElement{}, malformed
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return xml.StartElement{}, malformed
			}
		case xml.Directive, xml.EndElement:
			return xml.StartElement{}, malformed
		}
	}
}

func trailing(d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return malformed
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return malformed
			}
		case xml.Comment, xml.ProcInst:
		default:
			return malformed
		}
	}
}

// Names gives the display name of an account, "" for none; rendering
// uses it for owners and canonical-user grantees.
type Names func(account string) string

// AppendPolicy renders a GetBucketAcl/GetObjectAcl response body: the
// owner (canonical id and account) and the grants.
func AppendPolicy(b []byte, owner Grantee, a *ACL, names Names) []byte {
	b = append(b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>`...)
	b = appendText(b, owner.ID)
	b = append(b, "</ID>"...)
	b = appendName(b, owner.Account, names)
	b = append(b, "</Owner><AccessControlList>"...)
	for _, g := range a.Grants {
		b = append(b, `<Grant><Grantee xmlns:xsi="`+xsiNS+`" xsi:type="`...)
		if g.Grantee.Group != 0 {
			b = append(b, `Group"><URI>`...)
			b = appendText(b, g.Grantee.Group.URI())
			b = append(b, "</URI>"...)
		} else {
			b = append(b, `CanonicalUser"><ID>`...)
			b = appendText(b, g.Grantee.ID)
			b = append(b, "</ID>"...)
			b = appendName(b, g.Grantee.Account, names)
		}
		b = append(b, "</Grantee><Permission>"...)
		b = append(b, g.Permission.String()...)
		b = append(b, "</Permission></Grant>"...)
	}
	return append(b, "</AccessControlList></AccessControlPolicy>"...)
}

func appendName(b []byte, account string, names Names) []byte {
	if account == "" || names == nil {
		return b
	}
	if n := names(account); n != "" {
		b = append(b, "<DisplayName>"...)
		b = appendText(b, n)
		b = append(b, "</DisplayName>"...)
	}
	return b
}

func appendText(b []byte, s string) []byte {
	var w bytes.Buffer
	xml.EscapeText(&w, []byte(s))
	return append(b, w.Bytes()...)
}
