package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/coffer-s3/coffer/e2e/harness"
	"github.com/coffer-s3/coffer/internal/postpolicy"
	"github.com/coffer-s3/coffer/internal/sigv4"
)

// pf is a browser POST form: fields before the file, the file, fields
// after it.
type pf struct {
	fields [][2]string
	// fileName is the file part's filename; "-" sends none.
	fileName string
	file     io.Reader
	after    [][2]string
	// contentType overrides the request's multipart Content-Type.
	contentType string
	// noFile sends no file part; twoFiles sends a second one.
	noFile, twoFiles bool
}

// ppolicy is a POST policy under construction.
type ppolicy struct {
	exp   time.Time
	conds []any
}

func (p ppolicy) encode() string {
	doc, _ := json.Marshal(map[string]any{"expiration": p.exp.UTC().Format("2006-01-02T15:04:05.000Z"), "conditions": p.conds})
	return base64.StdEncoding.EncodeToString(doc)
}

// signV4Form returns the signed SigV4 fields of account a for policy p
// (whose conditions get the algorithm, credential and date added), to which
// the caller adds its own fields. at is the signing time.
func signV4Form(a harness.Account, p ppolicy, at time.Time) [][2]string {
	date := at.UTC().Format("20060102T150405Z")
	cred := a.AccessKey + "/" + date[:8] + "/" + shared.Region + "/s3/aws4_request"
	p.conds = append(p.conds, map[string]string{"x-amz-algorithm": "AWS4-HMAC-SHA256"},
		map[string]string{"x-amz-credential": cred}, map[string]string{"x-amz-date": date})
	pol := p.encode()
	key := sigv4.DeriveSigningKey(a.SecretKey, date[:8], shared.Region, "s3")
	return [][2]string{{"x-amz-algorithm", "AWS4-HMAC-SHA256"}, {"x-amz-credential", cred}, {"x-amz-date", date},
		{"policy", pol}, {"x-amz-signature", postpolicy.SignV4(key, pol)}}
}

func signV2Form(a harness.Account, p ppolicy) [][2]string {
	pol := p.encode()
	return [][2]string{{"AWSAccessKeyId", a.AccessKey}, {"policy", pol}, {"signature", postpolicy.SignV2(a.SecretKey, pol)}}
}

// basicConds allows key under prefix in bucket b.
func basicConds(b, prefix string) []any {
	return []any{map[string]string{"bucket": b}, []string{"starts-with", "$key", prefix}}
}

func hour() ppolicy { return ppolicy{exp: time.Now().Add(time.Hour)} }

func with(p ppolicy, conds ...any) ppolicy {
	p.conds = append(append([]any(nil), p.conds...), conds...)
	return p
}

func fields(sets ...[][2]string) [][2]string {
	var out [][2]string
	for _, s := range sets {
		out = append(out, s...)
	}
	return out
}

// body writes the multipart form; the file streams from f.file.
func (f pf) body() (io.Reader, string) {
	pr, pw := io.Pipe()
	w := multipart.NewWriter(pw)
	go func() {
		err := func() error {
			for _, kv := range f.fields {
				if err := w.WriteField(kv[0], kv[1]); err != nil {
					return err
				}
			}
			if !f.noFile {
				for i := 0; i < 1 || (f.twoFiles && i < 2); i++ {
					hdr := make(map[string][]string)
					disp := `form-data; name="file"`
					if f.fileName != "-" {
						disp += fmt.Sprintf(`; filename="%s"`, f.fileName)
					}
					hdr["Content-Disposition"] = []string{disp}
					hdr["Content-Type"] = []string{"application/octet-stream"}
					pw2, err := w.CreatePart(hdr)
					if err != nil {
						return err
					}
					src := f.file
					if src == nil || i > 0 {
						src = strings.NewReader("file content")
					}
					if _, err := io.Copy(pw2, src); err != nil {
						return err
					}
				}
			}
			for _, kv := range f.after {
				if err := w.WriteField(kv[0], kv[1]); err != nil {
					return err
				}
			}
			return w.Close()
		}()
		pw.CloseWithError(err)
	}()
	ct := w.FormDataContentType()
	if f.contentType != "" {
		ct = f.contentType
	}
	return pr, ct
}

