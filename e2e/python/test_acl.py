"""S3 ACLs and Object Ownership with boto3 and the aws cli.

New buckets have ACLs disabled (BucketOwnerEnforced); ObjectWriter and
BucketOwnerPreferred buckets take canned ACLs, grant headers and XML
policies; Block Public Access governs public ACLs; another account's
objects are decided by their owner's ACL.
"""

import json
import unittest
import urllib.error
import urllib.request

from botocore.exceptions import ClientError

import cofferharness as h

srv = None
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def setUpModule():
    global srv
    srv = h.start()


def tearDownModule():
    srv.stop()


def anon_status(bucket, key):
    try:
        with urllib.request.urlopen(f"{srv.url}/{bucket}/{key}") as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def canonical_id(client):
    return client.list_buckets()["Owner"]["ID"]


def grants(acl):
    out = []
    for g in acl["Grants"]:
        who = g["Grantee"].get("ID") or g["Grantee"].get("URI")
        out.append((who, g["Permission"]))
    return out


def set_pab(client, bucket, block_acls, ignore_acls):
    client.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": block_acls, "IgnorePublicAcls": ignore_acls,
        "BlockPublicPolicy": True, "RestrictPublicBuckets": True})


class ACLTest(unittest.TestCase):
    def setUp(self):
        self.alice = srv.client(h.ALICE)
        self.bob = srv.client(h.BOB)
        self.alice_id = canonical_id(self.alice)
        self.bob_id = canonical_id(self.bob)

    def assertCode(self, ctx, code, status):
        self.assertEqual(h.error_code(ctx.exception), (code, status))

    def test_new_bucket_refuses_acls(self):
        b = h.unique_bucket("acl")
        self.alice.create_bucket(Bucket=b)
        oc = self.alice.get_bucket_ownership_controls(Bucket=b)["OwnershipControls"]
        self.assertEqual(oc["Rules"], [{"ObjectOwnership": "BucketOwnerEnforced"}])
        with self.assertRaises(ClientError) as e:
            self.alice.put_object(Bucket=b, Key="k", Body=b"x", ACL="public-read")
        self.assertCode(e, "AccessControlListNotSupported", 400)
        # The cli's put-bucket-acl is refused too; reads still answer.
        p = srv.aws("s3api", "put-bucket-acl", "--bucket", b, "--acl", "authenticated-read", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("AccessControlListNotSupported", p.stderr)
        self.alice.put_object(Bucket=b, Key="k", Body=b"x", ACL="bucket-owner-full-control")
        acl = srv.aws_json("s3api", "get-object-acl", "--bucket", b, "--key", "k")
        self.assertEqual(acl["Owner"]["ID"], self.alice_id)
        self.assertEqual(grants(acl), [(self.alice_id, "FULL_CONTROL")])

    def test_object_writer_grants_by_canonical_id(self):
        b = h.unique_bucket("acl")
        self.alice.create_bucket(Bucket=b, ObjectOwnership="ObjectWriter")
        self.alice.put_object(Bucket=b, Key="shared", Body=b"hello bob",
                              GrantRead=f'id="{self.bob_id}"', GrantFullControl=f'id="{self.alice_id}"')
        self.assertEqual(self.bob.get_object(Bucket=b, Key="shared")["Body"].read(), b"hello bob")
        with self.assertRaises(ClientError) as e:
            self.bob.list_objects_v2(Bucket=b)
        self.assertCode(e, "AccessDenied", 403)
        # The cli grants bob READ on the bucket: he may list.
        srv.aws("s3api", "put-bucket-acl", "--bucket", b,
                "--grant-read", f"id={self.bob_id}", "--grant-full-control", f"id={self.alice_id}")
        keys = [o["Key"] for o in self.bob.list_objects_v2(Bucket=b).get("Contents", [])]
        self.assertEqual(keys, ["shared"])
        acl = self.alice.get_bucket_acl(Bucket=b)
        self.assertEqual(sorted(grants(acl)), sorted([(self.bob_id, "READ"), (self.alice_id, "FULL_CONTROL")]))
        # An XML policy through boto3 replaces it.
        self.alice.put_bucket_acl(Bucket=b, AccessControlPolicy={
            "Owner": {"ID": self.alice_id},
            "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": self.alice_id}, "Permission": "FULL_CONTROL"}]})
        with self.assertRaises(ClientError) as e:
            self.bob.list_objects_v2(Bucket=b)
        self.assertCode(e, "AccessDenied", 403)
        with self.assertRaises(ClientError) as e:
            self.alice.put_bucket_acl(Bucket=b, AccessControlPolicy={
                "Owner": {"ID": self.alice_id},
                "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "_foo"}, "Permission": "READ"}]})
        self.assertCode(e, "InvalidArgument", 400)

    def test_public_read_and_block_public_access(self):
        b = h.unique_bucket("acl")
        self.alice.create_bucket(Bucket=b, ObjectOwnership="BucketOwnerPreferred")
        self.alice.put_object(Bucket=b, Key="k", Body=b"public?")
        # Block Public Access is on: public ACLs are refused.
        with self.assertRaises(ClientError) as e:
            self.alice.put_object_acl(Bucket=b, Key="k", ACL="public-read")
        self.assertCode(e, "AccessDenied", 403)
        with self.assertRaises(ClientError) as e:
            self.alice.put_bucket_acl(Bucket=b, ACL="public-read")
        self.assertCode(e, "AccessDenied", 403)
        set_pab(self.alice, b, False, False)
        srv.aws("s3api", "put-object-acl", "--bucket", b, "--key", "k", "--acl", "public-read")
        self.assertEqual(anon_status(b, "k"), 200)
        acl = srv.aws_json("s3api", "get-object-acl", "--bucket", b, "--key", "k")
        self.assertIn((ALL_USERS, "READ"), grants(acl))
        # IgnorePublicAcls: stored, but ignored.
        set_pab(self.alice, b, False, True)
        self.assertEqual(anon_status(b, "k"), 403)
        self.assertIn((ALL_USERS, "READ"), grants(self.alice.get_object_acl(Bucket=b, Key="k")))
        # BlockPublicAcls: new public ACLs refused, existing ones work.
        set_pab(self.alice, b, True, False)
        self.assertEqual(anon_status(b, "k"), 200)
        with self.assertRaises(ClientError) as e:
            self.alice.put_object(Bucket=b, Key="k2", Body=b"x", ACL="public-read")
        self.assertCode(e, "AccessDenied", 403)

    def test_cross_account_object_ownership(self):
        b = h.unique_bucket("acl")
        self.alice.create_bucket(Bucket=b, ObjectOwnership="ObjectWriter")
        self.alice.put_bucket_policy(Bucket=b, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": h.BOB.id}, "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{b}/*"}]}))
        self.bob.put_object(Bucket=b, Key="bobs", Body=b"bob's")
        acl = self.bob.get_object_acl(Bucket=b, Key="bobs")
        self.assertEqual(acl["Owner"]["ID"], self.bob_id)
        with self.assertRaises(ClientError) as e:
            self.alice.get_object(Bucket=b, Key="bobs")
        self.assertCode(e, "AccessDenied", 403)
        # bob grants alice READ with the cli; she reads it.
        srv.aws("s3api", "put-object-acl", "--bucket", b, "--key", "bobs",
                "--grant-read", f"id={self.alice_id}", "--grant-full-control", f"id={self.bob_id}", acct=h.BOB)
        self.assertEqual(self.alice.get_object(Bucket=b, Key="bobs")["Body"].read(), b"bob's")
        # bucket-owner-full-control on upload also lets her in.
        self.bob.put_object(Bucket=b, Key="bfc", Body=b"x", ACL="bucket-owner-full-control")
        self.assertEqual(self.alice.get_object(Bucket=b, Key="bfc")["Body"].read(), b"x")

    def test_ownership_controls_with_cli(self):
        b = h.unique_bucket("acl")
        self.alice.create_bucket(Bucket=b)
        srv.aws("s3api", "put-bucket-ownership-controls", "--bucket", b,
                "--ownership-controls", "Rules=[{ObjectOwnership=ObjectWriter}]")
        got = srv.aws_json("s3api", "get-bucket-ownership-controls", "--bucket", b)
        self.assertEqual(got["OwnershipControls"]["Rules"], [{"ObjectOwnership": "ObjectWriter"}])
        self.alice.put_bucket_acl(Bucket=b, GrantWrite=f"id={self.bob_id}")
        with self.assertRaises(ClientError) as e:
            self.alice.put_bucket_ownership_controls(
                Bucket=b, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
        self.assertCode(e, "InvalidBucketAclWithObjectOwnership", 400)
        srv.aws("s3api", "delete-bucket-ownership-controls", "--bucket", b)
        with self.assertRaises(ClientError) as e:
            self.alice.get_bucket_ownership_controls(Bucket=b)
        self.assertCode(e, "OwnershipControlsNotFoundError", 404)


if __name__ == "__main__":
    unittest.main()
