package loadgen

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// cli is what the command line asks for: a run plus how to print it.
type cli struct {
	cfg  Config
	json bool
}

// sizeValue lets the flag package accept 4KiB, 1MB, 100.
type sizeValue struct{ n *int64 }

func (v sizeValue) String() string {
	if v.n == nil {
		return ""
	}
	return FormatSize(*v.n)
}

func (v sizeValue) Set(s string) error {
	n, err := ParseSize(s)
	if err != nil {
		return err
	}
	*v.n = n
	return nil
}

type mixValue struct{ m *Mix }

func (v mixValue) String() string {
	if v.m == nil {
		return ""
	}
	return v.m.String()
}

func (v mixValue) Set(s string) error {
	m, err := ParseMix(s)
	if err != nil {
		return err
	}
	*v.m = m
	return nil
}

const usageHead = `Usage: coffer bench --endpoint URL [flags]

Drives an S3-compatible endpoint with PUT, GET, HEAD (stat) or a mix of them
and prints ops/s, MiB/s, latency percentiles, errors by status/code and the
client's own CPU cost per operation.

Flags:
`

// parseArgs parses the bench command line. -h returns flag.ErrHelp after
// printing the usage to stderr.
func parseArgs(args []string, stderr io.Writer) (cli, error) {
	var (
		c    cli
		op   string
		mix  = Mix{OpGet: 70, OpPut: 20, OpStat: 10}
		size = int64(4 << 10)
	)
	fs := flag.NewFlagSet("coffer bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageHead)
		fs.PrintDefaults()
	}
	cfg := &c.cfg
	fs.StringVar(&cfg.Endpoint, "endpoint", "", "S3 endpoint URL, e.g. http://127.0.0.1:9000 (required)")
	fs.StringVar(&cfg.AccessKey, "access-key", "", "access key id (empty with an empty secret: anonymous requests)")
	fs.StringVar(&cfg.SecretKey, "secret-key", "", "secret access key")
	fs.StringVar(&cfg.SessionToken, "session-token", "", "session token for temporary credentials")
	fs.StringVar(&cfg.Region, "region", defaultRegion, "region for SigV4 and bucket creation")
	fs.StringVar(&cfg.Bucket, "bucket", defaultBucket, "bucket to use; created if missing")
	fs.StringVar(&cfg.Prefix, "prefix", defaultPrefix, "key prefix of the benchmark objects")
	fs.StringVar(&op, "op", "put", "operation: put, get, stat or mixed")
	fs.Var(sizeValue{&size}, "size", "object size, e.g. 4KiB, 32MiB, 1MB, 100")
	fs.Var(mixValue{&mix}, "mixed-ratio", "weights for --op mixed")
	fs.IntVar(&cfg.Concurrency, "concurrency", defaultConcurrency, "concurrent requests (one per worker)")
	fs.DurationVar(&cfg.Duration, "duration", 10*time.Second, "timed phase length (0: bounded by --max-ops only)")
	fs.Int64Var(&cfg.MaxOps, "max-ops", 0, "stop after this many operations (0: no limit)")
	fs.DurationVar(&cfg.Warmup, "warmup", 2*time.Second, "untimed warm-up before measuring")
	fs.IntVar(&cfg.Objects, "objects", 0, "key space for get/stat/mixed, prefilled untimed (0: as many as fit in 1GiB, at most 1000)")
	fs.BoolVar(&cfg.PathStyle, "path-style", true, "path-style addressing (false: virtual-hosted bucket.host)")
	fs.BoolVar(&cfg.UnsignedPayload, "unsigned-payload", true, "send x-amz-content-sha256: UNSIGNED-PAYLOAD (false: sign the payload hash, computed once)")
	fs.BoolVar(&cfg.InsecureTLS, "insecure-tls", false, "skip TLS certificate verification")
	fs.BoolVar(&c.json, "json", false, "print the result as JSON")
	fs.BoolVar(&cfg.Cleanup, "cleanup", false, "delete the objects and the bucket afterwards")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, usageErr(fs, fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	switch strings.ToLower(op) {
	case "mixed":
		cfg.Name, cfg.Mix = "mixed", mix
	default:
		o, ok := opByName(op)
		if !ok {
			return c, usageErr(fs, fmt.Errorf("invalid --op %q: use put, get, stat or mixed", op))
		}
		if set["mixed-ratio"] {
			return c, usageErr(fs, errors.New("--mixed-ratio applies only to --op mixed"))
		}
		cfg.Name = o.String()
		cfg.Mix[o] = 1
	}
	if cfg.Concurrency < 1 {
		// Config treats 0 as "default"; on the command line it is a mistake.
		return c, usageErr(fs, fmt.Errorf("concurrency %d is outside 1..%d", cfg.Concurrency, maxConcurrency))
	}
	cfg.Size = size
	norm, err := cfg.normalize()
	if err != nil {
		return c, usageErr(fs, err)
	}
	c.cfg = norm
	return c, nil
}

// usageErr reports a semantic flag error the way the flag package reports
// syntax errors, so both look alike to the user.
func usageErr(fs *flag.FlagSet, err error) error {
	fmt.Fprintf(fs.Output(), "coffer bench: %v\nRun 'coffer bench -h' for the flags.\n", err)
	return err
}
