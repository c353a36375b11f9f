"""Authentication, access and botocore's parsing of coffer's errors."""

import datetime
import unittest
from unittest import mock

import botocore.auth
from botocore import UNSIGNED
from botocore.exceptions import ClientError

import cofferharness as h

SRV = None
BUCKET = None


def setUpModule():
    global SRV, BUCKET
    SRV = h.start()
    BUCKET = h.unique_bucket("auth")
    c = SRV.client()
    c.create_bucket(Bucket=BUCKET)
    c.put_object(Bucket=BUCKET, Key="obj", Body=b"alice's data")


def tearDownModule():
    try:
        h.delete_bucket(SRV.client(), BUCKET)
    finally:
        SRV.stop()


class ErrorCase(unittest.TestCase):
    def assertError(self, code, status, fn, *args, **kw):
        with self.assertRaises(ClientError) as cm:
            fn(*args, **kw)
        self.assertEqual(h.error_code(cm.exception), (code, status), cm.exception.response)
        return cm.exception.response


class AccessTest(ErrorCase):
    def test_bob_denied_on_alices_bucket(self):
        bob = SRV.client(h.BOB)
        calls = [
            ("get_object", dict(Bucket=BUCKET, Key="obj")),
            ("get_object", dict(Bucket=BUCKET, Key="missing")),  # 403, not 404: no ListBucket
            ("put_object", dict(Bucket=BUCKET, Key="bob", Body=b"x")),
            ("delete_object", dict(Bucket=BUCKET, Key="obj")),
            ("list_objects_v2", dict(Bucket=BUCKET)),
            ("list_object_versions", dict(Bucket=BUCKET)),
            ("get_bucket_versioning", dict(Bucket=BUCKET)),
            ("put_bucket_versioning", dict(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})),
            ("get_object_tagging", dict(Bucket=BUCKET, Key="obj")),
            ("delete_bucket", dict(Bucket=BUCKET)),
            ("create_multipart_upload", dict(Bucket=BUCKET, Key="m")),
            ("copy_object", dict(Bucket=BUCKET, Key="c", CopySource={"Bucket": BUCKET, "Key": "obj"})),
        ]
        for name, kw in calls:
            with self.subTest(op=name):
                resp = self.assertError("AccessDenied", 403, getattr(bob, name), **kw)
                self.assertEqual(resp["Error"]["Message"], "Access Denied")
        for name, kw in [("head_object", dict(Bucket=BUCKET, Key="obj")), ("head_bucket", dict(Bucket=BUCKET))]:
            with self.subTest(op=name):
                self.assertError("403", 403, getattr(bob, name), **kw)
        # DeleteObjects authorises each key: a 200 whose every key is denied.
        out = bob.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": "obj"}, {"Key": "other"}]})
        self.assertEqual(out.get("Deleted", []), [])
        self.assertEqual(sorted((e["Key"], e["Code"]) for e in out["Errors"]),
                         [("obj", "AccessDenied"), ("other", "AccessDenied")])
        # Bob's own listing does not show alice's bucket, and the object is intact.
        self.assertNotIn(BUCKET, [b["Name"] for b in bob.list_buckets()["Buckets"]])
        self.assertEqual(SRV.client().get_object(Bucket=BUCKET, Key="obj")["Body"].read(), b"alice's data")

    def test_bob_cannot_copy_out_of_alices_bucket(self):
        bob = SRV.client(h.BOB)
        mine = h.unique_bucket("bob")
        bob.create_bucket(Bucket=mine)
        try:
            self.assertError("AccessDenied", 403, bob.copy_object, Bucket=mine, Key="stolen",
                             CopySource={"Bucket": BUCKET, "Key": "obj"})
            up = bob.create_multipart_upload(Bucket=mine, Key="stolen")["UploadId"]
            self.assertError("AccessDenied", 403, bob.upload_part_copy, Bucket=mine, Key="stolen",
                             UploadId=up, PartNumber=1, CopySource={"Bucket": BUCKET, "Key": "obj"})
        finally:
            h.delete_bucket(bob, mine)

    def test_anonymous_denied(self):
        anon = SRV.client(signature_version=UNSIGNED)
        self.assertError("AccessDenied", 403, anon.get_object, Bucket=BUCKET, Key="obj")
        self.assertError("AccessDenied", 403, anon.list_objects_v2, Bucket=BUCKET)
        self.assertError("AccessDenied", 403, anon.put_object, Bucket=BUCKET, Key="anon", Body=b"x")
        self.assertError("AccessDenied", 403, anon.list_buckets)


