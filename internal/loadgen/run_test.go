package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

func testConfig(url string) Config {
	return Config{
		Endpoint: url, AccessKey: testAK, SecretKey: testSK,
		Mix: Mix{OpPut: 1}, Size: 4 << 10, Concurrency: 4,
		MaxOps: 200, Objects: 20, PathStyle: true, UnsignedPayload: true,
		drain: 200 * time.Millisecond,
	}
}

func TestRunOps(t *testing.T) {
	for _, tc := range []struct {
		name     string
		mix      Mix
		size     int64
		unsigned bool
		wantGET  bool
	}{
		{"put", Mix{OpPut: 1}, 4 << 10, true, false},
		{"put signed payload", Mix{OpPut: 1}, 1000, false, false},
		{"put empty object", Mix{OpPut: 1}, 0, true, false},
		{"get", Mix{OpGet: 1}, 100 << 10, true, true},
		{"stat", Mix{OpStat: 1}, 1 << 10, false, false},
		{"mixed", Mix{OpGet: 70, OpPut: 20, OpStat: 10}, 4 << 10, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeS3(t)
			srv := f.start()
			cfg := testConfig(srv.URL)
			cfg.Mix, cfg.Size, cfg.UnsignedPayload = tc.mix, tc.size, tc.unsigned
			res, err := Run(context.Background(), cfg, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if res.Ops != cfg.MaxOps || res.Errors != 0 || res.StoppedBy != "max-ops" {
				t.Fatalf("ops=%d errors=%d stopped=%s %+v, want %d ops by max-ops", res.Ops, res.Errors, res.StoppedBy, res.ErrorCounts, cfg.MaxOps)
			}
			if got := res.Latency.Count(); got != uint64(res.Ops) {
				t.Errorf("histogram holds %d values, want %d", got, res.Ops)
			}
			var want int64
			for op, s := range res.PerOp {
				if (s.Latency != nil) != tc.mix.has(Op(op)) {
					t.Errorf("%s: latency present=%v, in mix=%v", Op(op), s.Latency != nil, tc.mix.has(Op(op)))
				}
				if Op(op) != OpStat {
					want += s.Ops * tc.size
				}
			}
			if res.Bytes != want {
				t.Errorf("bytes = %d, want %d", res.Bytes, want)
			}
			if tc.wantGET != (f.count("GET") > 0) {
				t.Errorf("GET requests = %d", f.count("GET"))
			}
			if tc.mix.has(OpGet) || tc.mix.has(OpStat) {
				if n := f.objectCount("coffer-bench"); n != cfg.Objects {
					t.Errorf("prefilled %d objects, want %d", n, cfg.Objects)
				}
			}
		})
	}
}

