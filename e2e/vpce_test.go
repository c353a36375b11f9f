package e2e

// VPC endpoints (issue #7). Each test starts its own server with a network
// configuration; clients choose their source address in 127.0.0.0/8 (a
// net.Dialer LocalAddr), which is how a request "comes from" a VPC.

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// netConfig is the --network-config document.
type netConfig struct {
	VPCs      []netVPC `json:"vpcs"`
	Endpoints []netEP  `json:"endpoints"`
	Trusted   []string `json:"trusted_proxies,omitempty"`
}

type netVPC struct {
	ID    string   `json:"id"`
	CIDRs []string `json:"cidrs"`
}

type netEP struct {
	ID      string          `json:"id"`
	VPC     string          `json:"vpc"`
	Owner   string          `json:"owner"`
	Type    string          `json:"type"`
	Listen  string          `json:"listen,omitempty"`
	TLSCert string          `json:"tls_cert,omitempty"`
	TLSKey  string          `json:"tls_key,omitempty"`
	Policy  json.RawMessage `json:"policy,omitempty"`
}

// vpcNet is a test's private networks: net is the second octet that keeps
// its addresses apart from other tests' (127.<net>.<vpc>.<host>).
type vpcNet struct {
	t    *testing.T
	net  int
	dir  string
	file string
	srv  *harness.Server
}

func newVPCNet(t *testing.T, net int) *vpcNet {
	d := t.TempDir()
	return &vpcNet{t: t, net: net, dir: d, file: filepath.Join(d, "network.json")}
}

// addr is 127.<net>.<vpc>.<host>.
func (v *vpcNet) addr(vpc, host int) string { return fmt.Sprintf("127.%d.%d.%d", v.net, vpc, host) }

func (v *vpcNet) cidr(vpc int) string { return fmt.Sprintf("127.%d.%d.0/24", v.net, vpc) }

// listen returns a free address on 127.<net>.<vpc>.1 for an interface
// endpoint.
func (v *vpcNet) listen(vpc int) string {
	h := v.addr(vpc, 1)
	return fmt.Sprintf("%s:%d", h, harness.FreePortOn(v.t, h))
}

func (v *vpcNet) write(c netConfig) {
	v.t.Helper()
	raw, err := json.Marshal(c)
	must(v.t, err)
	must(v.t, os.WriteFile(v.file, raw, 0o600))
}

func (v *vpcNet) start(c netConfig, args ...string) *harness.Server {
	v.t.Helper()
	v.write(c)
	v.srv = harness.Start(v.t, harness.Options{Args: append([]string{"--network-config", v.file}, args...)})
	return v.srv
}

// through returns a client of account a that reaches the listener at
// listen ("" for the public one) from source ("" for the default).
func (v *vpcNet) through(a harness.Account, listen, source string) *s3.Client {
	url := v.srv.URL
	if listen != "" {
		url = "http://" + listen
	}
	return harness.NetClient{URL: url, Source: source}.S3(v.srv, a)
}

const (
	vpcA = "vpc-0a0a0a0a"
	vpcB = "vpc-0b0b0b0b"
	epA  = "vpce-0aaaaaaaaaaaaaaa1"
	epB  = "vpce-0bbbbbbbbbbbbbbb1"
	gwA  = "vpce-0aaaaaaaaaaaaaaa2"
	epA3 = "vpce-0aaaaaaaaaaaaaaa3"
)

func rawPolicy(format string, a ...any) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(format, a...))
}

// onlyBucketPolicy is an endpoint policy allowing every S3 action on one
// bucket only.
func onlyBucketPolicy(bucket string) json.RawMessage {
	return rawPolicy(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"]}]}`, bucket, bucket)
}

func getBody(t *testing.T, c *s3.Client, bucket, key string) (string, error) {
	t.Helper()
	out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		return "", err
	}
	return readAll(t, out.Body), nil
}

func wantBody(t *testing.T, c *s3.Client, bucket, key, want string) {
	t.Helper()
	got, err := getBody(t, c, bucket, key)
	if err != nil {
		t.Fatalf("GetObject %s/%s: %v", bucket, key, err)
	}
	if got != want {
		t.Fatalf("GetObject %s/%s = %q, want %q", bucket, key, got, want)
	}
}

func wantDenied(t *testing.T, err error) {
	t.Helper()
	wantErr(t, err, "AccessDenied", 403)
}

func errMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return ""
}

func putPolicy(t *testing.T, c *s3.Client, bucket, doc string) {
	t.Helper()
	_, err := c.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &bucket, Policy: &doc})
	must(t, err)
}