// post sends the form to a bucket URL without following redirects.
func (f pf) post(t testing.TB, bucket string) *psResp {
	t.Helper()
	return f.postTo(t, shared.URL+"/"+bucket)
}

var noRedirect = &http.Client{Timeout: 5 * time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (f pf) postTo(t testing.TB, u string) *psResp {
	t.Helper()
	body, ct := f.body()
	r, err := http.NewRequest("POST", u, body)
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", ct)
	resp, err := noRedirect.Do(r)
	if err != nil {
		t.Fatalf("POST %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := &psResp{Status: resp.StatusCode, Header: resp.Header, Body: string(b), Extra: map[string]string{}}
	if resp.StatusCode >= 300 && len(b) > 0 {
		out.Code, out.Msg, out.Extra = parseErrorDoc(b)
	}
	return out
}

func absent(t testing.TB, c *s3.Client, b, k string) {
	t.Helper()
	if _, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: &k}); err == nil {
		t.Fatalf("%s/%s was stored", b, k)
	}
}

// A SigV4 form upload: ${filename}, standard headers, metadata, tagging,
// the default 204, then 200, 201 with PostResponse, and 303 redirects.
func TestPostUpload(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	p := with(hour(), append(basicConds(b, "uploads/"),
		[]string{"starts-with", "$Content-Type", "text/"},
		map[string]string{"x-amz-meta-note": "from a form"},
		[]string{"starts-with", "$tagging", ""},
		[]string{"starts-with", "$Cache-Control", ""},
		[]string{"content-length-range", "1", "1048576"})...)
	tagging := `<Tagging><TagSet><Tag><Key>src</Key><Value>form</Value></Tag></TagSet></Tagging>`
	f := pf{fields: fields([][2]string{{"key", "uploads/${filename}"}, {"Content-Type", "text/plain"},
		{"x-amz-meta-note", "from a form"}, {"tagging", tagging}, {"Cache-Control", "max-age=60"}},
		signV4Form(aliceAcct, p, time.Now())), fileName: `C:\Users\me\notes.txt`, file: strings.NewReader("posted text"),
		after: [][2]string{{"submit", "Upload"}}}
	r := f.post(t, b)
	if r.Status != 204 || r.Body != "" {
		t.Fatalf("POST: %d %s", r.Status, r.Body)
	}
	etag := quoted(md5hex([]byte("posted text")))
	if r.Header.Get("ETag") != etag || r.Header.Get("Location") != shared.URL+"/"+b+"/uploads%2Fnotes.txt" {
		t.Fatalf("204 headers: %v", r.Header)
	}
	out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("uploads/notes.txt")})
	must(t, err)
	if got := readAll(t, out.Body); got != "posted text" || aws.ToString(out.ContentType) != "text/plain" ||
		out.Metadata["note"] != "from a form" || aws.ToString(out.CacheControl) != "max-age=60" || aws.ToString(out.ETag) != etag {
		t.Fatalf("stored object: %q %+v", got, out)
	}
	tags, err := c.GetObjectTagging(ctx(t), &s3.GetObjectTaggingInput{Bucket: &b, Key: aws.String("uploads/notes.txt")})
	must(t, err)
	if len(tags.TagSet) != 1 || aws.ToString(tags.TagSet[0].Value) != "form" {
		t.Fatalf("tags: %+v", tags.TagSet)
	}

	// success_action_status 200 and 201.
	p2 := with(hour(), append(basicConds(b, "s/"), []string{"starts-with", "$success_action_status", ""})...)
	r = pf{fields: fields([][2]string{{"key", "s/200"}, {"success_action_status", "200"}}, signV4Form(aliceAcct, p2, time.Now()))}.post(t, b)
	if r.Status != 200 || r.Body != "" {
		t.Fatalf("200: %d %s", r.Status, r.Body)
	}
	r = pf{fields: fields([][2]string{{"key", "s/a b+c"}, {"success_action_status", "201"}}, signV4Form(aliceAcct, p2, time.Now())),
		file: strings.NewReader("x")}.post(t, b)
	var pr struct {
		XMLName                     xml.Name `xml:"PostResponse"`
		Location, Bucket, Key, ETag string
	}
	if r.Status != 201 || xml.Unmarshal([]byte(r.Body), &pr) != nil {
		t.Fatalf("201: %d %s", r.Status, r.Body)
	}
	if pr.Bucket != b || pr.Key != "s/a b+c" || pr.ETag != quoted(md5hex([]byte("x"))) || pr.Location != shared.URL+"/"+b+"/s%2Fa%20b+c" {
		t.Fatalf("PostResponse: %+v", pr)
	}
	// Any other value is the default 204.
	r = pf{fields: fields([][2]string{{"key", "s/404"}, {"success_action_status", "404"}}, signV4Form(aliceAcct, p2, time.Now()))}.post(t, b)
	if r.Status != 204 {
		t.Fatalf("status 404 asked: %d %s", r.Status, r.Body)
	}

	// success_action_redirect: 303 with bucket, key and etag added to a
	// query the URL may have; a relative URL is ignored.
	p3 := with(hour(), append(basicConds(b, "r/"), []string{"starts-with", "$success_action_redirect", "http"})...)
	p4 := with(hour(), append(basicConds(b, "r/"), []string{"starts-with", "$redirect", ""})...)
	r = pf{fields: fields([][2]string{{"key", "r/one"}, {"success_action_redirect", "https://app.example/done?from=form"}}, signV4Form(aliceAcct, p3, time.Now())),
		file: strings.NewReader("y")}.post(t, b)
	want := "https://app.example/done?from=form&bucket=" + b + "&key=r%2Fone&etag=%22" + md5hex([]byte("y")) + "%22"
	if r.Status != 303 || r.Header.Get("Location") != want {
		t.Fatalf("303: %d %q, want %q", r.Status, r.Header.Get("Location"), want)
	}
	r = pf{fields: fields([][2]string{{"key", "r/two"}, {"redirect", "http://app.example/legacy"}}, signV4Form(aliceAcct, p4, time.Now()))}.post(t, b)
	if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "http://app.example/legacy?bucket=") {
		t.Fatalf("legacy redirect: %d %v", r.Status, r.Header)
	}
	r = pf{fields: fields([][2]string{{"key", "r/three"}, {"success_action_redirect", "http:relative"}}, signV4Form(aliceAcct, p3, time.Now()))}.post(t, b)
	if r.Status != 204 {
		t.Fatalf("unusable redirect: %d %v", r.Status, r.Header)
	}
}

