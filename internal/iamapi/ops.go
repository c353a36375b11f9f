package iamapi

import (
	"github.com/coffer-s3/coffer/internal/arn"
	"github.com/coffer-s3/coffer/internal/iam"
)

// op is one IAM action: what it is authorized as (IAM action and resource
// ARN, from the call's parameters) and what it does. The handler authorizes
// exactly once, with these, before run.
type op struct {
	action   string
	resource func(c *call) string
	// owner returns the account owning the resource; nil means the
	// caller's account.
	owner func(c *call) string
	run   func(c *call) (any, error)
}

// Resource builders.

func all(*call) string { return "*" }

func userParam(c *call) string { return c.userARN(c.str("UserName")) }

func groupParam(c *call) string { return c.groupARN(c.str("GroupName")) }

func roleParam(c *call) string { return c.roleARN(c.str("RoleName")) }

func policyParam(c *call) string { return c.str("PolicyArn") }

func newPolicy(c *call) string {
	return arn.Policy(c.acct, pathOr(c.str("Path")), c.str("PolicyName"))
}

func entityParam(t iam.EntityType) func(*call) string {
	return func(c *call) string { return c.entityARN(t, c.str(nameParam(t))) }
}

func readPolicy(c *call) string   { return c.policyOwner("PolicyArn", false) }
func changePolicy(c *call) string { return c.policyOwner("PolicyArn", true) }

// nameParam is the parameter naming an entity of a type.
func nameParam(t iam.EntityType) string {
	switch t {
	case iam.EntityGroup:
		return "GroupName"
	case iam.EntityRole:
		return "RoleName"
	}
	return "UserName"
}

// operations is the table of every IAM action Coffer serves.
func operations() map[string]op {
	m := map[string]op{
		"CreateUser":           {resource: userParam, run: createUser},
		"GetUser":              {resource: userParam, run: getUser},
		"ListUsers":            {resource: all, run: listUsers},
		"UpdateUser":           {resource: userParam, run: updateUser},
		"DeleteUser":           {resource: userParam, run: deleteUser},
		"TagUser":              {resource: userParam, run: tagUser},
		"UntagUser":            {resource: userParam, run: untagUser},
		"ListUserTags":         {resource: userParam, run: listUserTags},
		"CreateAccessKey":      {resource: userParam, run: createAccessKey},
		"ListAccessKeys":       {resource: userParam, run: listAccessKeys},
		"UpdateAccessKey":      {resource: userParam, run: updateAccessKey},
		"DeleteAccessKey":      {resource: userParam, run: deleteAccessKey},
		"GetAccessKeyLastUsed": {resource: keyOwnerARN, run: accessKeyLastUsed},

		"CreateGroup":         {resource: groupParam, run: createGroup},
		"GetGroup":            {resource: groupParam, run: getGroup},
		"ListGroups":          {resource: all, run: listGroups},
		"UpdateGroup":         {resource: groupParam, run: updateGroup},
		"DeleteGroup":         {resource: groupParam, run: deleteGroup},
		"AddUserToGroup":      {resource: groupParam, run: addUserToGroup},
		"RemoveUserFromGroup": {resource: groupParam, run: removeUserFromGroup},
		"ListGroupsForUser":   {resource: userParam, run: listGroupsForUser},

		"CreateRole":             {resource: roleParam, run: createRole},
		"GetRole":                {resource: roleParam, run: getRole},
		"ListRoles":              {resource: all, run: listRoles},
		"DeleteRole":             {resource: roleParam, run: deleteRole},
		"UpdateAssumeRolePolicy": {resource: roleParam, run: updateAssumeRolePolicy},
		"UpdateRole":             {resource: roleParam, run: updateRole},
		"UpdateRoleDescription":  {resource: roleParam, run: updateRoleDescription},
		"TagRole":                {resource: roleParam, run: tagRole},
		"UntagRole":              {resource: roleParam, run: untagRole},
		"ListRoleTags":           {resource: roleParam, run: listRoleTags},

		"ListInstanceProfilesForRole": {resource: roleParam, run: listInstanceProfilesForRole},
		"ListInstanceProfiles":        {resource: all, run: listInstanceProfiles},

		"CreatePolicy":            {resource: newPolicy, run: createPolicy},
		"GetPolicy":               {resource: policyParam, owner: readPolicy, run: getPolicy},
		"ListPolicies":            {resource: all, run: listPolicies},
		"DeletePolicy":            {resource: policyParam, owner: changePolicy, run: deletePolicy},
		"CreatePolicyVersion":     {resource: policyParam, owner: changePolicy, run: createPolicyVersion},
		"GetPolicyVersion":        {resource: policyParam, owner: readPolicy, run: getPolicyVersion},
		"ListPolicyVersions":      {resource: policyParam, owner: readPolicy, run: listPolicyVersions},
		"SetDefaultPolicyVersion": {resource: policyParam, owner: changePolicy, run: setDefaultPolicyVersion},
		"DeletePolicyVersion":     {resource: policyParam, owner: changePolicy, run: deletePolicyVersion},
		"TagPolicy":               {resource: policyParam, owner: changePolicy, run: tagPolicy},
		"UntagPolicy":             {resource: policyParam, owner: changePolicy, run: untagPolicy},
		"ListPolicyTags":          {resource: policyParam, owner: readPolicy, run: listPolicyTags},
		"ListEntitiesForPolicy":   {resource: policyParam, owner: readPolicy, run: listEntitiesForPolicy},

		"PutUserPermissionsBoundary":    {resource: userParam, run: putBoundary(iam.EntityUser)},
		"DeleteUserPermissionsBoundary": {resource: userParam, run: deleteBoundary(iam.EntityUser)},
		"PutRolePermissionsBoundary":    {resource: roleParam, run: putBoundary(iam.EntityRole)},
		"DeleteRolePermissionsBoundary": {resource: roleParam, run: deleteBoundary(iam.EntityRole)},

		"GetAccountAuthorizationDetails": {resource: all, run: accountAuthorizationDetails},
		"SimulatePrincipalPolicy":        {resource: func(c *call) string { return c.str("PolicySourceArn") }, run: simulatePrincipalPolicy},
		"SimulateCustomPolicy":           {resource: all, run: simulateCustomPolicy},
	}
	for _, t := range []iam.EntityType{iam.EntityUser, iam.EntityGroup, iam.EntityRole} {
		kind := map[iam.EntityType]string{iam.EntityUser: "User", iam.EntityGroup: "Group", iam.EntityRole: "Role"}[t]
		res := entityParam(t)
		m["Put"+kind+"Policy"] = op{resource: res, run: putInline(t)}
		m["Get"+kind+"Policy"] = op{resource: res, run: getInline(t)}
		m["Delete"+kind+"Policy"] = op{resource: res, run: deleteInline(t)}
		m["List"+kind+"Policies"] = op{resource: res, run: listInline(t)}
		m["Attach"+kind+"Policy"] = op{resource: res, run: attach(t)}
		m["Detach"+kind+"Policy"] = op{resource: res, run: detach(t)}
		m["ListAttached"+kind+"Policies"] = op{resource: res, run: listAttached(t)}
	}
	// Every IAM API action is authorized as the IAM action of its name.
	for name, o := range m {
		o.action = "iam:" + name
		m[name] = o
	}
	return m
}
