"""boto3 managed transfers, paginators and versioning against a real coffer server."""

import hashlib
import os
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor

from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

import cofferharness as h

SRV = None
MiB = 1 << 20


def setUpModule():
    global SRV
    SRV = h.start()


def tearDownModule():
    SRV.stop()


class TransferTest(unittest.TestCase):
    def setUp(self):
        self.c = SRV.client()
        self.bucket = h.unique_bucket("xfer")
        self.c.create_bucket(Bucket=self.bucket)
        self.tmp = tempfile.TemporaryDirectory(prefix="coffer-xfer-")

    def tearDown(self):
        self.tmp.cleanup()
        h.delete_bucket(self.c, self.bucket)

    def test_upload_download_file_multipart(self):
        src = os.path.join(self.tmp.name, "src.bin")
        data = os.urandom(30 * MiB)
        with open(src, "wb") as f:
            f.write(data)
        cfg = TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB, max_concurrency=4)
        self.c.upload_file(src, self.bucket, "big/30mib.bin", Config=cfg,
                           ExtraArgs={"Metadata": {"kind": "transfer"}, "ContentType": "application/x-test"})
        head = self.c.head_object(Bucket=self.bucket, Key="big/30mib.bin", ChecksumMode="ENABLED")
        self.assertEqual(head["ContentLength"], 30 * MiB)
        md5s = b"".join(hashlib.md5(data[i:i + 5 * MiB]).digest() for i in range(0, len(data), 5 * MiB))
        self.assertEqual(head["ETag"], '"%s-6"' % hashlib.md5(md5s).hexdigest())
        self.assertEqual(head["Metadata"], {"kind": "transfer"})
        self.assertEqual(head["ContentType"], "application/x-test")
        # s3transfer asks for CRC32 by default; the object reports one.
        self.assertIn("ChecksumCRC32", head)
        # GetObject PartNumber tells the part count that ranged downloads use.
        self.assertEqual(self.c.head_object(Bucket=self.bucket, Key="big/30mib.bin", PartNumber=1)["PartsCount"], 6)

        dst = os.path.join(self.tmp.name, "dst.bin")
        self.c.download_file(self.bucket, "big/30mib.bin", dst, Config=cfg)
        with open(dst, "rb") as f:
            self.assertEqual(hashlib.sha256(f.read()).digest(), hashlib.sha256(data).digest())

        # Small objects go through upload_fileobj/download_fileobj in one PUT.
        import io
        self.c.upload_fileobj(io.BytesIO(b"tiny"), self.bucket, "tiny", Config=cfg)
        buf = io.BytesIO()
        self.c.download_fileobj(self.bucket, "tiny", buf, Config=cfg)
        self.assertEqual(buf.getvalue(), b"tiny")
        self.assertEqual(self.c.list_multipart_uploads(Bucket=self.bucket).get("Uploads", []), [])


class ExpectContinueTest(unittest.TestCase):
    def test_empty_upload_then_upload_on_same_connection(self):
        # botocore sends "Expect: 100-continue" with every file-like body,
        # empty ones too. A final response to such a request without a
        # 100 Continue first leaves botocore's kept-alive connection parsing
        # the next response without its status line: `aws s3 cp --recursive`
        # of a tree with an empty file then hung for its read timeout.
        import io
        c = SRV.client(max_pool_connections=1, read_timeout=20)
        bucket = h.unique_bucket("expect")
        c.create_bucket(Bucket=bucket)
        self.addCleanup(h.delete_bucket, SRV.client(), bucket)
        with self.assertNoLogs("urllib3.connection", level="WARNING"):
            for i in range(3):
                c.put_object(Bucket=bucket, Key=f"empty{i}", Body=io.BytesIO(b""))
                c.put_object(Bucket=bucket, Key=f"full{i}", Body=io.BytesIO(b"data"))
        self.assertEqual(c.get_object(Bucket=bucket, Key="full2")["Body"].read(), b"data")
        self.assertEqual(c.head_object(Bucket=bucket, Key="empty2")["ContentLength"], 0)