// Field names are case-insensitive; a file part without a filename keeps
// ${filename} literally; fields after the file are ignored; SigV2 forms.
func TestPostFormVariants(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	sig := signV4Form(aliceAcct, with(hour(), basicConds(b, "")...), time.Now())
	upper := make([][2]string, len(sig))
	for i, kv := range sig {
		name := kv[0]
		switch name {
		case "policy":
			name = "Policy"
		default:
			parts := strings.Split(name, "-")
			for i, p := range parts {
				parts[i] = strings.ToUpper(p[:1]) + p[1:]
			}
			name = strings.Join(parts, "-")
		}
		upper[i] = [2]string{name, kv[1]}
	}
	if r := (pf{fields: fields([][2]string{{"Key", "Upper"}}, upper)}).post(t, b); r.Status != 204 {
		t.Fatalf("capitalized fields: %d %s", r.Status, r.Body)
	}
	if r := (pf{fields: fields([][2]string{{"key", "lit-${filename}"}}, sig), fileName: "-"}).post(t, b); r.Status != 204 {
		t.Fatalf("no filename: %d %s", r.Status, r.Body)
	}
	if got := listAllV2(t, c, b, "lit-"); len(got) != 1 || got[0] != "lit-${filename}" {
		t.Fatalf("keys %q", got)
	}
	// Fields after the file are neither checked nor used.
	r := pf{fields: fields([][2]string{{"key", "after"}}, sig), after: [][2]string{{"x-amz-meta-late", "1"}, {"Content-Type", "text/html"}}}.post(t, b)
	if r.Status != 204 {
		t.Fatalf("fields after the file: %d %s", r.Status, r.Body)
	}
	h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("after")})
	must(t, err)
	if len(h.Metadata) != 0 || aws.ToString(h.ContentType) != "binary/octet-stream" {
		t.Fatalf("late fields applied: %+v", h)
	}
	// SigV2: AWSAccessKeyId and signature (base64 HMAC-SHA1 of the policy).
	r = pf{fields: fields([][2]string{{"key", "v2"}}, signV2Form(aliceAcct, with(hour(), basicConds(b, "")...))), file: strings.NewReader("sigv2")}.post(t, b)
	if r.Status != 204 || string(get(t, c, b, "v2")) != "sigv2" {
		t.Fatalf("SigV2 form: %d %s", r.Status, r.Body)
	}
	// x-ignore-* fields need no condition.
	r = pf{fields: fields([][2]string{{"key", "ign"}, {"x-ignore-tracking", "42"}}, sig)}.post(t, b)
	if r.Status != 204 {
		t.Fatalf("x-ignore field: %d %s", r.Status, r.Body)
	}
}