// A bucket restricted by policy to one endpoint is readable through it
// and denied through the public listener and through another endpoint;
// the careless deny locks out even the owner's root user, whose recovery
// path (the bucket policy calls) stays open. Then the same with
// "only from vpc-A".
func TestVPCEBucketRestrictedToEndpoint(t *testing.T) {
	t.Parallel()
	v := newVPCNet(t, 81)
	la, lb := v.listen(1), v.listen(2)
	v.start(netConfig{
		VPCs: []netVPC{{vpcA, []string{v.cidr(1)}}, {vpcB, []string{v.cidr(2)}}},
		Endpoints: []netEP{
			{ID: epA, VPC: vpcA, Owner: harness.Alice.ID, Type: "Interface", Listen: la},
			{ID: epB, VPC: vpcB, Owner: harness.Alice.ID, Type: "Interface", Listen: lb},
		},
	})
	pub := v.through(harness.Alice, "", "")
	viaA := v.through(harness.Alice, la, v.addr(1, 10))
	viaB := v.through(harness.Alice, lb, v.addr(2, 10))
	bucket := newBucket(t, pub)
	put(t, pub, bucket, "k", []byte("secret"))

	putPolicy(t, pub, bucket, fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"OnlyThroughEndpointA","Effect":"Deny","Principal":"*","Action":"s3:*",
		"Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"],"Condition":{"StringNotEquals":{"aws:SourceVpce":"%s"}}}]}`, bucket, bucket, epA))
	wantBody(t, viaA, bucket, "k", "secret")
	put(t, viaA, bucket, "k2", []byte("written through A"))
	_, err := getBody(t, pub, bucket, "k")
	wantDenied(t, err)
	if !strings.Contains(errMessage(err), "explicit deny in a resource-based policy") {
		t.Fatalf("owner's denial message: %q", errMessage(err))
	}
	_, err = getBody(t, viaB, bucket, "k")
	wantDenied(t, err)
	_, err = pub.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: &bucket})
	wantDenied(t, err) // the lock-out: even the root user of the owner
	_, err = viaB.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &bucket, Key: aws.String("x"), Body: strings.NewReader("x")})
	wantDenied(t, err)

	// The root user's recovery path: the bucket policy calls stay open.
	got, err := pub.GetBucketPolicy(ctx(t), &s3.GetBucketPolicyInput{Bucket: &bucket})
	must(t, err)
	if !strings.Contains(aws.ToString(got.Policy), epA) {
		t.Fatalf("policy: %s", aws.ToString(got.Policy))
	}
	_, err = pub.DeleteBucketPolicy(ctx(t), &s3.DeleteBucketPolicyInput{Bucket: &bucket})
	must(t, err)
	wantBody(t, pub, bucket, "k2", "written through A")

	// "Allow only from vpc-A": either endpoint of vpc-A passes, vpc-B's
	// and the public listener do not.
	putPolicy(t, pub, bucket, fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject",
		"Resource":"arn:aws:s3:::%s/*","Condition":{"StringNotEquals":{"aws:SourceVpc":"%s"}}}]}`, bucket, vpcA))
	wantBody(t, viaA, bucket, "k", "secret")
	_, err = getBody(t, viaB, bucket, "k")
	wantDenied(t, err)
	_, err = getBody(t, pub, bucket, "k")
	wantDenied(t, err)
}

// An endpoint policy that allows only one bucket denies another bucket
// through that endpoint while the public listener still serves it; an
// explicit deny in it wins; S3 Control goes through the same gate.
func TestVPCEEndpointPolicy(t *testing.T) {
	t.Parallel()
	v := newVPCNet(t, 82)
	la := v.listen(1)
	allowed, other := bucketName(t)+"-a", bucketName(t)+"-b"
	v.start(netConfig{
		VPCs: []netVPC{{vpcA, []string{v.cidr(1)}}},
		Endpoints: []netEP{{ID: epA, VPC: vpcA, Owner: harness.Alice.ID, Type: "Interface", Listen: la,
			Policy: rawPolicy(`{"Version":"2012-10-17","Statement":[
				{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"]},
				{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}`, allowed, allowed)}},
	})
	pub := v.through(harness.Alice, "", "")
	via := v.through(harness.Alice, la, v.addr(1, 10))
	for _, b := range []string{allowed, other} {
		_, err := pub.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String(b)})
		must(t, err)
		put(t, pub, b, "k", []byte("in "+b))
	}
	wantBody(t, via, allowed, "k", "in "+allowed)
	put(t, via, allowed, "new", []byte("n"))
	_, err := getBody(t, via, other, "k")
	wantDenied(t, err)
	if !strings.Contains(errMessage(err), "because no VPC endpoint policy allows the s3:GetObject action") {
		t.Fatalf("denial message: %q", errMessage(err))
	}
	wantBody(t, pub, other, "k", "in "+other)
	_, err = via.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: aws.String(allowed), Key: aws.String("new")})
	wantDenied(t, err)
	if !strings.Contains(errMessage(err), "explicit deny in a VPC endpoint policy") {
		t.Fatalf("deny message: %q", errMessage(err))
	}
	_, err = via.ListBuckets(ctx(t), &s3.ListBucketsInput{})
	wantDenied(t, err) // ListAllMyBuckets is not in the endpoint policy
	// Bob has no access to Alice's buckets whatever the endpoint allows.
	_, err = getBody(t, v.through(harness.Bob, la, v.addr(1, 11)), allowed, "k")
	wantDenied(t, err)
	// S3 Control through the endpoint: the same gate (its policy names no
	// s3:ListAccessPoints on "*").
	ctl := harness.NetClient{URL: "http://" + la, Source: v.addr(1, 10)}.Control(v.srv, harness.Alice)
	_, err = ctl.ListAccessPoints(ctx(t), listAPs())
	wantDenied(t, err)
	_, err = v.srv.Control(harness.Alice).ListAccessPoints(ctx(t), listAPs())
	must(t, err)
}