class PaginatorTest(unittest.TestCase):
    """One bucket of 1,200 keys: 11 "directories" of 100 and 100 at the top."""

    @classmethod
    def setUpClass(cls):
        cls.c = SRV.client(max_pool_connections=16)
        cls.bucket = h.unique_bucket("pages")
        cls.c.create_bucket(Bucket=cls.bucket)
        cls.dirs = [f"dir{d:02d}/" for d in range(11)]
        cls.keys = sorted([f"{d}obj{i:04d}" for d in cls.dirs for i in range(100)] +
                          [f"top{i:03d}" for i in range(100)])
        with ThreadPoolExecutor(16) as pool:
            list(pool.map(lambda k: cls.c.put_object(Bucket=cls.bucket, Key=k, Body=k.encode()), cls.keys))

    @classmethod
    def tearDownClass(cls):
        h.delete_bucket(cls.c, cls.bucket)

    def collect(self, op, result_key="Contents", **kw):
        items, prefixes, pages = [], [], 0
        for page in self.c.get_paginator(op).paginate(Bucket=self.bucket, **kw):
            pages += 1
            items += [o["Key"] for o in page.get(result_key, [])]
            prefixes += [p["Prefix"] for p in page.get("CommonPrefixes", [])]
        return items, prefixes, pages

    def test_v2_all_keys(self):
        keys, prefixes, pages = self.collect("list_objects_v2", PaginationConfig={"PageSize": 250})
        self.assertEqual(len(keys), 1200)
        self.assertEqual(keys, self.keys)
        self.assertEqual(prefixes, [])
        self.assertEqual(pages, 5)

    def test_v2_default_page_size(self):
        pages = list(self.c.get_paginator("list_objects_v2").paginate(Bucket=self.bucket))
        self.assertEqual([p["KeyCount"] for p in pages], [1000, 200])
        self.assertTrue(pages[0]["IsTruncated"])
        self.assertFalse(pages[1]["IsTruncated"])

    def test_v2_delimiter(self):
        # A small page size makes common prefixes straddle page boundaries:
        # each must still come back exactly once.
        keys, prefixes, pages = self.collect("list_objects_v2", Delimiter="/",
                                             PaginationConfig={"PageSize": 7})
        self.assertEqual(prefixes, self.dirs)
        self.assertEqual(keys, [f"top{i:03d}" for i in range(100)])
        self.assertEqual(pages, 16)  # 111 entries, 7 a page

    def test_v2_prefix_and_delimiter(self):
        keys, prefixes, _ = self.collect("list_objects_v2", Prefix="dir03/", Delimiter="/",
                                         PaginationConfig={"PageSize": 30})
        self.assertEqual(keys, [f"dir03/obj{i:04d}" for i in range(100)])
        self.assertEqual(prefixes, [])
        keys, prefixes, _ = self.collect("list_objects_v2", Prefix="dir0", Delimiter="/")
        self.assertEqual(prefixes, self.dirs[:10])
        self.assertEqual(keys, [])

    def test_v2_max_items_and_starting_token(self):
        pag = self.c.get_paginator("list_objects_v2")
        first = pag.paginate(Bucket=self.bucket, PaginationConfig={"MaxItems": 150, "PageSize": 100}).build_full_result()
        self.assertEqual([o["Key"] for o in first["Contents"]], self.keys[:150])
        rest = pag.paginate(Bucket=self.bucket, PaginationConfig={"StartingToken": first["NextToken"],
                                                                  "PageSize": 400}).build_full_result()
        self.assertEqual([o["Key"] for o in rest["Contents"]], self.keys[150:])

    def test_v1_delimiter(self):
        keys, prefixes, _ = self.collect("list_objects", Delimiter="/", PaginationConfig={"PageSize": 9})
        self.assertEqual(prefixes, self.dirs)
        self.assertEqual(keys, [f"top{i:03d}" for i in range(100)])
        keys, _, pages = self.collect("list_objects", PaginationConfig={"PageSize": 500})
        self.assertEqual((keys, pages), (self.keys, 3))

    def test_versions_paginator(self):
        keys, prefixes, _ = self.collect("list_object_versions", result_key="Versions", Delimiter="/",
                                         PaginationConfig={"PageSize": 13})
        self.assertEqual(prefixes, self.dirs)
        self.assertEqual(keys, [f"top{i:03d}" for i in range(100)])
        versions = []
        for page in self.c.get_paginator("list_object_versions").paginate(
                Bucket=self.bucket, PaginationConfig={"PageSize": 300}):
            versions += page.get("Versions", [])
        self.assertEqual([v["Key"] for v in versions], self.keys)
        self.assertTrue(all(v["VersionId"] == "null" and v["IsLatest"] for v in versions))


