package e2e

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// IAM end-to-end tests: aws-sdk-go-v2's IAM client against the shared
// server (IAM endpoint = the server URL, region us-east-1). Each test names
// its entities uniquely, so tests run in parallel with everything else.

func iamSDK(a harness.Account) *awsiam.Client { return iamAt(shared.URL, a) }

// iamAt is an IAM client of the server at url.
func iamAt(url string, a harness.Account) *awsiam.Client {
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider(a.AccessKey, a.SecretKey, ""),
		HTTPClient:  &http.Client{},
	}
	return awsiam.NewFromConfig(cfg, func(o *awsiam.Options) {
		o.BaseEndpoint = aws.String(url)
		o.RetryMaxAttempts = 1
	})
}

var iamSeq atomic.Int64

// iamName returns a fresh IAM name (at most 64 characters).
func iamName(base string) string {
	n := fmt.Sprintf("%s-%d", base, iamSeq.Add(1))
	if len(n) > 64 {
		n = n[len(n)-64:]
	}
	return n
}

const s3All = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`

func trustRoot(account string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + account + `:root"},"Action":"sts:AssumeRole"}]}`
}

// decodeDoc undoes IAM's URL-encoding of policy documents.
func decodeDoc(t testing.TB, s *string) string {
	t.Helper()
	out, err := url.QueryUnescape(aws.ToString(s))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// errMsg returns an API error's message.
func errMsg(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func wantIAMErr(t testing.TB, err error, code, msg string) {
	t.Helper()
	wantErr(t, err, code, 0)
	if msg != "" && errMsg(err) != msg {
		t.Fatalf("message\n got: %s\nwant: %s", errMsg(err), msg)
	}
}

func TestIAMUsers(t *testing.T) {
	t.Parallel()
	c := iamSDK(harness.Alice)
	name := iamName("user")
	path := "/" + iamName("p") + "/"
	out, err := c.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: &name, Path: &path,
		Tags: []iamtypes.Tag{{Key: aws.String("team"), Value: aws.String("blue")}}})
	must(t, err)
	u := out.User
	if aws.ToString(u.Arn) != "arn:aws:iam::111111111111:user"+path+name || !strings.HasPrefix(aws.ToString(u.UserId), "AIDA") ||
		len(aws.ToString(u.UserId)) != 21 || u.CreateDate == nil || len(u.Tags) != 1 {
		t.Fatalf("CreateUser: %+v", u)
	}
	_, err = c.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: aws.String(strings.ToUpper(name))})
	wantIAMErr(t, err, "EntityAlreadyExists", "User with name "+strings.ToUpper(name)+" already exists.")
	_, err = c.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: aws.String("bad name")})
	wantIAMErr(t, err, "ValidationError", `1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`)

	got, err := c.GetUser(ctx(t), &awsiam.GetUserInput{UserName: aws.String(strings.ToUpper(name))})
	must(t, err)
	if aws.ToString(got.User.UserName) != name || len(got.User.Tags) != 1 {
		t.Fatalf("GetUser: %+v", got.User)
	}
	_, err = c.GetUser(ctx(t), &awsiam.GetUserInput{UserName: aws.String(name + "-nobody")})
	wantIAMErr(t, err, "NoSuchEntity", "The user with name "+name+"-nobody cannot be found.")
	wantErr(t, err, "NoSuchEntity", 404)

	// Listing by path prefix, paged.
	second := iamName("user")
	_, err = c.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: &second, Path: &path})
	must(t, err)
	var listed []string
	p := awsiam.NewListUsersPaginator(c, &awsiam.ListUsersInput{PathPrefix: &path, MaxItems: aws.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		must(t, err)
		for _, u := range page.Users {
			listed = append(listed, aws.ToString(u.UserName))
		}
	}
	if len(listed) != 2 {
		t.Fatalf("ListUsers %s: %v", path, listed)
	}

	// Rename and move, tags.
	renamed := name + "-r"
	_, err = c.UpdateUser(ctx(t), &awsiam.UpdateUserInput{UserName: &name, NewUserName: &renamed, NewPath: aws.String("/moved/")})
	must(t, err)
	got, err = c.GetUser(ctx(t), &awsiam.GetUserInput{UserName: &renamed})
	must(t, err)
	if aws.ToString(got.User.Path) != "/moved/" || aws.ToString(got.User.UserId) != aws.ToString(u.UserId) {
		t.Fatalf("after UpdateUser: %+v", got.User)
	}
	_, err = c.TagUser(ctx(t), &awsiam.TagUserInput{UserName: &renamed, Tags: []iamtypes.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}})
	must(t, err)
	_, err = c.UntagUser(ctx(t), &awsiam.UntagUserInput{UserName: &renamed, TagKeys: []string{"TEAM"}})
	must(t, err)
	tags, err := c.ListUserTags(ctx(t), &awsiam.ListUserTagsInput{UserName: &renamed})
	must(t, err)
	if len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Key) != "env" {
		t.Fatalf("ListUserTags: %+v", tags.Tags)
	}
	_, err = c.TagUser(ctx(t), &awsiam.TagUserInput{UserName: &renamed, Tags: []iamtypes.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("A"), Value: aws.String("2")}}})
	wantIAMErr(t, err, "InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.")

	// Deleting a user with a key, a policy or a group conflicts.
	key, err := c.CreateAccessKey(ctx(t), &awsiam.CreateAccessKeyInput{UserName: &renamed})
	must(t, err)
	_, err = c.DeleteUser(ctx(t), &awsiam.DeleteUserInput{UserName: &renamed})
	wantIAMErr(t, err, "DeleteConflict", "Cannot delete entity, must delete access keys first.")
	wantErr(t, err, "DeleteConflict", 409)
	_, err = c.DeleteAccessKey(ctx(t), &awsiam.DeleteAccessKeyInput{UserName: &renamed, AccessKeyId: key.AccessKey.AccessKeyId})
	must(t, err)
	_, err = c.PutUserPolicy(ctx(t), &awsiam.PutUserPolicyInput{UserName: &renamed, PolicyName: aws.String("p"), PolicyDocument: aws.String(s3All)})
	must(t, err)
	_, err = c.DeleteUser(ctx(t), &awsiam.DeleteUserInput{UserName: &renamed})
	wantIAMErr(t, err, "DeleteConflict", "Cannot delete entity, must delete policies first.")
	_, err = c.DeleteUserPolicy(ctx(t), &awsiam.DeleteUserPolicyInput{UserName: &renamed, PolicyName: aws.String("p")})
	must(t, err)
	_, err = c.DeleteUser(ctx(t), &awsiam.DeleteUserInput{UserName: &renamed})
	must(t, err)
	_, err = c.DeleteUser(ctx(t), &awsiam.DeleteUserInput{UserName: &renamed})
	wantIAMErr(t, err, "NoSuchEntity", "")

	// Another account does not see the user.
	_, err = iamSDK(harness.Bob).GetUser(ctx(t), &awsiam.GetUserInput{UserName: &second})
	wantIAMErr(t, err, "NoSuchEntity", "")
	// The root user's GetUser without a name describes the root user.
	root, err := c.GetUser(ctx(t), &awsiam.GetUserInput{})
	must(t, err)
	if aws.ToString(root.User.Arn) != "arn:aws:iam::111111111111:root" {
		t.Fatalf("root GetUser: %+v", root.User)
	}
}