// The file streams to storage: a 40 MiB upload, and content-length-range
// bounds checked while it streams.
func TestPostLargeFile(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	data := randBytes(7, 40<<20)
	sig := signV4Form(aliceAcct, with(hour(), append(basicConds(b, ""), []any{"content-length-range", 1, 64 << 20})...), time.Now())
	r := pf{fields: fields([][2]string{{"key", "big"}}, sig), file: bytes.NewReader(data)}.post(t, b)
	if r.Status != 204 || r.Header.Get("ETag") != quoted(md5hex(data)) {
		t.Fatalf("large POST: %d %s", r.Status, r.Body)
	}
	if got := get(t, c, b, "big"); !bytes.Equal(got, data) {
		t.Fatalf("large POST stored %d bytes, differing", len(got))
	}
	sig = signV4Form(aliceAcct, with(hour(), append(basicConds(b, ""), []any{"content-length-range", 0, 10 << 20})...), time.Now())
	r = pf{fields: fields([][2]string{{"key", "too-big"}}, sig), file: bytes.NewReader(data)}.post(t, b)
	r.want(t, 400, "EntityTooLarge")
	if r.Extra["ProposedSize"] != fmt.Sprint(len(data)) || r.Extra["MaxSizeAllowed"] != fmt.Sprint(10<<20) {
		t.Fatalf("EntityTooLarge elements: %v", r.Extra)
	}
	absent(t, c, b, "too-big")
}

// postCase is one form that a policy must refuse.
type postCase struct {
	name   string
	conds  []any       // conditions besides bucket and key prefix "k/"
	fields [][2]string // fields besides key, signature fields
	file   string
	status int
	code   string
	msg    string // a prefix of the message, if set
}