func TestRunMixRatio(t *testing.T) {
	f := newFakeS3(t)
	cfg := testConfig(f.start().URL)
	cfg.Mix, cfg.MaxOps, cfg.Concurrency = Mix{OpGet: 3, OpStat: 1}, 2000, 8
	res, err := Run(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	get, stat := res.PerOp[OpGet].Ops, res.PerOp[OpStat].Ops
	if get+stat != 2000 || res.PerOp[OpPut].Latency != nil {
		t.Fatalf("get=%d stat=%d put=%+v", get, stat, res.PerOp[OpPut])
	}
	if ratio := float64(get) / float64(stat); ratio < 2.4 || ratio > 3.8 {
		t.Errorf("get/stat = %.2f, want about 3", ratio)
	}
}

func TestRunDurationBound(t *testing.T) {
	f := newFakeS3(t)
	cfg := testConfig(f.start().URL)
	cfg.MaxOps, cfg.Duration = 0, 300*time.Millisecond
	start := time.Now()
	res, err := Run(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("run took %v", took)
	}
	if res.StoppedBy != "duration" || res.Elapsed < 300*time.Millisecond || res.Elapsed > 1500*time.Millisecond {
		t.Errorf("stopped by %s after %v", res.StoppedBy, res.Elapsed)
	}
	if res.Ops == 0 || res.OpsPerSec() <= 0 {
		t.Errorf("ops=%d ops/s=%f", res.Ops, res.OpsPerSec())
	}
}

func TestRunMaxOpsBeforeDuration(t *testing.T) {
	f := newFakeS3(t)
	cfg := testConfig(f.start().URL)
	cfg.MaxOps, cfg.Duration = 50, time.Hour
	res, err := Run(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ops != 50 || res.StoppedBy != "max-ops" || f.count("PUT") != 50+1 {
		t.Errorf("ops=%d stopped=%s PUTs=%d", res.Ops, res.StoppedBy, f.count("PUT"))
	}
}

func TestRunInterrupted(t *testing.T) {
	f := newFakeS3(t)
	cfg := testConfig(f.start().URL)
	cfg.MaxOps, cfg.Duration = 0, time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := Run(ctx, cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.StoppedBy != "interrupted" || time.Since(start) > 3*time.Second || res.Ops == 0 {
		t.Errorf("stopped by %s after %v with %d ops", res.StoppedBy, time.Since(start), res.Ops)
	}
	if res.Errors != 0 {
		t.Errorf("requests cut off by the interrupt counted as errors: %+v", res.ErrorCounts)
	}
}

// A server that never answers must not hold the run past duration+drain.
func TestRunDrainCancelsHungRequests(t *testing.T) {
	f := newFakeS3(t)
	f.fail = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodGet {
			return false
		}
		<-r.Context().Done()
		return true
	}
	cfg := testConfig(f.start().URL)
	cfg.Mix, cfg.MaxOps, cfg.Duration = Mix{OpGet: 1}, 0, 200*time.Millisecond
	start := time.Now()
	res, err := Run(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("run took %v", took)
	}
	if res.Ops != 0 || res.Errors != 0 {
		t.Errorf("ops=%d errors=%d, want none counted", res.Ops, res.Errors)
	}
}

func TestRunErrorsCounted(t *testing.T) {
	f := newFakeS3(t)
	var n int
	f.fail = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodGet {
			return false
		}
		f.mu.Lock()
		n++
		odd := n%2 == 1
		f.mu.Unlock()
		if odd {
			writeS3Error(w, 503, "SlowDown")
		}
		return odd
	}
	cfg := testConfig(f.start().URL)
	cfg.Mix, cfg.MaxOps = Mix{OpGet: 1}, 100
	res, err := Run(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ops != 50 || res.Errors != 50 || len(res.ErrorCounts) != 1 ||
		res.ErrorCounts[0] != (ErrorCount{503, "SlowDown", 50}) {
		t.Errorf("ops=%d errors=%d counts=%+v", res.Ops, res.Errors, res.ErrorCounts)
	}
}

// Servers reject unauthorised PUTs before reading the body; the generator
// must then neither reuse the body under the transport nor race.
func TestRunEarlyRejectedPuts(t *testing.T) {
	f := newFakeS3(t)
	f.fail = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPut || r.URL.Path == "/coffer-bench" {
			return false
		}
		writeS3Error(w, 403, "AccessDenied")
		return true
	}
	cfg := testConfig(f.start().URL)
	cfg.Size, cfg.MaxOps = 1<<20, 40
	res, err := Run(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors != 40 || res.ErrorCounts[0] != (ErrorCount{403, "AccessDenied", 40}) {
		t.Errorf("errors=%d %+v", res.Errors, res.ErrorCounts)
	}
}

func TestRunVirtualHosted(t *testing.T) {
	f := newFakeS3(t)
	f.vhost = true
	srv := f.start()
	cfg := testConfig(srv.URL)
	cfg.PathStyle, cfg.Mix, cfg.Region = false, Mix{OpGet: 1, OpPut: 1}, "eu-west-3"
	f.region = cfg.Region
	addr := srv.Listener.Addr().String()
	cfg.dial = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	res, err := Run(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ops != cfg.MaxOps || f.objectCount("coffer-bench") != cfg.Objects {
		t.Errorf("ops=%d objects=%d %+v", res.Ops, f.objectCount("coffer-bench"), res.ErrorCounts)
	}
}

func TestRunTLS(t *testing.T) {
	f := newFakeS3(t)
	srv := httptest.NewUnstartedServer(f)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failing case's handshake errors are expected
	srv.StartTLS()
	defer srv.Close()
	cfg := testConfig(srv.URL)
	cfg.InsecureTLS = true
	if res, err := Run(context.Background(), cfg, io.Discard); err != nil || res.Ops != cfg.MaxOps {
		t.Fatalf("insecure TLS: %v", err)
	}
	cfg.InsecureTLS = false
	_, err := Run(context.Background(), cfg, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("verified TLS against a self-signed server: err = %v", err)
	}
}

func TestRunCleanup(t *testing.T) {
	f := newFakeS3(t)
	cfg := testConfig(f.start().URL)
	cfg.Mix, cfg.Cleanup = Mix{OpGet: 1, OpPut: 1}, true
	if _, err := Run(context.Background(), cfg, io.Discard); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.buckets) != 0 {
		t.Errorf("buckets left: %v", len(f.buckets))
	}
}

func TestRunBucketExistsElsewhere(t *testing.T) {
	f := newFakeS3(t)
	f.fail = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/coffer-bench" {
			return false
		}
		if r.Method == http.MethodHead {
			w.WriteHeader(403)
		} else {
			writeS3Error(w, 409, "BucketAlreadyExists")
		}
		return true
	}
	_, err := Run(context.Background(), testConfig(f.start().URL), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "409 BucketAlreadyExists") {
		t.Fatalf("err = %v", err)
	}
}

