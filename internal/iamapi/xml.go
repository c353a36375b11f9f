package iamapi

import (
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/queryapi"
)

// The XML shapes of IAM results, as the API reference names their members.

type tagXML struct {
	Key   string
	Value string
}

func tagsXML(ts []iam.Tag) queryapi.List[tagXML] {
	out := make([]tagXML, len(ts))
	for i, t := range ts {
		out[i] = tagXML(t)
	}
	return queryapi.ListOf(out)
}

// optTags renders Tags only when there are some, as GetUser and GetRole do.
func optTags(ts []iam.Tag) *queryapi.List[tagXML] {
	if len(ts) == 0 {
		return nil
	}
	l := tagsXML(ts)
	return &l
}

type boundaryXML struct {
	PermissionsBoundaryType string
	PermissionsBoundaryArn  string
}

func boundary(a string) *boundaryXML {
	if a == "" {
		return nil
	}
	return &boundaryXML{PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: a}
}

type userXML struct {
	Path                string `xml:",omitempty"`
	UserName            string `xml:",omitempty"`
	UserId              string
	Arn                 string
	CreateDate          string
	PermissionsBoundary *boundaryXML
	Tags                *queryapi.List[tagXML]
}

// user renders a user; full adds the boundary and tags (GetUser, not lists).
func user(u *iam.User, full bool) userXML {
	x := userXML{Path: u.Path, UserName: u.Name, UserId: u.ID, Arn: u.ARN(), CreateDate: queryapi.Time(u.Created)}
	if full {
		x.PermissionsBoundary, x.Tags = boundary(u.Boundary), optTags(u.Tags)
	}
	return x
}

type groupXML struct {
	Path       string
	GroupName  string
	GroupId    string
	Arn        string
	CreateDate string
}

func group(g *iam.Group) groupXML {
	return groupXML{Path: g.Path, GroupName: g.Name, GroupId: g.ID, Arn: g.ARN(), CreateDate: queryapi.Time(g.Created)}
}

type roleLastUsedXML struct{}

type roleXML struct {
	Path                     string
	RoleName                 string
	RoleId                   string
	Arn                      string
	CreateDate               string
	AssumeRolePolicyDocument string
	Description              string `xml:",omitempty"`
	MaxSessionDuration       int
	PermissionsBoundary      *boundaryXML
	Tags                     *queryapi.List[tagXML]
	RoleLastUsed             *roleLastUsedXML
}

func role(r *iam.Role, full bool) roleXML {
	x := roleXML{Path: r.Path, RoleName: r.Name, RoleId: r.ID, Arn: r.ARN(), CreateDate: queryapi.Time(r.Created),
		AssumeRolePolicyDocument: encodeDoc(r.TrustDocument), Description: r.Description, MaxSessionDuration: r.MaxSessionDuration}
	if full {
		x.PermissionsBoundary, x.Tags, x.RoleLastUsed = boundary(r.Boundary), optTags(r.Tags), &roleLastUsedXML{}
	}
	return x
}

type policyXML struct {
	PolicyName                    string
	PolicyId                      string
	Arn                           string
	Path                          string
	DefaultVersionId              string
	AttachmentCount               int
	PermissionsBoundaryUsageCount int
	IsAttachable                  bool
	Description                   string `xml:",omitempty"`
	CreateDate                    string
	UpdateDate                    string
	Tags                          *queryapi.List[tagXML]
}

func managedPolicy(p *iam.PolicyView, full bool) policyXML {
	x := policyXML{PolicyName: p.Name, PolicyId: p.ID, Arn: p.ARN(), Path: p.Path, DefaultVersionId: p.DefaultVersion,
		AttachmentCount: p.AttachmentCount, PermissionsBoundaryUsageCount: p.BoundaryUsageCount, IsAttachable: true,
		CreateDate: queryapi.Time(p.Created), UpdateDate: queryapi.Time(p.Updated)}
	if full {
		x.Description, x.Tags = p.Description, optTags(p.Tags)
	}
	return x
}

type versionXML struct {
	Document         string `xml:",omitempty"`
	VersionId        string
	IsDefaultVersion bool
	CreateDate       string
}

func version(p *iam.ManagedPolicy, v *iam.PolicyVersion, withDoc bool) versionXML {
	x := versionXML{VersionId: v.ID, IsDefaultVersion: v.ID == p.DefaultVersion, CreateDate: queryapi.Time(v.Created)}
	if withDoc {
		x.Document = encodeDoc(v.Document)
	}
	return x
}

type attachedXML struct {
	PolicyName string
	PolicyArn  string
}

func attachedList(ps []iam.AttachedPolicy) []attachedXML {
	out := make([]attachedXML, len(ps))
	for i, p := range ps {
		out[i] = attachedXML{PolicyName: p.Name, PolicyArn: p.ARN}
	}
	return out
}

type accessKeyXML struct {
	UserName        string `xml:",omitempty"`
	AccessKeyId     string
	Status          string
	SecretAccessKey string `xml:",omitempty"`
	CreateDate      string
}

func accessKey(k iam.AccessKey, secret string) accessKeyXML {
	return accessKeyXML{UserName: k.User, AccessKeyId: k.ID, Status: k.Status, SecretAccessKey: secret, CreateDate: queryapi.Time(k.Created)}
}

// pageXML is the paging tail of list results.
type pageXML struct {
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

func pageOf(next string) pageXML { return pageXML{IsTruncated: next != "", Marker: next} }
