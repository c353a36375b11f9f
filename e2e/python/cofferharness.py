"""Start the real coffer binary for boto3 and aws cli end-to-end tests.

One server per test module: call ``start()`` in ``setUpModule`` and
``stop()`` in ``tearDownModule``. The binary comes from ``COFFER_BIN``; the
server gets a fresh temp data dir, a free loopback port and an accounts file
with two accounts, ALICE and BOB. Set COFFER_E2E_KEEP=1 to keep the data dir
and the server's log after the run.
"""

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass

import boto3
from botocore.config import Config

REGION = "us-east-1"


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    access_key: str
    secret_key: str


# The same accounts as the Go harness (e2e/harness), so logs read alike.
ALICE = Account("111111111111", "alice", "AKIAALICE0000000001",
                "alice-secret-key-0123456789abcdefghijklmn")
BOB = Account("222222222222", "bob", "AKIABOB000000000002",
              "bob-secret-key-0123456789abcdefghijklmnop")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unique_bucket(prefix="b"):
    """A bucket name no other test uses (valid: lower case, <= 63)."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class Server:
    """A running coffer process and the clients that talk to it."""

    def __init__(self, binary=None):
        self.binary = binary or os.environ.get("COFFER_BIN")
        if not self.binary:
            raise RuntimeError("COFFER_BIN must name the built coffer binary")
        if not os.path.isabs(self.binary):
            self.binary = os.path.abspath(self.binary)
        self.tmp = tempfile.mkdtemp(prefix="coffer-py-")
        self.data_dir = os.path.join(self.tmp, "data")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(self.tmp, "server.log")
        self.proc = None

    # -- lifecycle -----------------------------------------------------

    def start(self):
        accounts = os.path.join(self.tmp, "accounts.json")
        with open(accounts, "w") as f:
            json.dump({"accounts": [
                {"id": a.id, "name": a.name, "access_key_id": a.access_key,
                 "secret_access_key": a.secret_key} for a in (ALICE, BOB)]}, f)
        args = [self.binary, "server", "--data-dir", self.data_dir,
                "--listen", f"127.0.0.1:{self.port}", "--accounts", accounts,
                "--region", REGION,
                "--master-key-file", os.path.join(self.tmp, "master.key")]
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=self._log,
                                     stdin=subprocess.DEVNULL)
        # A module whose setUpModule fails after this never runs its
        # tearDownModule: never leave the server behind.
        atexit.register(self._reap)
        self._wait_ready()
        return self

    def _wait_ready(self):
        c = self.client(ALICE, connect_timeout=1, read_timeout=2)
        deadline = time.monotonic() + 60
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"coffer exited during start:\n{self.log()}")
            try:
                c.list_buckets()
                return
            except Exception as e:  # not listening yet
                last = e
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"coffer not ready in 60s ({last}):\n{self.log()}")

    def _reap(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def stop(self):
        """SIGTERM and wait for a graceful exit; the temp dir goes too.

        Raises when the server does not exit with status 0, so a crash or
        an unclean stop fails the module.
        """
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError("coffer did not stop within 30s of SIGTERM")
        if getattr(self, "_log", None):
            self._log.close()
            self._log = None
        code = self.proc.returncode if self.proc else None
        tail = self.log(3000) if code not in (0, None) else ""
        if os.environ.get("COFFER_E2E_KEEP"):
            print(f"coffer data dir and server.log kept in {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)
        if code not in (0, None):
            raise RuntimeError(f"coffer exited with status {code}:\n{tail}")
        return code

    def log(self, tail=8000):
        try:
            with open(self.log_path, "rb") as f:
                data = f.read()
        except OSError:
            return ""
        return data[-tail:].decode("utf-8", "replace")

    # -- boto3 ---------------------------------------------------------

    def client(self, acct=ALICE, secret=None, access_key=None,
               signature_version=None, **config):
        """A boto3 S3 client: path-style, us-east-1, retries off."""
        cfg = Config(region_name=REGION, signature_version=signature_version,
                     s3={"addressing_style": "path"},
                     retries={"max_attempts": 1, "mode": "standard"},
                     **config)
        return boto3.session.Session().client(
            "s3", endpoint_url=self.url, region_name=REGION,
            aws_access_key_id=access_key or acct.access_key,
            aws_secret_access_key=secret or acct.secret_key, config=cfg)

    # -- aws cli -------------------------------------------------------

    def env(self, acct=ALICE):
        """An environment for the aws cli that reads no user config."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({
            "AWS_ACCESS_KEY_ID": acct.access_key,
            "AWS_SECRET_ACCESS_KEY": acct.secret_key,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_MAX_ATTEMPTS": "1",
            "AWS_RETRY_MODE": "standard",
            "AWS_PAGER": "",
        })
        return env

    def aws(self, *args, acct=ALICE, check=True, cwd=None, timeout=300):
        """Run `aws --endpoint-url URL ARGS...`; returns CompletedProcess.

        With check=True a non-zero exit raises AssertionError carrying the
        cli's stderr and the server log tail.
        """
        cmd = ["aws", "--endpoint-url", self.url, *args]
        p = subprocess.run(cmd, env=self.env(acct), cwd=cwd, timeout=timeout,
                           capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(
                f"{' '.join(cmd)} exited {p.returncode}\nstdout: {p.stdout}\n"
                f"stderr: {p.stderr}\nserver log tail:\n{self.log(3000)}")
        return p

    def aws_json(self, *args, acct=ALICE):
        """Run an `aws s3api` command and parse its JSON output."""
        p = self.aws(*args, "--output", "json", acct=acct)
        return json.loads(p.stdout) if p.stdout.strip() else {}


def start():
    """Start a server for one test module (setUpModule)."""
    return Server().start()


def error_code_from(response):
    """The S3 error code and HTTP status in a ClientError's response dict."""
    return (response["Error"].get("Code"), response["ResponseMetadata"].get("HTTPStatusCode"))


def error_code(exc):
    """The S3 error code and HTTP status botocore parsed from a ClientError."""
    return error_code_from(exc.response)


def delete_bucket(client, bucket):
    """Remove every version, delete marker and upload, then the bucket.

    Best effort: tests call it in tearDown, where the bucket may be gone.
    """
    try:
        for page in client.get_paginator("list_object_versions").paginate(Bucket=bucket):
            objs = [{"Key": v["Key"], "VersionId": v["VersionId"]}
                    for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
            for i in range(0, len(objs), 1000):
                client.delete_objects(Bucket=bucket,
                                      Delete={"Objects": objs[i:i + 1000], "Quiet": True})
        for page in client.get_paginator("list_multipart_uploads").paginate(Bucket=bucket):
            for u in page.get("Uploads", []):
                client.abort_multipart_upload(Bucket=bucket, Key=u["Key"], UploadId=u["UploadId"])
        client.delete_bucket(Bucket=bucket)
    except client.exceptions.NoSuchBucket:
        pass


# botocore computes CRC32C and CRC64NVME only with awscrt, which is not
# installed; these pure-Python versions let tests send and check them.
def _crc_table(poly, width):
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ poly if c & 1 else c >> 1
        table.append(c)
    return table, (1 << width) - 1


_CRC32C = _crc_table(0x82F63B78, 32)
_CRC64NVME = _crc_table(0x9A6C9329AC4BC9B5, 64)


def _crc(spec, data):
    table, mask = spec
    c = mask
    for b in data:
        c = table[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ mask


def checksum_b64(algorithm, data):
    """The base64 value S3 carries in x-amz-checksum-<algorithm>."""
    import base64
    import hashlib
    import zlib
    alg = algorithm.upper()
    if alg == "CRC32":
        raw = zlib.crc32(data).to_bytes(4, "big")
    elif alg == "CRC32C":
        raw = _crc(_CRC32C, data).to_bytes(4, "big")
    elif alg == "CRC64NVME":
        raw = _crc(_CRC64NVME, data).to_bytes(8, "big")
    elif alg == "SHA1":
        raw = hashlib.sha1(data).digest()
    elif alg == "SHA256":
        raw = hashlib.sha256(data).digest()
    else:
        raise ValueError(algorithm)
    return base64.b64encode(raw).decode()
