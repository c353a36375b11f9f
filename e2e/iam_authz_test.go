package e2e

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// An IAM user's key signs S3 and IAM requests; what it may do is decided
// by its identity policies (inline, managed, groups'), capped by its
// permissions boundary, with explicit denies winning.

// newIAMUser creates a user of Alice's account with an access key.
func newIAMUser(t *testing.T, c *awsiam.Client, name string) harness.Account {
	t.Helper()
	_, err := c.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: &name})
	must(t, err)
	k, err := c.CreateAccessKey(ctx(t), &awsiam.CreateAccessKeyInput{UserName: &name})
	must(t, err)
	return harness.Account{ID: harness.Alice.ID, Name: name, AccessKey: aws.ToString(k.AccessKey.AccessKeyId), SecretKey: aws.ToString(k.AccessKey.SecretAccessKey)}
}

func putUserPolicy(t *testing.T, c *awsiam.Client, user, name, doc string) {
	t.Helper()
	_, err := c.PutUserPolicy(ctx(t), &awsiam.PutUserPolicyInput{UserName: &user, PolicyName: &name, PolicyDocument: &doc})
	must(t, err)
}

func objectPolicy(effect, action, resource string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":%q,"Action":%q,"Resource":%q}]}`, effect, action, resource)
}

func s3Get(t *testing.T, c *s3.Client, bucket, key string) error {
	out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err == nil {
		out.Body.Close()
	}
	return err
}

func s3Put(t *testing.T, c *s3.Client, bucket, key string) error {
	_, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: bytes.NewReader([]byte("x"))})
	return err
}

func s3Delete(t *testing.T, c *s3.Client, bucket, key string) error {
	_, err := c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: &bucket, Key: &key})
	return err
}

func s3List(t *testing.T, c *s3.Client, bucket string) error {
	_, err := c.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &bucket})
	return err
}

func allowed(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: want allowed, got %v", what, err)
	}
}

func denied(t *testing.T, what string, err error) {
	t.Helper()
	if errCode(err) != "AccessDenied" {
		t.Fatalf("%s: want AccessDenied, got %v", what, err)
	}
}

func TestIAMUserAuthorization(t *testing.T) {
	t.Parallel()
	c := iamSDK(harness.Alice)
	bucket := newBucket(t, alice())
	put(t, alice(), bucket, "shared/doc", []byte("doc"))
	name := iamName("authz")
	key := newIAMUser(t, c, name)
	s := shared.Client(key)

	// A new user is denied everything.
	_, err := s.ListBuckets(ctx(t), &s3.ListBucketsInput{})
	denied(t, "ListBuckets", err)
	denied(t, "GetObject", s3Get(t, s, bucket, "shared/doc"))
	denied(t, "PutObject", s3Put(t, s, bucket, "new"))
	_, err = iamSDK(key).ListUsers(ctx(t), &awsiam.ListUsersInput{})
	denied(t, "iam:ListUsers", err)

	// An inline policy grants reads of the bucket's objects.
	putUserPolicy(t, c, name, "read", objectPolicy("Allow", "s3:GetObject", "arn:aws:s3:::"+bucket+"/*"))
	allowed(t, "GetObject", s3Get(t, s, bucket, "shared/doc"))
	denied(t, "PutObject", s3Put(t, s, bucket, "new"))

	// A managed policy grants listing.
	_, err = c.AttachUserPolicy(ctx(t), &awsiam.AttachUserPolicyInput{UserName: &name, PolicyArn: aws.String(s3ReadARN)})
	must(t, err)
	_, err = s.ListBuckets(ctx(t), &s3.ListBucketsInput{})
	allowed(t, "ListBuckets", err)
	allowed(t, "ListObjectsV2", s3List(t, s, bucket))

	// A group's policy grants writes.
	group := iamName("authz-g")
	_, err = c.CreateGroup(ctx(t), &awsiam.CreateGroupInput{GroupName: &group})
	must(t, err)
	_, err = c.PutGroupPolicy(ctx(t), &awsiam.PutGroupPolicyInput{GroupName: &group, PolicyName: aws.String("write"),
		PolicyDocument: aws.String(objectPolicy("Allow", "s3:PutObject", "arn:aws:s3:::"+bucket+"/*"))})
	must(t, err)
	_, err = c.AddUserToGroup(ctx(t), &awsiam.AddUserToGroupInput{GroupName: &group, UserName: &name})
	must(t, err)
	allowed(t, "PutObject via group", s3Put(t, s, bucket, "new"))

	// An explicit deny wins over AmazonS3FullAccess.
	_, err = c.AttachUserPolicy(ctx(t), &awsiam.AttachUserPolicyInput{UserName: &name, PolicyArn: aws.String(s3FullARN)})
	must(t, err)
	allowed(t, "DeleteObject", s3Delete(t, s, bucket, "new"))
	putUserPolicy(t, c, name, "nodelete", objectPolicy("Deny", "s3:DeleteObject", "*"))
	err = s3Delete(t, s, bucket, "shared/doc")
	denied(t, "DeleteObject with explicit deny", err)
	if !strings.Contains(errMsg(err), "with an explicit deny in an identity-based policy") {
		t.Errorf("denial message: %s", errMsg(err))
	}

	// A permissions boundary caps what the policies allow.
	_, err = c.PutUserPermissionsBoundary(ctx(t), &awsiam.PutUserPermissionsBoundaryInput{UserName: &name, PermissionsBoundary: aws.String(s3ReadARN)})
	must(t, err)
	denied(t, "PutObject outside the boundary", s3Put(t, s, bucket, "new2"))
	allowed(t, "GetObject inside the boundary", s3Get(t, s, bucket, "shared/doc"))
	_, err = c.DeleteUserPermissionsBoundary(ctx(t), &awsiam.DeleteUserPermissionsBoundaryInput{UserName: &name})
	must(t, err)
	allowed(t, "PutObject without boundary", s3Put(t, s, bucket, "new2"))

	// Removing the grants takes effect at once.
	_, err = c.RemoveUserFromGroup(ctx(t), &awsiam.RemoveUserFromGroupInput{GroupName: &group, UserName: &name})
	must(t, err)
	_, err = c.DetachUserPolicy(ctx(t), &awsiam.DetachUserPolicyInput{UserName: &name, PolicyArn: aws.String(s3FullARN)})
	must(t, err)
	denied(t, "PutObject after revocation", s3Put(t, s, bucket, "new3"))
}