func TestIAMAccessKeys(t *testing.T) {
	t.Parallel()
	c := iamSDK(harness.Alice)
	name := iamName("keys")
	_, err := c.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: &name})
	must(t, err)
	k1, err := c.CreateAccessKey(ctx(t), &awsiam.CreateAccessKeyInput{UserName: &name})
	must(t, err)
	ak := k1.AccessKey
	if !strings.HasPrefix(aws.ToString(ak.AccessKeyId), "AKIA") || len(aws.ToString(ak.AccessKeyId)) != 20 ||
		len(aws.ToString(ak.SecretAccessKey)) != 40 || ak.Status != iamtypes.StatusTypeActive || aws.ToString(ak.UserName) != name {
		t.Fatalf("CreateAccessKey: %+v", ak)
	}
	k2, err := c.CreateAccessKey(ctx(t), &awsiam.CreateAccessKeyInput{UserName: &name})
	must(t, err)
	_, err = c.CreateAccessKey(ctx(t), &awsiam.CreateAccessKeyInput{UserName: &name})
	wantIAMErr(t, err, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2")
	wantErr(t, err, "LimitExceeded", 409)
	list, err := c.ListAccessKeys(ctx(t), &awsiam.ListAccessKeysInput{UserName: &name})
	must(t, err)
	if len(list.AccessKeyMetadata) != 2 {
		t.Fatalf("ListAccessKeys: %+v", list.AccessKeyMetadata)
	}

	// The key signs requests as the user; an inactive or deleted key is refused.
	userAcct := harness.Account{ID: harness.Alice.ID, AccessKey: aws.ToString(ak.AccessKeyId), SecretKey: aws.ToString(ak.SecretAccessKey)}
	_, err = iamSDK(userAcct).GetUser(ctx(t), &awsiam.GetUserInput{})
	wantErr(t, err, "AccessDenied", 403)
	if !strings.Contains(errMsg(err), "User: arn:aws:iam::111111111111:user/"+name+" is not authorized to perform: iam:GetUser") {
		t.Fatalf("denial message: %s", errMsg(err))
	}
	_, err = c.UpdateAccessKey(ctx(t), &awsiam.UpdateAccessKeyInput{UserName: &name, AccessKeyId: ak.AccessKeyId, Status: iamtypes.StatusTypeInactive})
	must(t, err)
	_, err = iamSDK(userAcct).GetUser(ctx(t), &awsiam.GetUserInput{})
	wantErr(t, err, "InvalidClientTokenId", 403)
	_, err = shared.Client(userAcct).ListBuckets(ctx(t), nil)
	wantErr(t, err, "InvalidAccessKeyId", 403)
	_, err = c.UpdateAccessKey(ctx(t), &awsiam.UpdateAccessKeyInput{UserName: &name, AccessKeyId: ak.AccessKeyId, Status: iamtypes.StatusTypeActive})
	must(t, err)
	_, err = c.DeleteAccessKey(ctx(t), &awsiam.DeleteAccessKeyInput{UserName: &name, AccessKeyId: ak.AccessKeyId})
	must(t, err)
	_, err = shared.Client(userAcct).ListBuckets(ctx(t), nil)
	wantErr(t, err, "InvalidAccessKeyId", 403)
	_, err = c.DeleteAccessKey(ctx(t), &awsiam.DeleteAccessKeyInput{UserName: &name, AccessKeyId: ak.AccessKeyId})
	wantIAMErr(t, err, "NoSuchEntity", "The Access Key with id "+aws.ToString(ak.AccessKeyId)+" cannot be found.")

	last, err := c.GetAccessKeyLastUsed(ctx(t), &awsiam.GetAccessKeyLastUsedInput{AccessKeyId: k2.AccessKey.AccessKeyId})
	must(t, err)
	if aws.ToString(last.UserName) != name || last.AccessKeyLastUsed == nil || aws.ToString(last.AccessKeyLastUsed.ServiceName) != "N/A" {
		t.Fatalf("GetAccessKeyLastUsed: %+v", last)
	}
	_, err = c.DeleteAccessKey(ctx(t), &awsiam.DeleteAccessKeyInput{UserName: &name, AccessKeyId: k2.AccessKey.AccessKeyId})
	must(t, err)
	_, err = c.DeleteUser(ctx(t), &awsiam.DeleteUserInput{UserName: &name})
	must(t, err)
}

