package e2e

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/coffer-s3/coffer/internal/sigv4"
)

func TestErrorDocument(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	r := rawReq{Method: "GET", Path: "/" + b + "/missing", Account: acct(aliceAcct)}.do(t)
	r.want(t, 404, "NoSuchKey")
	var doc struct {
		XMLName                            xml.Name
		Code, Message, Key, RequestId      string
		HostId, Resource, BucketName, Args string
	}
	must(t, xml.Unmarshal(r.Body, &doc))
	if doc.XMLName.Local != "Error" || doc.Message == "" || doc.Key != "missing" || doc.RequestId == "" {
		t.Fatalf("NoSuchKey document: %s", r.Body)
	}
	if r.Header.Get("X-Amz-Request-Id") != doc.RequestId || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("headers: request id %q content type %q", r.Header.Get("X-Amz-Request-Id"), r.Header.Get("Content-Type"))
	}
	r = rawReq{Method: "GET", Path: "/" + b + "-missing/k", Account: acct(aliceAcct)}.do(t)
	r.want(t, 404, "NoSuchBucket")
	doc.BucketName = ""
	must(t, xml.Unmarshal(r.Body, &doc))
	if doc.BucketName != b+"-missing" {
		t.Fatalf("NoSuchBucket document: %s", r.Body)
	}
	// HEAD errors carry no body.
	r = rawReq{Method: "HEAD", Path: "/" + b + "/missing", Account: acct(aliceAcct)}.do(t)
	if r.Status != 404 || len(r.Body) != 0 {
		t.Fatalf("HEAD error: %d with %d body bytes", r.Status, len(r.Body))
	}
}

func TestMalformedXML(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	m := startMPU(t, c, b, "k")
	bodies := []string{"", "not xml", "<VersioningConfiguration><Status>Enabled", "<Wrong/>", strings.Repeat("<a>", 10000)}
	cases := []struct {
		name, method, path, query string
		skipEmpty                 bool
	}{
		{"PutBucketVersioning", "PUT", "/" + b, "versioning", false},
		{"PutBucketTagging", "PUT", "/" + b, "tagging", false},
		{"PutObjectTagging", "PUT", "/" + b + "/k", "tagging", false},
		{"CompleteMultipartUpload", "POST", "/" + b + "/k", "uploadId=" + m.id, false},
		{"CreateBucket", "PUT", "/" + bucketName(t) + "-x", "", true},
	}
	for _, tc := range cases {
		for i, body := range bodies {
			if body == "" && tc.skipEmpty {
				continue // an empty CreateBucket body is valid
			}
			t.Run(fmt.Sprintf("%s %d", tc.name, i), func(t *testing.T) {
				r := rawReq{Method: tc.method, Path: tc.path, Query: tc.query, Account: acct(aliceAcct), Body: []byte(body)}.do(t)
				if r.Status != 400 || (r.Code != "MalformedXML" && r.Code != "MissingRequestBodyError" && r.Code != "MalformedACLError") {
					t.Fatalf("%d %s: %s", r.Status, r.Code, r.Body)
				}
			})
		}
	}
	// Nothing changed.
	v, err := c.GetBucketVersioning(ctx(t), &s3.GetBucketVersioningInput{Bucket: &b})
	must(t, err)
	if v.Status != "" {
		t.Fatalf("versioning changed to %q", v.Status)
	}
	_, err = c.GetBucketTagging(ctx(t), &s3.GetBucketTaggingInput{Bucket: &b})
	wantErr(t, err, "NoSuchTagSet", 404)
	lp, err := c.ListParts(ctx(t), &s3.ListPartsInput{Bucket: &b, Key: aws.String("k"), UploadId: &m.id})
	must(t, err)
	_ = lp
}

