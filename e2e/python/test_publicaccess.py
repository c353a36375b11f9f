"""Block Public Access and access points with boto3 and the aws cli.

The SDKs address S3 Control as ACCOUNT.<endpoint host> and access point ARNs
as NAME-ACCOUNT.<endpoint host>. Those names resolve nowhere on a test
machine, so the clients use the server as their HTTP proxy: the server then
receives the request with that Host and needs no DNS (a deployment would use
wildcard DNS instead).
"""

import json
import subprocess
import unittest
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

import cofferharness as h

srv = None


def setUpModule():
    global srv
    srv = h.start()


def tearDownModule():
    srv.stop()


def proxied(service, acct=h.ALICE):
    cfg = Config(region_name=h.REGION, proxies={"http": srv.url},
                 retries={"max_attempts": 1, "mode": "standard"})
    return boto3.session.Session().client(
        service, endpoint_url=srv.url, region_name=h.REGION,
        aws_access_key_id=acct.access_key, aws_secret_access_key=acct.secret_key, config=cfg)


def cli(*args, acct=h.ALICE, check=True):
    env = srv.env(acct)
    env["HTTP_PROXY"] = srv.url
    env["NO_PROXY"] = ""
    p = subprocess.run(["aws", "--endpoint-url", srv.url, "--output", "json", *args],
                       env=env, capture_output=True, text=True, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError(f"aws {' '.join(args)}: {p.returncode}\n{p.stderr}\n{srv.log(2000)}")
    return p


def anon_status(bucket, key):
    try:
        with urllib.request.urlopen(f"{srv.url}/{bucket}/{key}") as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


class BlockPublicAccessTest(unittest.TestCase):
    def test_new_bucket_protected_and_public_policy_refused(self):
        s3 = srv.client()
        b = h.unique_bucket("bpa")
        s3.create_bucket(Bucket=b)
        s3.put_object(Bucket=b, Key="k", Body=b"v")
        cfg = s3.get_public_access_block(Bucket=b)["PublicAccessBlockConfiguration"]
        self.assertEqual(cfg, {"BlockPublicAcls": True, "IgnorePublicAcls": True,
                               "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
        policy = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{b}/*"}]})
        with self.assertRaises(ClientError) as e:
            s3.put_bucket_policy(Bucket=b, Policy=policy)
        self.assertEqual(h.error_code(e.exception), ("AccessDenied", 403))
        self.assertEqual(anon_status(b, "k"), 403)
        # The aws cli turns BlockPublicPolicy off; the policy goes in.
        p = srv.aws("s3api", "put-public-access-block", "--bucket", b,
                    "--public-access-block-configuration",
                    "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=false")
        self.assertEqual(p.returncode, 0)
        srv.aws("s3api", "put-bucket-policy", "--bucket", b, "--policy", policy)
        status = srv.aws_json("s3api", "get-bucket-policy-status", "--bucket", b)
        self.assertTrue(status["PolicyStatus"]["IsPublic"])
        self.assertEqual(anon_status(b, "k"), 200)

    def test_source_ip_policy_is_not_public(self):
        s3 = srv.client()
        b = h.unique_bucket("bpa")
        s3.create_bucket(Bucket=b)
        policy = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{b}/*",
            "Condition": {"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}}}]})
        s3.put_bucket_policy(Bucket=b, Policy=policy)
        self.assertFalse(s3.get_bucket_policy_status(Bucket=b)["PolicyStatus"]["IsPublic"])


class AccessPointTest(unittest.TestCase):
    def test_cli_lifecycle_and_reads_by_alias_and_arn(self):
        s3 = srv.client()
        b = h.unique_bucket("ap")
        s3.create_bucket(Bucket=b)
        s3.put_object(Bucket=b, Key="shared/doc.txt", Body=b"hello")
        name = "cli-" + b[-12:]
        out = json.loads(cli("s3control", "create-access-point", "--account-id", h.ALICE.id,
                             "--name", name, "--bucket", b).stdout)
        arn = f"arn:aws:s3:us-east-1:{h.ALICE.id}:accesspoint/{name}"
        self.assertEqual(out["AccessPointArn"], arn)
        alias = out["Alias"]
        self.assertTrue(alias.endswith("-s3alias"))
        got = json.loads(cli("s3control", "get-access-point", "--account-id", h.ALICE.id, "--name", name).stdout)
        self.assertEqual(got["Bucket"], b)
        self.assertEqual(got["NetworkOrigin"], "Internet")
        listed = json.loads(cli("s3control", "list-access-points", "--account-id", h.ALICE.id, "--bucket", b).stdout)
        self.assertEqual([a["Name"] for a in listed["AccessPointList"]], [name])

        # Delegate from the bucket, grant bob in the access point policy.
        s3.put_bucket_policy(Bucket=b, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*",
            "Resource": [f"arn:aws:s3:::{b}", f"arn:aws:s3:::{b}/*"],
            "Condition": {"StringEquals": {"s3:DataAccessPointAccount": h.ALICE.id}}}]}))
        ap_policy = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{h.BOB.id}:root"},
            "Action": "s3:GetObject", "Resource": f"{arn}/object/shared/*"}]})
        proxied("s3control").put_access_point_policy(AccountId=h.ALICE.id, Name=name, Policy=ap_policy)

        bob = srv.client(h.BOB)
        self.assertEqual(bob.get_object(Bucket=alias, Key="shared/doc.txt")["Body"].read(), b"hello")
        self.assertEqual(proxied("s3", h.BOB).get_object(Bucket=arn, Key="shared/doc.txt")["Body"].read(), b"hello")
        p = cli("s3api", "get-object", "--bucket", arn, "--key", "shared/doc.txt", "/dev/null", acct=h.BOB)
        self.assertEqual(p.returncode, 0)
        with self.assertRaises(ClientError) as e:
            bob.get_object(Bucket=b, Key="shared/doc.txt")
        self.assertEqual(h.error_code(e.exception), ("AccessDenied", 403))

        cli("s3control", "delete-access-point", "--account-id", h.ALICE.id, "--name", name)
        p = cli("s3control", "get-access-point", "--account-id", h.ALICE.id, "--name", name, check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("NoSuchAccessPoint", p.stderr)

    def test_account_public_access_block(self):
        # Bob's account, so that other tests (alice's buckets) are unaffected.
        ctl = proxied("s3control", h.BOB)
        with self.assertRaises(ClientError) as e:
            ctl.get_public_access_block(AccountId=h.BOB.id)
        self.assertEqual(h.error_code(e.exception)[0], "NoSuchPublicAccessBlockConfiguration")
        ctl.put_public_access_block(AccountId=h.BOB.id, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": False})
        got = ctl.get_public_access_block(AccountId=h.BOB.id)["PublicAccessBlockConfiguration"]
        self.assertTrue(got["BlockPublicPolicy"])
        self.assertFalse(got["RestrictPublicBuckets"])
        # With the account's BlockPublicPolicy, a bucket without its own
        # setting still refuses public policies.
        s3 = srv.client(h.BOB)
        b = h.unique_bucket("acct")
        s3.create_bucket(Bucket=b)
        s3.delete_public_access_block(Bucket=b)
        with self.assertRaises(ClientError) as e:
            s3.put_bucket_policy(Bucket=b, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/*"}]}))
        self.assertEqual(h.error_code(e.exception), ("AccessDenied", 403))
        ctl.delete_public_access_block(AccountId=h.BOB.id)
        # Alice may not read bob's account setting.
        with self.assertRaises(ClientError) as e:
            proxied("s3control").get_public_access_block(AccountId=h.BOB.id)
        self.assertEqual(h.error_code(e.exception)[0], "AccessDenied")


if __name__ == "__main__":
    unittest.main()