func TestIAMGroups(t *testing.T) {
	t.Parallel()
	c := iamSDK(harness.Alice)
	g, u1, u2 := iamName("grp"), iamName("member"), iamName("member")
	out, err := c.CreateGroup(ctx(t), &awsiam.CreateGroupInput{GroupName: &g, Path: aws.String("/teams/")})
	must(t, err)
	if aws.ToString(out.Group.Arn) != "arn:aws:iam::111111111111:group/teams/"+g || !strings.HasPrefix(aws.ToString(out.Group.GroupId), "AGPA") {
		t.Fatalf("CreateGroup: %+v", out.Group)
	}
	_, err = c.CreateGroup(ctx(t), &awsiam.CreateGroupInput{GroupName: &g})
	wantIAMErr(t, err, "EntityAlreadyExists", "Group with name "+g+" already exists.")
	for _, u := range []string{u1, u2} {
		_, err = c.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: aws.String(u)})
		must(t, err)
		_, err = c.AddUserToGroup(ctx(t), &awsiam.AddUserToGroupInput{GroupName: &g, UserName: aws.String(u)})
		must(t, err)
	}
	gg, err := c.GetGroup(ctx(t), &awsiam.GetGroupInput{GroupName: &g})
	must(t, err)
	if len(gg.Users) != 2 {
		t.Fatalf("GetGroup users: %+v", gg.Users)
	}
	gfu, err := c.ListGroupsForUser(ctx(t), &awsiam.ListGroupsForUserInput{UserName: &u1})
	must(t, err)
	if len(gfu.Groups) != 1 || aws.ToString(gfu.Groups[0].GroupName) != g {
		t.Fatalf("ListGroupsForUser: %+v", gfu.Groups)
	}
	lg, err := c.ListGroups(ctx(t), &awsiam.ListGroupsInput{PathPrefix: aws.String("/teams/")})
	must(t, err)
	found := false
	for _, x := range lg.Groups {
		found = found || aws.ToString(x.GroupName) == g
	}
	if !found {
		t.Fatal("ListGroups misses the group")
	}
	_, err = c.DeleteGroup(ctx(t), &awsiam.DeleteGroupInput{GroupName: &g})
	wantIAMErr(t, err, "DeleteConflict", "Cannot delete entity, must remove users from group first.")
	_, err = c.DeleteUser(ctx(t), &awsiam.DeleteUserInput{UserName: &u1})
	wantIAMErr(t, err, "DeleteConflict", "Cannot delete entity, must remove user from all groups first.")
	for _, u := range []string{u1, u2} {
		_, err = c.RemoveUserFromGroup(ctx(t), &awsiam.RemoveUserFromGroupInput{GroupName: &g, UserName: aws.String(u)})
		must(t, err)
		_, err = c.DeleteUser(ctx(t), &awsiam.DeleteUserInput{UserName: aws.String(u)})
		must(t, err)
	}
	_, err = c.DeleteGroup(ctx(t), &awsiam.DeleteGroupInput{GroupName: &g})
	must(t, err)
	_, err = c.GetGroup(ctx(t), &awsiam.GetGroupInput{GroupName: &g})
	wantIAMErr(t, err, "NoSuchEntity", "The group with name "+g+" cannot be found.")
}

