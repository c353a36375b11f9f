package e2e

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

const (
	s3FullARN = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
	s3ReadARN = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
)

func TestIAMManagedPolicies(t *testing.T) {
	t.Parallel()
	c := iamSDK(harness.Alice)
	name := iamName("mp")
	out, err := c.CreatePolicy(ctx(t), &awsiam.CreatePolicyInput{PolicyName: &name, Path: aws.String("/mp/"), PolicyDocument: aws.String(s3All),
		Description: aws.String("all of s3"), Tags: []iamtypes.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	must(t, err)
	p := out.Policy
	arn := aws.ToString(p.Arn)
	if arn != "arn:aws:iam::111111111111:policy/mp/"+name || !strings.HasPrefix(aws.ToString(p.PolicyId), "ANPA") ||
		aws.ToString(p.DefaultVersionId) != "v1" || !p.IsAttachable || aws.ToInt32(p.AttachmentCount) != 0 {
		t.Fatalf("CreatePolicy: %+v", p)
	}
	_, err = c.CreatePolicy(ctx(t), &awsiam.CreatePolicyInput{PolicyName: aws.String(strings.ToUpper(name)), PolicyDocument: aws.String(s3All)})
	wantIAMErr(t, err, "EntityAlreadyExists", "A policy called "+strings.ToUpper(name)+" already exists. Duplicate names are not allowed.")
	big := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + strings.Repeat("b", 6200) + `"}]}`
	_, err = c.CreatePolicy(ctx(t), &awsiam.CreatePolicyInput{PolicyName: aws.String(name + "-big"), PolicyDocument: &big})
	wantIAMErr(t, err, "LimitExceeded", "Cannot exceed quota for PolicySize: 6144")
	_, err = c.CreatePolicy(ctx(t), &awsiam.CreatePolicyInput{PolicyName: aws.String(name + "-bad"), PolicyDocument: aws.String(`{"Statement":[]}`)})
	wantErr(t, err, "MalformedPolicyDocument", 400)

	// Versions: at most five; the default cannot be deleted.
	deny := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`
	for i := 2; i <= 5; i++ {
		v, err := c.CreatePolicyVersion(ctx(t), &awsiam.CreatePolicyVersionInput{PolicyArn: &arn, PolicyDocument: &deny, SetAsDefault: i == 4})
		must(t, err)
		if aws.ToString(v.PolicyVersion.VersionId) != "v"+string(rune('0'+i)) || v.PolicyVersion.IsDefaultVersion != (i == 4) {
			t.Fatalf("CreatePolicyVersion %d: %+v", i, v.PolicyVersion)
		}
	}
	_, err = c.CreatePolicyVersion(ctx(t), &awsiam.CreatePolicyVersionInput{PolicyArn: &arn, PolicyDocument: &deny})
	wantIAMErr(t, err, "LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.")
	vs, err := c.ListPolicyVersions(ctx(t), &awsiam.ListPolicyVersionsInput{PolicyArn: &arn})
	must(t, err)
	if len(vs.Versions) != 5 || aws.ToString(vs.Versions[0].VersionId) != "v5" {
		t.Fatalf("ListPolicyVersions: %+v", vs.Versions)
	}
	gv, err := c.GetPolicyVersion(ctx(t), &awsiam.GetPolicyVersionInput{PolicyArn: &arn, VersionId: aws.String("v4")})
	must(t, err)
	if !gv.PolicyVersion.IsDefaultVersion || decodeDoc(t, gv.PolicyVersion.Document) != deny {
		t.Fatalf("GetPolicyVersion: %+v", gv.PolicyVersion)
	}
	_, err = c.GetPolicyVersion(ctx(t), &awsiam.GetPolicyVersionInput{PolicyArn: &arn, VersionId: aws.String("v9")})
	wantIAMErr(t, err, "NoSuchEntity", "Policy "+arn+" version v9 does not exist or is not attachable.")
	_, err = c.DeletePolicyVersion(ctx(t), &awsiam.DeletePolicyVersionInput{PolicyArn: &arn, VersionId: aws.String("v4")})
	wantIAMErr(t, err, "DeleteConflict", "Cannot delete the default version of a policy.")
	_, err = c.SetDefaultPolicyVersion(ctx(t), &awsiam.SetDefaultPolicyVersionInput{PolicyArn: &arn, VersionId: aws.String("v1")})
	must(t, err)
	gp, err := c.GetPolicy(ctx(t), &awsiam.GetPolicyInput{PolicyArn: &arn})
	must(t, err)
	if aws.ToString(gp.Policy.DefaultVersionId) != "v1" || aws.ToString(gp.Policy.Description) != "all of s3" {
		t.Fatalf("GetPolicy: %+v", gp.Policy)
	}
	_, err = c.DeletePolicy(ctx(t), &awsiam.DeletePolicyInput{PolicyArn: &arn})
	wantIAMErr(t, err, "DeleteConflict", "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
	for _, v := range []string{"v2", "v3", "v4", "v5"} {
		_, err = c.DeletePolicyVersion(ctx(t), &awsiam.DeletePolicyVersionInput{PolicyArn: &arn, VersionId: aws.String(v)})
		must(t, err)
	}

	// Attachments to users, groups and roles.
	user, group, role := iamName("mp-u"), iamName("mp-g"), iamName("mp-r")
	_, err = c.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: &user})
	must(t, err)
	_, err = c.CreateGroup(ctx(t), &awsiam.CreateGroupInput{GroupName: &group})
	must(t, err)
	_, err = c.CreateRole(ctx(t), &awsiam.CreateRoleInput{RoleName: &role, AssumeRolePolicyDocument: aws.String(trustRoot(harness.Alice.ID))})
	must(t, err)
	_, err = c.AttachUserPolicy(ctx(t), &awsiam.AttachUserPolicyInput{UserName: &user, PolicyArn: &arn})
	must(t, err)
	_, err = c.AttachGroupPolicy(ctx(t), &awsiam.AttachGroupPolicyInput{GroupName: &group, PolicyArn: &arn})
	must(t, err)
	_, err = c.AttachRolePolicy(ctx(t), &awsiam.AttachRolePolicyInput{RoleName: &role, PolicyArn: &arn})
	must(t, err)
	_, err = c.AttachRolePolicy(ctx(t), &awsiam.AttachRolePolicyInput{RoleName: &role, PolicyArn: aws.String(s3ReadARN)})
	must(t, err)
	_, err = c.AttachUserPolicy(ctx(t), &awsiam.AttachUserPolicyInput{UserName: &user, PolicyArn: aws.String(arn + "-none")})
	wantIAMErr(t, err, "NoSuchEntity", "Policy "+arn+"-none does not exist or is not attachable.")
	gp, err = c.GetPolicy(ctx(t), &awsiam.GetPolicyInput{PolicyArn: &arn})
	must(t, err)
	if aws.ToInt32(gp.Policy.AttachmentCount) != 3 {
		t.Fatalf("AttachmentCount %d", aws.ToInt32(gp.Policy.AttachmentCount))
	}
	ents, err := c.ListEntitiesForPolicy(ctx(t), &awsiam.ListEntitiesForPolicyInput{PolicyArn: &arn})
	must(t, err)
	if len(ents.PolicyUsers) != 1 || len(ents.PolicyGroups) != 1 || len(ents.PolicyRoles) != 1 || aws.ToString(ents.PolicyRoles[0].RoleName) != role {
		t.Fatalf("ListEntitiesForPolicy: %+v", ents)
	}
	ents, err = c.ListEntitiesForPolicy(ctx(t), &awsiam.ListEntitiesForPolicyInput{PolicyArn: &arn, EntityFilter: iamtypes.EntityTypeUser})
	must(t, err)
	if len(ents.PolicyUsers) != 1 || len(ents.PolicyGroups)+len(ents.PolicyRoles) != 0 {
		t.Fatalf("ListEntitiesForPolicy User: %+v", ents)
	}
	la, err := c.ListAttachedRolePolicies(ctx(t), &awsiam.ListAttachedRolePoliciesInput{RoleName: &role})
	must(t, err)
	if len(la.AttachedPolicies) != 2 || aws.ToString(la.AttachedPolicies[0].PolicyName) != "AmazonS3ReadOnlyAccess" {
		t.Fatalf("ListAttachedRolePolicies: %+v", la.AttachedPolicies)
	}
	lu, err := c.ListAttachedUserPolicies(ctx(t), &awsiam.ListAttachedUserPoliciesInput{UserName: &user})
	must(t, err)
	lg, err2 := c.ListAttachedGroupPolicies(ctx(t), &awsiam.ListAttachedGroupPoliciesInput{GroupName: &group})
	must(t, err2)
	if len(lu.AttachedPolicies) != 1 || len(lg.AttachedPolicies) != 1 || aws.ToString(lg.AttachedPolicies[0].PolicyArn) != arn {
		t.Fatalf("attached: %+v %+v", lu.AttachedPolicies, lg.AttachedPolicies)
	}
	only, err := c.ListPolicies(ctx(t), &awsiam.ListPoliciesInput{Scope: iamtypes.PolicyScopeTypeLocal, OnlyAttached: true, PathPrefix: aws.String("/mp/")})
	must(t, err)
	found := false
	for _, x := range only.Policies {
		found = found || aws.ToString(x.Arn) == arn
	}
	if !found {
		t.Fatal("ListPolicies Local OnlyAttached misses the policy")
	}
	_, err = c.DeletePolicy(ctx(t), &awsiam.DeletePolicyInput{PolicyArn: &arn})
	wantIAMErr(t, err, "DeleteConflict", "Cannot delete a policy attached to entities.")
	_, err = c.DeleteGroup(ctx(t), &awsiam.DeleteGroupInput{GroupName: &group})
	wantIAMErr(t, err, "DeleteConflict", "Cannot delete entity, must detach all policies first.")
	_, err = c.DetachUserPolicy(ctx(t), &awsiam.DetachUserPolicyInput{UserName: &user, PolicyArn: &arn})
	must(t, err)
	_, err = c.DetachUserPolicy(ctx(t), &awsiam.DetachUserPolicyInput{UserName: &user, PolicyArn: &arn})
	wantIAMErr(t, err, "NoSuchEntity", "Policy "+arn+" was not found.")
	_, err = c.DetachGroupPolicy(ctx(t), &awsiam.DetachGroupPolicyInput{GroupName: &group, PolicyArn: &arn})
	must(t, err)
	_, err = c.DetachRolePolicy(ctx(t), &awsiam.DetachRolePolicyInput{RoleName: &role, PolicyArn: &arn})
	must(t, err)
	_, err = c.TagPolicy(ctx(t), &awsiam.TagPolicyInput{PolicyArn: &arn, Tags: []iamtypes.Tag{{Key: aws.String("k2"), Value: aws.String("v2")}}})
	must(t, err)
	pt, err := c.ListPolicyTags(ctx(t), &awsiam.ListPolicyTagsInput{PolicyArn: &arn})
	must(t, err)
	if len(pt.Tags) != 2 {
		t.Fatalf("ListPolicyTags: %+v", pt.Tags)
	}
	_, err = c.DeletePolicy(ctx(t), &awsiam.DeletePolicyInput{PolicyArn: &arn})
	must(t, err)
	_, err = c.GetPolicy(ctx(t), &awsiam.GetPolicyInput{PolicyArn: &arn})
	wantIAMErr(t, err, "NoSuchEntity", "Policy "+arn+" was not found.")

	// Ten managed policies per entity at most.
	for i := 0; i < 10; i++ {
		o, err := c.CreatePolicy(ctx(t), &awsiam.CreatePolicyInput{PolicyName: aws.String(iamName("mp-many")), PolicyDocument: aws.String(s3All)})
		must(t, err)
		_, err = c.AttachUserPolicy(ctx(t), &awsiam.AttachUserPolicyInput{UserName: &user, PolicyArn: o.Policy.Arn})
		must(t, err)
	}
	_, err = c.AttachUserPolicy(ctx(t), &awsiam.AttachUserPolicyInput{UserName: &user, PolicyArn: aws.String(s3ReadARN)})
	wantIAMErr(t, err, "LimitExceeded", "Cannot exceed quota for PoliciesPerUser: 10")
}

func TestIAMAWSManagedPolicies(t *testing.T) {
	t.Parallel()
	c := iamSDK(harness.Alice)
	for _, a := range []string{s3FullARN, s3ReadARN} {
		gp, err := c.GetPolicy(ctx(t), &awsiam.GetPolicyInput{PolicyArn: aws.String(a)})
		must(t, err)
		gv, err := c.GetPolicyVersion(ctx(t), &awsiam.GetPolicyVersionInput{PolicyArn: &a, VersionId: gp.Policy.DefaultVersionId})
		must(t, err)
		doc := decodeDoc(t, gv.PolicyVersion.Document)
		if !strings.Contains(doc, `"s3:`) || aws.ToString(gp.Policy.Path) != "/" {
			t.Fatalf("%s: %+v %s", a, gp.Policy, doc)
		}
		_, err = c.DeletePolicy(ctx(t), &awsiam.DeletePolicyInput{PolicyArn: &a})
		wantErr(t, err, "AccessDenied", 403)
		_, err = c.CreatePolicyVersion(ctx(t), &awsiam.CreatePolicyVersionInput{PolicyArn: &a, PolicyDocument: aws.String(s3All)})
		wantErr(t, err, "AccessDenied", 403)
	}
	aws1, err := c.ListPolicies(ctx(t), &awsiam.ListPoliciesInput{Scope: iamtypes.PolicyScopeTypeAws})
	must(t, err)
	var names []string
	for _, p := range aws1.Policies {
		names = append(names, aws.ToString(p.PolicyName))
	}
	if strings.Join(names, ",") != "AmazonS3FullAccess,AmazonS3ReadOnlyAccess" {
		t.Fatalf("AWS policies: %v", names)
	}
}

