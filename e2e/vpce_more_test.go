package e2e

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3ctl "github.com/aws/aws-sdk-go-v2/service/s3control"
	ctltypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

func listAPs() *s3ctl.ListAccessPointsInput {
	return &s3ctl.ListAccessPointsInput{AccountId: aws.String(harness.Alice.ID)}
}

// signedQuery sends a query-protocol call signed by Alice for svc to url
// from source, and returns the status and body.
func signedQuery(t *testing.T, url, source, svc, form string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", url+"/", strings.NewReader(form))
	must(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sum := sha256.Sum256([]byte(form))
	creds := aws.Credentials{AccessKeyID: harness.Alice.AccessKey, SecretAccessKey: harness.Alice.SecretKey}
	must(t, v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), svc, "us-east-1", time.Now()))
	resp, err := harness.NetClient{URL: url, Source: source}.HTTPClient().Do(req)
	must(t, err)
	defer resp.Body.Close()
	return resp.StatusCode, readAllString(resp.Body)
}

// A VPC-origin access point serves only requests through an endpoint of
// its VPC (interface or gateway); s3:AccessPointNetworkOrigin tells the
// bucket policy which kind of access point a request came through.
func TestVPCEAccessPointVPCOrigin(t *testing.T) {
	t.Parallel()
	v := newVPCNet(t, 86)
	la, lb := v.listen(1), v.listen(2)
	v.start(netConfig{
		VPCs: []netVPC{{vpcA, []string{v.cidr(1)}}, {vpcB, []string{v.cidr(2)}}},
		Endpoints: []netEP{
			{ID: epA, VPC: vpcA, Owner: harness.Alice.ID, Type: "Interface", Listen: la},
			{ID: gwA, VPC: vpcA, Owner: harness.Alice.ID, Type: "Gateway"},
			{ID: epB, VPC: vpcB, Owner: harness.Alice.ID, Type: "Interface", Listen: lb},
		},
	})
	pub := v.through(harness.Alice, "", "")
	bucket := newBucket(t, pub)
	put(t, pub, bucket, "k", []byte("v"))
	ctl := v.srv.Control(harness.Alice)
	acct := aws.String(harness.Alice.ID)
	vpcAP, inetAP := apName(t), apName(t)
	vo, err := ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: acct, Name: &vpcAP, Bucket: &bucket,
		VpcConfiguration: &ctltypes.VpcConfiguration{VpcId: aws.String(vpcA)}})
	must(t, err)
	io_, err := ctl.CreateAccessPoint(ctx(t), &s3ctl.CreateAccessPointInput{AccountId: acct, Name: &inetAP, Bucket: &bucket})
	must(t, err)
	alias := aws.ToString(vo.Alias)

	wantBody(t, v.through(harness.Alice, la, v.addr(1, 10)), alias, "k", "v") // interface endpoint of vpc-A
	wantBody(t, v.through(harness.Alice, "", v.addr(1, 10)), alias, "k", "v") // gateway endpoint of vpc-A
	_, err = getBody(t, pub, alias, "k")
	wantDenied(t, err) // from the internet
	_, err = getBody(t, v.through(harness.Alice, lb, v.addr(2, 10)), alias, "k")
	wantDenied(t, err) // an endpoint of another VPC
	_, err = getBody(t, v.through(harness.Alice, "", v.addr(2, 10)), alias, "k")
	wantDenied(t, err) // vpc-B has no gateway endpoint: public

	// The bucket refuses reads through Internet-origin access points.
	putPolicy(t, pub, bucket, fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject",
		"Resource":"arn:aws:s3:::%s/*","Condition":{"StringEquals":{"s3:AccessPointNetworkOrigin":"Internet"}}}]}`, bucket))
	_, err = getBody(t, pub, aws.ToString(io_.Alias), "k")
	wantDenied(t, err)
	wantBody(t, v.through(harness.Alice, la, v.addr(1, 10)), alias, "k", "v")
	wantBody(t, pub, bucket, "k", "v") // no access point: the key is absent
}

// A policy reload takes effect without a restart: endpoint policies
// change, endpoints and their listeners come and go, a request in flight
// on a removed listener finishes, and an invalid file keeps the running
// configuration.
func TestVPCEReload(t *testing.T) {
	t.Parallel()
	v := newVPCNet(t, 87)
	la, l3 := v.listen(1), v.listen(1)
	first, second := bucketName(t)+"-1", bucketName(t)+"-2"
	cfg := netConfig{
		VPCs:      []netVPC{{vpcA, []string{v.cidr(1)}}},
		Endpoints: []netEP{{ID: epA, VPC: vpcA, Owner: harness.Alice.ID, Type: "Interface", Listen: la, Policy: onlyBucketPolicy(first)}},
	}
	v.start(cfg)
	pub := v.through(harness.Alice, "", "")
	via := v.through(harness.Alice, la, v.addr(1, 10))
	for _, b := range []string{first, second} {
		_, err := pub.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String(b)})
		must(t, err)
		put(t, pub, b, "k", []byte(b))
	}
	wantBody(t, via, first, "k", first)
	_, err := getBody(t, via, second, "k")
	wantDenied(t, err)

	// Swap the policy and add an endpoint.
	cfg.Endpoints[0].Policy = onlyBucketPolicy(second)
	cfg.Endpoints = append(cfg.Endpoints, netEP{ID: epA3, VPC: vpcA, Owner: harness.Alice.ID, Type: "Interface", Listen: l3})
	v.write(cfg)
	v.srv.Reload(t, "network config reloaded")
	wantBody(t, via, second, "k", second) // same client, possibly the same connection
	_, err = getBody(t, via, first, "k")
	wantDenied(t, err)
	via3 := v.through(harness.Alice, l3, v.addr(1, 11))
	wantBody(t, via3, first, "k", first)

	// A slow upload through the new endpoint, cut by its removal.
	presigned, err := s3.NewPresignClient(via3).PresignPutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String(first), Key: aws.String("slow")})
	must(t, err)
	half := bytes.Repeat([]byte("x"), 64<<10)
	pr, pw := io.Pipe()
	req, err := http.NewRequest("PUT", presigned.URL, pr)
	must(t, err)
	for k, vs := range presigned.SignedHeader {
		req.Header[k] = vs
	}
	req.ContentLength = int64(2 * len(half))
	type result struct {
		status int
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := harness.NetClient{URL: "http://" + l3, Source: v.addr(1, 11)}.HTTPClient().Do(req)
		if err != nil {
			done <- result{0, err}
			return
		}
		resp.Body.Close()
		done <- result{resp.StatusCode, nil}
	}()
	_, err = pw.Write(half)
	must(t, err)
	cfg.Endpoints = cfg.Endpoints[:1]
	v.write(cfg)
	v.srv.Reload(t, "network config reloaded")
	if err := harness.Dial(l3); err == nil {
		t.Fatal("the removed endpoint's listener still accepts connections")
	}
	_, err = pw.Write(half)
	must(t, err)
	pw.Close()
	if r := <-done; r.err != nil || r.status != 200 {
		t.Fatalf("upload in flight during the reload: %d %v", r.status, r.err)
	}
	wantBody(t, pub, first, "slow", string(half)+string(half))

	// A file that fails validation changes nothing and says why.
	must(t, os.WriteFile(v.file, []byte(`{"vpcs":[{"id":"vpc-nothex!","cidrs":["10.0.0.0/8"]}]}`), 0o600))
	v.srv.Reload(t, "network config reload failed")
	if !strings.Contains(v.srv.Log(), "is not a VPC id") {
		t.Fatalf("the log does not say why:\n%s", v.srv.Log())
	}
	wantBody(t, via, second, "k", second)
	_, err = getBody(t, via, first, "k")
	wantDenied(t, err)

	// YAML works too; and a restart keeps the file's configuration.
	yaml := fmt.Sprintf("vpcs:\n  - id: %s\n    cidrs: [%s]\nendpoints:\n  - id: %s\n    vpc: %s\n    owner: \"%s\"\n    type: Interface\n    listen: %s\n",
		vpcA, v.cidr(1), epA, vpcA, harness.Alice.ID, la)
	must(t, os.WriteFile(v.file, []byte(yaml), 0o600))
	v.srv.Reload(t, "network config reloaded")
	wantBody(t, via, first, "k", first) // no policy: full access
	v.srv.Restart()
	wantBody(t, v.through(harness.Alice, la, v.addr(1, 10)), second, "k", second)
}

// An interface endpoint may serve HTTPS with its own certificate.
func TestVPCEInterfaceTLS(t *testing.T) {
	t.Parallel()
	v := newVPCNet(t, 88)
	la := v.listen(1)
	certFile, keyFile, pool := selfSignedFor(t, v.dir, v.addr(1, 1))
	v.start(netConfig{
		VPCs:      []netVPC{{vpcA, []string{v.cidr(1)}}},
		Endpoints: []netEP{{ID: epA, VPC: vpcA, Owner: harness.Alice.ID, Type: "Interface", Listen: la, TLSCert: certFile, TLSKey: keyFile}},
	})
	via := harness.NetClient{URL: "https://" + la, Source: v.addr(1, 10), TLS: &tls.Config{RootCAs: pool}}.S3(v.srv, harness.Alice)
	bucket := newBucket(t, via)
	// Only HTTPS requests through the endpoint may write.
	putPolicy(t, via, bucket, fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject",
		"Resource":"arn:aws:s3:::%s/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, bucket))
	put(t, via, bucket, "k", []byte("tls"))
	wantBody(t, via, bucket, "k", "tls")
	_, err := v.through(harness.Alice, "", "").PutObject(ctx(t), &s3.PutObjectInput{Bucket: &bucket, Key: aws.String("k"), Body: strings.NewReader("x")})
	wantDenied(t, err)
	if err := harness.Dial(la); err != nil {
		t.Fatal(err)
	}
}

// selfSignedFor writes a certificate for ip and returns its files and a
// pool that trusts it.
func selfSignedFor(t *testing.T, dir, ip string) (string, string, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(t, err)
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "vpce test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.ParseIP(ip)}, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	must(t, err)
	kder, err := x509.MarshalECPrivateKey(key)
	must(t, err)
	certFile, keyFile := filepath.Join(dir, "ep.crt"), filepath.Join(dir, "ep.key")
	must(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	must(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600))
	cert, err := x509.ParseCertificate(der)
	must(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}