// Each kind of condition, broken: the form is refused with S3's error and
// nothing is stored.
func TestPostPolicyConditions(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	other := newBucket(t, c)
	sum := sha256.Sum256([]byte("file content"))
	sha := base64.StdEncoding.EncodeToString(sum[:])
	failed := "Invalid according to Policy: Policy Condition failed: "
	cases := []postCase{
		{name: "key eq", conds: []any{map[string]string{"key": "k/exact"}}, status: 403, code: "AccessDenied", msg: failed + `["eq", "$key", "k/exact"]`},
		{name: "key starts-with", conds: []any{[]string{"starts-with", "$key", "k/mine/"}}, status: 403, code: "AccessDenied", msg: failed + `["starts-with", "$key", "k/mine/"]`},
		{name: "bucket", conds: []any{map[string]string{"bucket": other}}, status: 403, code: "AccessDenied", msg: failed + `["eq", "$bucket", "` + other + `"]`},
		{name: "acl", conds: []any{map[string]string{"acl": "bucket-owner-full-control"}}, fields: [][2]string{{"acl", "public-read"}}, status: 403, code: "AccessDenied", msg: failed + `["eq", "$acl", "bucket-owner-full-control"]`},
		{name: "Content-Type", conds: []any{[]string{"starts-with", "$Content-Type", "image/"}}, fields: [][2]string{{"Content-Type", "text/html"}}, status: 403, code: "AccessDenied", msg: failed + `["starts-with", "$Content-Type", "image/"]`},
		{name: "Content-Type list", conds: []any{[]string{"starts-with", "$Content-Type", "image/"}}, fields: [][2]string{{"Content-Type", "image/png,text/html"}}, status: 403, code: "AccessDenied"},
		{name: "x-amz-meta", conds: []any{map[string]string{"x-amz-meta-owner": "alice"}}, fields: [][2]string{{"x-amz-meta-owner", "mallory"}}, status: 403, code: "AccessDenied", msg: failed + `["eq", "$x-amz-meta-owner", "alice"]`},
		{name: "x-amz-meta starts-with", conds: []any{[]string{"starts-with", "$x-amz-meta-tag", "ok-"}}, fields: [][2]string{{"x-amz-meta-tag", "bad"}}, status: 403, code: "AccessDenied"},
		{name: "success_action_status", conds: []any{map[string]string{"success_action_status": "201"}}, fields: [][2]string{{"success_action_status", "200"}}, status: 403, code: "AccessDenied"},
		{name: "success_action_redirect", conds: []any{[]string{"starts-with", "$success_action_redirect", "https://app.example/"}}, fields: [][2]string{{"success_action_redirect", "https://evil.example/"}}, status: 403, code: "AccessDenied"},
		{name: "server-side-encryption", conds: []any{map[string]string{"x-amz-server-side-encryption": "AES256"}}, fields: [][2]string{{"x-amz-server-side-encryption", "aws:kms"}}, status: 403, code: "AccessDenied"},
		{name: "checksum", conds: []any{map[string]string{"x-amz-checksum-sha256": base64.StdEncoding.EncodeToString(make([]byte, 32))}}, fields: [][2]string{{"x-amz-checksum-sha256", sha}}, status: 403, code: "AccessDenied"},
		{name: "security token absent", conds: []any{map[string]string{"x-amz-security-token": "tok"}}, status: 403, code: "AccessDenied", msg: failed + `["eq", "$x-amz-security-token", "tok"]`},
		{name: "credential", conds: []any{map[string]string{"x-amz-credential": "AKIAOTHER/20200101/us-east-1/s3/aws4_request"}}, status: 403, code: "AccessDenied"},
		{name: "algorithm", conds: []any{[]string{"eq", "$x-amz-algorithm", "AWS4-ECDSA-P256-SHA256"}}, status: 403, code: "AccessDenied"},
		{name: "date", conds: []any{map[string]string{"x-amz-date": "20200101T000000Z"}}, status: 403, code: "AccessDenied"},
		{name: "absent field, empty prefix", conds: []any{[]string{"starts-with", "$Content-Disposition", ""}}, status: 403, code: "AccessDenied", msg: failed + `["starts-with", "$Content-Disposition", ""]`},
		{name: "extra field", fields: [][2]string{{"x-amz-meta-extra", "1"}}, status: 403, code: "AccessDenied", msg: "Invalid according to Policy: Extra input fields: x-amz-meta-extra"},
		{name: "extra standard field", fields: [][2]string{{"Content-Type", "text/plain"}}, status: 403, code: "AccessDenied", msg: "Invalid according to Policy: Extra input fields: Content-Type"},
		{name: "too large", conds: []any{[]any{"content-length-range", 1, 5}}, status: 400, code: "EntityTooLarge", msg: "Your proposed upload exceeds the maximum allowed size"},
		{name: "too small", conds: []any{[]any{"content-length-range", 100, 200}}, status: 400, code: "EntityTooSmall", msg: "Your proposed upload is smaller than the minimum allowed size"},
		{name: "range of text", conds: []any{[]any{"content-length-range", "test", "10"}}, status: 403, code: "AccessDenied", msg: failed + `["content-length-range", "test", "10"]`},
		{name: "checksum value wrong", conds: []any{[]string{"starts-with", "$x-amz-checksum-sha256", ""}}, fields: [][2]string{{"x-amz-checksum-sha256", base64.StdEncoding.EncodeToString(make([]byte, 32))}}, status: 400, code: "BadDigest"},
		{name: "Content-MD5 wrong", conds: []any{[]string{"starts-with", "$Content-MD5", ""}}, fields: [][2]string{{"Content-MD5", base64.StdEncoding.EncodeToString(make([]byte, 16))}}, status: 400, code: "BadDigest"},
	}
	for i, cs := range cases {
		key := fmt.Sprintf("k/%d", i)
		p := with(hour(), append(basicConds(b, "k/"), cs.conds...)...)
		r := pf{fields: fields([][2]string{{"key", key}}, cs.fields, signV4Form(aliceAcct, p, time.Now()))}.post(t, b)
		if r.Status != cs.status || r.Code != cs.code || !strings.HasPrefix(r.Msg, cs.msg) {
			t.Errorf("%s: got %d %s %q, want %d %s %q", cs.name, r.Status, r.Code, r.Msg, cs.status, cs.code, cs.msg)
		}
		absent(t, c, b, key)
	}
	// The same conditions, met, pass.
	p := with(hour(), append(basicConds(b, "k/"), map[string]string{"x-amz-meta-owner": "alice"},
		map[string]string{"x-amz-server-side-encryption": "AES256"}, map[string]string{"x-amz-checksum-sha256": sha},
		map[string]string{"success_action_status": "201"}, []string{"starts-with", "$Content-Type", "image/"})...)
	r := pf{fields: fields([][2]string{{"key", "k/ok"}, {"x-amz-meta-owner", "alice"}, {"x-amz-server-side-encryption", "AES256"},
		{"x-amz-checksum-sha256", sha}, {"success_action_status", "201"}, {"Content-Type", "image/png, image/gif"}},
		signV4Form(aliceAcct, p, time.Now()))}.post(t, b)
	if r.Status != 201 {
		t.Fatalf("conditions met: %d %s", r.Status, r.Body)
	}
	// Expired.
	old := ppolicy{exp: time.Now().Add(-time.Minute), conds: basicConds(b, "k/")}
	r = pf{fields: fields([][2]string{{"key", "k/expired"}}, signV4Form(aliceAcct, old, time.Now()))}.post(t, b)
	r.want(t, 403, "AccessDenied")
	if r.Msg != "Invalid according to Policy: Policy expired." {
		t.Fatalf("expired: %s", r.Msg)
	}
	// A SigV4 signature lives a week at most, like its signing key.
	r = pf{fields: fields([][2]string{{"key", "k/stale"}}, signV4Form(aliceAcct, with(hour(), basicConds(b, "k/")...), time.Now().Add(-8*24*time.Hour)))}.post(t, b)
	r.want(t, 403, "AccessDenied")
	if r.Msg != "Invalid according to Policy: Policy expired." {
		t.Fatalf("week-old signature: %s", r.Msg)
	}
	absent(t, c, b, "k/stale")
}

