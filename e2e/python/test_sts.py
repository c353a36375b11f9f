"""STS with boto3 and the aws cli: caller identity, session tokens, roles."""

import json
import unittest

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


def client(service, key, secret, token=None):
    cfg = Config(region_name=h.REGION, retries={"max_attempts": 1, "mode": "standard"},
                 s3={"addressing_style": "path"})
    return boto3.session.Session().client(
        service, endpoint_url=srv.url, region_name=h.REGION, aws_access_key_id=key,
        aws_secret_access_key=secret, aws_session_token=token, config=cfg)


class STSTest(unittest.TestCase):
    def test_cli_caller_identity(self):
        out = srv.aws_json("sts", "get-caller-identity")
        self.assertEqual(out["Account"], h.ALICE.id)
        self.assertEqual(out["Arn"], f"arn:aws:iam::{h.ALICE.id}:root")

    def test_session_token_signs_s3_requests(self):
        sts = client("sts", h.ALICE.access_key, h.ALICE.secret_key)
        c = sts.get_session_token(DurationSeconds=900)["Credentials"]
        self.assertTrue(c["AccessKeyId"].startswith("ASIA"))
        s3 = client("s3", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
        b = h.unique_bucket("sts")
        s3.create_bucket(Bucket=b)
        s3.put_object(Bucket=b, Key="k", Body=b"v")
        self.assertEqual(s3.get_object(Bucket=b, Key="k")["Body"].read(), b"v")
        bad = client("s3", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"][:-2] + "zz")
        with self.assertRaises(ClientError) as e:
            bad.list_buckets()
        self.assertIn(h.error_code(e.exception)[0], ("InvalidToken", "InvalidAccessKeyId"))

    def test_assume_role_with_external_id_and_session_policy(self):
        iam = client("iam", h.ALICE.access_key, h.ALICE.secret_key)
        b = h.unique_bucket("role")
        s3 = srv.client()
        s3.create_bucket(Bucket=b)
        s3.put_object(Bucket=b, Key="a/1", Body=b"1")
        s3.put_object(Bucket=b, Key="b/2", Body=b"2")
        role = "r-" + b[-12:]
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                 "Principal": {"AWS": f"arn:aws:iam::{h.BOB.id}:root"}, "Action": "sts:AssumeRole",
                 "Condition": {"StringEquals": {"sts:ExternalId": "xyz"}}}]}
        arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        iam.put_role_policy(RoleName=role, PolicyName="read", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                                    "Resource": f"arn:aws:s3:::{b}/*"}]}))
        bob_sts = client("sts", h.BOB.access_key, h.BOB.secret_key)
        with self.assertRaises(ClientError) as e:
            bob_sts.assume_role(RoleArn=arn, RoleSessionName="s1")
        self.assertEqual(h.error_code(e.exception)[0], "AccessDenied")
        narrow = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                             "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/a/*"}]})
        out = bob_sts.assume_role(RoleArn=arn, RoleSessionName="s1", ExternalId="xyz", Policy=narrow)
        self.assertEqual(out["AssumedRoleUser"]["Arn"], f"arn:aws:sts::{h.ALICE.id}:assumed-role/{role}/s1")
        c = out["Credentials"]
        sess = client("s3", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
        self.assertEqual(sess.get_object(Bucket=b, Key="a/1")["Body"].read(), b"1")
        with self.assertRaises(ClientError) as e:
            sess.get_object(Bucket=b, Key="b/2")
        self.assertEqual(h.error_code(e.exception), ("AccessDenied", 403))
        who = client("sts", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]).get_caller_identity()
        self.assertEqual(who["Arn"], out["AssumedRoleUser"]["Arn"])


if __name__ == "__main__":
    unittest.main()
