"""aws cli high-level commands (aws s3 ...) against a real coffer server."""

import hashlib
import os
import tempfile
import unittest

import cofferharness as h

SRV = None


def setUpModule():
    global SRV
    SRV = h.start()


def tearDownModule():
    SRV.stop()


def sha256_file(path):
    d = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            d.update(chunk)
    return d.hexdigest()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def tree(root):
    """{relative path: bytes} of every file under root."""
    out = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            p = os.path.join(dirpath, name)
            with open(p, "rb") as f:
                out[os.path.relpath(p, root).replace(os.sep, "/")] = f.read()
    return out


def keys(bucket, prefix=""):
    c = SRV.client()
    out = []
    for page in c.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        out += [o["Key"] for o in page.get("Contents", [])]
    return out


class CliS3Test(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="coffer-cli-")
        self.dir = self.tmp.name
        self.bucket = h.unique_bucket("cli")
        SRV.client().create_bucket(Bucket=self.bucket)

    def tearDown(self):
        self.tmp.cleanup()
        h.delete_bucket(SRV.client(), self.bucket)

    def test_mb_ls_rb(self):
        name = h.unique_bucket("mb")
        p = SRV.aws("s3", "mb", f"s3://{name}")
        self.assertIn(f"make_bucket: {name}", p.stdout)
        self.assertIn(name, SRV.aws("s3", "ls").stdout)
        # mb of a bucket we already own fails with the AWS code.
        p = SRV.aws("s3", "mb", f"s3://{name}", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("BucketAlreadyOwnedByYou", p.stderr)
        # rb refuses a non-empty bucket; --force empties it first.
        SRV.client().put_object(Bucket=name, Key="f", Body=b"x")
        p = SRV.aws("s3", "rb", f"s3://{name}", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("BucketNotEmpty", p.stderr)
        p = SRV.aws("s3", "rb", f"s3://{name}", "--force")
        self.assertIn(f"remove_bucket: {name}", p.stdout)
        self.assertNotIn(name, SRV.aws("s3", "ls").stdout)
        p = SRV.aws("s3", "ls", f"s3://{name}", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("NoSuchBucket", p.stderr)

    def test_cp_small_up_and_down(self):
        # One file each way, then a directory of small files with --recursive.
        src = os.path.join(self.dir, "one", "sp ace ü.txt")
        write(src, "unicode ✓ key\n".encode() * 100)
        SRV.aws("s3", "cp", src, f"s3://{self.bucket}/sp ace ü.txt", "--only-show-errors")
        dst = os.path.join(self.dir, "one.down")
        SRV.aws("s3", "cp", f"s3://{self.bucket}/sp ace ü.txt", dst, "--only-show-errors")
        with open(dst, "rb") as f, open(src, "rb") as g:
            self.assertEqual(f.read(), g.read())

        files = {"empty.bin": b"", "one.txt": b"a", "text.txt": b"hello coffer\n" * 100,
                 "bin.dat": os.urandom(300_000), "d/e/deep.txt": b"deep"}
        for rel, data in files.items():
            write(os.path.join(self.dir, "up", rel), data)
        SRV.aws("s3", "cp", os.path.join(self.dir, "up"), f"s3://{self.bucket}/small",
                "--recursive", "--only-show-errors")
        self.assertEqual(sorted(keys(self.bucket, "small/")), sorted("small/" + k for k in files))
        SRV.aws("s3", "cp", f"s3://{self.bucket}/small", os.path.join(self.dir, "down"),
                "--recursive", "--only-show-errors")
        self.assertEqual(tree(os.path.join(self.dir, "down")), files)

        # Remote-to-remote copy keeps the guessed content type.
        SRV.aws("s3", "cp", f"s3://{self.bucket}/small/text.txt",
                f"s3://{self.bucket}/copied.txt", "--only-show-errors")
        head = SRV.client().head_object(Bucket=self.bucket, Key="copied.txt")
        self.assertEqual(head["ContentLength"], len(files["text.txt"]))
        self.assertEqual(head["ContentType"], "text/plain")
        # Download to stdout.
        p = SRV.aws("s3", "cp", f"s3://{self.bucket}/small/text.txt", "-", "--only-show-errors")
        self.assertEqual(p.stdout, files["text.txt"].decode())

    def test_cp_100mib_multipart(self):
        src = os.path.join(self.dir, "big.bin")
        with open(src, "wb") as f:
            for _ in range(100):
                f.write(os.urandom(1 << 20))
        SRV.aws("s3", "cp", src, f"s3://{self.bucket}/big.bin", "--only-show-errors")
        head = SRV.client().head_object(Bucket=self.bucket, Key="big.bin")
        self.assertEqual(head["ContentLength"], 100 << 20)
        # The cli splits at 8 MiB: 13 parts, multipart ETag "<md5>-13".
        self.assertRegex(head["ETag"], r'^"[0-9a-f]{32}-13"$')
        # It sent its default CRC32 with every part; the object reports it.
        head = SRV.client().head_object(Bucket=self.bucket, Key="big.bin", ChecksumMode="ENABLED")
        self.assertIn("ChecksumCRC32", head)
        dst = os.path.join(self.dir, "big.down")
        SRV.aws("s3", "cp", f"s3://{self.bucket}/big.bin", dst, "--only-show-errors")
        self.assertEqual(os.path.getsize(dst), 100 << 20)
        self.assertEqual(sha256_file(dst), sha256_file(src))

    def test_sync_up_down_again_and_delete(self):
        up = os.path.join(self.dir, "up")
        files = {"a.txt": b"alpha", "b/c.txt": b"charlie" * 10, "b/d/e.bin": os.urandom(70_000),
                 "b/d/f.txt": b"", "z.txt": b"zulu"}
        for rel, data in files.items():
            write(os.path.join(up, rel), data)
        # Versioning makes "nothing transferred" visible: every upload is a version.
        SRV.client().put_bucket_versioning(Bucket=self.bucket,
                                           VersioningConfiguration={"Status": "Enabled"})
        SRV.aws("s3", "sync", up, f"s3://{self.bucket}/tree", "--only-show-errors")
        self.assertEqual(sorted(keys(self.bucket)), sorted("tree/" + k for k in files))

        down = os.path.join(self.dir, "down")
        SRV.aws("s3", "sync", f"s3://{self.bucket}/tree", down, "--only-show-errors")
        self.assertEqual(tree(down), files)

        # A second sync either way transfers nothing.
        SRV.aws("s3", "sync", up, f"s3://{self.bucket}/tree", "--only-show-errors")
        versions = SRV.client().list_object_versions(Bucket=self.bucket)
        self.assertEqual(len(versions.get("Versions", [])), len(files))
        stamp = {rel: (os.stat(os.path.join(down, rel)).st_ino, os.stat(os.path.join(down, rel)).st_ctime_ns)
                 for rel in files}
        SRV.aws("s3", "sync", f"s3://{self.bucket}/tree", down, "--only-show-errors")
        for rel in files:
            st = os.stat(os.path.join(down, rel))
            self.assertEqual((st.st_ino, st.st_ctime_ns), stamp[rel], rel)

        # Deleting a local file and `sync --delete` removes the object.
        os.remove(os.path.join(up, "b/c.txt"))
        SRV.aws("s3", "sync", up, f"s3://{self.bucket}/tree", "--delete", "--only-show-errors")
        self.assertNotIn("tree/b/c.txt", keys(self.bucket))
        self.assertEqual(len(keys(self.bucket)), len(files) - 1)
        # And the same downwards.
        SRV.aws("s3", "sync", f"s3://{self.bucket}/tree", down, "--delete", "--only-show-errors")
        self.assertFalse(os.path.exists(os.path.join(down, "b/c.txt")))
        del files["b/c.txt"]
        self.assertEqual(tree(down), files)

    def test_ls_recursive_and_prefixes(self):
        c = SRV.client()
        for k in ("top.txt", "dir/a.txt", "dir/b.txt", "dir/sub/c.txt", "dirt.txt", "other/x"):
            c.put_object(Bucket=self.bucket, Key=k, Body=b"12345")
        lines = SRV.aws("s3", "ls", f"s3://{self.bucket}/").stdout.splitlines()
        self.assertIn("PRE dir/", [ln.strip() for ln in lines])
        self.assertIn("PRE other/", [ln.strip() for ln in lines])
        names = [ln.split()[-1] for ln in lines]
        self.assertEqual(sorted(names), ["dir/", "dirt.txt", "other/", "top.txt"])

        lines = SRV.aws("s3", "ls", f"s3://{self.bucket}/dir/").stdout.splitlines()
        self.assertEqual(sorted(ln.split()[-1] for ln in lines), ["a.txt", "b.txt", "sub/"])

        # A partial prefix lists everything starting with it.
        lines = SRV.aws("s3", "ls", f"s3://{self.bucket}/dir").stdout.splitlines()
        self.assertEqual(sorted(ln.split()[-1] for ln in lines), ["dir/", "dirt.txt"])

        lines = SRV.aws("s3", "ls", f"s3://{self.bucket}", "--recursive").stdout.splitlines()
        self.assertEqual([ln.split()[-1] for ln in lines],
                         ["dir/a.txt", "dir/b.txt", "dir/sub/c.txt", "dirt.txt", "other/x", "top.txt"])
        self.assertTrue(all(ln.split()[2] == "5" for ln in lines))

        p = SRV.aws("s3", "ls", f"s3://{self.bucket}/dir/", "--recursive", "--summarize")
        self.assertIn("Total Objects: 3", p.stdout)
        self.assertIn("Total Size: 15", p.stdout)

    def test_rm_recursive(self):
        c = SRV.client()
        for k in ("keep.txt", "gone/a", "gone/b/c", "gone/b/d", "gonex"):
            c.put_object(Bucket=self.bucket, Key=k, Body=b"x")
        SRV.aws("s3", "rm", f"s3://{self.bucket}/gone/", "--recursive", "--only-show-errors")
        self.assertEqual(keys(self.bucket), ["gonex", "keep.txt"])
        SRV.aws("s3", "rm", f"s3://{self.bucket}/keep.txt", "--only-show-errors")
        self.assertEqual(keys(self.bucket), ["gonex"])
        SRV.aws("s3", "rm", f"s3://{self.bucket}", "--recursive", "--only-show-errors")
        self.assertEqual(keys(self.bucket), [])

    def test_mv(self):
        src = os.path.join(self.dir, "m.txt")
        write(src, b"move me")
        SRV.aws("s3", "mv", src, f"s3://{self.bucket}/m1.txt", "--only-show-errors")
        self.assertFalse(os.path.exists(src))
        SRV.aws("s3", "mv", f"s3://{self.bucket}/m1.txt", f"s3://{self.bucket}/m2.txt",
                "--only-show-errors")
        self.assertEqual(keys(self.bucket), ["m2.txt"])
        back = os.path.join(self.dir, "back.txt")
        SRV.aws("s3", "mv", f"s3://{self.bucket}/m2.txt", back, "--only-show-errors")
        self.assertEqual(keys(self.bucket), [])
        with open(back, "rb") as f:
            self.assertEqual(f.read(), b"move me")

    def test_errors(self):
        p = SRV.aws("s3", "cp", f"s3://{self.bucket}/missing", os.path.join(self.dir, "m"),
                    "--only-show-errors", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("404", p.stderr)
        p = SRV.aws("s3", "ls", f"s3://{self.bucket}", acct=h.BOB, check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("AccessDenied", p.stderr)


if __name__ == "__main__":
    unittest.main()