func TestIAMPermissionsBoundaries(t *testing.T) {
	t.Parallel()
	c := iamSDK(harness.Alice)
	user, role := iamName("pb-u"), iamName("pb-r")
	_, err := c.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: &user, PermissionsBoundary: aws.String(s3ReadARN)})
	must(t, err)
	gu, err := c.GetUser(ctx(t), &awsiam.GetUserInput{UserName: &user})
	must(t, err)
	if gu.User.PermissionsBoundary == nil || aws.ToString(gu.User.PermissionsBoundary.PermissionsBoundaryArn) != s3ReadARN ||
		gu.User.PermissionsBoundary.PermissionsBoundaryType != iamtypes.PermissionsBoundaryAttachmentTypePolicy {
		t.Fatalf("GetUser boundary: %+v", gu.User.PermissionsBoundary)
	}
	_, err = c.DeleteUserPermissionsBoundary(ctx(t), &awsiam.DeleteUserPermissionsBoundaryInput{UserName: &user})
	must(t, err)
	gu, err = c.GetUser(ctx(t), &awsiam.GetUserInput{UserName: &user})
	must(t, err)
	if gu.User.PermissionsBoundary != nil {
		t.Fatal("boundary still shown")
	}
	_, err = c.PutUserPermissionsBoundary(ctx(t), &awsiam.PutUserPermissionsBoundaryInput{UserName: &user, PermissionsBoundary: aws.String(s3FullARN)})
	must(t, err)
	_, err = c.PutUserPermissionsBoundary(ctx(t), &awsiam.PutUserPermissionsBoundaryInput{UserName: &user,
		PermissionsBoundary: aws.String("arn:aws:iam::111111111111:policy/no-such-boundary")})
	wantIAMErr(t, err, "NoSuchEntity", "Scope ARN: arn:aws:iam::111111111111:policy/no-such-boundary does not exist or is not attachable.")
	_, err = c.CreateRole(ctx(t), &awsiam.CreateRoleInput{RoleName: &role, AssumeRolePolicyDocument: aws.String(trustRoot(harness.Alice.ID))})
	must(t, err)
	_, err = c.PutRolePermissionsBoundary(ctx(t), &awsiam.PutRolePermissionsBoundaryInput{RoleName: &role, PermissionsBoundary: aws.String(s3ReadARN)})
	must(t, err)
	gr, err := c.GetRole(ctx(t), &awsiam.GetRoleInput{RoleName: &role})
	must(t, err)
	if gr.Role.PermissionsBoundary == nil || aws.ToString(gr.Role.PermissionsBoundary.PermissionsBoundaryArn) != s3ReadARN {
		t.Fatalf("GetRole boundary: %+v", gr.Role.PermissionsBoundary)
	}
	ents, err := c.ListEntitiesForPolicy(ctx(t), &awsiam.ListEntitiesForPolicyInput{PolicyArn: aws.String(s3ReadARN),
		PolicyUsageFilter: iamtypes.PolicyUsageTypePermissionsBoundary, EntityFilter: iamtypes.EntityTypeRole})
	must(t, err)
	found := false
	for _, r := range ents.PolicyRoles {
		found = found || aws.ToString(r.RoleName) == role
	}
	if !found {
		t.Fatal("ListEntitiesForPolicy PermissionsBoundary misses the role")
	}
	_, err = c.DeleteRolePermissionsBoundary(ctx(t), &awsiam.DeleteRolePermissionsBoundaryInput{RoleName: &role})
	must(t, err)
	gr, err = c.GetRole(ctx(t), &awsiam.GetRoleInput{RoleName: &role})
	must(t, err)
	if gr.Role.PermissionsBoundary != nil {
		t.Fatal("role boundary still shown")
	}
}