// A gateway endpoint claims requests on the public listener by source
// address: from its VPC they carry it, from a VPC without one (or from
// anywhere else) they are public. aws:SourceIp conditions never match
// requests through an endpoint; aws:VpcSourceIp does.
func TestVPCEGatewayAttribution(t *testing.T) {
	t.Parallel()
	v := newVPCNet(t, 83)
	la := v.listen(1)
	v.start(netConfig{
		VPCs: []netVPC{{vpcA, []string{v.cidr(1)}}, {vpcB, []string{v.cidr(2)}}},
		Endpoints: []netEP{
			{ID: gwA, VPC: vpcA, Owner: harness.Alice.ID, Type: "Gateway"},
			{ID: epA, VPC: vpcA, Owner: harness.Alice.ID, Type: "Interface", Listen: la},
		},
	})
	pub := v.through(harness.Alice, "", "")
	fromA := v.through(harness.Alice, "", v.addr(1, 20)) // public listener, inside vpc-A
	fromB := v.through(harness.Alice, "", v.addr(2, 20)) // public listener, vpc-B has no gateway
	outside := v.through(harness.Alice, "", "127.0.0.1") // public listener, no VPC
	bucket := newBucket(t, pub)
	put(t, pub, bucket, "k", []byte("v"))

	putPolicy(t, pub, bucket, fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject",
		"Resource":"arn:aws:s3:::%s/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"%s"}}}]}`, bucket, gwA))
	wantBody(t, fromA, bucket, "k", "v")
	_, err := getBody(t, fromB, bucket, "k")
	wantDenied(t, err)
	_, err = getBody(t, outside, bucket, "k")
	wantDenied(t, err)
	_, err = getBody(t, v.through(harness.Alice, la, v.addr(1, 20)), bucket, "k")
	wantDenied(t, err) // the interface endpoint is another endpoint

	// Bob may read when his source address is in 127.0.0.0/8
	// (aws:SourceIp), or when he comes from vpc-A's range through an
	// endpoint (aws:VpcSourceIp). Through an endpoint aws:SourceIp is
	// absent, so the first grant never matches there.
	putPolicy(t, pub, bucket, fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
		{"Sid":"BySourceIp","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/ip/*",
		 "Condition":{"IpAddress":{"aws:SourceIp":"127.0.0.0/8"}}},
		{"Sid":"ByVpcSourceIp","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/vpc/*",
		 "Condition":{"IpAddress":{"aws:VpcSourceIp":"%s"}}}]}`, harness.Bob.ID, bucket, harness.Bob.ID, bucket, v.cidr(1)))
	put(t, pub, bucket, "ip/k", []byte("ip"))
	put(t, pub, bucket, "vpc/k", []byte("vpc"))
	bobOutside := v.through(harness.Bob, "", "127.0.0.1")
	bobFromB := v.through(harness.Bob, "", v.addr(2, 21))
	bobGateway := v.through(harness.Bob, "", v.addr(1, 21))
	bobIface := v.through(harness.Bob, la, v.addr(1, 21))
	wantBody(t, bobOutside, bucket, "ip/k", "ip")
	wantBody(t, bobFromB, bucket, "ip/k", "ip") // a VPC without a gateway endpoint is public
	for name, c := range map[string]*s3.Client{"gateway": bobGateway, "interface": bobIface} {
		if _, err := getBody(t, c, bucket, "ip/k"); err == nil {
			t.Fatalf("aws:SourceIp matched a request through the %s endpoint", name)
		}
		wantBody(t, c, bucket, "vpc/k", "vpc")
	}
	_, err = getBody(t, bobOutside, bucket, "vpc/k")
	wantDenied(t, err)
}

// Trusted proxies are the only way a header names the source address.
func TestVPCETrustedProxy(t *testing.T) {
	t.Parallel()
	v := newVPCNet(t, 84)
	v.start(netConfig{
		VPCs:      []netVPC{{vpcA, []string{v.cidr(1)}}},
		Endpoints: []netEP{{ID: gwA, VPC: vpcA, Owner: harness.Alice.ID, Type: "Gateway"}},
		Trusted:   []string{v.cidr(9)},
	})
	pub := v.through(harness.Alice, "", "")
	bucket := newBucket(t, pub)
	put(t, pub, bucket, "k", []byte("v"))
	putPolicy(t, pub, bucket, fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject",
		"Resource":"arn:aws:s3:::%s/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"%s"}}}]}`, bucket, gwA))
	xff := func(source, forwarded string) *s3.Client {
		return harness.NetClient{URL: v.srv.URL, Source: source, Header: map[string][]string{"X-Forwarded-For": {forwarded}}}.S3(v.srv, harness.Alice)
	}
	wantBody(t, xff(v.addr(9, 1), v.addr(1, 30)), bucket, "k", "v")                 // proxy vouches for a vpc-A client
	wantBody(t, xff(v.addr(9, 1), "203.0.113.9, "+v.addr(1, 30)), bucket, "k", "v") // rightmost untrusted hop counts
	_, err := getBody(t, xff("127.0.0.1", v.addr(1, 30)), bucket, "k")              // not a proxy: header ignored
	wantDenied(t, err)
	_, err = getBody(t, xff(v.addr(9, 1), v.addr(1, 30)+", 127.0.0.5"), bucket, "k") // the client is 127.0.0.5
	wantDenied(t, err)
}

