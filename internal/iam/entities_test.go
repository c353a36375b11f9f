package iam

import (
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/policy"
)

func TestGroups(t *testing.T) {
	f := newFixture(t)
	s := f.s
	g, err := s.CreateGroup(ctx, acct, "Devs", "/t/")
	f.must(err)
	if g.ARN() != "arn:aws:iam::111111111111:group/t/Devs" || !strings.HasPrefix(g.ID, "AGPA") {
		t.Fatal(g)
	}
	_, err = s.CreateGroup(ctx, acct, "devs", "")
	wantErr(t, err, apierr.EntityAlreadyExists, "Group with name devs already exists.")
	s.CreateUser(ctx, acct, UserInput{Name: "b"})
	s.CreateUser(ctx, acct, UserInput{Name: "a"})
	f.must(s.AddUserToGroup(ctx, acct, "devs", "b"))
	f.must(s.AddUserToGroup(ctx, acct, "Devs", "a"))
	f.must(s.AddUserToGroup(ctx, acct, "Devs", "a"))
	_, members, _ := s.GetGroup(ctx, acct, "DEVS")
	if len(members) != 2 || members[0].Name != "a" {
		t.Fatalf("members %v", members)
	}
	wantErr(t, s.AddUserToGroup(ctx, acct, "nope", "a"), apierr.NoSuchEntity, "The group with name nope cannot be found.")
	wantErr(t, s.AddUserToGroup(ctx, acct, "devs", "nope"), apierr.NoSuchEntity, "The user with name nope cannot be found.")
	for i := 0; i < 9; i++ {
		name := "g" + string(rune('0'+i))
		s.CreateGroup(ctx, acct, name, "")
		f.must(s.AddUserToGroup(ctx, acct, name, "a"))
	}
	s.CreateGroup(ctx, acct, "eleventh", "")
	wantErr(t, s.AddUserToGroup(ctx, acct, "eleventh", "a"), apierr.LimitExceeded, "Cannot exceed quota for GroupsPerUser: 10")
	gs, _ := s.GroupsForUser(ctx, acct, "a")
	if len(gs) != 10 || gs[0].Name != "Devs" {
		t.Fatalf("groups for user: %d %s", len(gs), gs[0].Name)
	}
	f.must(s.UpdateGroup(ctx, acct, "devs", "Eng", "/e/"))
	gs, _ = s.GroupsForUser(ctx, acct, "b")
	if len(gs) != 1 || gs[0].Name != "Eng" || gs[0].Path != "/e/" {
		t.Fatalf("renamed group: %+v", gs)
	}
	wantErr(t, s.DeleteGroup(ctx, acct, "eng"), apierr.DeleteConflict, "Cannot delete entity, must remove users from group first.")
	f.must(s.RemoveUserFromGroup(ctx, acct, "eng", "a"))
	f.must(s.RemoveUserFromGroup(ctx, acct, "eng", "b"))
	wantErr(t, s.RemoveUserFromGroup(ctx, acct, "eng", "b"), apierr.NoSuchEntity, "")
	f.must(s.PutInlinePolicy(ctx, acct, EntityGroup, "eng", "p", allowS3))
	wantErr(t, s.DeleteGroup(ctx, acct, "eng"), apierr.DeleteConflict, "Cannot delete entity, must delete policies first.")
	f.must(s.DeleteInlinePolicy(ctx, acct, EntityGroup, "eng", "p"))
	f.must(s.DeleteGroup(ctx, acct, "eng"))
	list, _ := s.ListGroups(ctx, acct, "")
	if len(list) != 10 {
		t.Fatal(len(list))
	}
}

