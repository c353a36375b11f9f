"""The IAM API with boto3's iam client and the aws cli (`aws iam ...`).

The IAM endpoint is the server URL, region us-east-1. Names are unique per
test so the module's tests share one server.
"""

import json
import os
import tempfile
import unittest
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

import cofferharness as h

SRV = None
S3_FULL = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
ALL_S3 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}


def setUpModule():
    global SRV
    SRV = h.start()


def tearDownModule():
    SRV.stop()


def iam(acct=h.ALICE):
    cfg = Config(region_name=h.REGION, retries={"max_attempts": 1, "mode": "standard"})
    return boto3.session.Session().client(
        "iam", endpoint_url=SRV.url, region_name=h.REGION,
        aws_access_key_id=acct.access_key, aws_secret_access_key=acct.secret_key, config=cfg)


def name(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def trust(account):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}]})


def doc_of_size(n):
    """A policy of n characters without whitespace."""
    base = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/"}]}'
    return base.replace("b/", "b/" + "x" * (n - len(base)))


class IAMCase(unittest.TestCase):
    def assertError(self, code, status, fn, *args, message=None, **kw):
        with self.assertRaises(ClientError) as cm:
            fn(*args, **kw)
        self.assertEqual(h.error_code(cm.exception), (code, status), cm.exception.response)
        if message is not None:
            self.assertEqual(cm.exception.response["Error"]["Message"], message)
        return cm.exception.response

    def user_with_key(self, c, user):
        c.create_user(UserName=user)
        k = c.create_access_key(UserName=user)["AccessKey"]
        return h.Account(h.ALICE.id, user, k["AccessKeyId"], k["SecretAccessKey"])


class UsersTest(IAMCase):
    def test_user_lifecycle(self):
        c = iam()
        u = name("u")
        out = c.create_user(UserName=u, Path="/py/", Tags=[{"Key": "team", "Value": "a"}])["User"]
        self.assertEqual(out["Arn"], f"arn:aws:iam::{h.ALICE.id}:user/py/{u}")
        self.assertTrue(out["UserId"].startswith("AIDA") and len(out["UserId"]) == 21)
        self.assertError("EntityAlreadyExists", 409, c.create_user, UserName=u.upper(),
                         message=f"User with name {u.upper()} already exists.")
        self.assertError("NoSuchEntity", 404, c.get_user, UserName=u + "x",
                         message=f"The user with name {u}x cannot be found.")
        self.assertError("ValidationError", 400, c.create_user, UserName="a/b")
        got = c.get_user(UserName=u)["User"]
        self.assertEqual(got["Tags"], [{"Key": "team", "Value": "a"}])
        listed = [x["UserName"] for p in c.get_paginator("list_users").paginate(PathPrefix="/py/", PaginationConfig={"PageSize": 1})
                  for x in p["Users"]]
        self.assertIn(u, listed)
        c.update_user(UserName=u, NewUserName=u + "-2", NewPath="/py2/")
        self.assertEqual(c.get_user(UserName=u + "-2")["User"]["Path"], "/py2/")
        c.tag_user(UserName=u + "-2", Tags=[{"Key": "env", "Value": "dev"}])
        c.untag_user(UserName=u + "-2", TagKeys=["team"])
        self.assertEqual(c.list_user_tags(UserName=u + "-2")["Tags"], [{"Key": "env", "Value": "dev"}])
        c.delete_user(UserName=u + "-2")
        self.assertError("NoSuchEntity", 404, c.delete_user, UserName=u + "-2")

    def test_keys_and_conflicts(self):
        c = iam()
        u = name("k")
        acct = self.user_with_key(c, u)
        c.create_access_key(UserName=u)
        self.assertError("LimitExceeded", 409, c.create_access_key, UserName=u,
                         message="Cannot exceed quota for AccessKeysPerUser: 2")
        keys = c.list_access_keys(UserName=u)["AccessKeyMetadata"]
        self.assertEqual(len(keys), 2)
        self.assertError("DeleteConflict", 409, c.delete_user, UserName=u,
                         message="Cannot delete entity, must delete access keys first.")
        # The user's key signs requests; with no policy everything is denied.
        s3 = SRV.client(acct)
        self.assertError("AccessDenied", 403, s3.list_buckets)
        self.assertError("AccessDenied", 403, iam(acct).list_users)
        c.put_user_policy(UserName=u, PolicyName="all", PolicyDocument=json.dumps(ALL_S3))
        s3.list_buckets()
        c.update_access_key(UserName=u, AccessKeyId=acct.access_key, Status="Inactive")
        self.assertError("InvalidAccessKeyId", 403, s3.list_buckets)
        last = c.get_access_key_last_used(AccessKeyId=acct.access_key)
        self.assertEqual(last["UserName"], u)
        for k in keys:
            c.delete_access_key(UserName=u, AccessKeyId=k["AccessKeyId"])
        self.assertError("DeleteConflict", 409, c.delete_user, UserName=u,
                         message="Cannot delete entity, must delete policies first.")
        c.delete_user_policy(UserName=u, PolicyName="all")
        c.delete_user(UserName=u)

    def test_groups(self):
        c = iam()
        g, u = name("g"), name("gu")
        self.assertTrue(c.create_group(GroupName=g)["Group"]["GroupId"].startswith("AGPA"))
        c.create_user(UserName=u)
        c.add_user_to_group(GroupName=g, UserName=u)
        self.assertEqual([x["UserName"] for x in c.get_group(GroupName=g)["Users"]], [u])
        self.assertEqual([x["GroupName"] for x in c.list_groups_for_user(UserName=u)["Groups"]], [g])
        self.assertError("DeleteConflict", 409, c.delete_group, GroupName=g,
                         message="Cannot delete entity, must remove users from group first.")
        c.remove_user_from_group(GroupName=g, UserName=u)
        c.delete_group(GroupName=g)
        self.assertError("NoSuchEntity", 404, c.get_group, GroupName=g)
        c.delete_user(UserName=u)