func TestIAMRoles(t *testing.T) {
	t.Parallel()
	c := iamSDK(harness.Alice)
	name := iamName("role")
	trust := trustRoot(harness.Bob.ID)
	out, err := c.CreateRole(ctx(t), &awsiam.CreateRoleInput{RoleName: &name, Path: aws.String("/svc/"), AssumeRolePolicyDocument: &trust,
		Description: aws.String("reader"), MaxSessionDuration: aws.Int32(7200), Tags: []iamtypes.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	must(t, err)
	r := out.Role
	if aws.ToString(r.Arn) != "arn:aws:iam::111111111111:role/svc/"+name || !strings.HasPrefix(aws.ToString(r.RoleId), "AROA") ||
		aws.ToInt32(r.MaxSessionDuration) != 7200 || decodeDoc(t, r.AssumeRolePolicyDocument) != trust {
		t.Fatalf("CreateRole: %+v", r)
	}
	_, err = c.CreateRole(ctx(t), &awsiam.CreateRoleInput{RoleName: &name, AssumeRolePolicyDocument: &trust})
	wantIAMErr(t, err, "EntityAlreadyExists", "Role with name "+name+" already exists.")
	_, err = c.CreateRole(ctx(t), &awsiam.CreateRoleInput{RoleName: aws.String(name + "x"), AssumeRolePolicyDocument: aws.String(s3All)})
	wantErr(t, err, "MalformedPolicyDocument", 400)
	_, err = c.CreateRole(ctx(t), &awsiam.CreateRoleInput{RoleName: aws.String(name + "y"), AssumeRolePolicyDocument: &trust, MaxSessionDuration: aws.Int32(100)})
	wantErr(t, err, "ValidationError", 400)
	ghost := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/no-such-user-x"},"Action":"sts:AssumeRole"}]}`
	_, err = c.CreateRole(ctx(t), &awsiam.CreateRoleInput{RoleName: aws.String(name + "z"), AssumeRolePolicyDocument: &ghost})
	wantIAMErr(t, err, "MalformedPolicyDocument", `Invalid principal in policy: "AWS":"arn:aws:iam::111111111111:user/no-such-user-x"`)

	got, err := c.GetRole(ctx(t), &awsiam.GetRoleInput{RoleName: &name})
	must(t, err)
	if aws.ToString(got.Role.Description) != "reader" || len(got.Role.Tags) != 1 {
		t.Fatalf("GetRole: %+v", got.Role)
	}
	newTrust := trustRoot(harness.Alice.ID)
	_, err = c.UpdateAssumeRolePolicy(ctx(t), &awsiam.UpdateAssumeRolePolicyInput{RoleName: &name, PolicyDocument: &newTrust})
	must(t, err)
	_, err = c.UpdateRole(ctx(t), &awsiam.UpdateRoleInput{RoleName: &name, MaxSessionDuration: aws.Int32(43200), Description: aws.String("d2")})
	must(t, err)
	_, err = c.UpdateRole(ctx(t), &awsiam.UpdateRoleInput{RoleName: &name, MaxSessionDuration: aws.Int32(43201)})
	wantIAMErr(t, err, "ValidationError", "1 validation error detected: Value '43201' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200")
	got, err = c.GetRole(ctx(t), &awsiam.GetRoleInput{RoleName: &name})
	must(t, err)
	if aws.ToInt32(got.Role.MaxSessionDuration) != 43200 || aws.ToString(got.Role.Description) != "d2" || decodeDoc(t, got.Role.AssumeRolePolicyDocument) != newTrust {
		t.Fatalf("after updates: %+v", got.Role)
	}
	_, err = c.TagRole(ctx(t), &awsiam.TagRoleInput{RoleName: &name, Tags: []iamtypes.Tag{{Key: aws.String("x"), Value: aws.String("y")}}})
	must(t, err)
	_, err = c.UntagRole(ctx(t), &awsiam.UntagRoleInput{RoleName: &name, TagKeys: []string{"k"}})
	must(t, err)
	rt, err := c.ListRoleTags(ctx(t), &awsiam.ListRoleTagsInput{RoleName: &name})
	must(t, err)
	if len(rt.Tags) != 1 || aws.ToString(rt.Tags[0].Key) != "x" {
		t.Fatalf("ListRoleTags: %+v", rt.Tags)
	}
	lr, err := c.ListRoles(ctx(t), &awsiam.ListRolesInput{PathPrefix: aws.String("/svc/")})
	must(t, err)
	found := false
	for _, x := range lr.Roles {
		found = found || aws.ToString(x.RoleName) == name
	}
	if !found {
		t.Fatal("ListRoles misses the role")
	}
	_, err = c.AttachRolePolicy(ctx(t), &awsiam.AttachRolePolicyInput{RoleName: &name, PolicyArn: aws.String("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")})
	must(t, err)
	_, err = c.DeleteRole(ctx(t), &awsiam.DeleteRoleInput{RoleName: &name})
	wantIAMErr(t, err, "DeleteConflict", "Cannot delete entity, must detach all policies first.")
	_, err = c.DetachRolePolicy(ctx(t), &awsiam.DetachRolePolicyInput{RoleName: &name, PolicyArn: aws.String("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")})
	must(t, err)
	_, err = c.DeleteRole(ctx(t), &awsiam.DeleteRoleInput{RoleName: &name})
	must(t, err)
	_, err = c.GetRole(ctx(t), &awsiam.GetRoleInput{RoleName: &name})
	wantIAMErr(t, err, "NoSuchEntity", "The role with name "+name+" cannot be found.")
}

func TestIAMInlinePolicies(t *testing.T) {
	t.Parallel()
	c := iamSDK(harness.Alice)
	user, group, role := iamName("inl-u"), iamName("inl-g"), iamName("inl-r")
	_, err := c.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: &user})
	must(t, err)
	_, err = c.CreateGroup(ctx(t), &awsiam.CreateGroupInput{GroupName: &group})
	must(t, err)
	_, err = c.CreateRole(ctx(t), &awsiam.CreateRoleInput{RoleName: &role, AssumeRolePolicyDocument: aws.String(trustRoot(harness.Alice.ID))})
	must(t, err)
	// A document of n characters without whitespace.
	doc := func(n int) string {
		base := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/"}]}`
		return strings.Replace(base, "b/", "b/"+strings.Repeat("x", n-len(base)), 1)
	}
	pretty := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:ListBucket\", \"Resource\": \"*\"}\n}"
	type ent struct {
		kind, name string
		limit      int
		put        func(name, doc string) error
		get        func(name string) (string, error)
		list       func() ([]string, error)
		del        func(name string) error
	}
	ents := []ent{
		{"user", user, 2048,
			func(n, d string) error {
				_, err := c.PutUserPolicy(ctx(t), &awsiam.PutUserPolicyInput{UserName: &user, PolicyName: &n, PolicyDocument: &d})
				return err
			},
			func(n string) (string, error) {
				o, err := c.GetUserPolicy(ctx(t), &awsiam.GetUserPolicyInput{UserName: &user, PolicyName: &n})
				if err != nil {
					return "", err
				}
				return decodeDoc(t, o.PolicyDocument), nil
			},
			func() ([]string, error) {
				o, err := c.ListUserPolicies(ctx(t), &awsiam.ListUserPoliciesInput{UserName: &user})
				if err != nil {
					return nil, err
				}
				return o.PolicyNames, nil
			},
			func(n string) error {
				_, err := c.DeleteUserPolicy(ctx(t), &awsiam.DeleteUserPolicyInput{UserName: &user, PolicyName: &n})
				return err
			}},
		{"group", group, 5120,
			func(n, d string) error {
				_, err := c.PutGroupPolicy(ctx(t), &awsiam.PutGroupPolicyInput{GroupName: &group, PolicyName: &n, PolicyDocument: &d})
				return err
			},
			func(n string) (string, error) {
				o, err := c.GetGroupPolicy(ctx(t), &awsiam.GetGroupPolicyInput{GroupName: &group, PolicyName: &n})
				if err != nil {
					return "", err
				}
				return decodeDoc(t, o.PolicyDocument), nil
			},
			func() ([]string, error) {
				o, err := c.ListGroupPolicies(ctx(t), &awsiam.ListGroupPoliciesInput{GroupName: &group})
				if err != nil {
					return nil, err
				}
				return o.PolicyNames, nil
			},
			func(n string) error {
				_, err := c.DeleteGroupPolicy(ctx(t), &awsiam.DeleteGroupPolicyInput{GroupName: &group, PolicyName: &n})
				return err
			}},
		{"role", role, 10240,
			func(n, d string) error {
				_, err := c.PutRolePolicy(ctx(t), &awsiam.PutRolePolicyInput{RoleName: &role, PolicyName: &n, PolicyDocument: &d})
				return err
			},
			func(n string) (string, error) {
				o, err := c.GetRolePolicy(ctx(t), &awsiam.GetRolePolicyInput{RoleName: &role, PolicyName: &n})
				if err != nil {
					return "", err
				}
				return decodeDoc(t, o.PolicyDocument), nil
			},
			func() ([]string, error) {
				o, err := c.ListRolePolicies(ctx(t), &awsiam.ListRolePoliciesInput{RoleName: &role})
				if err != nil {
					return nil, err
				}
				return o.PolicyNames, nil
			},
			func(n string) error {
				_, err := c.DeleteRolePolicy(ctx(t), &awsiam.DeleteRolePolicyInput{RoleName: &role, PolicyName: &n})
				return err
			}},
	}
	for _, e := range ents {
		must(t, e.put("pretty", pretty))
		if got, err := e.get("pretty"); err != nil || got != pretty {
			t.Fatalf("%s: document comes back as %q (%v)", e.kind, got, err)
		}
		must(t, e.put("big", doc(e.limit-200)))
		err := e.put("more", doc(300))
		wantIAMErr(t, err, "LimitExceeded", fmt.Sprintf("Maximum policy size of %d bytes exceeded for %s %s", e.limit, e.kind, e.name))
		names, err := e.list()
		must(t, err)
		if strings.Join(names, ",") != "big,pretty" {
			t.Fatalf("%s policies: %v", e.kind, names)
		}
		_, err = e.get("absent")
		wantIAMErr(t, err, "NoSuchEntity", "The "+e.kind+" policy with name absent cannot be found.")
		err = e.put("bad", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"nope","Resource":"*"}]}`)
		wantErr(t, err, "MalformedPolicyDocument", 400)
		must(t, e.del("big"))
		must(t, e.del("pretty"))
	}
}