class SignatureTest(ErrorCase):
    def test_wrong_secret(self):
        bad = SRV.client(secret="not-the-secret-key-at-all-0000000000000")
        resp = self.assertError("SignatureDoesNotMatch", 403, bad.get_object, Bucket=BUCKET, Key="obj")
        err = resp["Error"]
        self.assertEqual(err["Message"], "The request signature we calculated does not match the signature "
                         "you provided. Check your key and signing method.")
        self.assertEqual(err.get("AWSAccessKeyId"), h.ALICE.access_key)
        self.assertTrue(err.get("StringToSign", "").startswith("AWS4-HMAC-SHA256\n"), err)
        self.assertIn("CanonicalRequest", err)
        self.assertError("SignatureDoesNotMatch", 403, bad.put_object, Bucket=BUCKET, Key="x", Body=b"x")
        self.assertError("SignatureDoesNotMatch", 403, bad.list_buckets)
        self.assertError("403", 403, bad.head_object, Bucket=BUCKET, Key="obj")

    def test_unknown_access_key(self):
        ghost = SRV.client(access_key="AKIANOSUCHKEY0000000", secret="whatever-secret")
        resp = self.assertError("InvalidAccessKeyId", 403, ghost.list_buckets)
        self.assertEqual(resp["Error"]["Message"],
                         "The AWS Access Key Id you provided does not exist in our records.")
        self.assertEqual(resp["Error"].get("AWSAccessKeyId"), "AKIANOSUCHKEY0000000")
        self.assertError("InvalidAccessKeyId", 403, ghost.get_object, Bucket=BUCKET, Key="obj")

    def test_clock_skew(self):
        skewed = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=20)
        c = SRV.client()
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=skewed.replace(tzinfo=None)):
            resp = self.assertError("RequestTimeTooSkewed", 403, c.list_objects_v2, Bucket=BUCKET)
        self.assertEqual(resp["Error"]["Message"],
                         "The difference between the request time and the current time is too large.")
        # Within the 15 minutes it is accepted.
        near = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10)
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=near.replace(tzinfo=None)):
            c.list_objects_v2(Bucket=BUCKET)

    def test_sigv2(self):
        v2 = SRV.client(signature_version="s3")
        key = "sigv2/ü space+plus.txt"
        v2.put_object(Bucket=BUCKET, Key=key, Body=b"signed with v2", Metadata={"m": "2"},
                      ContentType="text/plain")
        got = v2.get_object(Bucket=BUCKET, Key=key)
        self.assertEqual(got["Body"].read(), b"signed with v2")
        self.assertEqual(got["Metadata"], {"m": "2"})
        self.assertEqual(v2.head_object(Bucket=BUCKET, Key=key)["ContentLength"], 14)
        self.assertIn(key, [o["Key"] for o in v2.list_objects_v2(Bucket=BUCKET, Prefix="sigv2/")["Contents"]])
        self.assertIn(BUCKET, [b["Name"] for b in v2.list_buckets()["Buckets"]])
        got = v2.get_object(Bucket=BUCKET, Key=key, Range="bytes=0-5", ResponseContentType="app/x")
        self.assertEqual((got["Body"].read(), got["ContentType"]), (b"signed", "app/x"))
        v2.put_object_tagging(Bucket=BUCKET, Key=key, Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})
        self.assertEqual(v2.get_object_tagging(Bucket=BUCKET, Key=key)["TagSet"], [{"Key": "a", "Value": "b"}])
        v2.delete_object(Bucket=BUCKET, Key=key)
        self.assertError("NoSuchKey", 404, v2.get_object, Bucket=BUCKET, Key=key)
        bad = SRV.client(signature_version="s3", secret="wrong-secret-wrong-secret-wrong-secret00")
        resp = self.assertError("SignatureDoesNotMatch", 403, bad.get_object, Bucket=BUCKET, Key="obj")
        self.assertNotIn("AWS4-HMAC-SHA256", resp["Error"].get("StringToSign", ""))
        self.assertError("AccessDenied", 403, SRV.client(h.BOB, signature_version="s3").get_object,
                         Bucket=BUCKET, Key="obj")


