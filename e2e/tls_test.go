package e2e

import (
	"bytes"
	"crypto/tls"
	"net"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/coffer-s3/coffer/e2e/harness"
)

func TestTLS(t *testing.T) {
	ts := harness.StartTLS(t, harness.Options{})
	sec := ts.TLSClient(harness.Alice, sdkDefaults)
	plain := ts.Client(harness.Alice, sdkDefaults)

	t.Run("Versions", func(t *testing.T) {
		dial := func(v uint16) error {
			c, err := tls.DialWithDialer(&net.Dialer{}, "tcp", ts.HTTPSAddr, &tls.Config{RootCAs: ts.Roots, MinVersion: v, MaxVersion: v})
			if err == nil {
				c.Close()
			}
			return err
		}
		if err := dial(tls.VersionTLS11); err == nil {
			t.Fatal("TLS 1.1 accepted")
		}
		for _, v := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
			if err := dial(v); err != nil {
				t.Fatalf("TLS %x refused: %v", v, err)
			}
		}
		c, err := tls.Dial("tcp", ts.HTTPSAddr, &tls.Config{RootCAs: ts.Roots, MaxVersion: tls.VersionTLS12,
			CipherSuites: []uint16{tls.TLS_RSA_WITH_AES_128_GCM_SHA256}})
		if err == nil {
			c.Close()
			t.Fatal("a suite without forward secrecy was accepted")
		}
	})

	t.Run("SecureTransportDenyPolicy", func(t *testing.T) {
		b := bucketName(t)
		_, err := sec.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: &b})
		must(t, err)
		pol := `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecure","Effect":"Deny","Principal":"*","Action":"s3:*",
			"Resource":["arn:aws:s3:::` + b + `","arn:aws:s3:::` + b + `/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
		_, err = sec.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &b, Policy: &pol})
		must(t, err)
		put(t, sec, b, "k", []byte("over tls"))
		if string(get(t, sec, b, "k")) != "over tls" {
			t.Fatal("HTTPS read")
		}
		_, err = plain.GetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("k")})
		wantErr(t, err, "AccessDenied", 403)
		_, err = plain.PutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("k2"), Body: bytes.NewReader([]byte("x"))})
		wantErr(t, err, "AccessDenied", 403)
		// s3:TlsVersion is in the context too.
		pol2 := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject",
			"Resource":"arn:aws:s3:::` + b + `/*","Condition":{"NumericLessThan":{"s3:TlsVersion":"1.3"}}}]}`
		_, err = sec.PutBucketPolicy(ctx(t), &s3.PutBucketPolicyInput{Bucket: &b, Policy: &pol2})
		must(t, err)
		if string(get(t, sec, b, "k")) != "over tls" {
			t.Fatal("TLS 1.3 read denied")
		}
	})
}