func TestRoles(t *testing.T) {
	f := newFixture(t)
	s := f.s
	r, err := s.CreateRole(ctx, acct, RoleInput{Name: "Reader", Path: "/svc/", TrustDocument: trustAccount(other), Description: "d"})
	f.must(err)
	if r.ARN() != "arn:aws:iam::111111111111:role/svc/Reader" || !strings.HasPrefix(r.ID, "AROA") || r.MaxSessionDuration != 3600 || r.Trust() == nil {
		t.Fatal(r)
	}
	_, err = s.CreateRole(ctx, acct, RoleInput{Name: "reader", TrustDocument: trustAccount(acct)})
	wantErr(t, err, apierr.EntityAlreadyExists, "Role with name reader already exists.")
	cases := []struct {
		in   RoleInput
		code *apierr.Error
		msg  string
	}{
		{RoleInput{Name: "x"}, apierr.ValidationError, "1 validation error detected: Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null"},
		{RoleInput{Name: "x", TrustDocument: allowS3}, apierr.MalformedPolicyDocument, ""},
		{RoleInput{Name: "x", TrustDocument: trustAccount(acct), MaxSessionDuration: 3599}, apierr.ValidationError,
			"1 validation error detected: Value '3599' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600"},
		{RoleInput{Name: "x", TrustDocument: trustAccount(acct), MaxSessionDuration: 43201}, apierr.ValidationError, ""},
		{RoleInput{Name: "x", TrustDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/ghost"},"Action":"sts:AssumeRole"}]}`},
			apierr.MalformedPolicyDocument, `Invalid principal in policy: "AWS":"arn:aws:iam::111111111111:user/ghost"`},
		{RoleInput{Name: "x", TrustDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}` + strings.Repeat(" ", 10),
			Description: "\x01"}, apierr.ValidationError, ""},
		{RoleInput{Name: "x", TrustDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"` + strings.Repeat("x", 2048) + `"}}}]}`},
			apierr.LimitExceeded, "Cannot exceed quota for ACLSizePerRole: 2048"},
	}
	for _, c := range cases {
		_, err := s.CreateRole(ctx, acct, c.in)
		wantErr(t, err, c.code, c.msg)
	}
	// A trust policy may name an existing user.
	s.CreateUser(ctx, acct, UserInput{Name: "u", Path: "/p/"})
	f.must(s.UpdateAssumeRolePolicy(ctx, acct, "reader", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/p/u"},"Action":"sts:AssumeRole"}]}`))
	desc := "new"
	f.must(s.UpdateRole(ctx, acct, "reader", &desc, 7200))
	r2, _ := s.Role(ctx, acct, "READER")
	if r2.Description != "new" || r2.MaxSessionDuration != 7200 || !strings.Contains(r2.TrustDocument, "user/p/u") || r2.ID != r.ID {
		t.Fatal(r2)
	}
	wantErr(t, s.UpdateRole(ctx, acct, "reader", nil, 100), apierr.ValidationError, "")
	if got, err := s.RoleByARN(ctx, r.ARN()); err != nil || got.ID != r.ID {
		t.Fatal(err)
	}
	if _, err := s.RoleByARN(ctx, "arn:aws:iam::111111111111:role/Reader"); err == nil {
		t.Error("role ARN with the wrong path resolves")
	}
	f.must(s.TagRole(ctx, acct, "reader", []Tag{{"env", "prod"}}))
	f.must(s.AttachPolicy(ctx, acct, EntityRole, "reader", "arn:aws:iam::aws:policy/AmazonS3FullAccess"))
	wantErr(t, s.DeleteRole(ctx, acct, "reader"), apierr.DeleteConflict, "Cannot delete entity, must detach all policies first.")
	f.must(s.DetachPolicy(ctx, acct, EntityRole, "reader", "arn:aws:iam::aws:policy/AmazonS3FullAccess"))
	f.must(s.PutInlinePolicy(ctx, acct, EntityRole, "reader", "p", allowS3))
	wantErr(t, s.DeleteRole(ctx, acct, "reader"), apierr.DeleteConflict, "Cannot delete entity, must delete policies first.")
	f.must(s.DeleteInlinePolicy(ctx, acct, EntityRole, "reader", "p"))
	f.must(s.DeleteRole(ctx, acct, "reader"))
	_, err = s.Role(ctx, acct, "reader")
	wantErr(t, err, apierr.NoSuchEntity, "The role with name reader cannot be found.")
}

func TestInlinePolicies(t *testing.T) {
	f := newFixture(t)
	s := f.s
	s.CreateUser(ctx, acct, UserInput{Name: "u"})
	s.CreateGroup(ctx, acct, "g", "")
	s.CreateRole(ctx, acct, RoleInput{Name: "r", TrustDocument: trustAccount(acct)})
	// A document of n characters without whitespace.
	doc := func(n int) string {
		base := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/"}]}`
		pad := n - len(base)
		return strings.Replace(base, "b/", "b/"+strings.Repeat("x", pad), 1)
	}
	if policy.Size([]byte(doc(1000))) != 1000 {
		t.Fatal("doc size")
	}
	for _, c := range []struct {
		typ   EntityType
		name  string
		limit int
	}{{EntityUser, "u", 2048}, {EntityGroup, "g", 5120}, {EntityRole, "r", 10240}} {
		half := c.limit / 2
		f.must(s.PutInlinePolicy(ctx, acct, c.typ, c.name, "a", doc(half)))
		f.must(s.PutInlinePolicy(ctx, acct, c.typ, c.name, "b", doc(c.limit-half)))
		err := s.PutInlinePolicy(ctx, acct, c.typ, c.name, "c", doc(200))
		wantErr(t, err, apierr.LimitExceeded, "Maximum policy size of "+itoa(c.limit)+" bytes exceeded for "+c.typ.String()+" "+c.name)
		// Replacing a policy counts its new size only.
		f.must(s.PutInlinePolicy(ctx, acct, c.typ, c.name, "b", doc(200)))
		names, _ := s.InlinePolicyNames(ctx, acct, c.typ, c.name)
		if len(names) != 2 || names[0] != "a" {
			t.Fatal(names)
		}
		p, err := s.GetInlinePolicy(ctx, acct, c.typ, c.name, "b")
		if err != nil || p.Document != doc(200) || p.Policy() == nil {
			t.Fatal(err)
		}
		_, err = s.GetInlinePolicy(ctx, acct, c.typ, c.name, "zz")
		wantErr(t, err, apierr.NoSuchEntity, "The "+c.typ.String()+" policy with name zz cannot be found.")
		wantErr(t, s.DeleteInlinePolicy(ctx, acct, c.typ, c.name, "zz"), apierr.NoSuchEntity, "")
	}
	wantErr(t, s.PutInlinePolicy(ctx, acct, EntityUser, "u", "bad", `{"Version":"2012-10-17"}`), apierr.MalformedPolicyDocument, "")
	wantErr(t, s.PutInlinePolicy(ctx, acct, EntityUser, "nobody", "p", allowS3), apierr.NoSuchEntity, "The user with name nobody cannot be found.")
	wantErr(t, s.PutInlinePolicy(ctx, acct, EntityRole, "r", "p q", allowS3), apierr.ValidationError, "")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func TestManagedPolicies(t *testing.T) {
	f := newFixture(t)
	s := f.s
	p, err := s.CreatePolicy(ctx, acct, PolicyInput{Name: "S3", Path: "/x/", Document: allowS3, Description: "d", Tags: []Tag{{"a", "b"}}})
	f.must(err)
	arn := p.ARN()
	if arn != "arn:aws:iam::111111111111:policy/x/S3" || !strings.HasPrefix(p.ID, "ANPA") || p.DefaultVersion != "v1" || len(p.Versions) != 1 {
		t.Fatal(p)
	}
	_, err = s.CreatePolicy(ctx, acct, PolicyInput{Name: "s3", Document: allowS3})
	wantErr(t, err, apierr.EntityAlreadyExists, "A policy called s3 already exists. Duplicate names are not allowed.")
	_, err = s.CreatePolicy(ctx, acct, PolicyInput{Name: "big", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + strings.Repeat("b", 6200) + `"}]}`})
	wantErr(t, err, apierr.LimitExceeded, "Cannot exceed quota for PolicySize: 6144")
	for i := 2; i <= 5; i++ {
		v, err := s.CreatePolicyVersion(ctx, acct, arn, denyDelete, i == 3)
		f.must(err)
		if v.ID != "v"+itoa(i) {
			t.Fatal(v.ID)
		}
	}
	_, err = s.CreatePolicyVersion(ctx, acct, arn, allowS3, false)
	wantErr(t, err, apierr.LimitExceeded, "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.")
	got, _ := s.GetPolicy(ctx, acct, arn)
	if got.DefaultVersion != "v3" {
		t.Fatal(got.DefaultVersion)
	}
	wantErr(t, s.DeletePolicyVersion(ctx, acct, arn, "v3"), apierr.DeleteConflict, "Cannot delete the default version of a policy.")
	wantErr(t, s.DeletePolicyVersion(ctx, acct, arn, "v9"), apierr.NoSuchEntity, "Policy "+arn+" version v9 does not exist or is not attachable.")
	wantErr(t, s.DeletePolicyVersion(ctx, acct, arn, "x1"), apierr.ValidationError, "")
	f.must(s.DeletePolicyVersion(ctx, acct, arn, "v2"))
	v, err := s.CreatePolicyVersion(ctx, acct, arn, allowS3, false)
	f.must(err)
	if v.ID != "v6" {
		t.Fatal("version ids are not reused:", v.ID)
	}
	f.must(s.SetDefaultPolicyVersion(ctx, acct, arn, "v1"))
	_, v1, err := s.GetPolicyVersion(ctx, acct, arn, "v1")
	if err != nil || v1.Document != allowS3 {
		t.Fatal(err)
	}
	wantErr(t, s.DeletePolicy(ctx, acct, arn), apierr.DeleteConflict,
		"This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
	for _, id := range []string{"v3", "v4", "v5", "v6"} {
		f.must(s.DeletePolicyVersion(ctx, acct, arn, id))
	}
	s.CreateUser(ctx, acct, UserInput{Name: "u"})
	f.must(s.AttachPolicy(ctx, acct, EntityUser, "u", arn))
	wantErr(t, s.DeletePolicy(ctx, acct, arn), apierr.DeleteConflict, "Cannot delete a policy attached to entities.")
	f.must(s.DetachPolicy(ctx, acct, EntityUser, "u", arn))
	f.must(s.PutBoundary(ctx, acct, EntityUser, "u", arn))
	wantErr(t, s.DeletePolicy(ctx, acct, arn), apierr.DeleteConflict, "Cannot delete a policy attached to entities.")
	f.must(s.DeleteBoundary(ctx, acct, EntityUser, "u"))
	f.must(s.DeletePolicy(ctx, acct, arn))
	_, err = s.GetPolicy(ctx, acct, arn)
	wantErr(t, err, apierr.NoSuchEntity, "Policy "+arn+" was not found.")
	_, err = s.GetPolicy(ctx, acct, "not-an-arn-but-long-enough")
	wantErr(t, err, apierr.InvalidInput, "ARN not-an-arn-but-long-enough is not valid.")
	// Another account's policy is not visible.
	op, _ := s.CreatePolicy(ctx, other, PolicyInput{Name: "theirs", Document: allowS3})
	_, err = s.GetPolicy(ctx, acct, op.ARN())
	wantErr(t, err, apierr.NoSuchEntity, "")
	wantErr(t, s.AttachPolicy(ctx, acct, EntityUser, "u", op.ARN()), apierr.NoSuchEntity, "Policy "+op.ARN()+" does not exist or is not attachable.")
}

func TestAWSManagedPolicies(t *testing.T) {
	f := newFixture(t)
	s := f.s
	const full = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
	p, err := s.GetPolicy(ctx, acct, full)
	f.must(err)
	if !p.AWSManaged() || p.DefaultVersion != "v2" || !strings.Contains(p.Default().Document, `"s3:*"`) {
		t.Fatal(p)
	}
	for _, err := range []error{
		s.DeletePolicy(ctx, acct, full),
		s.SetDefaultPolicyVersion(ctx, acct, full, "v2"),
		s.DeletePolicyVersion(ctx, acct, full, "v1"),
		s.TagPolicy(ctx, acct, full, []Tag{{"a", "b"}}),
	} {
		wantErr(t, err, apierr.AccessDenied, "")
	}
	_, err = s.CreatePolicyVersion(ctx, acct, full, allowS3, true)
	wantErr(t, err, apierr.AccessDenied, "")
	s.CreateUser(ctx, acct, UserInput{Name: "u"})
	s.CreateRole(ctx, acct, RoleInput{Name: "r", TrustDocument: trustAccount(acct)})
	f.must(s.AttachPolicy(ctx, acct, EntityUser, "u", full))
	f.must(s.AttachPolicy(ctx, acct, EntityRole, "r", full))
	p, _ = s.GetPolicy(ctx, acct, full)
	if p.AttachmentCount != 2 {
		t.Fatal(p.AttachmentCount)
	}
	if p, _ := s.GetPolicy(ctx, other, full); p.AttachmentCount != 0 {
		t.Fatal("attachment counts are per account")
	}
	all, _ := s.ListPolicies(ctx, acct, ListPoliciesInput{})
	aws, _ := s.ListPolicies(ctx, acct, ListPoliciesInput{Scope: ScopeAWS})
	local, _ := s.ListPolicies(ctx, acct, ListPoliciesInput{Scope: ScopeLocal})
	attached, _ := s.ListPolicies(ctx, acct, ListPoliciesInput{OnlyAttached: true})
	if len(all) != 2 || len(aws) != 2 || len(local) != 0 || len(attached) != 1 || attached[0].Name != "AmazonS3FullAccess" {
		t.Fatal(len(all), len(aws), len(local), len(attached))
	}
	_, err = s.ListPolicies(ctx, acct, ListPoliciesInput{Scope: "Mine"})
	wantErr(t, err, apierr.ValidationError, "")
	ents, _ := s.EntitiesForPolicy(ctx, acct, full)
	if len(ents.Users) != 1 || len(ents.Roles) != 1 || len(ents.Groups) != 0 {
		t.Fatal(ents)
	}
	ap, _ := s.AttachedPolicies(ctx, acct, EntityUser, "u")
	if len(ap) != 1 || ap[0].ARN != full || ap[0].Name != "AmazonS3FullAccess" {
		t.Fatal(ap)
	}
	// Ten attachments at most.
	for i := 0; i < 9; i++ {
		lp, err := s.CreatePolicy(ctx, acct, PolicyInput{Name: "p" + itoa(i), Document: allowS3})
		f.must(err)
		f.must(s.AttachPolicy(ctx, acct, EntityUser, "u", lp.ARN()))
	}
	lp, _ := s.CreatePolicy(ctx, acct, PolicyInput{Name: "last", Document: allowS3})
	wantErr(t, s.AttachPolicy(ctx, acct, EntityUser, "u", lp.ARN()), apierr.LimitExceeded, "Cannot exceed quota for PoliciesPerUser: 10")
	wantErr(t, s.DetachPolicy(ctx, acct, EntityUser, "u", lp.ARN()), apierr.NoSuchEntity, "Policy "+lp.ARN()+" was not found.")
}
