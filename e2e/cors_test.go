package e2e

import (
	"crypto/md5"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

func putCORS(t testing.TB, c *s3.Client, b string, rules ...types.CORSRule) error {
	t.Helper()
	_, err := c.PutBucketCors(ctx(t), &s3.PutBucketCorsInput{Bucket: &b, CORSConfiguration: &types.CORSConfiguration{CORSRules: rules}})
	return err
}

// preflight sends OPTIONS with the given CORS request headers
// (origin, method, headers; "" leaves one out).
func preflight(t testing.TB, path, origin, method, headers string) *psResp {
	t.Helper()
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	if method != "" {
		h.Set("Access-Control-Request-Method", method)
	}
	if headers != "" {
		h.Set("Access-Control-Request-Headers", headers)
	}
	return psDo(t, "OPTIONS", shared.URL+path, h, nil)
}

// Put/Get/DeleteBucketCors with the SDK, and S3's validation.
func TestCORSConfiguration(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	_, err := c.GetBucketCors(ctx(t), &s3.GetBucketCorsInput{Bucket: &b})
	wantErr(t, err, "NoSuchCORSConfiguration", 404)

	rules := []types.CORSRule{
		{ID: aws.String("app"), AllowedOrigins: []string{"https://app.example", "http://*.dev.example"}, AllowedMethods: []string{"GET", "PUT", "POST"},
			AllowedHeaders: []string{"*"}, ExposeHeaders: []string{"ETag", "x-amz-version-id"}, MaxAgeSeconds: aws.Int32(3000)},
		{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"HEAD", "DELETE"}},
	}
	must(t, putCORS(t, c, b, rules...))
	got, err := c.GetBucketCors(ctx(t), &s3.GetBucketCorsInput{Bucket: &b})
	must(t, err)
	if len(got.CORSRules) != 2 || aws.ToString(got.CORSRules[0].ID) != "app" || aws.ToInt32(got.CORSRules[0].MaxAgeSeconds) != 3000 ||
		strings.Join(got.CORSRules[0].AllowedOrigins, ",") != "https://app.example,http://*.dev.example" ||
		strings.Join(got.CORSRules[1].AllowedMethods, ",") != "HEAD,DELETE" || got.CORSRules[1].MaxAgeSeconds != nil {
		t.Fatalf("GetBucketCors: %+v", got.CORSRules)
	}

	bad := []struct {
		rule types.CORSRule
		code string
		msg  string
	}{
		{types.CORSRule{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"PATCH"}}, "InvalidRequest", "Found unsupported HTTP method in CORS config. Unsupported method is PATCH"},
		{types.CORSRule{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"OPTIONS"}}, "InvalidRequest", "Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS"},
		{types.CORSRule{AllowedOrigins: []string{"http://*.*.example"}, AllowedMethods: []string{"GET"}}, "InvalidRequest", `AllowedOrigin "http://*.*.example" can not have more than one wildcard.`},
		{types.CORSRule{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET"}, AllowedHeaders: []string{"x-*-*"}}, "InvalidRequest", ""},
	}
	for _, cs := range bad {
		err := putCORS(t, c, b, cs.rule)
		wantErr(t, err, cs.code, 400)
		if cs.msg != "" && !strings.Contains(err.Error(), cs.msg) {
			t.Errorf("%+v: %v", cs.rule, err)
		}
	}
	many := make([]types.CORSRule, 101)
	for i := range many {
		many[i] = types.CORSRule{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET"}}
	}
	wantErr(t, putCORS(t, c, b, many...), "MalformedXML", 400)
	must(t, putCORS(t, c, b, many[:100]...))
	// Documents the SDK would not send: rules without an origin or a
	// method, no rules, not XML.
	for _, doc := range []string{
		`<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`,
		`<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>`,
		`<CORSConfiguration></CORSConfiguration>`,
		`<CORSConfiguration><CORSRule>`,
	} {
		sum := md5.Sum([]byte(doc))
		rawReq{Method: "PUT", Path: "/" + b, Query: "cors", Body: []byte(doc), Account: acct(aliceAcct),
			Header: http.Header{"Content-Md5": {base64.StdEncoding.EncodeToString(sum[:])}}}.do(t).want(t, 400, "MalformedXML")
	}
	// Without Content-MD5 or a checksum, S3 refuses the document.
	doc := []byte(`<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`)
	rawReq{Method: "PUT", Path: "/" + b, Query: "cors", Body: doc, Account: acct(aliceAcct)}.do(t).want(t, 400, "InvalidRequest")

	// Bob may not touch Alice's configuration.
	wantErr(t, putCORS(t, bob(), b, rules[1]), "AccessDenied", 403)
	_, err = bob().GetBucketCors(ctx(t), &s3.GetBucketCorsInput{Bucket: &b})
	wantErr(t, err, "AccessDenied", 403)
	_, err = bob().DeleteBucketCors(ctx(t), &s3.DeleteBucketCorsInput{Bucket: &b})
	wantErr(t, err, "AccessDenied", 403)

	_, err = c.DeleteBucketCors(ctx(t), &s3.DeleteBucketCorsInput{Bucket: &b})
	must(t, err)
	_, err = c.GetBucketCors(ctx(t), &s3.GetBucketCorsInput{Bucket: &b})
	wantErr(t, err, "NoSuchCORSConfiguration", 404)
	// Deleting nothing is fine.
	_, err = c.DeleteBucketCors(ctx(t), &s3.DeleteBucketCorsInput{Bucket: &b})
	must(t, err)
}

// The OPTIONS preflight: S3's matching rules, answers and errors.
func TestCORSPreflight(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	path := "/" + b + "/photo.jpg"

	preflight(t, path, "", "", "").want(t, 400, "BadRequest")
	preflight(t, "/"+b+"-none/k", "", "", "").want(t, 400, "BadRequest")
	r := preflight(t, "/"+b+"-none/k", "https://app.example", "GET", "")
	r.want(t, 403, "AccessForbidden")
	if r.Msg != "CORSResponse: Bucket not found" {
		t.Fatalf("missing bucket: %s", r.Msg)
	}
	r = preflight(t, path, "https://app.example", "PUT", "")
	r.want(t, 403, "AccessForbidden")
	if r.Msg != "CORSResponse: CORS is not enabled for this bucket." || r.Extra["Method"] != "PUT" || r.Extra["ResourceType"] != "BUCKET" {
		t.Fatalf("no configuration: %s", r.Body)
	}
	if r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("refused preflight carries CORS headers: %v", r.Header)
	}

	must(t, putCORS(t, c, b,
		types.CORSRule{AllowedOrigins: []string{"https://app.example"}, AllowedMethods: []string{"GET", "PUT"}, MaxAgeSeconds: aws.Int32(3000),
			AllowedHeaders: []string{"Content-Type", "x-amz-*"}, ExposeHeaders: []string{"ETag"}},
		types.CORSRule{AllowedOrigins: []string{"http://*.dev.example"}, AllowedMethods: []string{"POST"}},
		types.CORSRule{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET"}},
	))
	r = preflight(t, path, "https://app.example", "PUT", "content-type,X-Amz-Date")
	if r.Status != 200 || r.Body != "" {
		t.Fatalf("allowed preflight: %d %s", r.Status, r.Body)
	}
	want := map[string]string{
		"Access-Control-Allow-Origin":      "https://app.example",
		"Access-Control-Allow-Credentials": "true",
		"Access-Control-Allow-Methods":     "GET, PUT",
		"Access-Control-Allow-Headers":     "content-type, x-amz-date",
		"Access-Control-Expose-Headers":    "ETag",
		"Access-Control-Max-Age":           "3000",
		"Vary":                             "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
	}
	for k, v := range want {
		if got := r.Header.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	// A header the rule does not allow, another scheme, a trailing slash,
	// a method no rule allows.
	for _, cs := range [][3]string{
		{"https://app.example", "PUT", "authorization"},
		{"http://app.example", "PUT", ""},
		{"https://app.example/", "PUT", ""},
		{"https://app.example", "DELETE", ""},
	} {
		r := preflight(t, path, cs[0], cs[1], cs[2])
		r.want(t, 403, "AccessForbidden")
		if !strings.HasPrefix(r.Msg, "CORSResponse: This CORS request is not allowed.") || r.Extra["ResourceType"] != "OBJECT" || r.Extra["Method"] != cs[1] {
			t.Errorf("%v: %s", cs, r.Body)
		}
	}
	// One wildcard in an origin; "*" answers "*" without credentials.
	r = preflight(t, "/"+b, "http://feature.dev.example", "POST", "")
	if r.Status != 200 || r.Header.Get("Access-Control-Allow-Origin") != "http://feature.dev.example" {
		t.Fatalf("wildcard origin: %d %v", r.Status, r.Header)
	}
	r = preflight(t, path, "https://anyone.example", "GET", "")
	if r.Status != 200 || r.Header.Get("Access-Control-Allow-Origin") != "*" || r.Header.Get("Access-Control-Allow-Credentials") != "" {
		t.Fatalf("any origin: %d %v", r.Status, r.Header)
	}
	// A preflight to a presigned URL is answered without checking the
	// query's signature (it signs the actual request).
	r = preflight(t, path+"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=x&X-Amz-Signature=bad", "https://app.example", "PUT", "")
	if r.Status != 200 {
		t.Fatalf("preflight to a presigned URL: %d %s", r.Status, r.Body)
	}
}

// CORS headers on actual requests, successes and errors alike, when a rule
// allows the origin and method; none otherwise.
func TestCORSActualRequests(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	put(t, c, b, "k", []byte("v"))
	must(t, putCORS(t, c, b, types.CORSRule{AllowedOrigins: []string{"https://app.example"}, AllowedMethods: []string{"GET", "HEAD"},
		ExposeHeaders: []string{"ETag"}, MaxAgeSeconds: aws.Int32(60)}))
	ps := presigner(harness.Alice, "")
	get, err := ps.PresignGetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k")})
	must(t, err)
	origin := http.Header{"Origin": {"https://app.example"}}

	r := psDo(t, "GET", get.URL, origin, nil)
	if r.Status != 200 || r.Header.Get("Access-Control-Allow-Origin") != "https://app.example" ||
		r.Header.Get("Access-Control-Expose-Headers") != "ETag" || r.Header.Get("Vary") == "" {
		t.Fatalf("GET with Origin: %d %v", r.Status, r.Header)
	}
	// Errors carry them too, so that a page can read why it failed: an
	// anonymous GET (403) and an expired URL.
	r = psDo(t, "GET", shared.URL+"/"+b+"/k", origin, nil)
	if r.Status != 403 || r.Header.Get("Access-Control-Allow-Origin") != "https://app.example" {
		t.Fatalf("403 with Origin: %d %v", r.Status, r.Header)
	}
	expired := presignAt(t, harness.Alice, "GET", "/"+b+"/k", time.Minute, time.Now().Add(-time.Hour))
	r = psDo(t, "GET", expired, origin, nil)
	if r.Status != 403 || r.Header.Get("Access-Control-Allow-Origin") != "https://app.example" {
		t.Fatalf("expired URL with Origin: %d %v", r.Status, r.Header)
	}
	// No CORS headers: without Origin, for another origin, for a method
	// the rule does not allow (the object is still written: S3 refuses
	// only preflights).
	for _, h := range []http.Header{nil, {"Origin": {"https://other.example"}}} {
		if r := psDo(t, "GET", get.URL, h, nil); r.Status != 200 || r.Header.Get("Access-Control-Allow-Origin") != "" || r.Header.Get("Vary") != "" {
			t.Fatalf("GET %v: %d %v", h, r.Status, r.Header)
		}
	}
	pu, err := ps.PresignPutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("put")})
	must(t, err)
	r = psDo(t, "PUT", pu.URL, origin, []byte("x"))
	if r.Status != 200 || r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("PUT not allowed by CORS: %d %v", r.Status, r.Header)
	}
	// Access-Control-Request-Method on an actual request decides the match.
	h := http.Header{"Origin": {"https://app.example"}, "Access-Control-Request-Method": {"PUT"}}
	if r := psDo(t, "GET", get.URL, h, nil); r.Status != 200 || r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("GET asking about PUT: %d %v", r.Status, r.Header)
	}
}
