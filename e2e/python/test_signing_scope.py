"""What a signature covers: a SigV2 URL cannot be widened into another
operation by appending a sub-resource SigV2 does not sign, and a browser
POST form's encryption fields are applied (not dropped) as a PUT's headers
are."""

import unittest
import urllib.error
import urllib.request

from botocore.exceptions import ClientError

import cofferharness as h

srv = None


def setUpModule():
    global srv
    srv = h.start()


def tearDownModule():
    srv.stop()


def status(method, url):
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


class SigningScopeTest(unittest.TestCase):
    def test_sigv2_url_cannot_become_an_unsigned_operation(self):
        s3 = srv.client()
        b = h.unique_bucket("v2")
        s3.create_bucket(Bucket=b)
        v2 = srv.client(signature_version="s3")
        url = v2.generate_presigned_url("delete_bucket", Params={"Bucket": b}, ExpiresIn=300)
        # The URL signs DeleteBucket; with &publicAccessBlock it would name
        # DeletePublicAccessBlock, which SigV2 does not sign.
        self.assertEqual(status("DELETE", url + "&publicAccessBlock"), 400)
        self.assertTrue(s3.get_public_access_block(Bucket=b)["PublicAccessBlockConfiguration"]["BlockPublicPolicy"])
        url = v2.generate_presigned_url("list_objects", Params={"Bucket": b}, ExpiresIn=300)
        self.assertEqual(status("GET", url + "&ownershipControls"), 400)
        self.assertEqual(status("GET", url), 200)

    def test_post_form_encryption_fields_apply(self):
        s3 = srv.client()
        b = h.unique_bucket("post")
        s3.create_bucket(Bucket=b)
        post = s3.generate_presigned_post(b, "k", Fields={"x-amz-server-side-encryption": "aws:kms"},
                                          Conditions=[{"x-amz-server-side-encryption": "aws:kms"}], ExpiresIn=300)
        import requests
        r = requests.post(post["url"], data=post["fields"], files={"file": ("k", b"data")})
        # SSE-KMS needs TLS: over plain HTTP the form is refused instead of
        # being stored as SSE-S3.
        self.assertEqual(r.status_code, 400, r.text)
        self.assertIn("secure connection", r.text)
        with self.assertRaises(ClientError):
            s3.head_object(Bucket=b, Key="k")
        post = s3.generate_presigned_post(b, "k2", Fields={"x-amz-server-side-encryption": "AES256"},
                                          Conditions=[{"x-amz-server-side-encryption": "AES256"}], ExpiresIn=300)
        r = requests.post(post["url"], data=post["fields"], files={"file": ("k2", b"data")})
        self.assertEqual(r.status_code, 204, r.text)
        self.assertEqual(r.headers.get("x-amz-server-side-encryption"), "AES256")


if __name__ == "__main__":
    unittest.main()