func TestIAMUsernameHomeFolders(t *testing.T) {
	t.Parallel()
	c := iamSDK(harness.Alice)
	bucket := newBucket(t, alice())
	home := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::%s/home/${aws:username}/*"}]}`, bucket)
	a, b := iamName("home"), iamName("home")
	ka, kb := newIAMUser(t, c, a), newIAMUser(t, c, b)
	putUserPolicy(t, c, a, "home", home)
	putUserPolicy(t, c, b, "home", home)
	allowed(t, "own folder", s3Put(t, shared.Client(ka), bucket, "home/"+a+"/f"))
	allowed(t, "own folder", s3Put(t, shared.Client(kb), bucket, "home/"+b+"/f"))
	denied(t, "other's folder", s3Put(t, shared.Client(ka), bucket, "home/"+b+"/f"))
	denied(t, "other's folder", s3Get(t, shared.Client(kb), bucket, "home/"+a+"/f"))
}

func TestIAMUserCallsIAM(t *testing.T) {
	t.Parallel()
	c := iamSDK(harness.Alice)
	name := iamName("admin")
	key := newIAMUser(t, c, name)
	team := "/" + iamName("team") + "/"
	putUserPolicy(t, c, name, "iam", fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
	  {"Effect":"Allow","Action":["iam:CreateUser","iam:DeleteUser","iam:GetUser"],"Resource":"arn:aws:iam::111111111111:user%s*"},
	  {"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}`, team))
	u := iamSDK(key)
	newUser := iamName("made")
	_, err := u.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: &newUser, Path: &team})
	allowed(t, "CreateUser in the team path", err)
	_, err = u.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: aws.String(newUser + "x")})
	denied(t, "CreateUser outside the team path", err)
	_, err = u.ListUsers(ctx(t), &awsiam.ListUsersInput{PathPrefix: &team})
	allowed(t, "ListUsers", err)
	_, err = u.DeleteUser(ctx(t), &awsiam.DeleteUserInput{UserName: &newUser})
	allowed(t, "DeleteUser", err)
	_, err = u.CreateRole(ctx(t), &awsiam.CreateRoleInput{RoleName: aws.String(newUser), AssumeRolePolicyDocument: aws.String(trustRoot(harness.Alice.ID))})
	denied(t, "CreateRole", err)
}

// The policy simulator answers as the live authorizer decides.
func TestIAMSimulatorMatchesLive(t *testing.T) {
	t.Parallel()
	c := iamSDK(harness.Alice)
	bucket := newBucket(t, alice())
	put(t, alice(), bucket, "pub/a", []byte("a"))
	put(t, alice(), bucket, "priv/a", []byte("a"))
	name := iamName("sim")
	key := newIAMUser(t, c, name)
	doc := fmt.Sprintf("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Sid\": \"Read\", \"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:ListBucket\"], \"Resource\": [\"arn:aws:s3:::%[1]s\", \"arn:aws:s3:::%[1]s/*\"]},\n    {\"Sid\": \"Write\", \"Effect\": \"Allow\", \"Action\": \"s3:PutObject\", \"Resource\": \"arn:aws:s3:::%[1]s/pub/*\"},\n    {\"Sid\": \"Guard\", \"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::%[1]s/priv/*\"}\n  ]\n}", bucket)
	putUserPolicy(t, c, name, "mixed", doc)
	s := shared.Client(key)
	cases := []struct {
		action, resource string
		live             func() error
		want             string
		sid              string
	}{
		{"s3:GetObject", "arn:aws:s3:::" + bucket + "/pub/a", func() error { return s3Get(t, s, bucket, "pub/a") }, "allowed", "Read"},
		{"s3:GetObject", "arn:aws:s3:::" + bucket + "/priv/a", func() error { return s3Get(t, s, bucket, "priv/a") }, "explicitDeny", "Guard"},
		{"s3:PutObject", "arn:aws:s3:::" + bucket + "/pub/b", func() error { return s3Put(t, s, bucket, "pub/b") }, "allowed", "Write"},
		{"s3:PutObject", "arn:aws:s3:::" + bucket + "/other/b", func() error { return s3Put(t, s, bucket, "other/b") }, "implicitDeny", ""},
		{"s3:PutObject", "arn:aws:s3:::" + bucket + "/priv/b", func() error { return s3Put(t, s, bucket, "priv/b") }, "explicitDeny", "Guard"},
		{"s3:DeleteObject", "arn:aws:s3:::" + bucket + "/pub/a", func() error { return s3Delete(t, s, bucket, "pub/a") }, "implicitDeny", ""},
		{"s3:ListBucket", "arn:aws:s3:::" + bucket, func() error { return s3List(t, s, bucket) }, "allowed", "Read"},
	}
	for _, tc := range cases {
		out, err := c.SimulatePrincipalPolicy(ctx(t), &awsiam.SimulatePrincipalPolicyInput{
			PolicySourceArn: aws.String("arn:aws:iam::111111111111:user/" + name), ActionNames: []string{tc.action}, ResourceArns: []string{tc.resource}})
		must(t, err)
		if len(out.EvaluationResults) != 1 {
			t.Fatalf("%s %s: %d results", tc.action, tc.resource, len(out.EvaluationResults))
		}
		r := out.EvaluationResults[0]
		if string(r.EvalDecision) != tc.want || aws.ToString(r.EvalActionName) != tc.action || aws.ToString(r.EvalResourceName) != tc.resource {
			t.Fatalf("%s %s: simulator %s, want %s", tc.action, tc.resource, r.EvalDecision, tc.want)
		}
		if tc.sid != "" {
			if len(r.MatchedStatements) != 1 || aws.ToString(r.MatchedStatements[0].SourcePolicyId) != "mixed" ||
				string(r.MatchedStatements[0].SourcePolicyType) != "user" || r.MatchedStatements[0].StartPosition == nil {
				t.Fatalf("%s %s: matched %+v", tc.action, tc.resource, r.MatchedStatements)
			}
			// The statement's first line names its Sid.
			line := strings.Split(doc, "\n")[r.MatchedStatements[0].StartPosition.Line-1]
			if !strings.Contains(line, `"Sid": "`+tc.sid+`"`) {
				t.Fatalf("%s: position points at %q", tc.sid, line)
			}
		}
		err = tc.live()
		if (err == nil) != (tc.want == "allowed") || (err != nil && errCode(err) != "AccessDenied") {
			t.Fatalf("%s %s: simulator says %s, live call gave %v", tc.action, tc.resource, tc.want, err)
		}
	}

	// SimulateCustomPolicy with a boundary and context.
	out, err := c.SimulateCustomPolicy(ctx(t), &awsiam.SimulateCustomPolicyInput{
		PolicyInputList:                    []string{s3All},
		PermissionsBoundaryPolicyInputList: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*","Condition":{"StringEquals":{"aws:username":"carol"}}}]}`},
		ActionNames:                        []string{"s3:GetObject", "s3:PutObject"},
		ContextEntries: []iamtypes.ContextEntry{{ContextKeyName: aws.String("aws:username"), ContextKeyType: iamtypes.ContextKeyTypeEnumString,
			ContextKeyValues: []string{"carol"}}},
	})
	must(t, err)
	if len(out.EvaluationResults) != 2 || out.EvaluationResults[0].EvalDecision != iamtypes.PolicyEvaluationDecisionTypeAllowed ||
		out.EvaluationResults[1].EvalDecision != iamtypes.PolicyEvaluationDecisionTypeImplicitDeny {
		t.Fatalf("SimulateCustomPolicy: %+v", out.EvaluationResults)
	}
	out, err = c.SimulateCustomPolicy(ctx(t), &awsiam.SimulateCustomPolicyInput{
		PolicyInputList:                    []string{s3All},
		PermissionsBoundaryPolicyInputList: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*","Condition":{"StringEquals":{"aws:username":"carol"}}}]}`},
		ActionNames:                        []string{"s3:GetObject"},
	})
	must(t, err)
	if r := out.EvaluationResults[0]; r.EvalDecision != iamtypes.PolicyEvaluationDecisionTypeImplicitDeny ||
		len(r.MissingContextValues) != 1 || r.MissingContextValues[0] != "aws:username" {
		t.Fatalf("missing context: %+v", r)
	}
}
