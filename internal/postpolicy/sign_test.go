package postpolicy

import (
	"crypto/hmac"
	"crypto/sha256"
	"testing"
)

func deriveKey(secret, date, region, service string) []byte {
	k := []byte("AWS4" + secret)
	for _, s := range []string{date, region, service, "aws4_request"} {
		m := hmac.New(sha256.New, k)
		m.Write([]byte(s))
		k = m.Sum(nil)
	}
	return k
}

// AWS's "Example: Browser-Based Upload using HTTP POST (Using AWS Signature
// Version 4)" and botocore's generate_presigned_post under a fixed clock.
var v4Vectors = []struct{ name, policy, sig string }{
	{"aws-example",
		"eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9",
		"8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e"},
	{"botocore",
		"eyJleHBpcmF0aW9uIjogIjIwMTUtMTItMjlUMDE6MDA6MDBaIiwgImNvbmRpdGlvbnMiOiBbeyJidWNrZXQiOiAic2lndjRleGFtcGxlYnVja2V0In0sIHsia2V5IjogInVzZXIvdXNlcjEvcGhvdG8uanBnIn0sIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwgeyJ4LWFtei1jcmVkZW50aWFsIjogIkFLSUFJT1NGT0ROTjdFWEFNUExFLzIwMTUxMjI5L3VzLWVhc3QtMS9zMy9hd3M0X3JlcXVlc3QifSwgeyJ4LWFtei1kYXRlIjogIjIwMTUxMjI5VDAwMDAwMFoifV19",
		"3364624b39010d9b06f5d9b8c9a18a6e478d261c048159c92f2fd6fa885f14e6"},
}

func TestSignV4Vectors(t *testing.T) {
	key := deriveKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20151229", "us-east-1", "s3")
	for _, v := range v4Vectors {
		if got := SignV4(key, v.policy); got != v.sig {
			t.Errorf("%s: signature %s, want %s", v.name, got, v.sig)
		}
		if !VerifyV4(key, v.policy, v.sig) {
			t.Errorf("%s: VerifyV4 refused the right signature", v.name)
		}
		upper := []byte(v.sig)
		for i := range upper {
			if upper[i] >= 'a' && upper[i] <= 'f' {
				upper[i] -= 32
			}
		}
		if !VerifyV4(key, v.policy, string(upper)) {
			t.Errorf("%s: upper-case hex refused", v.name)
		}
		if VerifyV4(key, v.policy[:len(v.policy)-2], v.sig) {
			t.Errorf("%s: truncated policy accepted", v.name)
		}
		if _, err := Parse(v.policy); err != nil {
			t.Errorf("%s: Parse: %v", v.name, err)
		}
	}
}

func TestSignV2(t *testing.T) {
	// HMAC-SHA1 of "policy" under the example secret, computed independently.
	sig := SignV2("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "cG9saWN5")
	if !VerifyV2("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "cG9saWN5", sig) {
		t.Fatal("VerifyV2 refused its own signature")
	}
	if VerifyV2("other-secret", "cG9saWN5", sig) || VerifyV2("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "cG9saWN6", sig) {
		t.Fatal("VerifyV2 accepted a wrong secret or policy")
	}
	if len(sig) != 28 {
		t.Fatalf("signature %q is not base64 of 20 bytes", sig)
	}
}
