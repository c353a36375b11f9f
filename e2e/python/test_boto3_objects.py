"""boto3 client API: objects, buckets, conditions, checksums, ranges, copy, tagging."""

import datetime
import hashlib
import os
import unittest

from botocore.exceptions import ClientError

import cofferharness as h

SRV = None


def setUpModule():
    global SRV
    SRV = h.start()


def tearDownModule():
    SRV.stop()


def md5_etag(data):
    return '"%s"' % hashlib.md5(data).hexdigest()


class Boto3Case(unittest.TestCase):
    def setUp(self):
        self.c = SRV.client()
        self.bucket = h.unique_bucket("obj")
        self.c.create_bucket(Bucket=self.bucket)

    def tearDown(self):
        h.delete_bucket(self.c, self.bucket)

    def assertError(self, code, status, fn, *args, **kw):
        """fn must raise a ClientError that botocore parsed as (code, status)."""
        with self.assertRaises(ClientError) as cm:
            fn(*args, **kw)
        self.assertEqual(h.error_code(cm.exception), (code, status), cm.exception.response)
        return cm.exception.response


class BucketTest(Boto3Case):
    def test_bucket_operations(self):
        self.c.head_bucket(Bucket=self.bucket)
        out = self.c.list_buckets()
        self.assertIn(self.bucket, [b["Name"] for b in out["Buckets"]])
        self.assertRegex(out["Owner"]["ID"], r"^[0-9a-f]{64}$")
        self.assertIsNone(self.c.get_bucket_location(Bucket=self.bucket).get("LocationConstraint"))
        self.assertError("BucketAlreadyOwnedByYou", 409, self.c.create_bucket, Bucket=self.bucket)
        self.assertError("BucketAlreadyExists", 409, SRV.client(h.BOB).create_bucket, Bucket=self.bucket)
        self.assertError("InvalidBucketName", 400, self.c.create_bucket, Bucket="Not_Valid")
        # A LocationConstraint other than the server's region is refused.
        self.assertError("IllegalLocationConstraintException", 400, self.c.create_bucket,
                         Bucket=h.unique_bucket("loc"),
                         CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})

        self.c.put_bucket_tagging(Bucket=self.bucket, Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
        self.assertEqual(self.c.get_bucket_tagging(Bucket=self.bucket)["TagSet"], [{"Key": "k", "Value": "v"}])
        self.c.delete_bucket_tagging(Bucket=self.bucket)
        self.assertError("NoSuchTagSet", 404, self.c.get_bucket_tagging, Bucket=self.bucket)

        self.c.put_object(Bucket=self.bucket, Key="x", Body=b"x")
        self.assertError("BucketNotEmpty", 409, self.c.delete_bucket, Bucket=self.bucket)
        self.assertError("404", 404, self.c.head_bucket, Bucket=h.unique_bucket("none"))


class ObjectTest(Boto3Case):
    def test_put_get_head_delete(self):
        body = b"hello, coffer" * 50
        exp = datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
        put = self.c.put_object(Bucket=self.bucket, Key="dir/obj", Body=body,
                                Metadata={"Owner": "alice", "n": "1"}, ContentType="text/plain",
                                ContentEncoding="identity", ContentDisposition="inline",
                                ContentLanguage="fr", CacheControl="no-cache", Expires=exp)
        self.assertEqual(put["ETag"], md5_etag(body))
        got = self.c.get_object(Bucket=self.bucket, Key="dir/obj")
        self.assertEqual(got["Body"].read(), body)
        self.assertEqual(got["ResponseMetadata"]["HTTPStatusCode"], 200)
        for k, v in {"ETag": put["ETag"], "ContentLength": len(body), "ContentType": "text/plain",
                     "ContentEncoding": "identity", "ContentDisposition": "inline",
                     "ContentLanguage": "fr", "CacheControl": "no-cache", "Expires": exp,
                     "Metadata": {"owner": "alice", "n": "1"}}.items():
            self.assertEqual(got[k], v, k)
        head = self.c.head_object(Bucket=self.bucket, Key="dir/obj")
        self.assertEqual((head["ETag"], head["ContentLength"], head["Metadata"]),
                         (put["ETag"], len(body), {"owner": "alice", "n": "1"}))
        self.assertEqual(head["LastModified"], got["LastModified"])

        # response-* overrides on GET.
        got = self.c.get_object(Bucket=self.bucket, Key="dir/obj", ResponseContentType="app/y",
                                ResponseContentDisposition="attachment", ResponseCacheControl="max-age=1")
        self.assertEqual((got["ContentType"], got["ContentDisposition"], got["CacheControl"]),
                         ("app/y", "attachment", "max-age=1"))

        self.assertEqual(self.c.delete_object(Bucket=self.bucket, Key="dir/obj")
                         ["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertError("NoSuchKey", 404, self.c.get_object, Bucket=self.bucket, Key="dir/obj")
        self.assertError("404", 404, self.c.head_object, Bucket=self.bucket, Key="dir/obj")
        # Deleting a missing key succeeds.
        self.c.delete_object(Bucket=self.bucket, Key="dir/obj")

    def test_metadata_limit_and_content_md5(self):
        self.assertError("MetadataTooLarge", 400, self.c.put_object, Bucket=self.bucket, Key="m",
                         Body=b"x", Metadata={"big": "v" * 2100})
        import base64
        good = base64.b64encode(hashlib.md5(b"abc").digest()).decode()
        self.c.put_object(Bucket=self.bucket, Key="md5", Body=b"abc", ContentMD5=good)
        self.assertError("BadDigest", 400, self.c.put_object, Bucket=self.bucket, Key="md5",
                         Body=b"abd", ContentMD5=good)
        self.assertEqual(self.c.get_object(Bucket=self.bucket, Key="md5")["Body"].read(), b"abc")
        self.assertError("KeyTooLongError", 400, self.c.put_object, Bucket=self.bucket,
                         Key="k" * 1025, Body=b"x")

    def test_listing_v1_and_v2(self):
        for k in ("a/1", "a/2", "b", "c/d/e"):
            self.c.put_object(Bucket=self.bucket, Key=k, Body=b"12")
        v2 = self.c.list_objects_v2(Bucket=self.bucket, Delimiter="/", FetchOwner=True)
        self.assertEqual(v2["KeyCount"], 3)
        self.assertEqual([o["Key"] for o in v2["Contents"]], ["b"])
        self.assertRegex(v2["Contents"][0]["Owner"]["ID"], r"^[0-9a-f]{64}$")
        self.assertEqual([p["Prefix"] for p in v2["CommonPrefixes"]], ["a/", "c/"])
        v2 = self.c.list_objects_v2(Bucket=self.bucket, MaxKeys=2)
        self.assertTrue(v2["IsTruncated"])
        v2b = self.c.list_objects_v2(Bucket=self.bucket, ContinuationToken=v2["NextContinuationToken"])
        self.assertEqual([o["Key"] for o in v2["Contents"] + v2b["Contents"]], ["a/1", "a/2", "b", "c/d/e"])
        self.assertFalse(v2b["IsTruncated"])
        # MaxKeys=0 is an empty page that is not truncated (else clients loop).
        for fn in (self.c.list_objects_v2, self.c.list_objects, self.c.list_object_versions):
            with self.subTest(op=fn.__name__):
                out = fn(Bucket=self.bucket, MaxKeys=0)
                self.assertFalse(out["IsTruncated"])
                self.assertEqual((out.get("Contents", []), out.get("Versions", [])), ([], []))
        v1 = self.c.list_objects(Bucket=self.bucket, Marker="a/1", MaxKeys=2)
        self.assertEqual([o["Key"] for o in v1["Contents"]], ["a/2", "b"])
        self.assertTrue(v1["IsTruncated"])
        self.assertNotIn("NextMarker", v1)  # only with a delimiter
        v1 = self.c.list_objects(Bucket=self.bucket, MaxKeys=1, Delimiter="/")
        self.assertEqual([p["Prefix"] for p in v1["CommonPrefixes"]], ["a/"])
        self.assertEqual((v1["IsTruncated"], v1["NextMarker"]), (True, "a/"))
        v1 = self.c.list_objects(Bucket=self.bucket, MaxKeys=1, Delimiter="/", Marker="a/")
        self.assertEqual([o["Key"] for o in v1["Contents"]], ["b"])
        self.assertEqual((v1["IsTruncated"], v1["NextMarker"]), (True, "b"))
        # Asked for explicitly, botocore leaves the encoding alone: S3 keeps
        # "/" and form-encodes the rest.
        for k in ("sp ace/x", "plus+/y", "pct%/z", "ü/w"):
            self.c.put_object(Bucket=self.bucket, Key=k, Body=b"")
        enc = self.c.list_objects_v2(Bucket=self.bucket, Delimiter="/", EncodingType="url")
        self.assertEqual(enc["EncodingType"], "url")
        self.assertEqual(enc["Delimiter"], "/")
        self.assertEqual([p["Prefix"] for p in enc["CommonPrefixes"]],
                         ["a/", "c/", "pct%25/", "plus%2B/", "sp+ace/", "%C3%BC/"])
        enc = self.c.list_objects_v2(Bucket=self.bucket, Prefix="c/", EncodingType="url")
        self.assertEqual([o["Key"] for o in enc["Contents"]], ["c/d/e"])
        # Left to botocore (which asks for url encoding and decodes), keys round-trip.
        keys = [o["Key"] for o in self.c.list_objects_v2(Bucket=self.bucket)["Contents"]]
        self.assertEqual(keys, ["a/1", "a/2", "b", "c/d/e", "pct%/z", "plus+/y", "sp ace/x", "ü/w"])

    def test_delete_objects_quiet_and_verbose(self):
        for k in ("a", "b", "c", "d"):
            self.c.put_object(Bucket=self.bucket, Key=k, Body=b"x")
        out = self.c.delete_objects(Bucket=self.bucket, Delete={"Objects": [{"Key": "a"}, {"Key": "b"},
                                                                          {"Key": "missing"}]})
        self.assertEqual(sorted(d["Key"] for d in out["Deleted"]), ["a", "b", "missing"])
        self.assertEqual(out.get("Errors", []), [])
        out = self.c.delete_objects(Bucket=self.bucket, Delete={"Objects": [{"Key": "c"}], "Quiet": True})
        self.assertEqual(out.get("Deleted", []), [])
        self.assertEqual(out.get("Errors", []), [])
        self.assertEqual([o["Key"] for o in self.c.list_objects_v2(Bucket=self.bucket)["Contents"]], ["d"])
        self.assertError("MalformedXML", 400, self.c.delete_objects, Bucket=self.bucket,
                         Delete={"Objects": [{"Key": str(i)} for i in range(1001)]})


class ConditionTest(Boto3Case):
    def setUp(self):
        super().setUp()
        self.etag = self.c.put_object(Bucket=self.bucket, Key="k", Body=b"conditional")["ETag"]
        self.mtime = self.c.head_object(Bucket=self.bucket, Key="k")["LastModified"]

    def test_conditional_reads(self):
        past = self.mtime - datetime.timedelta(days=1)
        future = self.mtime + datetime.timedelta(days=1)
        ok = [dict(IfMatch=self.etag), dict(IfNoneMatch='"other"'), dict(IfModifiedSince=past),
              dict(IfUnmodifiedSince=future), dict(IfMatch="*")]
        for kw in ok:
            with self.subTest(**{k: str(v) for k, v in kw.items()}):
                self.assertEqual(self.c.get_object(Bucket=self.bucket, Key="k", **kw)["Body"].read(),
                                 b"conditional")
                self.c.head_object(Bucket=self.bucket, Key="k", **kw)
        bad = [(dict(IfMatch='"0123"'), "PreconditionFailed", 412),
               (dict(IfUnmodifiedSince=past), "PreconditionFailed", 412),
               (dict(IfNoneMatch=self.etag), "304", 304),
               (dict(IfNoneMatch="*"), "304", 304),
               (dict(IfModifiedSince=future), "304", 304),
               # If-Match wins over If-Unmodified-Since; If-None-Match over If-Modified-Since.
               (dict(IfMatch=self.etag, IfUnmodifiedSince=past, IfNoneMatch=self.etag), "304", 304),
               (dict(IfNoneMatch='"x"', IfModifiedSince=future, IfMatch='"y"'), "PreconditionFailed", 412)]
        for kw, code, status in bad:
            with self.subTest(**{k: str(v) for k, v in kw.items()}):
                self.assertError(code, status, self.c.get_object, Bucket=self.bucket, Key="k", **kw)
                # HEAD answers have no body: botocore's code is the status.
                self.assertError(str(status), status, self.c.head_object, Bucket=self.bucket, Key="k", **kw)

    def test_conditional_writes(self):
        self.c.put_object(Bucket=self.bucket, Key="new", Body=b"1", IfNoneMatch="*")
        self.assertError("PreconditionFailed", 412, self.c.put_object, Bucket=self.bucket, Key="new",
                         Body=b"2", IfNoneMatch="*")
        self.assertEqual(self.c.get_object(Bucket=self.bucket, Key="new")["Body"].read(), b"1")
        self.assertError("PreconditionFailed", 412, self.c.put_object, Bucket=self.bucket, Key="k",
                         Body=b"2", IfMatch='"0123"')
        self.c.put_object(Bucket=self.bucket, Key="k", Body=b"2", IfMatch=self.etag)
        self.assertError("NoSuchKey", 404, self.c.put_object, Bucket=self.bucket, Key="absent",
                         Body=b"2", IfMatch=self.etag)
        # CompleteMultipartUpload honours If-None-Match too.
        up = self.c.create_multipart_upload(Bucket=self.bucket, Key="new")
        e = self.c.upload_part(Bucket=self.bucket, Key="new", UploadId=up["UploadId"], PartNumber=1,
                               Body=b"p")["ETag"]
        self.assertError("PreconditionFailed", 412, self.c.complete_multipart_upload, Bucket=self.bucket,
                         Key="new", UploadId=up["UploadId"], IfNoneMatch="*",
                         MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": e}]})

    def test_copy_source_conditions(self):
        src = {"Bucket": self.bucket, "Key": "k"}
        self.assertError("PreconditionFailed", 412, self.c.copy_object, Bucket=self.bucket, Key="d",
                         CopySource=src, CopySourceIfMatch='"0123"')
        self.assertError("PreconditionFailed", 412, self.c.copy_object, Bucket=self.bucket, Key="d",
                         CopySource=src, CopySourceIfNoneMatch=self.etag)
        self.assertError("PreconditionFailed", 412, self.c.copy_object, Bucket=self.bucket, Key="d",
                         CopySource=src, CopySourceIfModifiedSince=self.mtime + datetime.timedelta(days=1))
        self.assertError("404", 404, self.c.head_object, Bucket=self.bucket, Key="d")
        out = self.c.copy_object(Bucket=self.bucket, Key="d", CopySource=src, CopySourceIfMatch=self.etag)
        self.assertEqual(out["CopyObjectResult"]["ETag"], self.etag)


class RangeTest(Boto3Case):
    def test_ranges(self):
        data = bytes(range(256)) * 4  # 1024 bytes
        self.c.put_object(Bucket=self.bucket, Key="r", Body=data)
        cases = [("bytes=0-9", 0, 9), ("bytes=1000-", 1000, 1023), ("bytes=-24", 1000, 1023),
                 ("bytes=1020-5000", 1020, 1023), ("bytes=0-0", 0, 0), ("bytes=1023-1023", 1023, 1023)]
        for rng, first, last in cases:
            with self.subTest(rng=rng):
                got = self.c.get_object(Bucket=self.bucket, Key="r", Range=rng)
                self.assertEqual(got["ResponseMetadata"]["HTTPStatusCode"], 206)
                self.assertEqual(got["ContentRange"], f"bytes {first}-{last}/1024")
                self.assertEqual(got["ContentLength"], last - first + 1)
                self.assertEqual(got["Body"].read(), data[first:last + 1])
        head = self.c.head_object(Bucket=self.bucket, Key="r", Range="bytes=10-19")
        self.assertEqual((head["ResponseMetadata"]["HTTPStatusCode"], head["ContentLength"]), (206, 10))
        for rng in ("bytes=1024-", "bytes=2000-3000"):
            with self.subTest(rng=rng):
                resp = self.assertError("InvalidRange", 416, self.c.get_object, Bucket=self.bucket,
                                        Key="r", Range=rng)
                self.assertEqual(resp["Error"]["Message"], "The requested range is not satisfiable")
        # An empty object has no satisfiable range.
        self.c.put_object(Bucket=self.bucket, Key="empty", Body=b"")
        self.assertError("InvalidRange", 416, self.c.get_object, Bucket=self.bucket, Key="empty",
                         Range="bytes=0-1")


class ChecksumTest(Boto3Case):
    ALGS = ("CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME")

    def test_put_with_each_algorithm(self):
        data = b"checksummed object body " * 1000
        for alg in self.ALGS:
            with self.subTest(alg=alg):
                want = h.checksum_b64(alg, data)
                field = "Checksum" + alg
                extra = {}
                if alg in ("CRC32C", "CRC64NVME"):
                    # botocore needs awscrt (not installed) to compute these; give it the value.
                    extra[field] = want
                put = self.c.put_object(Bucket=self.bucket, Key=alg, Body=data, ChecksumAlgorithm=alg, **extra)
                self.assertEqual(put.get(field), want)
                head = self.c.head_object(Bucket=self.bucket, Key=alg, ChecksumMode="ENABLED")
                self.assertEqual(head.get(field), want)
                self.assertEqual(head.get("ChecksumType"), "FULL_OBJECT")
                got = self.c.get_object(Bucket=self.bucket, Key=alg, ChecksumMode="ENABLED")
                self.assertEqual(got.get(field), want)
                self.assertEqual(got["Body"].read(), data)
                # Without ChecksumMode the checksum is not returned.
                self.assertNotIn(field, self.c.head_object(Bucket=self.bucket, Key=alg))

    def test_wrong_checksum_rejected(self):
        for alg in self.ALGS:
            with self.subTest(alg=alg):
                wrong = h.checksum_b64(alg, b"something else")
                resp = self.assertError("BadDigest", 400, self.c.put_object, Bucket=self.bucket,
                                        Key="bad", Body=b"data", **{"Checksum" + alg: wrong})
                self.assertIn(alg.lower() if alg != "CRC64NVME" else "crc64nvme",
                              resp["Error"]["Message"].lower())
        self.assertError("NoSuchKey", 404, self.c.get_object, Bucket=self.bucket, Key="bad")

    def test_default_checksum_on_put(self):
        # boto3's default (when_supported) adds CRC32 to PutObject.
        data = b"default"
        put = self.c.put_object(Bucket=self.bucket, Key="d", Body=data)
        self.assertEqual(put.get("ChecksumCRC32"), h.checksum_b64("CRC32", data))

    def test_trailing_checksums_aws_chunked(self):
        # Over TLS botocore streams PutObject/UploadPart bodies as aws-chunked
        # with the checksum in a trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER);
        # make it believe the endpoint is https so that path is exercised.
        import urllib.parse
        from unittest import mock
        tls = lambda u: urllib.parse.urlparse(u.replace("http://", "https://", 1))
        data = os.urandom(200_000)
        with mock.patch("botocore.httpchecksum.urlparse", tls):
            put = self.c.put_object(Bucket=self.bucket, Key="trailer", Body=data)
            self.assertEqual(put.get("ChecksumCRC32"), h.checksum_b64("CRC32", data))
            put = self.c.put_object(Bucket=self.bucket, Key="trailer-sha", Body=data, ChecksumAlgorithm="SHA256")
            self.assertEqual(put.get("ChecksumSHA256"), h.checksum_b64("SHA256", data))
            up = self.c.create_multipart_upload(Bucket=self.bucket, Key="trailer-mp", ChecksumAlgorithm="CRC32")
            parts = []
            for n, body in ((1, data * 27), (2, data)):  # 5.4 MB + 200 kB
                r = self.c.upload_part(Bucket=self.bucket, Key="trailer-mp", UploadId=up["UploadId"],
                                       PartNumber=n, Body=body, ChecksumAlgorithm="CRC32")
                self.assertEqual(r.get("ChecksumCRC32"), h.checksum_b64("CRC32", body))
                parts.append({"PartNumber": n, "ETag": r["ETag"], "ChecksumCRC32": r["ChecksumCRC32"]})
            self.c.complete_multipart_upload(Bucket=self.bucket, Key="trailer-mp", UploadId=up["UploadId"],
                                             MultipartUpload={"Parts": parts})
        self.assertEqual(self.c.get_object(Bucket=self.bucket, Key="trailer")["Body"].read(), data)
        self.assertEqual(self.c.get_object(Bucket=self.bucket, Key="trailer-sha")["Body"].read(), data)
        got = self.c.get_object(Bucket=self.bucket, Key="trailer-mp")["Body"].read()
        self.assertEqual(hashlib.sha256(got).digest(), hashlib.sha256(data * 28).digest())

    def test_multipart_checksums(self):
        parts = [b"a" * (5 << 20), b"b" * 1000]
        up = self.c.create_multipart_upload(Bucket=self.bucket, Key="mp", ChecksumAlgorithm="SHA256")
        done = []
        for i, p in enumerate(parts, 1):
            r = self.c.upload_part(Bucket=self.bucket, Key="mp", UploadId=up["UploadId"], PartNumber=i,
                                   Body=p, ChecksumAlgorithm="SHA256")
            self.assertEqual(r["ChecksumSHA256"], h.checksum_b64("SHA256", p))
            done.append({"PartNumber": i, "ETag": r["ETag"], "ChecksumSHA256": r["ChecksumSHA256"]})
        out = self.c.complete_multipart_upload(Bucket=self.bucket, Key="mp", UploadId=up["UploadId"],
                                               MultipartUpload={"Parts": done})
        import base64
        composite = hashlib.sha256(b"".join(base64.b64decode(d["ChecksumSHA256"]) for d in done)).digest()
        want = base64.b64encode(composite).decode() + "-2"
        self.assertEqual(out.get("ChecksumSHA256"), want)
        head = self.c.head_object(Bucket=self.bucket, Key="mp", ChecksumMode="ENABLED")
        self.assertEqual(head.get("ChecksumSHA256"), want)
        self.assertEqual(head.get("ChecksumType"), "COMPOSITE")


class MultipartTest(Boto3Case):
    def test_multipart_rules(self):
        big = b"x" * (5 << 20)
        up = self.c.create_multipart_upload(Bucket=self.bucket, Key="m")["UploadId"]
        e = [self.c.upload_part(Bucket=self.bucket, Key="m", UploadId=up, PartNumber=n, Body=b)["ETag"]
             for n, b in ((1, big), (2, b"small"), (3, b"last"))]
        parts = lambda *ns: {"Parts": [{"PartNumber": n, "ETag": e[n - 1]} for n in ns]}
        self.assertError("InvalidPartOrder", 400, self.c.complete_multipart_upload, Bucket=self.bucket,
                         Key="m", UploadId=up, MultipartUpload=parts(2, 1))
        self.assertError("EntityTooSmall", 400, self.c.complete_multipart_upload, Bucket=self.bucket,
                         Key="m", UploadId=up, MultipartUpload=parts(1, 2, 3))
        self.assertError("InvalidPart", 400, self.c.complete_multipart_upload, Bucket=self.bucket,
                         Key="m", UploadId=up,
                         MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": md5_etag(b"nope")}]})
        self.assertError("InvalidPart", 400, self.c.complete_multipart_upload, Bucket=self.bucket,
                         Key="m", UploadId=up, MultipartUpload={"Parts": [{"PartNumber": 9, "ETag": e[0]}]})
        # Parts may be skipped: 1 and 3 only.
        out = self.c.complete_multipart_upload(Bucket=self.bucket, Key="m", UploadId=up,
                                               MultipartUpload=parts(1, 3))
        md5s = hashlib.md5(hashlib.md5(big).digest() + hashlib.md5(b"last").digest()).hexdigest()
        self.assertEqual(out["ETag"], f'"{md5s}-2"')
        got = self.c.get_object(Bucket=self.bucket, Key="m")
        self.assertEqual(got["ContentLength"], len(big) + 4)
        self.assertEqual(got["Body"].read()[-4:], b"last")
        self.assertError("NoSuchUpload", 404, self.c.upload_part, Bucket=self.bucket, Key="m", UploadId=up,
                         PartNumber=1, Body=b"x")
        # GetObject PartNumber reads one part back.
        p = self.c.get_object(Bucket=self.bucket, Key="m", PartNumber=2)
        self.assertEqual((p["ContentLength"], p.get("PartsCount")), (4, 2))

    def test_upload_part_copy_with_range(self):
        src = bytes(range(256)) * 40960  # 10 MiB
        self.c.put_object(Bucket=self.bucket, Key="src", Body=src)
        up = self.c.create_multipart_upload(Bucket=self.bucket, Key="dst")["UploadId"]
        r1 = self.c.upload_part_copy(Bucket=self.bucket, Key="dst", UploadId=up, PartNumber=1,
                                     CopySource={"Bucket": self.bucket, "Key": "src"},
                                     CopySourceRange="bytes=0-5242879")
        r2 = self.c.upload_part_copy(Bucket=self.bucket, Key="dst", UploadId=up, PartNumber=2,
                                     CopySource={"Bucket": self.bucket, "Key": "src"},
                                     CopySourceRange="bytes=10485000-10485759")
        self.assertEqual(r1["CopyPartResult"]["ETag"], md5_etag(src[:5 << 20]))
        self.c.complete_multipart_upload(Bucket=self.bucket, Key="dst", UploadId=up, MultipartUpload={
            "Parts": [{"PartNumber": 1, "ETag": r1["CopyPartResult"]["ETag"]},
                      {"PartNumber": 2, "ETag": r2["CopyPartResult"]["ETag"]}]})
        got = self.c.get_object(Bucket=self.bucket, Key="dst")["Body"].read()
        self.assertEqual(got, src[:5 << 20] + src[10485000:])

    def test_list_parts_and_uploads_paging(self):
        up = self.c.create_multipart_upload(Bucket=self.bucket, Key="lp")["UploadId"]
        for n in range(1, 6):
            self.c.upload_part(Bucket=self.bucket, Key="lp", UploadId=up, PartNumber=n, Body=b"p%d" % n)
        first = self.c.list_parts(Bucket=self.bucket, Key="lp", UploadId=up, MaxParts=2)
        self.assertTrue(first["IsTruncated"])
        self.assertEqual([p["PartNumber"] for p in first["Parts"]], [1, 2])
        rest = self.c.list_parts(Bucket=self.bucket, Key="lp", UploadId=up,
                                 PartNumberMarker=first["NextPartNumberMarker"])
        self.assertEqual([p["PartNumber"] for p in rest["Parts"]], [3, 4, 5])
        ups = self.c.list_multipart_uploads(Bucket=self.bucket)
        self.assertEqual([(u["Key"], u["UploadId"]) for u in ups["Uploads"]], [("lp", up)])
        self.c.abort_multipart_upload(Bucket=self.bucket, Key="lp", UploadId=up)
        self.assertError("NoSuchUpload", 404, self.c.list_parts, Bucket=self.bucket, Key="lp", UploadId=up)


class CopyAndTaggingTest(Boto3Case):
    def test_copy_object(self):
        self.c.put_object(Bucket=self.bucket, Key="s", Body=b"src", Metadata={"a": "1"},
                          ContentType="text/a", Tagging="t=1")
        self.c.copy_object(Bucket=self.bucket, Key="copy", CopySource=f"{self.bucket}/s")
        head = self.c.head_object(Bucket=self.bucket, Key="copy")
        self.assertEqual((head["Metadata"], head["ContentType"]), ({"a": "1"}, "text/a"))
        self.assertEqual(self.c.get_object_tagging(Bucket=self.bucket, Key="copy")["TagSet"],
                         [{"Key": "t", "Value": "1"}])
        self.c.copy_object(Bucket=self.bucket, Key="repl", CopySource={"Bucket": self.bucket, "Key": "s"},
                           MetadataDirective="REPLACE", Metadata={"b": "2"}, ContentType="text/b",
                           TaggingDirective="REPLACE", Tagging="u=2")
        head = self.c.head_object(Bucket=self.bucket, Key="repl")
        self.assertEqual((head["Metadata"], head["ContentType"]), ({"b": "2"}, "text/b"))
        self.assertEqual(self.c.get_object_tagging(Bucket=self.bucket, Key="repl")["TagSet"],
                         [{"Key": "u", "Value": "2"}])
        # Self-copy is allowed once something changes.
        self.c.copy_object(Bucket=self.bucket, Key="s", CopySource={"Bucket": self.bucket, "Key": "s"},
                           MetadataDirective="REPLACE", Metadata={"c": "3"})
        self.assertEqual(self.c.head_object(Bucket=self.bucket, Key="s")["Metadata"], {"c": "3"})
        self.assertError("InvalidRequest", 400, self.c.copy_object, Bucket=self.bucket, Key="s",
                         CopySource={"Bucket": self.bucket, "Key": "s"})
        self.assertError("NoSuchKey", 404, self.c.copy_object, Bucket=self.bucket, Key="x",
                         CopySource={"Bucket": self.bucket, "Key": "absent"})

    def test_tagging(self):
        self.c.put_object(Bucket=self.bucket, Key="t", Body=b"x", Tagging="a=1&b=two%20words")
        self.assertEqual(sorted((t["Key"], t["Value"]) for t in
                                self.c.get_object_tagging(Bucket=self.bucket, Key="t")["TagSet"]),
                         [("a", "1"), ("b", "two words")])
        self.assertEqual(self.c.get_object(Bucket=self.bucket, Key="t")["TagCount"], 2)
        self.c.put_object_tagging(Bucket=self.bucket, Key="t", Tagging={"TagSet": [{"Key": "c", "Value": "3"}]})
        self.assertEqual(self.c.get_object_tagging(Bucket=self.bucket, Key="t")["TagSet"],
                         [{"Key": "c", "Value": "3"}])
        self.c.delete_object_tagging(Bucket=self.bucket, Key="t")
        self.assertEqual(self.c.get_object_tagging(Bucket=self.bucket, Key="t")["TagSet"], [])
        eleven = {"TagSet": [{"Key": f"k{i}", "Value": "v"} for i in range(11)]}
        resp = self.assertError("BadRequest", 400, self.c.put_object_tagging, Bucket=self.bucket, Key="t",
                                Tagging=eleven)
        self.assertEqual(resp["Error"]["Message"], "Object tags cannot be greater than 10")
        self.assertError("InvalidTag", 400, self.c.put_object_tagging, Bucket=self.bucket, Key="t",
                         Tagging={"TagSet": [{"Key": "k" * 129, "Value": "v"}]})
        self.assertError("InvalidTag", 400, self.c.put_object_tagging, Bucket=self.bucket, Key="t",
                         Tagging={"TagSet": [{"Key": "d", "Value": "1"}, {"Key": "d", "Value": "2"}]})
        self.assertError("NoSuchKey", 404, self.c.get_object_tagging, Bucket=self.bucket, Key="absent")


if __name__ == "__main__":
    unittest.main()
