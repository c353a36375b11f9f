"""VPC endpoints (issue #7) with boto3 and the aws cli.

The server gets a network configuration: vpc-A (127.91.1.0/24) with an
interface endpoint listening on 127.91.1.1 and a gateway endpoint, vpc-B
(127.91.2.0/24) with neither. boto3 clients bind their source address (a
gateway endpoint claims requests by source); the aws cli cannot, so it
runs against the interface endpoint's URL.
"""

import json
import os
import signal
import socket
import subprocess
import time
import unittest

from botocore.exceptions import ClientError

import cofferharness as h

SRV = None

VPC_A, VPC_B = "vpc-0a0a0a0a", "vpc-0b0b0b0b"
EP_IFACE = "vpce-0aaaaaaaaaaaaaaa1"
EP_GATEWAY = "vpce-0aaaaaaaaaaaaaaa2"
IFACE_HOST = "127.91.1.1"
IN_A, IN_B = "127.91.1.20", "127.91.2.20"

# aws cli v1 exit code when the service returned an error.
CLIENT_ERROR_RC = 255


def free_port_on(host):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class NetServer(h.Server):
    """The harness's server with --network-config (and a way to reload)."""

    def __init__(self):
        super().__init__()
        self.iface_url = f"http://{IFACE_HOST}:{free_port_on(IFACE_HOST)}"
        self.net_file = os.path.join(self.tmp, "network.json")
        self.audit_file = os.path.join(self.tmp, "audit.log")
        self.write_config()

    def config(self, iface_policy=None):
        iface = {"id": EP_IFACE, "vpc": VPC_A, "owner": h.ALICE.id, "type": "Interface",
                 "listen": self.iface_url[len("http://"):]}
        if iface_policy is not None:
            iface["policy"] = iface_policy
        return {"vpcs": [{"id": VPC_A, "cidrs": ["127.91.1.0/24"]},
                         {"id": VPC_B, "cidrs": ["127.91.2.0/24"]}],
                "endpoints": [iface, {"id": EP_GATEWAY, "vpc": VPC_A, "owner": h.ALICE.id,
                                      "type": "Gateway"}]}

    def write_config(self, iface_policy=None):
        with open(self.net_file, "w") as f:
            json.dump(self.config(iface_policy), f)

    def start(self):
        accounts = os.path.join(self.tmp, "accounts.json")
        with open(accounts, "w") as f:
            json.dump({"accounts": [
                {"id": a.id, "name": a.name, "access_key_id": a.access_key,
                 "secret_access_key": a.secret_key} for a in (h.ALICE, h.BOB)]}, f)
        args = [self.binary, "server", "--data-dir", self.data_dir,
                "--listen", f"127.0.0.1:{self.port}", "--accounts", accounts,
                "--region", h.REGION, "--master-key-file", os.path.join(self.tmp, "master.key"),
                "--network-config", self.net_file, "--audit-log", self.audit_file]
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=self._log,
                                     stdin=subprocess.DEVNULL)
        self._wait_ready()
        return self

    def full_log(self):
        return self.log(tail=1 << 24)

    def reload(self, expect="network config reloaded"):
        """SIGHUP, then wait for one more log line saying `expect`."""
        before = self.full_log().count(expect)
        self.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.full_log().count(expect) > before:
                return
            time.sleep(0.05)
        raise AssertionError(f"no {expect!r} after SIGHUP:\n{self.log()}")

    def client_via(self, acct=h.ALICE, url=None, source=None):
        """A boto3 client through url (default: the public listener),
        connecting from source (default: the kernel's choice)."""
        c = self.client(acct)
        if url is not None:
            c = h.boto3.session.Session().client(
                "s3", endpoint_url=url, region_name=h.REGION,
                aws_access_key_id=acct.access_key, aws_secret_access_key=acct.secret_key,
                config=h.Config(region_name=h.REGION, s3={"addressing_style": "path"},
                                retries={"max_attempts": 1, "mode": "standard"}))
        if source is not None:
            # botocore has no source-address option: its urllib3 pool
            # manager passes connection_pool_kw to every new connection.
            c._endpoint.http_session._manager.connection_pool_kw["source_address"] = (source, 0)
        return c

    def aws_at(self, url, *args, acct=h.ALICE, check=True):
        cmd = ["aws", "--endpoint-url", url, *args]
        p = subprocess.run(cmd, env=self.env(acct), timeout=300, capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {p.returncode}\n{p.stderr}\n{self.log(3000)}")
        return p


def setUpModule():
    global SRV
    SRV = NetServer().start()


def tearDownModule():
    SRV.stop()


def only_via(bucket, key, value):
    """A bucket policy denying everything unless `key` equals value."""
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "OnlyThrough", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"StringNotEquals": {key: value}}}]})


