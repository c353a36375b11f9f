package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// terraformProvider finds terraform and a local copy of its AWS provider
// (the network reaches no provider registry): COFFER_TF_PLUGIN_DIR, else
// /opt/tf-plugins. It returns the plugin dir and the provider version.
func terraformProvider(t *testing.T) (dir, version string) {
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform is not installed")
	}
	dir = os.Getenv("COFFER_TF_PLUGIN_DIR")
	if dir == "" {
		dir = "/opt/tf-plugins"
	}
	found, _ := filepath.Glob(filepath.Join(dir, "registry.terraform.io/hashicorp/aws/*/linux_amd64"))
	if len(found) == 0 {
		t.Skipf("no hashicorp/aws provider under %s", dir)
	}
	return dir, filepath.Base(filepath.Dir(found[len(found)-1]))
}

// connectProxy is an HTTPS proxy on loopback that sends every CONNECT to
// one address. S3 Control calls go to ACCOUNT.DOMAIN, a name only a DNS
// wildcard would resolve; the proxy stands in for that DNS record.
func connectProxy(t *testing.T, target string) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		up, err := net.DialTimeout("tcp", target, 5*time.Second)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			up.Close()
			return
		}
		io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
		go func() { io.Copy(up, conn); up.Close() }()
		io.Copy(conn, up)
		conn.Close()
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