class VersioningTest(unittest.TestCase):
    def setUp(self):
        self.c = SRV.client()
        self.bucket = h.unique_bucket("ver")
        self.c.create_bucket(Bucket=self.bucket)

    def tearDown(self):
        h.delete_bucket(self.c, self.bucket)

    def error(self, fn, **kw):
        with self.assertRaises(ClientError) as cm:
            fn(Bucket=self.bucket, **kw)
        return cm.exception.response

    def test_round_trip(self):
        self.assertNotIn("Status", self.c.get_bucket_versioning(Bucket=self.bucket))
        self.c.put_bucket_versioning(Bucket=self.bucket, VersioningConfiguration={"Status": "Enabled"})
        self.assertEqual(self.c.get_bucket_versioning(Bucket=self.bucket)["Status"], "Enabled")

        vids = [self.c.put_object(Bucket=self.bucket, Key="doc", Body=b"v%d" % i)["VersionId"] for i in range(3)]
        self.assertEqual(len(set(vids)), 3)
        for i, vid in enumerate(vids):
            got = self.c.get_object(Bucket=self.bucket, Key="doc", VersionId=vid)
            self.assertEqual((got["Body"].read(), got["VersionId"]), (b"v%d" % i, vid))
        self.assertEqual(self.c.get_object(Bucket=self.bucket, Key="doc")["VersionId"], vids[-1])

        dm = self.c.delete_object(Bucket=self.bucket, Key="doc")
        self.assertTrue(dm["DeleteMarker"])
        resp = self.error(self.c.get_object, Key="doc")
        self.assertEqual(h.error_code_from(resp), ("NoSuchKey", 404))
        self.assertEqual(resp["ResponseMetadata"]["HTTPHeaders"].get("x-amz-delete-marker"), "true")
        self.assertEqual(resp["ResponseMetadata"]["HTTPHeaders"].get("x-amz-version-id"), dm["VersionId"])
        resp = self.error(self.c.get_object, Key="doc", VersionId=dm["VersionId"])
        self.assertEqual(h.error_code_from(resp), ("MethodNotAllowed", 405))
        resp = self.error(self.c.head_object, Key="doc")
        self.assertEqual(h.error_code_from(resp), ("404", 404))
        resp = self.error(self.c.get_object, Key="doc", VersionId="no-such-version-id")
        self.assertIn(h.error_code_from(resp), [("NoSuchVersion", 404), ("InvalidArgument", 400)])

        lv = self.c.list_object_versions(Bucket=self.bucket, Prefix="doc")
        self.assertEqual([v["VersionId"] for v in lv["Versions"]], vids[::-1])
        self.assertEqual([(m["VersionId"], m["IsLatest"]) for m in lv["DeleteMarkers"]], [(dm["VersionId"], True)])
        self.assertEqual(self.c.list_objects_v2(Bucket=self.bucket).get("KeyCount"), 0)

        # Permanently deleting the newest version and the marker makes v1 current.
        self.c.delete_object(Bucket=self.bucket, Key="doc", VersionId=dm["VersionId"])
        out = self.c.delete_object(Bucket=self.bucket, Key="doc", VersionId=vids[2])
        self.assertEqual(out["VersionId"], vids[2])
        self.assertEqual(self.c.get_object(Bucket=self.bucket, Key="doc")["Body"].read(), b"v1")

        # Version-specific delete through DeleteObjects.
        out = self.c.delete_objects(Bucket=self.bucket, Delete={"Objects": [{"Key": "doc", "VersionId": vids[0]}]})
        self.assertEqual([(d["Key"], d["VersionId"]) for d in out["Deleted"]], [("doc", vids[0])])
        self.assertEqual([v["VersionId"] for v in self.c.list_object_versions(Bucket=self.bucket)["Versions"]],
                         [vids[1]])

        # Copy from a specific version.
        self.c.copy_object(Bucket=self.bucket, Key="copy", CopySource={"Bucket": self.bucket, "Key": "doc",
                                                                       "VersionId": vids[1]})
        self.assertEqual(self.c.get_object(Bucket=self.bucket, Key="copy")["Body"].read(), b"v1")

    def test_suspended(self):
        self.c.put_object(Bucket=self.bucket, Key="k", Body=b"before")  # the "null" version
        self.c.put_bucket_versioning(Bucket=self.bucket, VersioningConfiguration={"Status": "Enabled"})
        v1 = self.c.put_object(Bucket=self.bucket, Key="k", Body=b"enabled")["VersionId"]
        self.c.put_bucket_versioning(Bucket=self.bucket, VersioningConfiguration={"Status": "Suspended"})
        self.assertEqual(self.c.get_bucket_versioning(Bucket=self.bucket)["Status"], "Suspended")
        out = self.c.put_object(Bucket=self.bucket, Key="k", Body=b"suspended")
        self.assertEqual(out.get("VersionId", "null"), "null")
        vs = self.c.list_object_versions(Bucket=self.bucket)["Versions"]
        # The suspended write replaced the earlier null version; v1 stays.
        self.assertEqual([(v["VersionId"], v["IsLatest"]) for v in vs], [("null", True), (v1, False)])
        self.assertEqual(self.c.get_object(Bucket=self.bucket, Key="k", VersionId="null")["Body"].read(),
                         b"suspended")
        dm = self.c.delete_object(Bucket=self.bucket, Key="k")
        self.assertEqual((dm["DeleteMarker"], dm.get("VersionId")), (True, "null"))
        lv = self.c.list_object_versions(Bucket=self.bucket)
        self.assertEqual([v["VersionId"] for v in lv["Versions"]], [v1])
        self.assertEqual([m["VersionId"] for m in lv["DeleteMarkers"]], ["null"])
        with self.assertRaises(ClientError) as cm:
            self.c.put_bucket_versioning(Bucket=self.bucket, VersioningConfiguration={"Status": "Bogus"})
        self.assertEqual(h.error_code(cm.exception), ("MalformedXML", 400))


if __name__ == "__main__":
    unittest.main()