class RolesAndPoliciesTest(IAMCase):
    def test_roles(self):
        c = iam()
        r = name("r")
        out = c.create_role(RoleName=r, AssumeRolePolicyDocument=trust(h.BOB.id), MaxSessionDuration=7200)["Role"]
        self.assertTrue(out["RoleId"].startswith("AROA"))
        got = c.get_role(RoleName=r)["Role"]
        # botocore decodes the URL-encoded document into a dict.
        self.assertEqual(got["AssumeRolePolicyDocument"], json.loads(trust(h.BOB.id)))
        self.assertEqual(got["MaxSessionDuration"], 7200)
        c.update_assume_role_policy(RoleName=r, PolicyDocument=trust(h.ALICE.id))
        self.assertEqual(c.get_role(RoleName=r)["Role"]["AssumeRolePolicyDocument"], json.loads(trust(h.ALICE.id)))
        self.assertError("ValidationError", 400, c.update_role, RoleName=r, MaxSessionDuration=50000)
        self.assertError("MalformedPolicyDocument", 400, c.create_role, RoleName=r + "x",
                         AssumeRolePolicyDocument=json.dumps(ALL_S3))
        c.put_role_policy(RoleName=r, PolicyName="p", PolicyDocument=json.dumps(ALL_S3))
        self.assertEqual(c.get_role_policy(RoleName=r, PolicyName="p")["PolicyDocument"], ALL_S3)
        self.assertError("DeleteConflict", 409, c.delete_role, RoleName=r,
                         message="Cannot delete entity, must delete policies first.")
        c.delete_role_policy(RoleName=r, PolicyName="p")
        c.delete_role(RoleName=r)

    def test_inline_limits(self):
        c = iam()
        u, g = name("il"), name("ilg")
        c.create_user(UserName=u)
        c.create_group(GroupName=g)
        c.put_user_policy(UserName=u, PolicyName="a", PolicyDocument=doc_of_size(2000))
        self.assertError("LimitExceeded", 409, c.put_user_policy, UserName=u, PolicyName="b",
                         PolicyDocument=doc_of_size(200), message=f"Maximum policy size of 2048 bytes exceeded for user {u}")
        c.put_group_policy(GroupName=g, PolicyName="a", PolicyDocument=doc_of_size(5000))
        self.assertError("LimitExceeded", 409, c.put_group_policy, GroupName=g, PolicyName="b",
                         PolicyDocument=doc_of_size(200))
        self.assertEqual(c.list_user_policies(UserName=u)["PolicyNames"], ["a"])
        self.assertEqual(c.list_group_policies(GroupName=g)["PolicyNames"], ["a"])

    def test_managed_policies(self):
        c = iam()
        p = c.create_policy(PolicyName=name("mp"), PolicyDocument=json.dumps(ALL_S3))["Policy"]
        arn = p["Arn"]
        self.assertEqual(p["DefaultVersionId"], "v1")
        deny = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]})
        for i in range(2, 6):
            self.assertEqual(c.create_policy_version(PolicyArn=arn, PolicyDocument=deny)["PolicyVersion"]["VersionId"], f"v{i}")
        self.assertError("LimitExceeded", 409, c.create_policy_version, PolicyArn=arn, PolicyDocument=deny)
        self.assertError("DeleteConflict", 409, c.delete_policy_version, PolicyArn=arn, VersionId="v1",
                         message="Cannot delete the default version of a policy.")
        c.set_default_policy_version(PolicyArn=arn, VersionId="v3")
        v = c.get_policy_version(PolicyArn=arn, VersionId="v3")["PolicyVersion"]
        self.assertTrue(v["IsDefaultVersion"])
        self.assertEqual(v["Document"], json.loads(deny))
        self.assertEqual([x["VersionId"] for x in c.list_policy_versions(PolicyArn=arn)["Versions"]], ["v5", "v4", "v3", "v2", "v1"])
        u = name("mpu")
        c.create_user(UserName=u)
        c.attach_user_policy(UserName=u, PolicyArn=arn)
        c.attach_user_policy(UserName=u, PolicyArn=S3_READ)
        self.assertEqual(sorted(x["PolicyArn"] for x in c.list_attached_user_policies(UserName=u)["AttachedPolicies"]),
                         sorted([arn, S3_READ]))
        self.assertEqual([x["UserName"] for x in c.list_entities_for_policy(PolicyArn=arn)["PolicyUsers"]], [u])
        self.assertEqual(c.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"], 1)
        self.assertError("DeleteConflict", 409, c.delete_policy, PolicyArn=arn)
        c.detach_user_policy(UserName=u, PolicyArn=arn)
        for vid in ["v1", "v2", "v4", "v5"]:
            c.delete_policy_version(PolicyArn=arn, VersionId=vid)
        c.delete_policy(PolicyArn=arn)
        self.assertError("NoSuchEntity", 404, c.get_policy, PolicyArn=arn, message=f"Policy {arn} was not found.")
        aws_names = [x["PolicyName"] for x in c.list_policies(Scope="AWS")["Policies"]]
        self.assertEqual(aws_names, ["AmazonS3FullAccess", "AmazonS3ReadOnlyAccess"])
        self.assertError("AccessDenied", 403, c.delete_policy, PolicyArn=S3_FULL)

    def test_boundaries_and_details(self):
        c = iam()
        u, r = name("pb"), name("pbr")
        c.create_user(UserName=u)
        c.put_user_permissions_boundary(UserName=u, PermissionsBoundary=S3_READ)
        self.assertEqual(c.get_user(UserName=u)["User"]["PermissionsBoundary"],
                         {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": S3_READ})
        c.create_role(RoleName=r, AssumeRolePolicyDocument=trust(h.ALICE.id), PermissionsBoundary=S3_FULL)
        self.assertEqual(c.get_role(RoleName=r)["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"], S3_FULL)
        c.delete_role_permissions_boundary(RoleName=r)
        self.assertNotIn("PermissionsBoundary", c.get_role(RoleName=r)["Role"])
        users, roles = {}, {}
        for page in c.get_paginator("get_account_authorization_details").paginate(PaginationConfig={"PageSize": 3}):
            users.update({x["UserName"]: x for x in page["UserDetailList"]})
            roles.update({x["RoleName"]: x for x in page["RoleDetailList"]})
        self.assertEqual(users[u]["PermissionsBoundary"]["PermissionsBoundaryArn"], S3_READ)
        self.assertEqual(roles[r]["AssumeRolePolicyDocument"], json.loads(trust(h.ALICE.id)))


class AuthorizationTest(IAMCase):
    def test_policies_grant_and_deny(self):
        c = iam()
        bucket = h.unique_bucket("iamauthz")
        root = SRV.client()
        root.create_bucket(Bucket=bucket)
        root.put_object(Bucket=bucket, Key="k", Body=b"v")
        u = name("az")
        s3 = SRV.client(self.user_with_key(c, u))
        self.assertError("AccessDenied", 403, s3.get_object, Bucket=bucket, Key="k")
        c.attach_user_policy(UserName=u, PolicyArn=S3_READ)
        self.assertEqual(s3.get_object(Bucket=bucket, Key="k")["Body"].read(), b"v")
        self.assertError("AccessDenied", 403, s3.put_object, Bucket=bucket, Key="n", Body=b"x")
        g = name("azg")
        c.create_group(GroupName=g)
        c.attach_group_policy(GroupName=g, PolicyArn=S3_FULL)
        c.add_user_to_group(GroupName=g, UserName=u)
        s3.put_object(Bucket=bucket, Key="n", Body=b"x")
        c.put_user_policy(UserName=u, PolicyName="deny", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}]}))
        resp = self.assertError("AccessDenied", 403, s3.put_object, Bucket=bucket, Key="n", Body=b"x")
        self.assertIn("explicit deny", resp["Error"]["Message"])

    def test_simulator(self):
        c = iam()
        u = name("sim")
        c.create_user(UserName=u)
        c.put_user_policy(UserName=u, PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]}, indent=2))
        out = c.simulate_principal_policy(PolicySourceArn=f"arn:aws:iam::{h.ALICE.id}:user/{u}",
                                          ActionNames=["s3:GetObject", "s3:DeleteObject", "s3:PutObject"],
                                          ResourceArns=["arn:aws:s3:::b/k"])["EvaluationResults"]
        self.assertEqual([r["EvalDecision"] for r in out], ["allowed", "explicitDeny", "implicitDeny"])
        self.assertEqual(out[0]["MatchedStatements"][0]["SourcePolicyId"], "p")
        self.assertEqual(out[0]["MatchedStatements"][0]["SourcePolicyType"], "user")
        self.assertEqual(out[0]["MatchedStatements"][0]["StartPosition"], {"Line": 4, "Column": 5})
        self.assertEqual(out[2]["MatchedStatements"], [])
        custom = c.simulate_custom_policy(PolicyInputList=[json.dumps(ALL_S3)], ActionNames=["s3:PutObject", "iam:CreateUser"])
        self.assertEqual([r["EvalDecision"] for r in custom["EvaluationResults"]], ["allowed", "implicitDeny"])