// A signed policy document that S3 cannot read: InvalidPolicyDocument.
func TestPostInvalidPolicy(t *testing.T) {
	t.Parallel()
	b := newBucket(t, alice())
	for doc, msg := range map[string]string{
		`{"expiration": "2030-01-01T00:00:00Z", "conditions": [`: "Invalid Policy: Invalid JSON.",
		`{"conditions": []}`:                                                                       "Invalid Policy: Policy missing expiration.",
		`{"expiration": "2030-01-01T00:00:00Z"}`:                                                   "Invalid Policy: Policy missing conditions.",
		`{"expiration": "2030-01-01 00:00:00", "conditions": []}`:                                  "Invalid Policy: Invalid 'expiration' value: '2030-01-01 00:00:00'",
		`{"expiration": "2030-01-01T00:00:00Z", "conditions": [{"success_action_status": 201}]}`:   "Invalid Policy: Invalid Simple-Condition: value must be a string.",
		`{"expiration": "2030-01-01T00:00:00Z", "conditions": [["ends-with", "$key", "x"]]}`:       "Invalid Policy: Invalid Condition: unknown operation 'ends-with'.",
		`{"expiration": "2030-01-01T00:00:00Z", "conditions": [["content-length-range", -1, 10]]}`: "Invalid Policy: Invalid content-length-range: negative value.",
	} {
		date := time.Now().UTC().Format("20060102T150405Z")
		cred := aliceAcct.AccessKey + "/" + date[:8] + "/us-east-1/s3/aws4_request"
		pol := base64.StdEncoding.EncodeToString([]byte(doc))
		sig := postpolicy.SignV4(sigv4.DeriveSigningKey(aliceAcct.SecretKey, date[:8], "us-east-1", "s3"), pol)
		r := pf{fields: [][2]string{{"key", "x"}, {"x-amz-algorithm", "AWS4-HMAC-SHA256"}, {"x-amz-credential", cred},
			{"x-amz-date", date}, {"policy", pol}, {"x-amz-signature", sig}}}.post(t, b)
		if r.Status != 400 || r.Code != "InvalidPolicyDocument" || r.Msg != msg {
			t.Errorf("%s: %d %s %q, want %q", doc, r.Status, r.Code, r.Msg, msg)
		}
	}
}

