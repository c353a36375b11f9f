// Package harness builds the coffer binary once and starts real servers on
// free loopback ports for end-to-end tests, with an accounts file of two
// accounts, and gives tests aws-sdk-go-v2 clients for them.
package harness

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Account is one configured account.
type Account struct {
	ID, Name, AccessKey, SecretKey string
}

// The two accounts every test server has.
var (
	Alice = Account{ID: "111111111111", Name: "alice", AccessKey: "AKIAALICE0000000001", SecretKey: "alice-secret-key-0123456789abcdefghijklmn"}
	Bob   = Account{ID: "222222222222", Name: "bob", AccessKey: "AKIABOB000000000002", SecretKey: "bob-secret-key-0123456789abcdefghijklmnop"}
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// RepoRoot finds the module root from this file's location.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Binary builds bin/coffer-e2e once per test process.
func Binary(t testing.TB) string {
	buildOnce.Do(func() {
		root := RepoRoot()
		binPath = filepath.Join(root, "bin", "coffer-e2e")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/coffer")
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// Server is a running coffer process.
type Server struct {
	t       testing.TB
	cmd     *exec.Cmd
	DataDir string
	Addr    string // host:port
	URL     string // http://host:port
	Region  string
	args    []string
	logMu   sync.Mutex
	log     strings.Builder
	done    chan struct{}
}

// Options adjust a test server.
type Options struct {
	DataDir string   // reuse a data dir (restart tests)
	Args    []string // extra flags
	Listen  string   // default 127.0.0.1:<free port>
}

// FreePort returns a free loopback port.
func FreePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// Start starts a server and waits until it answers a signed ListBuckets.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	Binary(t)
	dir := o.DataDir
	if dir == "" {
		dir = t.TempDir()
	}
	accounts := filepath.Join(dir, "..", filepath.Base(dir)+"-accounts.json")
	doc := map[string]any{"accounts": []map[string]string{
		{"id": Alice.ID, "name": Alice.Name, "access_key_id": Alice.AccessKey, "secret_access_key": Alice.SecretKey},
		{"id": Bob.ID, "name": Bob.Name, "access_key_id": Bob.AccessKey, "secret_access_key": Bob.SecretKey},
	}}
	raw, _ := json.Marshal(doc)
	if err := os.WriteFile(accounts, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	listen := o.Listen
	if listen == "" {
		listen = fmt.Sprintf("127.0.0.1:%d", FreePort(t))
	}
	s := &Server{t: t, DataDir: dir, Addr: listen, URL: "http://" + listen, Region: "us-east-1", done: make(chan struct{})}
	s.args = append([]string{"server", "--data-dir", dir, "--listen", listen, "--accounts", accounts,
		"--master-key-file", filepath.Join(dir, "..", filepath.Base(dir)+"-master.key")}, o.Args...)
	s.start()
	t.Cleanup(func() { s.Stop() })
	return s
}

func (s *Server) start() {
	s.done = make(chan struct{})
	s.cmd = exec.Command(binPath, s.args...)
	stderr, _ := s.cmd.StderrPipe()
	s.cmd.Stdout = io.Discard
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			s.logMu.Lock()
			s.log.WriteString(sc.Text() + "\n")
			s.logMu.Unlock()
		}
		s.cmd.Wait()
		close(s.done)
	}()
	s.waitReady()
}

// Log returns what the server printed so far.
func (s *Server) Log() string {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return s.log.String()
}

func (s *Server) waitReady() {
	c := s.Client(Alice)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			s.t.Fatalf("server exited during start:\n%s", s.Log())
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err := c.ListBuckets(ctx, &s3.ListBucketsInput{})
		cancel()
		if err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("server not ready in 20s:\n%s", s.Log())
}

// Stop sends SIGTERM and waits for a graceful exit.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	select {
	case <-s.done:
		return
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
		s.t.Errorf("server did not stop within 30s after SIGTERM")
	}
}

// Kill stops the server with SIGKILL (crash tests).
func (s *Server) Kill() {
	s.cmd.Process.Kill()
	<-s.done
}

// Restart starts the server again on the same data dir and port.
func (s *Server) Restart() {
	s.Stop()
	s.start()
}

// Client returns an S3 client for an account, path-style.
func (s *Server) Client(a Account, opts ...func(*s3.Options)) *s3.Client {
	cfg := aws.Config{
		Region:      s.Region,
		Credentials: credentials.NewStaticCredentialsProvider(a.AccessKey, a.SecretKey, ""),
		HTTPClient:  &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}},
	}
	return s3.NewFromConfig(cfg, append([]func(*s3.Options){func(o *s3.Options) {
		o.BaseEndpoint = aws.String(s.URL)
		o.UsePathStyle = true
		o.RetryMaxAttempts = 1
	}}, opts...)...)
}

// Env returns environment variables for the aws cli / boto3 as account a.
func (s *Server) Env(a Account) []string {
	return append(os.Environ(), "AWS_ACCESS_KEY_ID="+a.AccessKey, "AWS_SECRET_ACCESS_KEY="+a.SecretKey,
		"AWS_DEFAULT_REGION="+s.Region, "AWS_REGION="+s.Region, "AWS_ENDPOINT_URL="+s.URL,
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_EC2_METADATA_DISABLED=true")
}
