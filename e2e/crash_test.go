package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// content names one write: its bytes are randBytes(seed, size).
type content struct {
	seed uint64
	size int
}

func (c content) bytes() []byte { return randBytes(c.seed, c.size) }

// keyState is what the test knows of a key: the last acknowledged write
// and the write in flight after it, if any (each key has one writer, so at
// most one).
type keyState struct {
	acked   *content
	pending *content
}

// crashSize picks an object size around and across the inline threshold.
func crashSize(r *rand.Rand) int {
	switch p := r.IntN(100); {
	case p < 45:
		return r.IntN(60 << 10)
	case p < 55:
		return 64<<10 - 1 + r.IntN(3)
	default:
		return 64<<10 + 1 + r.IntN(1<<20)
	}
}

// TestCrashDuringPuts kills the server with SIGKILL while 24 writers PUT
// small (inline) and large (blob) objects, restarts it, and checks that
// every acknowledged PUT survived byte for byte, that no key holds anything
// but one of the contents written to it, and that tmp/ was swept. It
// repeats the kill at random points, each round overwriting the keys of
// the previous ones.
func TestCrashDuringPuts(t *testing.T) {
	t.Parallel()
	srv := harness.Start(t, harness.Options{})
	c := srv.Client(harness.Alice, sdkDefaults)
	const bucket = "crash"
	_, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	must(t, err)

	const writers, keysPerWriter, rounds = 24, 6, 4
	var mu sync.Mutex
	state := map[string]*keyState{}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	acked := 0
	for round := range rounds {
		var wg sync.WaitGroup
		stop := make(chan struct{})
		wctx, cancel := context.WithCancel(context.Background())
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(uint64(round*1000+w), 7))
				for seq := 0; ; seq++ {
					select {
					case <-stop:
						return
					default:
					}
					key := fmt.Sprintf("w%02d/k%d", w, r.IntN(keysPerWriter))
					ct := content{seed: uint64(round)<<40 | uint64(w)<<20 | uint64(seq), size: crashSize(r)}
					mu.Lock()
					st := state[key]
					if st == nil {
						st = &keyState{}
						state[key] = st
					}
					st.pending = &ct
					mu.Unlock()
					_, err := c.PutObject(wctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: &key, Body: bytes.NewReader(ct.bytes())})
					if err != nil {
						// The server is gone (or dying): the write may or may not
						// have been committed; it stays pending.
						return
					}
					mu.Lock()
					st.acked, st.pending = &ct, nil
					acked++
					mu.Unlock()
				}
			}()
		}
		time.Sleep(time.Duration(300+rng.IntN(1200)) * time.Millisecond)
		srv.Kill()
		close(stop)
		cancel()
		wg.Wait()
		srv.Restart()
		verifyAfterCrash(t, srv, c, bucket, state)
		if t.Failed() {
			t.Fatalf("round %d failed", round)
		}
	}
	mu.Lock()
	t.Logf("%d rounds, %d acknowledged PUTs, %d keys", rounds, acked, len(state))
	mu.Unlock()
}

// verifyAfterCrash checks every key against what was written, then makes
// what it found the acknowledged state for the next round.
func verifyAfterCrash(t *testing.T, srv *harness.Server, c *s3.Client, bucket string, state map[string]*keyState) {
	t.Helper()
	tmp := filepath.Join(srv.DataDir, "data", "tmp")
	if left, err := os.ReadDir(tmp); err != nil || len(left) != 0 {
		t.Errorf("tmp/ not swept after restart: %d entries (%v)", len(left), err)
	}
	listed := map[string]bool{}
	for _, k := range listAllV2(t, c, bucket, "") {
		listed[k] = true
		if state[k] == nil {
			t.Errorf("unknown key %q listed", k)
		}
	}
	blobs := 0
	for key, st := range state {
		out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if errCode(err) == "NoSuchKey" {
			if st.acked != nil {
				t.Errorf("%s: acknowledged PUT of %d bytes lost", key, st.acked.size)
			}
			if listed[key] {
				t.Errorf("%s: listed but missing", key)
			}
			st.pending = nil
			continue
		}
		if err != nil {
			t.Fatalf("GET %s: %v", key, err)
		}
		got := readAll(t, out.Body)
		var match *content
		for _, cand := range []*content{st.acked, st.pending} {
			if cand != nil && len(got) == cand.size && got == string(cand.bytes()) {
				match = cand
			}
		}
		switch {
		case match == nil && st.acked != nil:
			t.Errorf("%s: %d bytes match neither the acknowledged write (%d bytes) nor the one in flight", key, len(got), st.acked.size)
		case match == nil:
			t.Errorf("%s: %d bytes match no write", key, len(got))
		case aws.ToString(out.ETag) != quoted(md5hex([]byte(got))):
			t.Errorf("%s: ETag %s does not match the body", key, aws.ToString(out.ETag))
		case !listed[key]:
			t.Errorf("%s: readable but not listed", key)
		}
		if match != nil {
			st.acked, st.pending = match, nil
			if match.size > 64<<10 {
				blobs++
			}
		}
	}
	// Blobs whose metadata never committed, or whose object was replaced,
	// are leftovers too.
	files := 0
	filepath.WalkDir(filepath.Join(srv.DataDir, "data", "blobs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	})
	if files != blobs {
		t.Errorf("blob files %d, objects stored as blobs %d: %d orphaned blobs not swept", files, blobs, files-blobs)
	}
}