def only_bucket(bucket):
    """An endpoint policy allowing every S3 action on one bucket."""
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]}]}


class VpceTest(unittest.TestCase):
    def setUp(self):
        self.pub = SRV.client()
        self.bucket = h.unique_bucket("vpce")
        self.pub.create_bucket(Bucket=self.bucket)
        self.pub.put_object(Bucket=self.bucket, Key="k", Body=b"v")

    def tearDown(self):
        try:
            self.pub.delete_bucket_policy(Bucket=self.bucket)
        except ClientError:
            pass
        h.delete_bucket(self.pub, self.bucket)

    def denied(self, fn, **kw):
        with self.assertRaises(ClientError) as cm:
            fn(**kw)
        self.assertEqual(h.error_code(cm.exception), ("AccessDenied", 403))

    def test_interface_endpoint_with_boto3_and_cli(self):
        self.pub.put_bucket_policy(Bucket=self.bucket, Policy=only_via(self.bucket, "aws:SourceVpce", EP_IFACE))
        via = SRV.client_via(url=SRV.iface_url)
        self.assertEqual(via.get_object(Bucket=self.bucket, Key="k")["Body"].read(), b"v")
        self.denied(self.pub.get_object, Bucket=self.bucket, Key="k")
        # The gateway endpoint is another endpoint: denied too.
        self.denied(SRV.client_via(source=IN_A).get_object, Bucket=self.bucket, Key="k")

        src = os.path.join(SRV.tmp, "cli-upload.txt")
        with open(src, "wb") as f:
            f.write(b"from the cli")
        SRV.aws_at(SRV.iface_url, "s3", "cp", src, f"s3://{self.bucket}/cli.txt", "--only-show-errors")
        out = json.loads(SRV.aws_at(SRV.iface_url, "s3api", "head-object", "--bucket", self.bucket,
                                    "--key", "cli.txt", "--output", "json").stdout)
        self.assertEqual(out["ContentLength"], len(b"from the cli"))
        p = SRV.aws_at(SRV.url, "s3api", "head-object", "--bucket", self.bucket, "--key", "cli.txt", check=False)
        self.assertEqual(p.returncode, CLIENT_ERROR_RC, p.stderr)
        self.assertIn("(403)", p.stderr)
        # The interface endpoint serves S3 only.
        p = SRV.aws_at(SRV.iface_url, "sts", "get-caller-identity", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertEqual(SRV.aws_at(SRV.url, "sts", "get-caller-identity", "--output", "json").returncode, 0)
        # The root user's recovery path from the public listener.
        self.pub.delete_bucket_policy(Bucket=self.bucket)
        self.assertEqual(self.pub.get_object(Bucket=self.bucket, Key="cli.txt")["Body"].read(), b"from the cli")

    def test_gateway_attribution_by_source(self):
        self.pub.put_bucket_policy(Bucket=self.bucket, Policy=only_via(self.bucket, "aws:SourceVpc", VPC_A))
        from_a = SRV.client_via(source=IN_A)
        self.assertEqual(from_a.get_object(Bucket=self.bucket, Key="k")["Body"].read(), b"v")
        self.denied(SRV.client_via(source=IN_B).get_object, Bucket=self.bucket, Key="k")
        self.denied(SRV.client_via(source="127.0.0.1").get_object, Bucket=self.bucket, Key="k")
        with open(SRV.audit_file) as f:
            recs = [json.loads(line) for line in f if self.bucket in line]
        gw = [r for r in recs if r.get("sourceIPAddress") == IN_A and r.get("eventName") == "GetObject"]
        self.assertTrue(gw and all(r.get("vpcEndpointId") == EP_GATEWAY for r in gw), recs)

    def test_source_ip_never_matches_endpoint_requests(self):
        self.pub.put_bucket_policy(Bucket=self.bucket, Policy=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{h.BOB.id}:root"},
                "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{self.bucket}/*",
                "Condition": {"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}}}]}))
        bob_pub = SRV.client_via(h.BOB, source="127.0.0.1")
        self.assertEqual(bob_pub.get_object(Bucket=self.bucket, Key="k")["Body"].read(), b"v")
        self.denied(SRV.client_via(h.BOB, source=IN_A).get_object, Bucket=self.bucket, Key="k")
        self.denied(SRV.client_via(h.BOB, url=SRV.iface_url).get_object, Bucket=self.bucket, Key="k")
        p = SRV.aws_at(SRV.iface_url, "s3api", "get-object", "--bucket", self.bucket, "--key", "k",
                       os.path.join(SRV.tmp, "bob-k"), acct=h.BOB, check=False)
        self.assertEqual(p.returncode, CLIENT_ERROR_RC, p.stderr)
        self.assertIn("AccessDenied", p.stderr)

    def test_policy_reload_and_ec2_api(self):
        other = h.unique_bucket("vpce-other")
        self.pub.create_bucket(Bucket=other)
        self.pub.put_object(Bucket=other, Key="k", Body=b"other")
        via = SRV.client_via(url=SRV.iface_url)
        try:
            # The file's policy, reloaded on SIGHUP without a restart.
            SRV.write_config(iface_policy=only_bucket(self.bucket))
            SRV.reload()
            self.assertEqual(via.get_object(Bucket=self.bucket, Key="k")["Body"].read(), b"v")
            self.denied(via.get_object, Bucket=other, Key="k")
            self.assertEqual(self.pub.get_object(Bucket=other, Key="k")["Body"].read(), b"other")

            # aws ec2 describe-vpc-endpoints shows the owner's endpoints.
            out = json.loads(SRV.aws("ec2", "describe-vpc-endpoints", "--output", "json").stdout)
            eps = {e["VpcEndpointId"]: e for e in out["VpcEndpoints"]}
            self.assertEqual(set(eps), {EP_IFACE, EP_GATEWAY})
            self.assertEqual(eps[EP_IFACE]["VpcEndpointType"], "Interface")
            self.assertEqual(eps[EP_GATEWAY]["VpcId"], VPC_A)
            self.assertEqual(json.loads(eps[EP_IFACE]["PolicyDocument"]), only_bucket(self.bucket))
            self.assertIn('"Action":"*"', eps[EP_GATEWAY]["PolicyDocument"])
            out = json.loads(SRV.aws("ec2", "describe-vpc-endpoints", "--output", "json", acct=h.BOB).stdout)
            self.assertEqual(out["VpcEndpoints"], [])
            out = json.loads(SRV.aws("ec2", "describe-vpc-endpoints", "--filters",
                                     "Name=vpc-endpoint-type,Values=Gateway", "--output", "json").stdout)
            self.assertEqual([e["VpcEndpointId"] for e in out["VpcEndpoints"]], [EP_GATEWAY])

            # aws ec2 modify-vpc-endpoint --policy-document: the API's
            # policy wins over the file's, across reloads of the same file.
            doc = os.path.join(SRV.tmp, "ep-policy.json")
            with open(doc, "w") as f:
                json.dump(only_bucket(other), f)
            out = json.loads(SRV.aws("ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", EP_IFACE,
                                     "--policy-document", f"file://{doc}", "--output", "json").stdout)
            self.assertTrue(out["Return"])
            self.assertEqual(via.get_object(Bucket=other, Key="k")["Body"].read(), b"other")
            self.denied(via.get_object, Bucket=self.bucket, Key="k")
            SRV.reload()
            self.assertEqual(via.get_object(Bucket=other, Key="k")["Body"].read(), b"other")
            p = SRV.aws("ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", EP_IFACE,
                        "--policy-document", '{"Statement":[]}', check=False)
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("InvalidPolicyDocument", p.stderr)
            p = SRV.aws("ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", EP_IFACE, "--reset-policy",
                        acct=h.BOB, check=False)
            self.assertIn("InvalidVpcEndpointId.NotFound", p.stderr)

            # A changed file policy replaces the API's (the same statements
            # without Version: another document).
            SRV.write_config(iface_policy={"Statement": only_bucket(self.bucket)["Statement"]})
            SRV.reload()
            self.assertEqual(via.get_object(Bucket=self.bucket, Key="k")["Body"].read(), b"v")
            self.denied(via.get_object, Bucket=other, Key="k")

            # --reset-policy restores full access.
            SRV.aws("ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", EP_IFACE, "--reset-policy")
            self.assertEqual(via.get_object(Bucket=other, Key="k")["Body"].read(), b"other")

            # An invalid file keeps the running configuration.
            with open(SRV.net_file, "w") as f:
                f.write('{"vpcs": [{"id": "not-a-vpc"}]}')
            SRV.reload(expect="network config reload failed")
            self.assertEqual(via.get_object(Bucket=self.bucket, Key="k")["Body"].read(), b"v")
        finally:
            SRV.write_config()
            SRV.reload()
            h.delete_bucket(self.pub, other)


if __name__ == "__main__":
    unittest.main()
