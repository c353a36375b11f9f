package iamapi

import (
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/iam"
	"github.com/coffer-s3/coffer/internal/queryapi"
)

type userResult struct{ User userXML }

type usersResult struct {
	Users queryapi.List[userXML]
	pageXML
}

type tagsResult struct {
	Tags queryapi.List[tagXML]
	pageXML
}

func createUser(c *call) (any, error) {
	name, err := c.required("UserName")
	if err != nil {
		return nil, err
	}
	u, err := c.h.iam.CreateUser(c.ctx, c.acct, iam.UserInput{Name: name, Path: c.str("Path"), Tags: c.tags(),
		Boundary: c.str("PermissionsBoundary")})
	if err != nil {
		return nil, err
	}
	return &userResult{User: user(u, true)}, nil
}

func getUser(c *call) (any, error) {
	name, err := c.selfUser()
	if err != nil {
		return nil, err
	}
	if name == "" {
		// The root user, as AWS shows it: the account id and root ARN.
		a, err := c.h.iam.Account(c.ctx, c.acct)
		if err != nil {
			return nil, err
		}
		return &userResult{User: userXML{UserId: c.acct, Arn: c.p.ARN, CreateDate: queryapi.Time(a.Created)}}, nil
	}
	u, err := c.h.iam.GetUser(c.ctx, c.acct, name)
	if err != nil {
		return nil, err
	}
	return &userResult{User: user(u, true)}, nil
}

func listUsers(c *call) (any, error) {
	page, err := queryapi.ReadPage(c.v)
	if err != nil {
		return nil, err
	}
	us, err := c.h.iam.ListUsers(c.ctx, c.acct, c.str("PathPrefix"))
	if err != nil {
		return nil, err
	}
	us, next, err := queryapi.Paginate(us, func(u *iam.User) string { return lower(u.Name) }, page)
	if err != nil {
		return nil, err
	}
	out := &usersResult{pageXML: pageOf(next)}
	for _, u := range us {
		out.Users.Member = append(out.Users.Member, user(u, false))
	}
	return out, nil
}

func updateUser(c *call) (any, error) {
	name, err := c.required("UserName")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.UpdateUser(c.ctx, c.acct, name, c.str("NewUserName"), c.str("NewPath"))
}

func deleteUser(c *call) (any, error) {
	name, err := c.required("UserName")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.DeleteUser(c.ctx, c.acct, name)
}

func tagUser(c *call) (any, error) {
	name, err := c.required("UserName")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.TagUser(c.ctx, c.acct, name, c.tags())
}

func untagUser(c *call) (any, error) {
	name, err := c.required("UserName")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.UntagUser(c.ctx, c.acct, name, c.v.Strings("TagKeys"))
}

func listUserTags(c *call) (any, error) {
	name, err := c.required("UserName")
	if err != nil {
		return nil, err
	}
	u, err := c.h.iam.GetUser(c.ctx, c.acct, name)
	if err != nil {
		return nil, err
	}
	return pageTags(c, u.Tags)
}

func pageTags(c *call, tags []iam.Tag) (any, error) {
	page, err := queryapi.ReadPage(c.v)
	if err != nil {
		return nil, err
	}
	type indexed struct {
		i int
		t iam.Tag
	}
	items := make([]indexed, len(tags))
	for i, t := range tags {
		items[i] = indexed{i, t}
	}
	items, next, err := queryapi.Paginate(items, func(x indexed) string { return key(x.i) }, page)
	if err != nil {
		return nil, err
	}
	out := &tagsResult{pageXML: pageOf(next)}
	out.Tags.Member = []tagXML{}
	for _, x := range items {
		out.Tags.Member = append(out.Tags.Member, tagXML(x.t))
	}
	return out, nil
}

// key orders positional items for paging.
func key(i int) string {
	const digits = "0123456789"
	b := []byte("0000000000")
	for j := len(b) - 1; i > 0 && j >= 0; j-- {
		b[j] = digits[i%10]
		i /= 10
	}
	return string(b)
}

type createKeyResult struct{ AccessKey accessKeyXML }

type keysResult struct {
	AccessKeyMetadata queryapi.List[accessKeyXML]
	pageXML
}

type lastUsedXML struct {
	LastUsedDate string `xml:",omitempty"`
	ServiceName  string
	Region       string
}

type lastUsedResult struct {
	UserName          string `xml:",omitempty"`
	AccessKeyLastUsed lastUsedXML
}

func createAccessKey(c *call) (any, error) {
	name, err := c.selfUser()
	if err != nil {
		return nil, err
	}
	k, secret, err := c.h.iam.CreateAccessKey(c.ctx, c.acct, name)
	if err != nil {
		return nil, err
	}
	return &createKeyResult{AccessKey: accessKey(k, secret)}, nil
}

func listAccessKeys(c *call) (any, error) {
	name, err := c.selfUser()
	if err != nil {
		return nil, err
	}
	page, err := queryapi.ReadPage(c.v)
	if err != nil {
		return nil, err
	}
	ks, err := c.h.iam.ListAccessKeys(c.ctx, c.acct, name)
	if err != nil {
		return nil, err
	}
	ks, next, err := queryapi.Paginate(ks, func(k iam.AccessKey) string { return queryapi.Time(k.Created) + k.ID }, page)
	if err != nil {
		return nil, err
	}
	out := &keysResult{pageXML: pageOf(next)}
	for _, k := range ks {
		out.AccessKeyMetadata.Member = append(out.AccessKeyMetadata.Member, accessKey(k, ""))
	}
	return out, nil
}

func updateAccessKey(c *call) (any, error) {
	name, err := c.selfUser()
	if err != nil {
		return nil, err
	}
	id, err := c.required("AccessKeyId")
	if err != nil {
		return nil, err
	}
	status, err := c.required("Status")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.UpdateAccessKey(c.ctx, c.acct, name, id, status)
}

func deleteAccessKey(c *call) (any, error) {
	name, err := c.selfUser()
	if err != nil {
		return nil, err
	}
	id, err := c.required("AccessKeyId")
	if err != nil {
		return nil, err
	}
	return nil, c.h.iam.DeleteAccessKey(c.ctx, c.acct, name, id)
}

// keyOwnerARN is GetAccessKeyLastUsed's resource: the key's user.
func keyOwnerARN(c *call) string {
	k, err := c.h.iam.AccessKeyInfo(c.ctx, c.acct, c.str("AccessKeyId"))
	switch {
	case err != nil:
		return c.p.ARN
	case k.User == "":
		return "arn:aws:iam::" + c.acct + ":root"
	}
	return c.userARN(k.User)
}

func accessKeyLastUsed(c *call) (any, error) {
	id, err := c.required("AccessKeyId")
	if err != nil {
		return nil, err
	}
	k, err := c.h.iam.AccessKeyInfo(c.ctx, c.acct, id)
	if err != nil {
		return nil, apierr.AccessDenied.WithMessage("The specified access key does not belong to your account or does not exist.")
	}
	out := &lastUsedResult{UserName: k.User, AccessKeyLastUsed: lastUsedXML{ServiceName: "N/A", Region: "N/A"}}
	if !k.LastUsed.IsZero() {
		out.AccessKeyLastUsed = lastUsedXML{LastUsedDate: queryapi.Time(k.LastUsed), ServiceName: k.LastService, Region: k.LastRegion}
	}
	return out, nil
}
