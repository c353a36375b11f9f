package sigv4

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

var vNow = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

// signedPut is a header-signed S3 PUT as the server receives it.
func signedPut(t *testing.T, mutate func(*http.Request)) *http.Request {
	t.Helper()
	r, _ := http.NewRequest("PUT", "https://bucket.s3.eu-west-3.amazonaws.com/key", strings.NewReader("body"))
	r.Header.Set("X-Amz-Meta-A", "1")
	if mutate != nil {
		mutate(r)
	}
	SignV4(r, sdkAKID, sdkSecret, "", "eu-west-3", "s3", sha256Hex([]byte("body")), vNow)
	return onTheWire(t, r)
}

func verifyErr(r *http.Request, now time.Time, opts VerifyOptions) *apierr.Error {
	a, err := ParseRequest(r)
	if err == nil {
		err = VerifyV4(r, &a, DeriveSigningKey(sdkSecret, a.Date, a.Region, a.Service), "", now, opts)
	}
	if err == nil {
		return nil
	}
	return apierr.As(err)
}

func TestVerifyV4Header(t *testing.T) {
	opts := VerifyOptions{Region: "eu-west-3"}
	const malformed = "The authorization header is malformed; "
	cases := []struct {
		name   string
		req    func() *http.Request
		now    time.Time
		opts   VerifyOptions
		code   string
		msg    string
		fields map[string]string
	}{
		{name: "ok", req: func() *http.Request { return signedPut(t, nil) }},
		{name: "ok 14 minutes late", req: func() *http.Request { return signedPut(t, nil) }, now: vNow.Add(14 * time.Minute)},
		{name: "ok 14 minutes early", req: func() *http.Request { return signedPut(t, nil) }, now: vNow.Add(-14 * time.Minute)},
		{name: "skewed", req: func() *http.Request { return signedPut(t, nil) }, now: vNow.Add(16 * time.Minute),
			code: "RequestTimeTooSkewed", msg: "The difference between the request time and the current time is too large.",
			fields: map[string]string{"RequestTime": "20260314T150926Z", "ServerTime": "2026-03-14T15:25:26Z", "MaxAllowedSkewMilliseconds": "900000"}},
		{name: "skewed backwards", req: func() *http.Request { return signedPut(t, nil) }, now: vNow.Add(-16 * time.Minute), code: "RequestTimeTooSkewed"},
		{name: "custom skew", req: func() *http.Request { return signedPut(t, nil) }, now: vNow.Add(2 * time.Minute),
			opts: VerifyOptions{MaxSkew: time.Minute}, code: "RequestTimeTooSkewed", fields: map[string]string{"MaxAllowedSkewMilliseconds": "60000"}},
		{name: "wrong region", req: func() *http.Request { return signedPut(t, nil) }, opts: VerifyOptions{Region: "us-east-1"},
			code: "AuthorizationHeaderMalformed", msg: malformed + "the region 'eu-west-3' is wrong; expecting 'us-east-1'", fields: map[string]string{"Region": "us-east-1"}},
		{name: "any region", req: func() *http.Request { return signedPut(t, nil) }, opts: VerifyOptions{Region: ""}},
		{name: "wrong service", req: func() *http.Request { return signedPut(t, nil) }, opts: VerifyOptions{Service: "iam"},
			code: "AuthorizationHeaderMalformed", msg: malformed + `incorrect service "s3". This endpoint belongs to "iam".`},
		{name: "wrong terminator", req: func() *http.Request {
			r := signedPut(t, nil)
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "aws4_request", "aws4_requesx", 1))
			return r
		}, code: "AuthorizationHeaderMalformed", msg: malformed + `incorrect terminal "aws4_requesx". This endpoint uses "aws4_request".`},
		{name: "scope date is not the request date", req: func() *http.Request {
			r := signedPut(t, nil)
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/20260314/", "/20260313/", 1))
			return r
		}, code: "AuthorizationHeaderMalformed", msg: malformed + "Invalid credential date. Date is not the same as X-Amz-Date."},
		{name: "unsigned x-amz header", req: func() *http.Request {
			r := signedPut(t, nil)
			r.Header.Set("X-Amz-Acl", "public-read")
			r.Header.Set("x-amz-server-side-encryption", "AES256")
			return r
		}, code: "AccessDenied", msg: "There were headers present in the request which were not signed",
			fields: map[string]string{"HeadersNotSigned": "x-amz-acl, x-amz-server-side-encryption"}},
		{name: "host not signed", req: func() *http.Request {
			r := signedPut(t, nil)
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "host;", "", 1))
			return r
		}, code: "AccessDenied", fields: map[string]string{"HeadersNotSigned": "host"}},
		{name: "no x-amz-content-sha256", req: func() *http.Request {
			r := signedPut(t, nil)
			r.Header.Del("X-Amz-Content-Sha256")
			return r
		}, code: "InvalidRequest", msg: "Missing required header for this request: x-amz-content-sha256"},
		{name: "bad x-amz-content-sha256", req: func() *http.Request {
			r := signedPut(t, nil)
			r.Header.Set("X-Amz-Content-Sha256", "GIBBERISH")
			return r
		}, code: "InvalidArgument", fields: map[string]string{"ArgumentName": "x-amz-content-sha256", "ArgumentValue": "GIBBERISH"}},
		{name: "sigv4a streaming", req: func() *http.Request {
			r := signedPut(t, nil)
			r.Header.Set("X-Amz-Content-Sha256", "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD")
			return r
		}, code: "NotImplemented"},
		{name: "streaming accepted", req: func() *http.Request {
			r, _ := http.NewRequest("PUT", "https://bucket.s3.eu-west-3.amazonaws.com/key", nil)
			SignV4(r, sdkAKID, sdkSecret, "", "eu-west-3", "s3", StreamingUnsignedTrailer, vNow)
			return onTheWire(t, r)
		}},
		{name: "header changed", req: func() *http.Request {
			r := signedPut(t, nil)
			r.Header.Set("X-Amz-Meta-A", "2")
			return r
		}, code: "SignatureDoesNotMatch", fields: map[string]string{"AWSAccessKeyId": sdkAKID, "SignatureProvided": ""}},
		{name: "path changed", req: func() *http.Request {
			r := signedPut(t, nil)
			r.URL.Path = "/key2"
			return r
		}, code: "SignatureDoesNotMatch"},
		{name: "signed header values are trimmed", req: func() *http.Request {
			r := signedPut(t, func(r *http.Request) { r.Header.Set("X-Amz-Meta-A", "a   b") })
			r.Header.Set("X-Amz-Meta-A", "  a b ")
			return r
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			now, o := c.now, c.opts
			if now.IsZero() {
				now = vNow
			}
			if o == (VerifyOptions{}) && !strings.HasPrefix(c.name, "any") {
				o = opts
			}
			e := verifyErr(c.req(), now, o)
			if c.code == "" {
				if e != nil {
					t.Fatalf("unexpected %v %+v", e, e.Extra)
				}
				return
			}
			if e == nil || e.Code != c.code || c.msg != "" && e.Message != c.msg {
				t.Fatalf("got %v, want %s %q", e, c.code, c.msg)
			}
			for k, v := range c.fields {
				if got := e.Get(k); v != "" && got != v || v == "" && got == "" {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestSignatureMismatchDetails(t *testing.T) {
	r := signedPut(t, nil)
	r.Header.Set("X-Amz-Meta-A", "2")
	e := verifyErr(r, vNow, VerifyOptions{})
	cr, sts := e.Get("CanonicalRequest"), e.Get("StringToSign")
	if !strings.HasPrefix(cr, "PUT\n/key\n\n") || !strings.Contains(cr, "\nx-amz-meta-a:2\n") {
		t.Fatalf("canonical request %q", cr)
	}
	if !strings.HasPrefix(sts, "AWS4-HMAC-SHA256\n20260314T150926Z\n20260314/eu-west-3/s3/aws4_request\n") {
		t.Fatalf("string to sign %q", sts)
	}
	if got := e.Get("CanonicalRequestBytes"); !strings.HasPrefix(got, "50 55 54 0a 2f 6b 65 79 0a") || len(got) != 3*len(cr)-1 {
		t.Fatalf("canonical request bytes %q", got)
	}
	if got := e.Get("StringToSignBytes"); len(got) != 3*len(sts)-1 {
		t.Fatalf("string to sign bytes %q", got)
	}
	var names []string
	for _, f := range e.Extra {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "AWSAccessKeyId,StringToSign,SignatureProvided,StringToSignBytes,CanonicalRequest,CanonicalRequestBytes" {
		t.Fatalf("elements %s", got)
	}
}

func presigned(t *testing.T, rawURL string, expires time.Duration, mutate func(*http.Request)) *http.Request {
	t.Helper()
	r, _ := http.NewRequest("GET", rawURL, nil)
	if mutate != nil {
		mutate(r)
	}
	u, err := PresignV4(r, sdkAKID, sdkSecret, sdkToken, "eu-west-3", "s3", expires, vNow)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := http.NewRequest("GET", u, nil)
	for k, v := range r.Header {
		c.Header[k] = v
	}
	return onTheWire(t, c)
}

func TestVerifyV4Presigned(t *testing.T) {
	opts := VerifyOptions{Region: "eu-west-3"}
	const obj = "https://bucket.s3.eu-west-3.amazonaws.com/k%2By/z?versionId=3"
	if e := verifyErr(presigned(t, obj, time.Hour, nil), vNow.Add(59*time.Minute), opts); e != nil {
		t.Fatalf("valid: %v\n%s", e, e.Get("CanonicalRequest"))
	}
	e := verifyErr(presigned(t, obj, time.Hour, nil), vNow.Add(61*time.Minute), opts)
	if e == nil || e.Code != "AccessDenied" || e.Message != "Request has expired" || e.Get("X-Amz-Expires") != "3600" ||
		e.Get("Expires") != "2026-03-14T16:09:26Z" || e.Get("ServerTime") != "2026-03-14T16:10:26Z" {
		t.Fatalf("expired: %v %+v", e, e)
	}
	if e := verifyErr(presigned(t, obj, time.Hour, nil), vNow.Add(-16*time.Minute), opts); e == nil || e.Message != "Request is not valid yet" {
		t.Fatalf("not yet valid: %v", e)
	}
	if e := verifyErr(presigned(t, obj, time.Hour, nil), vNow.Add(-10*time.Minute), opts); e != nil {
		t.Fatalf("slightly early: %v", e)
	}
	e = verifyErr(presigned(t, obj, time.Hour, nil), vNow, VerifyOptions{Region: "us-east-1"})
	if e == nil || e.Code != "AuthorizationQueryParametersError" ||
		e.Message != "Error parsing the X-Amz-Credential parameter; the region 'eu-west-3' is wrong; expecting 'us-east-1'" || e.Get("Region") != "us-east-1" {
		t.Fatalf("region: %v", e)
	}
	r := presigned(t, obj, time.Hour, nil)
	r.Header.Set("X-Amz-Meta-X", "1")
	if e := verifyErr(r, vNow, opts); e == nil || e.Get("HeadersNotSigned") != "x-amz-meta-x" {
		t.Fatalf("unsigned header: %v", e)
	}
	r = presigned(t, obj, time.Hour, nil)
	r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "X-Amz-Date=20260314T150926Z", "X-Amz-Date=20260315T000000Z", 1)
	if e := verifyErr(r, vNow.Add(9*time.Hour), opts); e == nil || e.Message != `Invalid credential date "20260314". This date is not the same as X-Amz-Date: "20260315".` {
		t.Fatalf("date: %v", e)
	}
	r = presigned(t, obj, time.Hour, nil)
	r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "versionId=3", "versionId=4", 1)
	if e := verifyErr(r, vNow, opts); e == nil || e.Code != "SignatureDoesNotMatch" {
		t.Fatalf("query changed: %v", e)
	}
	// A signed x-amz-content-sha256 header replaces UNSIGNED-PAYLOAD.
	r = presigned(t, obj, time.Hour, func(r *http.Request) { r.Header.Set("X-Amz-Content-Sha256", emptySHA256) })
	if e := verifyErr(r, vNow, opts); e != nil {
		t.Fatalf("signed payload header: %v\n%s", e, e.Get("CanonicalRequest"))
	}
	if !strings.HasSuffix(apierr.As(verifyErrForce(r)).Get("CanonicalRequest"), "\n"+emptySHA256) {
		t.Fatal("payload hash not taken from the signed header")
	}
}

// verifyErrForce verifies with a wrong key, to see the canonical request.
func verifyErrForce(r *http.Request) error {
	a, err := ParseRequest(r)
	if err != nil {
		return err
	}
	return VerifyV4(r, &a, []byte("wrong"), "", vNow, VerifyOptions{})
}

func TestPresignExpiryBounds(t *testing.T) {
	r, _ := http.NewRequest("GET", "https://b.s3.amazonaws.com/k", nil)
	for _, d := range []time.Duration{0, 500 * time.Millisecond, MaxPresignExpires + time.Second} {
		if _, err := PresignV4(r, "a", "s", "", "us-east-1", "s3", d, vNow); err == nil {
			t.Errorf("%v accepted", d)
		}
	}
}