func TestIAMAccountAuthorizationDetails(t *testing.T) {
	t.Parallel()
	c := iamSDK(harness.Bob) // Bob's account: few other tests use it
	user, group, role, pol := iamName("aad-u"), iamName("aad-g"), iamName("aad-r"), iamName("aad-p")
	po, err := c.CreatePolicy(ctx(t), &awsiam.CreatePolicyInput{PolicyName: &pol, PolicyDocument: aws.String(s3All)})
	must(t, err)
	_, err = c.CreateUser(ctx(t), &awsiam.CreateUserInput{UserName: &user})
	must(t, err)
	_, err = c.CreateGroup(ctx(t), &awsiam.CreateGroupInput{GroupName: &group})
	must(t, err)
	_, err = c.AddUserToGroup(ctx(t), &awsiam.AddUserToGroupInput{GroupName: &group, UserName: &user})
	must(t, err)
	_, err = c.PutUserPolicy(ctx(t), &awsiam.PutUserPolicyInput{UserName: &user, PolicyName: aws.String("inline"), PolicyDocument: aws.String(s3All)})
	must(t, err)
	_, err = c.AttachGroupPolicy(ctx(t), &awsiam.AttachGroupPolicyInput{GroupName: &group, PolicyArn: po.Policy.Arn})
	must(t, err)
	_, err = c.CreateRole(ctx(t), &awsiam.CreateRoleInput{RoleName: &role, AssumeRolePolicyDocument: aws.String(trustRoot(harness.Alice.ID))})
	must(t, err)
	_, err = c.AttachRolePolicy(ctx(t), &awsiam.AttachRolePolicyInput{RoleName: &role, PolicyArn: aws.String(s3ReadARN)})
	must(t, err)

	var users []iamtypes.UserDetail
	var groups []iamtypes.GroupDetail
	var roles []iamtypes.RoleDetail
	var policies []iamtypes.ManagedPolicyDetail
	p := awsiam.NewGetAccountAuthorizationDetailsPaginator(c, &awsiam.GetAccountAuthorizationDetailsInput{MaxItems: aws.Int32(2)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		must(t, err)
		users, groups = append(users, page.UserDetailList...), append(groups, page.GroupDetailList...)
		roles, policies = append(roles, page.RoleDetailList...), append(policies, page.Policies...)
	}
	var ud *iamtypes.UserDetail
	for i := range users {
		if aws.ToString(users[i].UserName) == user {
			ud = &users[i]
		}
	}
	if ud == nil || len(ud.GroupList) != 1 || ud.GroupList[0] != group || len(ud.UserPolicyList) != 1 || decodeDoc(t, ud.UserPolicyList[0].PolicyDocument) != s3All {
		t.Fatalf("user detail: %+v", ud)
	}
	okGroup, okRole, okLocal, okAWS := false, false, false, false
	for _, g := range groups {
		okGroup = okGroup || (aws.ToString(g.GroupName) == group && len(g.AttachedManagedPolicies) == 1)
	}
	for _, r := range roles {
		okRole = okRole || (aws.ToString(r.RoleName) == role && decodeDoc(t, r.AssumeRolePolicyDocument) == trustRoot(harness.Alice.ID))
	}
	for _, mp := range policies {
		okLocal = okLocal || (aws.ToString(mp.PolicyName) == pol && len(mp.PolicyVersionList) == 1 && mp.PolicyVersionList[0].IsDefaultVersion)
		okAWS = okAWS || aws.ToString(mp.Arn) == s3ReadARN
	}
	if !okGroup || !okRole || !okLocal || !okAWS {
		t.Fatalf("details: group %v role %v local %v aws %v", okGroup, okRole, okLocal, okAWS)
	}
	only, err := c.GetAccountAuthorizationDetails(ctx(t), &awsiam.GetAccountAuthorizationDetailsInput{Filter: []iamtypes.EntityType{iamtypes.EntityTypeRole}})
	must(t, err)
	if len(only.UserDetailList)+len(only.GroupDetailList)+len(only.Policies) != 0 || len(only.RoleDetailList) == 0 {
		t.Fatalf("Filter=Role: %+v", only)
	}
}
