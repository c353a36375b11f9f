package e2e

import (
	"bytes"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// vhostEndpoint is the shared server's endpoint under --domain.
func vhostEndpoint() string {
	_, port, _ := net.SplitHostPort(shared.Addr)
	return "http://" + testDomain + ":" + port
}

// vhostClient addresses buckets as BUCKET.localhost:PORT. Names under
// localhost need not resolve, so the HTTP client dials the server whatever
// the host (as a wildcard DNS entry would).
func vhostClient(a harness.Account, hc *http.Client) *s3.Client {
	return shared.Client(a, sdkDefaults, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(vhostEndpoint())
		o.UsePathStyle = false
		o.HTTPClient = hc
	})
}

// hostRecorder remembers the Host of every request.
type hostRecorder struct {
	rt    http.RoundTripper
	hosts []string
}

func (h *hostRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	h.hosts = append(h.hosts, r.URL.Host)
	return h.rt.RoundTrip(r)
}

func TestVirtualHostedStyle(t *testing.T) {
	t.Parallel()
	rec := &hostRecorder{rt: shared.AnyHostHTTPClient().Transport}
	c := vhostClient(harness.Alice, &http.Client{Transport: rec})
	b := bucketName(t)
	_, port, _ := net.SplitHostPort(shared.Addr)
	_, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &b})
	must(t, err)
	if want := b + "." + testDomain + ":" + port; len(rec.hosts) == 0 || rec.hosts[len(rec.hosts)-1] != want {
		t.Fatalf("SDK used host %v, want %s", rec.hosts, want)
	}
	_, err = c.HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: &b})
	must(t, err)
	keys := []string{"plain", "dir/with space/ü", "a+b=c&d", "dir/../dot"}
	for _, k := range keys {
		put(t, c, b, k, []byte("v:"+k))
	}
	for _, k := range keys {
		if got := get(t, c, b, k); string(got) != "v:"+k {
			t.Fatalf("GET %q = %q", k, got)
		}
		// The same object through path style.
		if got := get(t, alice(), b, k); string(got) != "v:"+k {
			t.Fatalf("path-style GET %q = %q", k, got)
		}
	}
	if l := listAllV2(t, c, b, ""); !equalStrings(l, sortedCopy(keys)) {
		t.Fatalf("vhost listing %q", l)
	}
	_, err = c.GetBucketLocation(ctx(t), &s3.GetBucketLocationInput{Bucket: &b})
	must(t, err)
	enableVersioning(t, c, b)
	_, err = c.CopyObject(ctx(t), &s3.CopyObjectInput{Bucket: &b, Key: aws.String("copy"), CopySource: copySource(b, "dir/with space/ü")})
	must(t, err)
	m := startMPU(t, c, b, "mpu")
	cp := m.part(1, []byte("multipart via vhost"))
	_, err = m.complete(cp)
	must(t, err)
	if got := get(t, c, b, "mpu"); string(got) != "multipart via vhost" {
		t.Fatalf("mpu = %q", got)
	}
	_, err = c.DeleteObjects(ctx(t), &s3.DeleteObjectsInput{Bucket: &b, Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: aws.String("plain")}}}})
	must(t, err)
	_, err = c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &b, Key: aws.String("plain")})
	wantErr(t, err, "NotFound", 404)

	// Access rules are the same whatever the addressing.
	_, err = vhostClient(harness.Bob, shared.AnyHostHTTPClient()).GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("copy")})
	wantErr(t, err, "AccessDenied", 403)
	r := rawReq{Method: "GET", Path: "/copy", Host: b + "." + testDomain + ":" + port}.do(t)
	r.want(t, 403, "AccessDenied")

	t.Run("raw host header", func(t *testing.T) {
		for _, host := range []string{b + "." + testDomain + ":" + port, strings.ToUpper(b+"."+testDomain) + ":" + port} {
			r := rawReq{Method: "GET", Path: "/copy", Host: host, Account: acct(aliceAcct)}.do(t)
			r.want(t, 200, "")
			if string(r.Body) != "v:dir/with space/ü" {
				t.Fatalf("host %s: %q", host, r.Body)
			}
		}
		// The bare domain is path style.
		r := rawReq{Method: "GET", Path: "/" + b + "/copy", Host: testDomain + ":" + port, Account: acct(aliceAcct)}.do(t)
		r.want(t, 200, "")
		// A vhost request for a missing bucket.
		r = rawReq{Method: "GET", Path: "/k", Host: b + "-missing." + testDomain + ":" + port, Account: acct(aliceAcct)}.do(t)
		r.want(t, 404, "NoSuchBucket")
		// ListBuckets at the bare domain.
		r = rawReq{Method: "GET", Path: "/", Host: testDomain + ":" + port, Account: acct(aliceAcct)}.do(t)
		r.want(t, 200, "")
		if !bytes.Contains(r.Body, []byte("<Name>"+b+"</Name>")) {
			t.Fatal("ListBuckets at the domain does not list the bucket")
		}
	})
	t.Run("real resolver", func(t *testing.T) {
		if addrs, err := net.LookupHost(b + "." + testDomain); err != nil || len(addrs) == 0 {
			t.Skipf("%s.%s does not resolve here: %v", b, testDomain, err)
		}
		c := vhostClient(harness.Alice, &http.Client{})
		if got := get(t, c, b, "copy"); string(got) != "v:dir/with space/ü" {
			t.Fatalf("GET = %q", got)
		}
	})
}