class ErrorParsingTest(ErrorCase):
    """botocore turns each error into the AWS code, status and message."""

    def foreign_version_id(self):
        """A well-formed version id that the shared bucket does not hold."""
        c = SRV.client()
        b = h.unique_bucket("vid")
        c.create_bucket(Bucket=b)
        c.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
        vid = c.put_object(Bucket=b, Key="obj", Body=b"x")["VersionId"]
        self.addCleanup(h.delete_bucket, c, b)
        return vid

    def test_error_table(self):
        c = SRV.client()
        missing = h.unique_bucket("none")
        up = c.create_multipart_upload(Bucket=BUCKET, Key="mpu")["UploadId"]
        self.addCleanup(c.abort_multipart_upload, Bucket=BUCKET, Key="mpu", UploadId=up)
        cases = [
            ("NoSuchBucket", 404, "The specified bucket does not exist", c.list_objects_v2, dict(Bucket=missing)),
            ("NoSuchBucket", 404, "The specified bucket does not exist", c.get_object, dict(Bucket=missing, Key="k")),
            ("NoSuchKey", 404, "The specified key does not exist.", c.get_object, dict(Bucket=BUCKET, Key="nope")),
            ("NoSuchUpload", 404, None, c.list_parts, dict(Bucket=BUCKET, Key="mpu", UploadId="bogus")),
            ("BucketNotEmpty", 409, "The bucket you tried to delete is not empty", c.delete_bucket,
             dict(Bucket=BUCKET)),
            ("BucketAlreadyOwnedByYou", 409, None, c.create_bucket, dict(Bucket=BUCKET)),
            ("InvalidBucketName", 400, "The specified bucket is not valid.", c.create_bucket, dict(Bucket="a_b")),
            ("InvalidRange", 416, "The requested range is not satisfiable", c.get_object,
             dict(Bucket=BUCKET, Key="obj", Range="bytes=100-")),
            ("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold",
             c.get_object, dict(Bucket=BUCKET, Key="obj", IfMatch='"nope"')),
            ("NoSuchTagSet", 404, "The TagSet does not exist", c.get_bucket_tagging, dict(Bucket=BUCKET)),
            ("InvalidArgument", 400, None, c.upload_part,
             dict(Bucket=BUCKET, Key="mpu", UploadId=up, PartNumber=10001, Body=b"x")),
            ("InvalidPart", 400, None, c.complete_multipart_upload,
             dict(Bucket=BUCKET, Key="mpu", UploadId=up,
                  MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": '"00000000000000000000000000000000"'}]})),
            ("MalformedXML", 400, None, c.complete_multipart_upload,
             dict(Bucket=BUCKET, Key="mpu", UploadId=up, MultipartUpload={"Parts": []})),
            ("NoSuchVersion", 404, "The specified version does not exist.", c.get_object,
             dict(Bucket=BUCKET, Key="obj", VersionId=self.foreign_version_id())),
            ("InvalidArgument", 400, "Invalid version id specified", c.get_object,
             dict(Bucket=BUCKET, Key="obj", VersionId="not a version id")),
        ]
        for code, status, message, fn, kw in cases:
            with self.subTest(code=code, op=fn.__name__):
                resp = self.assertError(code, status, fn, **kw)
                if message:
                    self.assertEqual(resp["Error"]["Message"], message)
                else:
                    self.assertTrue(resp["Error"]["Message"])
                md = resp["ResponseMetadata"]
                self.assertTrue(md.get("RequestId"), md)
                self.assertTrue(md.get("HostId"), md)
                self.assertEqual(md["HTTPHeaders"].get("content-type"), "application/xml")

    def test_error_extras(self):
        c = SRV.client()
        resp = self.assertError("NoSuchKey", 404, c.get_object, Bucket=BUCKET, Key="dir/nope")
        self.assertEqual(resp["Error"].get("Key"), "dir/nope")
        resp = self.assertError("NoSuchBucket", 404, c.list_objects_v2, Bucket="nobody-has-this-bucket")
        self.assertEqual(resp["Error"].get("BucketName"), "nobody-has-this-bucket")
        resp = self.assertError("InvalidRange", 416, c.get_object, Bucket=BUCKET, Key="obj", Range="bytes=50-")
        self.assertEqual(resp["Error"].get("ActualObjectSize"), "12")
        self.assertEqual(resp["Error"].get("RangeRequested"), "bytes=50-")
        resp = self.assertError("BadDigest", 400, c.put_object, Bucket=BUCKET, Key="bd", Body=b"x",
                                ContentMD5="1B2M2Y8AsgTpgAmY7PhCfg==")
        resp = self.assertError("InvalidDigest", 400, c.put_object, Bucket=BUCKET, Key="bd", Body=b"x",
                                ContentMD5="not-base64!")


if __name__ == "__main__":
    unittest.main()
