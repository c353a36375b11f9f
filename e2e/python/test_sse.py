"""Encryption at rest and in transit with boto3 and the aws cli over TLS:
default SSE-S3, SSE-C, SSE-KMS through the built-in KMS (boto3's kms
client and `aws kms`), bucket default encryption, and no plaintext on disk.
"""

import base64
import hashlib
import json
import os
import subprocess
import tempfile
import unittest
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

import cofferharness as h

SRV = None


class TLSServer(h.Server):
    """The harness server with HTTPS (--tls-self-signed) beside HTTP."""

    def __init__(self):
        super().__init__()
        self.https_port = h.free_port()
        self.https_url = f"https://127.0.0.1:{self.https_port}"
        self.ca_bundle = os.path.join(self.data_dir, "tls", "self-signed.crt")

    def start(self):
        accounts = os.path.join(self.tmp, "accounts.json")
        with open(accounts, "w") as f:
            json.dump({"accounts": [
                {"id": a.id, "name": a.name, "access_key_id": a.access_key,
                 "secret_access_key": a.secret_key} for a in (h.ALICE, h.BOB)]}, f)
        args = [self.binary, "server", "--data-dir", self.data_dir,
                "--listen", f"127.0.0.1:{self.port}", "--accounts", accounts,
                "--region", h.REGION, "--master-key-file", os.path.join(self.tmp, "master.key"),
                "--tls-self-signed", "--https-listen", f"127.0.0.1:{self.https_port}"]
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=self._log, stdin=subprocess.DEVNULL)
        self._wait_ready()
        return self

    def tls(self, service="s3", acct=h.ALICE):
        cfg = Config(region_name=h.REGION, s3={"addressing_style": "path"},
                     retries={"max_attempts": 1, "mode": "standard"})
        return boto3.session.Session().client(
            service, endpoint_url=self.https_url, region_name=h.REGION, verify=self.ca_bundle,
            aws_access_key_id=acct.access_key, aws_secret_access_key=acct.secret_key, config=cfg)

    def aws_tls(self, *args, check=True):
        cmd = ["aws", "--endpoint-url", self.https_url, "--ca-bundle", self.ca_bundle, *args]
        p = subprocess.run(cmd, env=self.env(h.ALICE), timeout=300, capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {p.returncode}\n{p.stderr}\n{self.log(3000)}")
        return p


def setUpModule():
    global SRV
    SRV = TLSServer().start()


def tearDownModule():
    SRV.stop()


def ssec(seed):
    key = hashlib.sha256(seed.encode()).digest()
    return {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": base64.b64encode(key).decode(),
            "SSECustomerKeyMD5": base64.b64encode(hashlib.md5(key).digest()).decode()}


class SSETest(unittest.TestCase):
    def setUp(self):
        self.s3 = SRV.tls()
        self.bucket = h.unique_bucket("sse")
        self.s3.create_bucket(Bucket=self.bucket)

    def test_default_sse_s3(self):
        r = self.s3.put_object(Bucket=self.bucket, Key="a", Body=b"hello")
        self.assertEqual(r["ServerSideEncryption"], "AES256")
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key="a")["ServerSideEncryption"], "AES256")
        # Plain HTTP writes are encrypted at rest too.
        r = SRV.client().put_object(Bucket=self.bucket, Key="b", Body=b"x")
        self.assertEqual(r["ServerSideEncryption"], "AES256")

    def test_ssec_round_trip_and_errors(self):
        self.s3.put_bucket_encryption(Bucket=self.bucket, ServerSideEncryptionConfiguration={"Rules": [{
            "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
            "BlockedEncryptionTypes": {"EncryptionType": ["NONE"]}}]})
        k1, k2 = ssec("one"), ssec("two")
        self.s3.put_object(Bucket=self.bucket, Key="c", Body=b"customer data", **k1)
        body = self.s3.get_object(Bucket=self.bucket, Key="c", **k1)["Body"].read()
        self.assertEqual(body, b"customer data")
        with self.assertRaises(ClientError) as e:
            self.s3.get_object(Bucket=self.bucket, Key="c")
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidRequest")
        with self.assertRaises(ClientError) as e:
            self.s3.get_object(Bucket=self.bucket, Key="c", **k2)
        self.assertEqual(e.exception.response["ResponseMetadata"]["HTTPStatusCode"], 403)
        with self.assertRaises(ClientError) as e:
            SRV.client().put_object(Bucket=self.bucket, Key="d", Body=b"x", **k1)
        self.assertEqual(e.exception.response["Error"]["Code"], "InvalidRequest")

    def test_ssec_blocked_by_default(self):
        with self.assertRaises(ClientError) as e:
            self.s3.put_object(Bucket=self.bucket, Key="c", Body=b"x", **ssec("k"))
        self.assertEqual(e.exception.response["Error"]["Code"], "AccessDenied")
        enc = self.s3.get_bucket_encryption(Bucket=self.bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
        self.assertEqual(enc["BlockedEncryptionTypes"]["EncryptionType"], ["SSE-C"])

    def test_kms_with_boto3(self):
        kms = SRV.tls("kms")
        key = kms.create_key(Description="py")["KeyMetadata"]
        kms.create_alias(AliasName="alias/py-" + uuid.uuid4().hex[:8], TargetKeyId=key["KeyId"])
        r = self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"kms data",
                               ServerSideEncryption="aws:kms", SSEKMSKeyId=key["KeyId"])
        self.assertEqual(r["SSEKMSKeyId"], key["Arn"])
        head = self.s3.head_object(Bucket=self.bucket, Key="k")
        self.assertEqual((head["ServerSideEncryption"], head["SSEKMSKeyId"]), ("aws:kms", key["Arn"]))
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="k")["Body"].read(), b"kms data")
        dk = kms.generate_data_key(KeyId=key["Arn"], KeySpec="AES_256", EncryptionContext={"a": "b"})
        self.assertEqual(kms.decrypt(CiphertextBlob=dk["CiphertextBlob"], EncryptionContext={"a": "b"})["Plaintext"],
                         dk["Plaintext"])
        kms.disable_key(KeyId=key["KeyId"])
        with self.assertRaises(ClientError) as e:
            self.s3.get_object(Bucket=self.bucket, Key="k")
        self.assertEqual(e.exception.response["Error"]["Code"], "KMS.DisabledException")
        kms.enable_key(KeyId=key["KeyId"])
        with self.assertRaises(ClientError) as e:
            kms.describe_key(KeyId="alias/does-not-exist")
        self.assertEqual(e.exception.response["Error"]["Code"], "NotFoundException")

    def test_kms_policy_lockout_check(self):
        kms = SRV.tls("kms")
        only_bob = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                               "Principal": {"AWS": "arn:aws:iam::%s:root" % h.BOB.id}, "Action": "kms:*", "Resource": "*"}]})
        want = "The new key policy will not allow you to update the key policy in the future."
        with self.assertRaises(ClientError) as e:
            kms.create_key(Policy=only_bob)
        self.assertEqual((e.exception.response["Error"]["Code"], e.exception.response["Error"]["Message"]),
                         ("MalformedPolicyDocumentException", want))
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        with self.assertRaises(ClientError) as e:
            kms.put_key_policy(KeyId=key, PolicyName="default", Policy=only_bob)
        self.assertEqual(e.exception.response["Error"]["Code"], "MalformedPolicyDocumentException")
        # The owner may still lock itself out on purpose.
        kms.put_key_policy(KeyId=key, PolicyName="default", Policy=only_bob, BypassPolicyLockoutSafetyCheck=True)
        with self.assertRaises(ClientError) as e:
            kms.get_key_policy(KeyId=key, PolicyName="default")
        self.assertEqual(e.exception.response["Error"]["Code"], "AccessDeniedException")
        kms.create_key(Policy=only_bob, BypassPolicyLockoutSafetyCheck=True)

    def test_cli_kms_and_bucket_default(self):
        out = json.loads(SRV.aws_tls("kms", "create-key", "--output", "json").stdout)
        arn = out["KeyMetadata"]["Arn"]
        SRV.aws_tls("s3api", "put-bucket-encryption", "--bucket", self.bucket,
                    "--server-side-encryption-configuration",
                    json.dumps({"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": arn},
                                           "BucketKeyEnabled": True}]}))
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "f")
            data = os.urandom(9 << 20)
            with open(src, "wb") as f:
                f.write(data)
            SRV.aws_tls("s3", "cp", "--only-show-errors", src, f"s3://{self.bucket}/big")
            head = json.loads(SRV.aws_tls("s3api", "head-object", "--bucket", self.bucket, "--key", "big", "--output", "json").stdout)
            self.assertEqual(head["SSEKMSKeyId"], arn)
            self.assertTrue(head.get("BucketKeyEnabled"))
            dst = os.path.join(d, "g")
            SRV.aws_tls("s3", "cp", "--only-show-errors", f"s3://{self.bucket}/big", dst)
            with open(dst, "rb") as f:
                self.assertEqual(f.read(), data)
            SRV.aws_tls("s3", "cp", "--only-show-errors", "--sse", "AES256", src, f"s3://{self.bucket}/s3")
            head = json.loads(SRV.aws_tls("s3api", "head-object", "--bucket", self.bucket, "--key", "s3", "--output", "json").stdout)
            self.assertEqual(head["ServerSideEncryption"], "AES256")

    def test_no_plaintext_on_disk(self):
        marker = ("PY-MARKER-" + uuid.uuid4().hex).encode()
        self.s3.put_object(Bucket=self.bucket, Key="small", Body=marker)
        self.s3.put_object(Bucket=self.bucket, Key="large", Body=os.urandom(1 << 20) + marker)
        for root, _, files in os.walk(SRV.data_dir):
            for name in files:
                with open(os.path.join(root, name), "rb") as f:
                    self.assertNotIn(marker, f.read(), os.path.join(root, name))


if __name__ == "__main__":
    unittest.main()