// Authentication of the form: signatures, keys, required fields, the form
// itself; and authorization of s3:PutObject on the form's key.
func TestPostAuthentication(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	p := with(hour(), basicConds(b, "")...)
	good := func() [][2]string { return signV4Form(aliceAcct, p, time.Now()) }
	set := func(fs [][2]string, name, value string) [][2]string {
		out := append([][2]string(nil), fs...)
		for i := range out {
			if out[i][0] == name {
				out[i][1] = value
			}
		}
		return out
	}
	drop := func(fs [][2]string, name string) [][2]string {
		var out [][2]string
		for _, kv := range fs {
			if kv[0] != name {
				out = append(out, kv)
			}
		}
		return out
	}
	key := [][2]string{{"key", "a"}}

	// A signature over another policy, and a truncated policy.
	g := good()
	r := pf{fields: fields(key, set(g, "x-amz-signature", strings.Repeat("ab", 32)))}.post(t, b)
	r.want(t, 403, "SignatureDoesNotMatch")
	var pol string
	for _, kv := range g {
		if kv[0] == "policy" {
			pol = kv[1]
		}
	}
	r = pf{fields: fields(key, set(g, "policy", pol[:len(pol)-4]))}.post(t, b)
	r.want(t, 403, "SignatureDoesNotMatch")
	if r.Extra["StringToSign"] != pol[:len(pol)-4] || r.Extra["AWSAccessKeyId"] != aliceAcct.AccessKey {
		t.Fatalf("SignatureDoesNotMatch elements: %v", r.Extra)
	}
	// Unknown key, wrong secret.
	stranger := harness.Account{AccessKey: "AKIANOSUCHKEY0000001", SecretKey: "nosuchsecretnosuchsecret"}
	pf{fields: fields(key, signV4Form(stranger, p, time.Now()))}.post(t, b).want(t, 403, "InvalidAccessKeyId")
	wrong := aliceAcct
	wrong.SecretKey = "not-alices-secret-0123456789"
	pf{fields: fields(key, signV4Form(wrong, p, time.Now()))}.post(t, b).want(t, 403, "SignatureDoesNotMatch")
	pf{fields: fields(key, signV2Form(wrong, p))}.post(t, b).want(t, 403, "SignatureDoesNotMatch")
	// Missing fields name the field.
	for _, f := range []string{"x-amz-signature", "x-amz-credential", "policy"} {
		r := pf{fields: fields(key, drop(good(), f))}.post(t, b)
		r.want(t, 400, "InvalidArgument")
		if !strings.Contains(r.Msg, "Bucket POST must contain a field named") || !strings.EqualFold(r.Extra["ArgumentName"], f) {
			t.Errorf("missing %s: %s %v", f, r.Msg, r.Extra)
		}
	}
	r = pf{fields: good()}.post(t, b)
	r.want(t, 400, "InvalidArgument")
	if r.Extra["ArgumentName"] != "key" {
		t.Fatalf("missing key: %v", r.Extra)
	}
	// The key after the file is as good as missing.
	r = pf{fields: good(), after: key}.post(t, b)
	r.want(t, 400, "InvalidArgument")
	// A credential for another region; a malformed date.
	r = pf{fields: fields(key, set(good(), "x-amz-credential", aliceAcct.AccessKey+"/"+time.Now().UTC().Format("20060102")+"/eu-west-1/s3/aws4_request"))}.post(t, b)
	r.want(t, 400, "InvalidArgument")
	if r.Extra["Region"] != "us-east-1" {
		t.Fatalf("region error: %v", r.Extra)
	}
	pf{fields: fields(key, set(good(), "x-amz-date", "yesterday"))}.post(t, b).want(t, 400, "InvalidArgument")
	// The form itself.
	r = pf{fields: fields(key, good()), noFile: true}.post(t, b)
	r.want(t, 400, "InvalidArgument")
	if r.Msg != "POST requires exactly one file upload per request." || r.Extra["ArgumentName"] != "file" {
		t.Fatalf("no file: %s %v", r.Msg, r.Extra)
	}
	pf{fields: fields([][2]string{{"key", "two"}}, good()), twoFiles: true}.post(t, b).want(t, 400, "IncorrectNumberOfFilesInPostRequest")
	absent(t, c, b, "two")
	r = pf{fields: fields(key, good()), contentType: "application/x-www-form-urlencoded"}.post(t, b)
	r.want(t, 412, "PreconditionFailed")
	pf{fields: fields(key, good()), contentType: "multipart/form-data"}.post(t, b).want(t, 400, "MalformedPOSTRequest")
	r = pf{fields: fields(key, [][2]string{{"x-ignore-padding", strings.Repeat("p", 21000)}}, good())}.post(t, b)
	r.want(t, 400, "MaxPostPreDataLengthExceeded")

	// Bob signs a perfect form for Alice's bucket: authorization refuses it.
	pb := with(hour(), basicConds(b, "")...)
	pf{fields: fields([][2]string{{"key", "by-bob"}}, signV4Form(bobAcct, pb, time.Now()))}.post(t, b).want(t, 403, "AccessDenied")
	absent(t, c, b, "by-bob")
	// A form without credentials is anonymous: denied on a private bucket.
	pf{fields: [][2]string{{"key", "anon"}}}.post(t, b).want(t, 403, "AccessDenied")
	// A bucket that does not exist (the policy names it).
	pn := with(hour(), basicConds(b+"-none", "")...)
	pf{fields: fields(key, signV4Form(aliceAcct, pn, time.Now()))}.post(t, b+"-none").want(t, 404, "NoSuchBucket")
}