class CliTest(unittest.TestCase):
    def test_aws_iam_cli(self):
        u = name("cli")
        out = SRV.aws_json("iam", "create-user", "--user-name", u)
        self.assertEqual(out["User"]["UserName"], u)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(ALL_S3, f)
            path = f.name
        try:
            SRV.aws("iam", "put-user-policy", "--user-name", u, "--policy-name", "s3", "--policy-document", f"file://{path}")
        finally:
            os.unlink(path)
        got = SRV.aws_json("iam", "get-user-policy", "--user-name", u, "--policy-name", "s3")
        self.assertEqual(got["PolicyDocument"], ALL_S3)
        users = SRV.aws_json("iam", "list-users")
        self.assertIn(u, [x["UserName"] for x in users["Users"]])
        sim = SRV.aws_json("iam", "simulate-principal-policy", "--policy-source-arn", f"arn:aws:iam::{h.ALICE.id}:user/{u}",
                           "--action-names", "s3:GetObject", "iam:DeleteUser")
        self.assertEqual([r["EvalDecision"] for r in sim["EvaluationResults"]], ["allowed", "implicitDeny"])
        key = SRV.aws_json("iam", "create-access-key", "--user-name", u)["AccessKey"]
        acct = h.Account(h.ALICE.id, u, key["AccessKeyId"], key["SecretAccessKey"])
        # The user may use S3 but not IAM.
        SRV.aws("s3api", "list-buckets", acct=acct)
        p = SRV.aws("iam", "list-users", acct=acct, check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("AccessDenied", p.stderr)
        p = SRV.aws("iam", "delete-user", "--user-name", u, check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("DeleteConflict", p.stderr)
        self.assertIn("must delete access keys first", p.stderr)
        SRV.aws("iam", "delete-access-key", "--user-name", u, "--access-key-id", key["AccessKeyId"])
        SRV.aws("iam", "delete-user-policy", "--user-name", u, "--policy-name", "s3")
        SRV.aws("iam", "delete-user", "--user-name", u)
        p = SRV.aws("iam", "get-user", "--user-name", u, check=False)
        self.assertIn("NoSuchEntity", p.stderr)
        self.assertIn(f"The user with name {u} cannot be found.", p.stderr)


if __name__ == "__main__":
    unittest.main()