func TestRunPrefillFailure(t *testing.T) {
	f := newFakeS3(t)
	f.fail = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPut || r.URL.Path == "/coffer-bench" {
			return false
		}
		writeS3Error(w, 507, "InsufficientStorage")
		return true
	}
	cfg := testConfig(f.start().URL)
	cfg.Mix, cfg.Objects = Mix{OpGet: 1}, 1000
	_, err := Run(context.Background(), cfg, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "prefill") || !strings.Contains(err.Error(), "507 InsufficientStorage") {
		t.Fatalf("err = %v", err)
	}
	if n := f.count("PUT"); n > 100 {
		t.Errorf("prefill kept going after failures: %d PUTs", n)
	}
}

func TestMainText(t *testing.T) {
	f := newFakeS3(t)
	srv := f.start()
	var out, errOut bytes.Buffer
	err := Main(context.Background(), []string{
		"--endpoint", srv.URL, "--access-key", testAK, "--secret-key", testSK,
		"--op", "mixed", "--mixed-ratio", "get=2,stat=1", "--size", "1KiB",
		"--concurrency", "3", "--max-ops", "90", "--warmup", "50ms", "--objects", "10", "--cleanup",
	}, &out, &errOut)
	if err != nil {
		t.Fatalf("%v\nstderr: %s", err, errOut.String())
	}
	t.Logf("stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
	for _, re := range []string{
		`(?m)^op=mixed\(get=2,stat=1\) size=1KiB concurrency=3 duration=\d+\.\d+s stopped-by=max-ops$`,
		`(?m)^ops: 90 \(\d+\.\d ops/s\)  throughput: \d+\.\d MiB/s  errors: 0$`,
		`(?m)^latency: p50=\S+ p90=\S+ p99=\S+ p99\.9=\S+ max=\S+$`,
		`(?m)^  get  ops: \d+ `,
		`(?m)^  stat ops: \d+ `,
		`(?m)^client cpu: \d+\.\d µs/op \(\d+\.\d\d of \d+ cores\)$`,
	} {
		if !regexp.MustCompile(re).MatchString(out.String()) {
			t.Errorf("output lacks %s:\n%s", re, out.String())
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.buckets) != 0 {
		t.Errorf("--cleanup left %d buckets", len(f.buckets))
	}
}

func TestMainJSON(t *testing.T) {
	f := newFakeS3(t)
	srv := f.start()
	var out bytes.Buffer
	err := Main(context.Background(), []string{
		"--endpoint", srv.URL, "--access-key", testAK, "--secret-key", testSK,
		"--op", "get", "--size", "2KiB", "--max-ops", "30", "--warmup", "0", "--objects", "5", "--json",
	}, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var j map[string]any
	if err := json.Unmarshal(out.Bytes(), &j); err != nil {
		t.Fatalf("%v:\n%s", err, out.String())
	}
	if j["op"] != "get" || j["ops"] != 30.0 || j["bytes"] != 30.0*2048 || j["stopped_by"] != "max-ops" {
		t.Errorf("unexpected JSON:\n%s", out.String())
	}
	if lat, _ := j["latency"].(map[string]any); lat == nil || lat["p99_us"].(float64) <= 0 {
		t.Errorf("latency missing:\n%s", out.String())
	}
}

func TestMainAllFailed(t *testing.T) {
	f := newFakeS3(t)
	f.fail = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/coffer-bench" {
			return false
		}
		writeS3Error(w, 500, "InternalError")
		return true
	}
	var out bytes.Buffer
	err := Main(context.Background(), []string{
		"--endpoint", f.start().URL, "--access-key", testAK, "--secret-key", testSK,
		"--max-ops", "20", "--warmup", "0",
	}, &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "every operation failed") {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(out.String(), "  500 InternalError: 20\n") {
		t.Errorf("report lacks the error count:\n%s", out.String())
	}
}

func TestMainFlagError(t *testing.T) {
	var errOut bytes.Buffer
	err := Main(context.Background(), []string{"--endpoint", "http://x", "--size", "4XB"}, io.Discard, &errOut)
	if err == nil || !strings.Contains(errOut.String(), "unknown unit") {
		t.Fatalf("err = %v, stderr = %s", err, errOut.String())
	}
	if err := Main(context.Background(), []string{"-h"}, io.Discard, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: err = %v", err)
	}
}

// The fake's signature check must itself catch bad signatures, or every
// other test here would prove nothing about signing.
func TestFakeRejectsBadSignatures(t *testing.T) {
	for _, tc := range []struct {
		name     string
		edit     func(*Config)
		wantCode string
	}{
		{"wrong secret", func(c *Config) { c.SecretKey = "wrong" }, "SignatureDoesNotMatch"},
		{"wrong region", func(c *Config) { c.Region = "eu-west-1" }, "SignatureDoesNotMatch"},
		{"anonymous", func(c *Config) { c.AccessKey, c.SecretKey = "", "" }, "SignatureDoesNotMatch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeS3(t)
			f.lenient = true
			cfg := testConfig(f.start().URL)
			tc.edit(&cfg)
			_, err := Run(context.Background(), cfg, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.wantCode) || f.authBad.Load() == 0 {
				t.Fatalf("err = %v, rejected %d", err, f.authBad.Load())
			}
		})
	}
}