const terraformConfig = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "%[1]s" }
  }
}
provider "aws" {
  region                  = "us-east-1"
  access_key              = "%[2]s"
  secret_key              = "%[3]s"
  s3_use_path_style       = true
  skip_metadata_api_check = true
  skip_region_validation  = true
  custom_ca_bundle        = "%[4]s"
  endpoints {
    s3        = "%[5]s"
    s3control = "https://localhost:%[6]s"
    iam       = "%[5]s"
    sts       = "%[5]s"
    kms       = "%[5]s"
  }
}
resource "aws_kms_key" "k" {
  description             = "terraform key"
  deletion_window_in_days = 7
  tags                    = { team = "storage" }
}
resource "aws_kms_alias" "a" {
  name          = "alias/terraform"
  target_key_id = aws_kms_key.k.key_id
}
resource "aws_s3_bucket" "b" {
  bucket = "tf-bucket"
  tags   = { team = "storage" }
}
resource "aws_s3_bucket_public_access_block" "pab" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_ownership_controls" "oc" {
  bucket = aws_s3_bucket.b.id
  rule { object_ownership = "BucketOwnerEnforced" }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "sse" {
  bucket = aws_s3_bucket.b.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.k.arn
    }
    bucket_key_enabled = true
  }
}
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_s3_bucket_cors_configuration" "cors" {
  bucket = aws_s3_bucket.b.id
  cors_rule {
    allowed_methods = ["GET", "PUT"]
    allowed_origins = ["https://app.example.com"]
    allowed_headers = ["*"]
    max_age_seconds = 300
  }
}
resource "aws_s3_object" "o" {
  bucket     = aws_s3_bucket.b.id
  key        = "hello.txt"
  content    = "hello from terraform"
  depends_on = [aws_s3_bucket_server_side_encryption_configuration.sse]
}
resource "aws_s3_access_point" "ap" {
  bucket = aws_s3_bucket.b.id
  name   = "tf-ap"
  public_access_block_configuration {
    block_public_acls       = true
    block_public_policy     = true
    ignore_public_acls      = true
    restrict_public_buckets = true
  }
}
resource "aws_iam_user" "u" {
  name = "tf-user"
  tags = { role = "reader" }
}
resource "aws_iam_access_key" "k" {
  user = aws_iam_user.u.name
}
resource "aws_iam_group" "g" {
  name = "tf-readers"
}
resource "aws_iam_user_group_membership" "m" {
  user   = aws_iam_user.u.name
  groups = [aws_iam_group.g.name]
}
resource "aws_iam_policy" "read" {
  name = "tf-read"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "kms:Decrypt"], Resource = ["${aws_s3_bucket.b.arn}/*", aws_kms_key.k.arn] }]
  })
}
resource "aws_iam_group_policy_attachment" "ga" {
  group      = aws_iam_group.g.name
  policy_arn = aws_iam_policy.read.arn
}
resource "aws_iam_role" "r" {
  name = "tf-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_user.u.arn }, Action = "sts:AssumeRole" }]
  })
  max_session_duration = 7200
}
resource "aws_iam_role_policy_attachment" "ra" {
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.read.arn
}
resource "aws_s3_bucket_policy" "bp" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.r.arn }, Action = "s3:ListBucket", Resource = aws_s3_bucket.b.arn }]
  })
  depends_on = [aws_s3_bucket_public_access_block.pab]
}
output "reader_key" { value = aws_iam_access_key.k.id }
output "reader_secret" {
  value     = aws_iam_access_key.k.secret
  sensitive = true
}
`

// terraform's AWS provider drives Coffer unchanged: apply creates KMS,
// S3, access point and IAM resources; a second plan finds no drift (every
// resource reads back as written); the created credentials work as their
// policies say; destroy removes everything.
func TestTerraformAWSProvider(t *testing.T) {
	t.Parallel()
	plugins, version := terraformProvider(t)
	ts := harness.StartTLS(t, harness.Options{Args: []string{"--domain", "localhost"}})
	_, httpsPort, _ := net.SplitHostPort(ts.HTTPSAddr)
	work := t.TempDir()
	a := harness.Alice
	must(t, os.WriteFile(filepath.Join(work, "main.tf"), []byte(fmt.Sprintf(terraformConfig,
		version, a.AccessKey, a.SecretKey, ts.CertFile, ts.HTTPSURL, httpsPort)), 0o600))
	must(t, os.WriteFile(filepath.Join(work, "cli.tfrc"), nil, 0o600))
	proxy := connectProxy(t, ts.HTTPSAddr)

	tf := func(wantExit int, args ...string) string {
		t.Helper()
		c, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		args = append(args, "-no-color")
		if args[0] != "output" {
			args = append(args, "-input=false")
		}
		cmd := exec.CommandContext(c, "terraform", args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "HOME="+work, "TF_CLI_CONFIG_FILE="+filepath.Join(work, "cli.tfrc"),
			"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "HTTPS_PROXY="+proxy, "NO_PROXY=127.0.0.1")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("terraform %s: %v\n%s", args[0], err, out.String())
		}
		if code != wantExit {
			t.Fatalf("terraform %s: exit %d, want %d\n%s", strings.Join(args, " "), code, wantExit, out.String())
		}
		return out.String()
	}
	start := time.Now()
	tf(0, "init", "-plugin-dir="+plugins)
	tf(0, "apply", "-auto-approve")
	// -detailed-exitcode: 0 means no changes, 2 means drift.
	tf(0, "plan", "-detailed-exitcode")
	t.Logf("init+apply+plan: %s", time.Since(start).Round(time.Millisecond))

	// Changes apply in place and read back as written.
	cfg, err := os.ReadFile(filepath.Join(work, "main.tf"))
	must(t, err)
	changed := strings.NewReplacer(`"terraform key"`, `"terraform key v2"`, `team = "storage"`, `team = "platform"`,
		`"hello from terraform"`, `"hello again from terraform"`, `max_session_duration = 7200`, `max_session_duration = 3600`).Replace(string(cfg))
	must(t, os.WriteFile(filepath.Join(work, "main.tf"), []byte(changed), 0o600))
	if out := tf(0, "apply", "-auto-approve"); !strings.Contains(out, "0 added, 4 changed, 0 destroyed") {
		t.Fatalf("update apply:\n%s", out)
	}
	tf(0, "plan", "-detailed-exitcode")

	// What terraform made works as written.
	key := strings.TrimSpace(tf(0, "output", "-raw", "reader_key"))
	secret := strings.TrimSpace(tf(0, "output", "-raw", "reader_secret"))
	reader := ts.TLSClient(harness.Account{ID: a.ID, AccessKey: key, SecretKey: secret}, sdkDefaults)
	out, err := reader.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String("tf-bucket"), Key: aws.String("hello.txt")})
	must(t, err)
	body, _ := io.ReadAll(out.Body)
	out.Body.Close()
	if string(body) != "hello again from terraform" || out.ServerSideEncryption != types.ServerSideEncryptionAwsKms {
		t.Fatalf("object: %q %s", body, out.ServerSideEncryption)
	}
	_, err = reader.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: aws.String("tf-bucket")})
	wantErr(t, err, "AccessDenied", 403)
	aps, err := ts.Control(a).ListAccessPoints(ctx(t), &s3control.ListAccessPointsInput{AccountId: aws.String(a.ID), Bucket: aws.String("tf-bucket")})
	must(t, err)
	if len(aps.AccessPointList) != 1 || aws.ToString(aps.AccessPointList[0].Name) != "tf-ap" {
		t.Fatalf("access points: %+v", aps.AccessPointList)
	}

	tf(0, "destroy", "-auto-approve")
	sec := ts.TLSClient(a, sdkDefaults)
	_, err = sec.HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: aws.String("tf-bucket")})
	wantErr(t, err, "NotFound", 404)
	_, err = iamAt(ts.URL, a).GetUser(ctx(t), &awsiam.GetUserInput{UserName: aws.String("tf-user")})
	wantErr(t, err, "NoSuchEntity", 404)
	t.Logf("whole cycle: %s", time.Since(start).Round(time.Millisecond))
}