func TestVPCEInterfaceServesS3Only(t *testing.T) {
	t.Parallel()
	v := newVPCNet(t, 85)
	la := v.listen(1)
	audit := filepath.Join(v.dir, "audit.log")
	v.start(netConfig{
		VPCs:      []netVPC{{vpcA, []string{v.cidr(1)}}},
		Endpoints: []netEP{{ID: epA, VPC: vpcA, Owner: harness.Alice.ID, Type: "Interface", Listen: la}},
	}, "--audit-log", audit)
	via := v.through(harness.Alice, la, v.addr(1, 10))
	bucket := newBucket(t, via)
	put(t, via, bucket, "k", []byte("v"))
	wantBody(t, via, bucket, "k", "v")
	ctl := harness.NetClient{URL: "http://" + la, Source: v.addr(1, 10)}.Control(v.srv, harness.Alice)
	_, err := ctl.ListAccessPoints(ctx(t), listAPs())
	must(t, err)

	// IAM, STS, KMS and EC2 calls get S3's answer to a foreign signature.
	for _, svc := range []string{"sts", "iam", "kms", "ec2"} {
		status, body := signedQuery(t, "http://"+la, v.addr(1, 10), svc, "Action=GetCallerIdentity&Version=2011-06-15")
		if status != 400 || !strings.Contains(body, "<Code>AuthorizationHeaderMalformed</Code>") ||
			!strings.Contains(html.UnescapeString(body), `incorrect service "`+svc+`". This endpoint belongs to "s3".`) {
			t.Fatalf("%s call on the interface endpoint: %d %s", svc, status, body)
		}
	}
	// The public listener still serves STS.
	if status, body := signedQuery(t, v.srv.URL, "", "sts", "Action=GetCallerIdentity&Version=2011-06-15"); status != 200 || !strings.Contains(body, harness.Alice.ID) {
		t.Fatalf("STS on the public listener: %d %s", status, body)
	}
	// Audit records name the endpoint.
	raw, err := os.ReadFile(audit)
	must(t, err)
	var through, public int
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var rec map[string]any
		must(t, json.Unmarshal([]byte(line), &rec))
		if rec["eventName"] == "GetObject" && rec["bucket"] == bucket {
			if rec["vpcEndpointId"] != epA || rec["sourceIPAddress"] != v.addr(1, 10) || rec["decision"] != "Allow" {
				t.Fatalf("audit record: %s", line)
			}
			through++
		}
		if rec["eventName"] == "ListBuckets" && rec["vpcEndpointId"] == nil {
			public++
		}
	}
	if through != 1 || public == 0 {
		t.Fatalf("audit: %d GetObject through the endpoint, %d public ListBuckets:\n%s", through, public, raw)
	}
}

// readAllString drains a response body.
func readAllString(r io.Reader) string {
	b, _ := io.ReadAll(r)
	return string(b)
}
