package loadgen

import (
	"errors"
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseArgs(t *testing.T) {
	base := []string{"--endpoint", "http://127.0.0.1:9000", "--access-key", "AK", "--secret-key", "SK"}
	for _, tc := range []struct {
		name  string
		args  []string
		check func(t *testing.T, c cli)
		err   string
	}{
		{name: "defaults", check: func(t *testing.T, c cli) {
			want := Config{
				Endpoint: "http://127.0.0.1:9000", AccessKey: "AK", SecretKey: "SK", Region: "us-east-1",
				Bucket: "coffer-bench", Prefix: "bench/", Name: "put", Mix: Mix{OpPut: 1}, Size: 4096,
				Concurrency: 32, Duration: 10 * time.Second, Warmup: 2 * time.Second, Objects: 1000,
				PathStyle: true, UnsignedPayload: true, drain: defaultDrain,
			}
			if !reflect.DeepEqual(c.cfg, want) || c.json {
				t.Errorf("got %+v\nwant %+v", c.cfg, want)
			}
		}},
		{name: "everything", args: []string{
			"--op", "mixed", "--mixed-ratio", "get=7,stat=3", "--size", "32MiB", "--concurrency", "8",
			"--duration", "1m", "--max-ops", "500", "--warmup", "0", "--objects", "64", "--region", "eu-west-3",
			"--bucket", "my.bucket-1", "--prefix", "run-2/", "--path-style=false", "--unsigned-payload=false",
			"--insecure-tls", "--json", "--cleanup", "--session-token", "TOKEN",
		}, check: func(t *testing.T, c cli) {
			g := c.cfg
			if g.Name != "mixed" || g.Mix != (Mix{OpGet: 7, OpStat: 3}) || g.Size != 32<<20 || g.Concurrency != 8 ||
				g.Duration != time.Minute || g.MaxOps != 500 || g.Warmup != 0 || g.Objects != 64 ||
				g.Region != "eu-west-3" || g.Bucket != "my.bucket-1" || g.Prefix != "run-2/" || g.PathStyle ||
				g.UnsignedPayload || !g.InsecureTLS || !c.json || !g.Cleanup || g.SessionToken != "TOKEN" {
				t.Errorf("got %+v json=%v", g, c.json)
			}
		}},
		{name: "mixed default ratio", args: []string{"--op", "mixed"}, check: func(t *testing.T, c cli) {
			if c.cfg.Mix != (Mix{OpGet: 70, OpPut: 20, OpStat: 10}) {
				t.Errorf("mix %v", c.cfg.Mix)
			}
		}},
		{name: "head alias", args: []string{"--op", "head"}, check: func(t *testing.T, c cli) {
			if c.cfg.Name != "stat" || c.cfg.Mix != (Mix{OpStat: 1}) {
				t.Errorf("got %s %v", c.cfg.Name, c.cfg.Mix)
			}
		}},
		{name: "big objects shrink the key space", args: []string{"--op", "get", "--size", "64MiB"}, check: func(t *testing.T, c cli) {
			if c.cfg.Objects != 16 {
				t.Errorf("objects %d, want 16", c.cfg.Objects)
			}
		}},
		{name: "max-ops alone bounds", args: []string{"--duration", "0", "--max-ops", "10"}, check: func(t *testing.T, c cli) {
			if c.cfg.Duration != 0 || c.cfg.MaxOps != 10 {
				t.Errorf("got %+v", c.cfg)
			}
		}},
		{name: "bad size", args: []string{"--size", "4XB"}, err: "unknown unit"},
		{name: "size over 5GiB", args: []string{"--size", "6GiB"}, err: "outside 0..5GiB"},
		{name: "bad op", args: []string{"--op", "delete"}, err: "invalid --op"},
		{name: "ratio without mixed", args: []string{"--op", "get", "--mixed-ratio", "get=1"}, err: "only to --op mixed"},
		{name: "bad ratio", args: []string{"--op", "mixed", "--mixed-ratio", "get=x"}, err: "not an integer"},
		{name: "unbounded", args: []string{"--duration", "0"}, err: "bound the run"},
		{name: "negative", args: []string{"--max-ops", "-1"}, err: "negative"},
		{name: "zero concurrency", args: []string{"--concurrency", "0"}, err: "concurrency 0"},
		{name: "bad bucket", args: []string{"--bucket", "My_Bucket"}, err: "invalid bucket"},
		{name: "bad prefix", args: []string{"--prefix", "a b/"}, err: "invalid prefix"},
		{name: "prefix with dot segment", args: []string{"--prefix", "a/../b/"}, err: "invalid prefix"},
		{name: "prefix with leading slash", args: []string{"--prefix", "/a"}, err: "invalid prefix"},
		{name: "prefix with empty segment", args: []string{"--prefix", "a//b"}, err: "invalid prefix"},
		{name: "bad duration", args: []string{"--duration", "soon"}, err: "invalid value"},
		{name: "unknown flag", args: []string{"--nope"}, err: "not defined"},
		{name: "positional", args: []string{"extra"}, err: "unexpected argument"},
		{name: "half credentials", args: []string{"--secret-key", ""}, err: "both an access key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr strings.Builder
			c, err := parseArgs(append(append([]string{}, base...), tc.args...), &stderr)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(stderr.String(), tc.err) {
					t.Fatalf("err = %v, stderr = %q; want %q in both", err, stderr.String(), tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, c)
		})
	}
}

func TestParseArgsEndpoint(t *testing.T) {
	for _, tc := range []struct{ endpoint, err string }{
		{"", "endpoint is required"},
		{"127.0.0.1:9000", "want http"},
		{"ftp://host", "want http"},
		{"http://host/prefix", "only scheme, host and port"},
		{"http://host?x=1", "only scheme, host and port"},
		{"https://s3.example.com/", ""},
	} {
		_, err := parseArgs([]string{"--endpoint", tc.endpoint}, io.Discard)
		if (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%q: err = %v, want %q", tc.endpoint, err, tc.err)
		}
	}
}

func TestParseArgsHelp(t *testing.T) {
	var stderr strings.Builder
	_, err := parseArgs([]string{"-h"}, &stderr)
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(stderr.String(), "--mixed-ratio") && !strings.Contains(stderr.String(), "-mixed-ratio") {
		t.Errorf("err = %v, usage:\n%s", err, stderr.String())
	}
}

func TestDefaultObjects(t *testing.T) {
	for _, tc := range []struct {
		size int64
		want int
	}{{0, 1000}, {4 << 10, 1000}, {1 << 20, 1000}, {2 << 20, 512}, {64 << 20, 16}, {1 << 30, 1}, {5 << 30, 1}} {
		if got := DefaultObjects(tc.size); got != tc.want {
			t.Errorf("DefaultObjects(%d) = %d, want %d", tc.size, got, tc.want)
		}
	}
}