func TestBadRequests(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	put(t, c, b, "exists", []byte("x"))
	cases := []struct {
		name   string
		req    rawReq
		status int
		code   string
	}{
		{"invalid storage class", rawReq{Method: "PUT", Path: "/" + b + "/sc", Body: []byte("x"), Header: http.Header{"X-Amz-Storage-Class": {"FASTEST"}}}, 400, "InvalidStorageClass"},
		{"acl on a BucketOwnerEnforced bucket", rawReq{Method: "PUT", Path: "/" + b + "/acl", Body: []byte("x"), Header: http.Header{"X-Amz-Acl": {"public-read"}}}, 400, "AccessControlListNotSupported"},
		{"grant header", rawReq{Method: "PUT", Path: "/" + b + "/grant", Body: []byte("x"), Header: http.Header{"X-Amz-Grant-Read": {"uri=http://acs.amazonaws.com/groups/global/AllUsers"}}}, 400, "AccessControlListNotSupported"},
		{"part number not a number", rawReq{Method: "GET", Path: "/" + b + "/exists", Query: "partNumber=abc"}, 400, "InvalidArgument"},
		{"part number 0 on GET", rawReq{Method: "GET", Path: "/" + b + "/exists", Query: "partNumber=0"}, 400, "InvalidArgument"},
		{"part number beyond count", rawReq{Method: "GET", Path: "/" + b + "/exists", Query: "partNumber=2"}, 416, "InvalidPartNumber"},
		{"bad version id on delete", rawReq{Method: "DELETE", Path: "/" + b + "/exists", Query: "versionId=xyz"}, 400, "InvalidArgument"},
		{"method not allowed", rawReq{Method: "PATCH", Path: "/" + b + "/exists"}, 405, "MethodNotAllowed"},
		{"metadata far too large", rawReq{Method: "PUT", Path: "/" + b + "/bigmeta", Body: []byte("x"), Header: http.Header{"X-Amz-Meta-Big": {strings.Repeat("m", 8<<10)}}}, 400, "MetadataTooLarge"},
		// Past the server's header limit net/http answers 431 itself.
		{"headers too large", rawReq{Method: "PUT", Path: "/" + b + "/bighdr", Body: []byte("x"), Header: http.Header{"X-Amz-Meta-Big": {strings.Repeat("m", 100<<10)}}}, 431, ""},
		{"key too long", rawReq{Method: "PUT", Path: "/" + b + "/" + strings.Repeat("k", 1025), Body: []byte("x")}, 400, "KeyTooLongError"},
		{"if-none-match other than star on PUT", rawReq{Method: "PUT", Path: "/" + b + "/inm", Body: []byte("x"), Header: http.Header{"If-None-Match": {`"abc"`}}}, 501, "NotImplemented"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.Account = acct(aliceAcct)
			r := tc.req.do(t)
			if r.Status != tc.status || (tc.code != "" && r.Code != tc.code) {
				t.Fatalf("%d %q, want %d %q: %s", r.Status, r.Code, tc.status, tc.code, r.Body)
			}
		})
	}
	// None of the refused writes created anything.
	if l := listAllV2(t, c, b, ""); len(l) != 1 || l[0] != "exists" {
		t.Fatalf("keys after refused writes: %q", l)
	}
	if got := get(t, c, b, "exists"); string(got) != "x" {
		t.Fatal("exists changed")
	}
	// An unimplemented sub-resource never falls through to an object write.
	for _, sub := range []string{"acl", "torrent", "retention", "legal-hold", "restore", "select"} {
		r := rawReq{Method: "PUT", Path: "/" + b + "/sub-" + sub, Query: sub, Account: acct(aliceAcct), Body: []byte("<x/>")}.do(t)
		if r.Status == 200 {
			t.Errorf("PUT ?%s answered 200", sub)
		}
		h := rawReq{Method: "HEAD", Path: "/" + b + "/sub-" + sub, Account: acct(aliceAcct)}.do(t)
		if h.Status != 404 {
			t.Errorf("PUT ?%s created an object", sub)
		}
	}
}

// rawHTTP writes a request by hand on a TCP connection (to send bodies
// shorter than their Content-Length, or none), half-closes it, and returns
// the response, or nil when the server just closed the connection.
func rawHTTP(t *testing.T, req *http.Request, body []byte) *http.Response {
	t.Helper()
	conn, err := net.DialTimeout("tcp", shared.Addr, 5*time.Second)
	must(t, err)
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	var head bytes.Buffer
	fmt.Fprintf(&head, "%s %s HTTP/1.1\r\nHost: %s\r\n", req.Method, req.URL.RequestURI(), req.Host)
	req.Header.Write(&head)
	head.WriteString("\r\n")
	conn.Write(head.Bytes())
	conn.Write(body)
	conn.(*net.TCPConn).CloseWrite()
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		return nil
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp
}

// TestTruncatedBodies sends fewer bytes than Content-Length and closes the
// connection: nothing may be stored, inline or blob.
func TestTruncatedBodies(t *testing.T) {
	t.Parallel()
	c := alice()
	b := newBucket(t, c)
	put(t, c, b, "old-large", randBytes(3, 100<<10))
	for _, tc := range []struct {
		key        string
		size, sent int
	}{
		{"small", 1000, 500},
		{"small-empty", 1000, 0},
		{"large", 300 << 10, 200 << 10},
		{"old-large", 300 << 10, 299 << 10},
	} {
		t.Run(tc.key, func(t *testing.T) {
			data := randBytes(uint64(tc.size), tc.size)
			for _, payload := range []string{sigv4.UnsignedPayload, ""} {
				req, err := http.NewRequest("PUT", shared.URL+"/"+b+"/"+tc.key, nil)
				must(t, err)
				req.ContentLength = int64(tc.size)
				p := payload
				if p == "" {
					p = sha256hex(data)
				}
				sigv4.SignV4(req, aliceAcct.AccessKey, aliceAcct.SecretKey, "", shared.Region, "s3", p, time.Now())
				req.Header.Set("Content-Length", fmt.Sprint(tc.size))
				resp := rawHTTP(t, req, data[:tc.sent])
				if resp != nil && resp.StatusCode == 200 {
					t.Fatalf("truncated PUT answered 200")
				}
			}
			h, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String(tc.key)})
			if tc.key == "old-large" {
				must(t, err)
				if got := get(t, c, b, tc.key); !bytes.Equal(got, randBytes(3, 100<<10)) {
					t.Fatal("a truncated PUT damaged the previous object")
				}
				return
			}
			if err == nil {
				t.Fatalf("truncated PUT stored %d bytes", aws.ToInt64(h.ContentLength))
			}
			wantErr(t, err, "NotFound", 404)
		})
	}
	t.Run("missing content length", func(t *testing.T) {
		req, err := http.NewRequest("PUT", shared.URL+"/"+b+"/chunked", nil)
		must(t, err)
		sigv4.SignV4(req, aliceAcct.AccessKey, aliceAcct.SecretKey, "", shared.Region, "s3", sigv4.UnsignedPayload, time.Now())
		req.Header.Set("Transfer-Encoding", "chunked")
		resp := rawHTTP(t, req, []byte("5\r\nhello\r\n0\r\n\r\n"))
		if resp == nil || resp.StatusCode != 411 {
			t.Fatalf("PUT without Content-Length: %v", resp)
		}
		_, err = c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("chunked")})
		wantErr(t, err, "NotFound", 404)
	})
}
