"""aws cli low-level commands (aws s3api ...) against a real coffer server."""

import hashlib
import json
import os
import tempfile
import unittest

import cofferharness as h

SRV = None

# aws cli v1 exit code when the service returned an error (v2 uses 254).
CLIENT_ERROR_RC = 255


def setUpModule():
    global SRV
    SRV = h.start()


def tearDownModule():
    SRV.stop()


class CliS3ApiTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="coffer-s3api-")
        self.dir = self.tmp.name
        self.bucket = h.unique_bucket("api")
        SRV.client().create_bucket(Bucket=self.bucket)

    def tearDown(self):
        self.tmp.cleanup()
        h.delete_bucket(SRV.client(), self.bucket)

    def file(self, name, data):
        p = os.path.join(self.dir, name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def fails(self, *args, code, operation, message=None, acct=h.ALICE):
        """Run a command expected to fail with an S3 error; return stderr."""
        p = SRV.aws(*args, acct=acct, check=False)
        self.assertEqual(p.returncode, CLIENT_ERROR_RC, p.stderr)
        self.assertIn(f"An error occurred ({code}) when calling the {operation} operation", p.stderr)
        if message:
            self.assertIn(message, p.stderr)
        return p.stderr

    def test_create_bucket_and_errors(self):
        name = h.unique_bucket("cb")
        out = SRV.aws_json("s3api", "create-bucket", "--bucket", name)
        self.assertEqual(out["Location"], f"/{name}")
        self.fails("s3api", "create-bucket", "--bucket", name, code="BucketAlreadyOwnedByYou",
                   operation="CreateBucket",
                   message="Your previous request to create the named bucket succeeded and you already own it.")
        self.fails("s3api", "create-bucket", "--bucket", name, acct=h.BOB,
                   code="BucketAlreadyExists", operation="CreateBucket",
                   message="The requested bucket name is not available.")
        # A few of the name rules (the boto3 and Go suites cover the rest).
        for bad in ("Upper-Case", "ab", "192.168.1.1"):
            with self.subTest(name=bad):
                self.fails("s3api", "create-bucket", f"--bucket={bad}", code="InvalidBucketName",
                           operation="CreateBucket", message="The specified bucket is not valid.")
        SRV.aws("s3api", "head-bucket", "--bucket", name)
        loc = SRV.aws_json("s3api", "get-bucket-location", "--bucket", name)
        self.assertIsNone(loc.get("LocationConstraint"))
        SRV.aws("s3api", "delete-bucket", "--bucket", name)
        p = SRV.aws("s3api", "head-bucket", "--bucket", name, check=False)
        self.assertEqual(p.returncode, CLIENT_ERROR_RC)
        self.assertRegex(p.stderr, r"An error occurred \(404\) when calling the HeadBucket operation.*: Not Found")

    def test_put_get_head_with_metadata_and_headers(self):
        body = self.file("body", b"0123456789" * 100)
        out = SRV.aws_json(
            "s3api", "put-object", "--bucket", self.bucket, "--key", "doc.txt", "--body", body,
            "--metadata", "colour=blue,Mixed-Case=Value", "--content-type", "text/x-coffer",
            "--content-encoding", "identity", "--content-disposition", 'attachment; filename="d.txt"',
            "--content-language", "en-GB", "--cache-control", "max-age=60",
            "--expires", "2030-01-02T03:04:05Z")
        self.assertEqual(out["ETag"], '"%s"' % hashlib.md5(b"0123456789" * 100).hexdigest())
        head = SRV.aws_json("s3api", "head-object", "--bucket", self.bucket, "--key", "doc.txt")
        self.assertEqual(head["ContentLength"], 1000)
        self.assertEqual(head["ETag"], out["ETag"])
        self.assertEqual(head["ContentType"], "text/x-coffer")
        self.assertEqual(head["ContentEncoding"], "identity")
        self.assertEqual(head["ContentDisposition"], 'attachment; filename="d.txt"')
        self.assertEqual(head["ContentLanguage"], "en-GB")
        self.assertEqual(head["CacheControl"], "max-age=60")
        self.assertIn("2030", head.get("Expires") or head.get("ExpiresString", ""))
        self.assertEqual(head["Metadata"], {"colour": "blue", "mixed-case": "Value"})
        self.assertEqual(head["AcceptRanges"], "bytes")

        dst = os.path.join(self.dir, "out")
        got = SRV.aws_json("s3api", "get-object", "--bucket", self.bucket, "--key", "doc.txt", dst)
        self.assertEqual(got["ContentLength"], 1000)
        self.assertEqual(got["Metadata"], head["Metadata"])
        self.assertEqual(got["ContentType"], "text/x-coffer")
        with open(dst, "rb") as f:
            self.assertEqual(f.read(), b"0123456789" * 100)

        got = SRV.aws_json("s3api", "get-object", "--bucket", self.bucket, "--key", "doc.txt",
                           "--range", "bytes=5-14", dst)
        self.assertEqual(got["ContentRange"], "bytes 5-14/1000")
        self.assertEqual(got["ContentLength"], 10)
        with open(dst, "rb") as f:
            self.assertEqual(f.read(), b"5678901234")
        got = SRV.aws_json("s3api", "get-object", "--bucket", self.bucket, "--key", "doc.txt",
                           "--range", "bytes=-3", dst)
        self.assertEqual(got["ContentRange"], "bytes 997-999/1000")
        self.fails("s3api", "get-object", "--bucket", self.bucket, "--key", "doc.txt",
                   "--range", "bytes=1000-", dst, code="InvalidRange", operation="GetObject",
                   message="The requested range is not satisfiable")

    def test_list_objects_v2_delimiter_prefix_pagination(self):
        c = SRV.client()
        keys = [f"photos/2024/{i:02d}.jpg" for i in range(7)] + \
               [f"photos/2025/{i:02d}.jpg" for i in range(3)] + ["photos/top.jpg", "readme", "zz/a"]
        for k in keys:
            c.put_object(Bucket=self.bucket, Key=k, Body=b"x")
        # --no-paginate: the cli's merged pages drop KeyCount.
        out = SRV.aws_json("s3api", "list-objects-v2", "--bucket", self.bucket, "--delimiter", "/",
                           "--no-paginate")
        self.assertEqual([p["Prefix"] for p in out["CommonPrefixes"]], ["photos/", "zz/"])
        self.assertEqual([o["Key"] for o in out["Contents"]], ["readme"])
        self.assertEqual(out["KeyCount"], 3)

        out = SRV.aws_json("s3api", "list-objects-v2", "--bucket", self.bucket,
                           "--prefix", "photos/", "--delimiter", "/")
        self.assertEqual([p["Prefix"] for p in out["CommonPrefixes"]], ["photos/2024/", "photos/2025/"])
        self.assertEqual([o["Key"] for o in out["Contents"]], ["photos/top.jpg"])
        self.assertEqual(out["Prefix"], "photos/")

        # --max-items pages client-side over server pages of --page-size keys.
        seen, token = [], None
        for _ in range(10):
            args = ["s3api", "list-objects-v2", "--bucket", self.bucket, "--prefix", "photos/2024/",
                    "--max-items", "3", "--page-size", "2"]
            if token:
                args += ["--starting-token", token]
            out = SRV.aws_json(*args)
            seen += [o["Key"] for o in out.get("Contents", [])]
            token = out.get("NextToken")
            if not token:
                break
        self.assertEqual(seen, [f"photos/2024/{i:02d}.jpg" for i in range(7)])

        out = SRV.aws_json("s3api", "list-objects-v2", "--bucket", self.bucket,
                           "--prefix", "photos/", "--start-after", "photos/2024/04.jpg")
        self.assertEqual([o["Key"] for o in out["Contents"]],
                         ["photos/2024/05.jpg", "photos/2024/06.jpg", "photos/2025/00.jpg",
                          "photos/2025/01.jpg", "photos/2025/02.jpg", "photos/top.jpg"])

    def test_versioning_and_delete_markers(self):
        SRV.aws("s3api", "put-bucket-versioning", "--bucket", self.bucket,
                "--versioning-configuration", "Status=Enabled")
        self.assertEqual(SRV.aws_json("s3api", "get-bucket-versioning", "--bucket", self.bucket),
                         {"Status": "Enabled"})
        v1 = SRV.aws_json("s3api", "put-object", "--bucket", self.bucket, "--key", "k",
                          "--body", self.file("one", b"one"))["VersionId"]
        v2 = SRV.client().put_object(Bucket=self.bucket, Key="k", Body=b"two!")["VersionId"]
        self.assertNotEqual(v1, v2)
        dm = SRV.aws_json("s3api", "delete-object", "--bucket", self.bucket, "--key", "k")
        self.assertTrue(dm["DeleteMarker"])
        marker = dm["VersionId"]

        out = SRV.aws_json("s3api", "list-object-versions", "--bucket", self.bucket)
        self.assertEqual([(v["VersionId"], v["IsLatest"], v["Size"]) for v in out["Versions"]],
                         [(v2, False, 4), (v1, False, 3)])
        self.assertEqual([(m["Key"], m["VersionId"], m["IsLatest"]) for m in out["DeleteMarkers"]],
                         [("k", marker, True)])

        self.fails("s3api", "get-object", "--bucket", self.bucket, "--key", "k",
                   os.path.join(self.dir, "o"), code="NoSuchKey", operation="GetObject")
        dst = os.path.join(self.dir, "o")
        got = SRV.aws_json("s3api", "get-object", "--bucket", self.bucket, "--key", "k",
                           "--version-id", v1, dst)
        self.assertEqual(got["VersionId"], v1)
        with open(dst, "rb") as f:
            self.assertEqual(f.read(), b"one")
        # Removing the marker brings v2 back.
        out = SRV.aws_json("s3api", "delete-object", "--bucket", self.bucket, "--key", "k",
                           "--version-id", marker)
        self.assertTrue(out["DeleteMarker"])
        self.assertEqual(out["VersionId"], marker)
        head = SRV.client().head_object(Bucket=self.bucket, Key="k")
        self.assertEqual((head["VersionId"], head["ContentLength"]), (v2, 4))

    def test_multipart(self):
        part1 = os.urandom(5 << 20)
        up = SRV.aws_json("s3api", "create-multipart-upload", "--bucket", self.bucket,
                          "--key", "mp", "--metadata", "m=1", "--content-type", "app/x")
        uid = up["UploadId"]
        other = SRV.client().create_multipart_upload(Bucket=self.bucket, Key="aborted")["UploadId"]
        listing = SRV.aws_json("s3api", "list-multipart-uploads", "--bucket", self.bucket)
        self.assertEqual(sorted((u["Key"], u["UploadId"]) for u in listing["Uploads"]),
                         [("aborted", other), ("mp", uid)])

        e1 = SRV.aws_json("s3api", "upload-part", "--bucket", self.bucket, "--key", "mp",
                          "--upload-id", uid, "--part-number", "1",
                          "--body", self.file("p1", part1))["ETag"]
        e2 = SRV.aws_json("s3api", "upload-part", "--bucket", self.bucket, "--key", "mp",
                          "--upload-id", uid, "--part-number", "2",
                          "--body", self.file("p2", b"tail"))["ETag"]
        parts = SRV.aws_json("s3api", "list-parts", "--bucket", self.bucket, "--key", "mp",
                             "--upload-id", uid)
        self.assertEqual([(p["PartNumber"], p["ETag"], p["Size"]) for p in parts["Parts"]],
                         [(1, e1, 5 << 20), (2, e2, 4)])

        spec = self.file("mpu.json", json.dumps(
            {"Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]}).encode())
        done = SRV.aws_json("s3api", "complete-multipart-upload", "--bucket", self.bucket,
                            "--key", "mp", "--upload-id", uid, "--multipart-upload", f"file://{spec}")
        self.assertRegex(done["ETag"], r'^"[0-9a-f]{32}-2"$')
        self.assertEqual(done["Key"], "mp")
        head = SRV.client().head_object(Bucket=self.bucket, Key="mp")
        self.assertEqual(head["ContentLength"], (5 << 20) + 4)
        self.assertEqual(head["Metadata"], {"m": "1"})
        self.assertEqual(head["ContentType"], "app/x")

        SRV.aws("s3api", "abort-multipart-upload", "--bucket", self.bucket, "--key", "aborted",
                "--upload-id", other)
        listing = SRV.aws_json("s3api", "list-multipart-uploads", "--bucket", self.bucket)
        self.assertEqual(listing.get("Uploads", []), [])
        self.fails("s3api", "list-parts", "--bucket", self.bucket, "--key", "aborted",
                   "--upload-id", other, code="NoSuchUpload", operation="ListParts")

    def test_copy_object_replace_metadata(self):
        SRV.client().put_object(Bucket=self.bucket, Key="src", Body=b"source", Metadata={"a": "1"},
                                ContentType="text/a")
        out = SRV.aws_json("s3api", "copy-object", "--bucket", self.bucket, "--key", "dst",
                           "--copy-source", f"{self.bucket}/src", "--metadata-directive", "REPLACE",
                           "--metadata", "b=2", "--content-type", "text/b")
        self.assertIn("ETag", out["CopyObjectResult"])
        head = SRV.aws_json("s3api", "head-object", "--bucket", self.bucket, "--key", "dst")
        self.assertEqual(head["Metadata"], {"b": "2"})
        self.assertEqual(head["ContentType"], "text/b")
        self.assertEqual(head["ETag"], out["CopyObjectResult"]["ETag"])
        # Copying onto itself without REPLACE is refused, as by AWS.
        self.fails("s3api", "copy-object", "--bucket", self.bucket, "--key", "src",
                   "--copy-source", f"{self.bucket}/src", code="InvalidRequest",
                   operation="CopyObject")

    def test_tagging_and_delete_objects(self):
        for k in ("t1", "t2", "t3"):
            SRV.client().put_object(Bucket=self.bucket, Key=k, Body=b"x")
        SRV.aws("s3api", "put-object-tagging", "--bucket", self.bucket, "--key", "t1",
                "--tagging", "TagSet=[{Key=env,Value=prod},{Key=team,Value=core}]")
        out = SRV.aws_json("s3api", "get-object-tagging", "--bucket", self.bucket, "--key", "t1")
        self.assertEqual(sorted((t["Key"], t["Value"]) for t in out["TagSet"]),
                         [("env", "prod"), ("team", "core")])
        self.assertEqual(SRV.client().head_object(Bucket=self.bucket, Key="t1")["TagCount"], 2)
        SRV.aws("s3api", "delete-object-tagging", "--bucket", self.bucket, "--key", "t1")
        out = SRV.aws_json("s3api", "get-object-tagging", "--bucket", self.bucket, "--key", "t1")
        self.assertEqual(out["TagSet"], [])

        out = SRV.aws_json("s3api", "delete-objects", "--bucket", self.bucket, "--delete",
                           "Objects=[{Key=t1},{Key=t2},{Key=never-existed}]")
        self.assertEqual(sorted(d["Key"] for d in out["Deleted"]), ["never-existed", "t1", "t2"])
        self.assertNotIn("Errors", out)
        keys = [o["Key"] for o in SRV.client().list_objects_v2(Bucket=self.bucket)["Contents"]]
        self.assertEqual(keys, ["t3"])
        out = SRV.aws_json("s3api", "delete-objects", "--bucket", self.bucket, "--delete",
                           "Objects=[{Key=t3}],Quiet=true")
        self.assertEqual(out.get("Deleted", []), [])

    def test_error_messages_and_exit_codes(self):
        dst = os.path.join(self.dir, "o")
        self.fails("s3api", "get-object", "--bucket", self.bucket, "--key", "nope", dst,
                   code="NoSuchKey", operation="GetObject",
                   message="The specified key does not exist.")
        p = SRV.aws("s3api", "head-object", "--bucket", self.bucket, "--key", "nope", check=False)
        self.assertEqual(p.returncode, CLIENT_ERROR_RC)
        self.assertRegex(p.stderr, r"An error occurred \(404\) when calling the HeadObject operation.*: Not Found")
        missing = h.unique_bucket("missing")
        self.fails("s3api", "get-object", "--bucket", missing, "--key", "k", dst,
                   code="NoSuchBucket", operation="GetObject",
                   message="The specified bucket does not exist")
        self.fails("s3api", "list-objects-v2", "--bucket", missing, code="NoSuchBucket",
                   operation="ListObjectsV2")
        self.fails("s3api", "delete-bucket", "--bucket", missing, code="NoSuchBucket",
                   operation="DeleteBucket")
        SRV.client().put_object(Bucket=self.bucket, Key="mine", Body=b"x")
        self.fails("s3api", "get-object", "--bucket", self.bucket, "--key", "mine", dst,
                   acct=h.BOB, code="AccessDenied", operation="GetObject", message="Access Denied")
        self.fails("s3api", "put-object", "--bucket", self.bucket, "--key", "bob",
                   acct=h.BOB, code="AccessDenied", operation="PutObject")
        self.fails("s3api", "delete-bucket", "--bucket", self.bucket, acct=h.BOB,
                   code="AccessDenied", operation="DeleteBucket")
        self.fails("s3api", "delete-bucket", "--bucket", self.bucket, code="BucketNotEmpty",
                   operation="DeleteBucket", message="The bucket you tried to delete is not empty")


if __name__ == "__main__":
    unittest.main()