// A bucket policy decides POST uploads as it decides PUTs: anonymous POST
// works when the policy lets everyone put (as on AWS), and s3:authType is
// POST for form uploads.
func TestPostBucketPolicy(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	_, err := c.PutPublicAccessBlock(ctx(t), &s3.PutPublicAccessBlockInput{Bucket: &b, PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{
		BlockPublicAcls: aws.Bool(false), IgnorePublicAcls: aws.Bool(false), BlockPublicPolicy: aws.Bool(false), RestrictPublicBuckets: aws.Bool(false)}})
	must(t, err)
	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::%[1]s/drop/*"},
		{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::%[1]s/no-post/*","Condition":{"StringEquals":{"s3:authType":"POST"}}}]}`, b)
	_, err = c.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &b, Policy: &policy})
	must(t, err)
	r := pf{fields: [][2]string{{"key", "drop/${filename}"}, {"Content-Type", "text/plain"}}, fileName: "anon.txt", file: strings.NewReader("anonymous")}.post(t, b)
	if r.Status != 204 || string(get(t, c, b, "drop/anon.txt")) != "anonymous" {
		t.Fatalf("anonymous POST: %d %s", r.Status, r.Body)
	}
	pf{fields: [][2]string{{"key", "elsewhere"}}}.post(t, b).want(t, 403, "AccessDenied")
	// Alice's own signed form under the Deny on POST.
	p := with(hour(), basicConds(b, "")...)
	pf{fields: fields([][2]string{{"key", "no-post/x"}}, signV4Form(aliceAcct, p, time.Now()))}.post(t, b).want(t, 403, "AccessDenied")
	put(t, c, b, "no-post/x", []byte("a PUT is not a POST"))
}

// A form signed with temporary credentials carries x-amz-security-token,
// which its policy must name.
func TestPostSessionToken(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	st, body := queryCall(t, "sts", aliceAcct.AccessKey, aliceAcct.SecretKey, "", "Action", "GetSessionToken", "Version", "2011-06-15")
	if st != 200 || xmlField(body, "SessionToken") == "" {
		t.Skipf("STS has not landed (GetSessionToken answered %d): a form from a session token needs it", st)
	}
	tmp := harness.Account{AccessKey: xmlField(body, "AccessKeyId"), SecretKey: xmlField(body, "SecretAccessKey")}
	token := xmlField(body, "SessionToken")
	p := with(hour(), append(basicConds(b, ""), map[string]string{"x-amz-security-token": token})...)
	r := pf{fields: fields([][2]string{{"key", "tmp"}, {"x-amz-security-token", token}}, signV4Form(tmp, p, time.Now()))}.post(t, b)
	if r.Status != 204 {
		t.Fatalf("session form: %d %s", r.Status, r.Body)
	}
	// Without the token the temporary key is unknown.
	p = with(hour(), basicConds(b, "")...)
	r = pf{fields: fields([][2]string{{"key", "tmp2"}}, signV4Form(tmp, p, time.Now()))}.post(t, b)
	if r.Status != 403 {
		t.Fatalf("session key without token: %d %s", r.Status, r.Body)
	}
}
