package embedded

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/meta"
)

const crashEnv = "COFFER_META_CRASH_DIR"

// crashPayload is the deterministic inline data of write i of worker w.
func crashPayload(w, i int) []byte {
	return bytes.Repeat([]byte(fmt.Sprintf("w%d-i%d;", w, i)), 64)
}

// TestCrashChild is the child of TestCrash: it commits updates until it
// is killed, printing "put <key> <versionID> <worker> <i>" after each
// UpdateObject returns nil. It does nothing in a normal test run.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashEnv)
	if dir == "" {
		t.Skip("only run as TestCrash's child")
	}
	s, err := Open(dir, Options{CacheBytes: 8 << 20})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	err = s.CreateBucket(context.Background(), &meta.Bucket{Name: "crash", Owner: "o"})
	if err != nil && !errors.Is(err, meta.ErrExists) {
		fmt.Println("create:", err)
		os.Exit(2)
	}
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	report := func(line string) {
		mu.Lock()
		out.WriteString(line)
		out.Flush() // reported only once committed, and written at once
		mu.Unlock()
	}
	// Write numbers grow across runs, so the newest null write is known.
	base, _ := strconv.Atoi(os.Getenv(crashEnv + "_BASE"))
	report("ready\n")
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := base; ; i++ {
				// Odd workers overwrite one null version; even ones add
				// versions to a few keys.
				key, null := fmt.Sprintf("w%d/k%d", w, i%7), w%2 == 1
				if null {
					key = fmt.Sprintf("null/w%d", w)
				}
				data := crashPayload(w, i)
				var id string
				err := s.UpdateObject(context.Background(), "crash", key, func(tx meta.ObjectTx) error {
					seq, vid := tx.NewVersion()
					if null {
						vid = meta.NullVersion
					}
					id = vid
					return tx.Put(&meta.Version{
						Bucket: "crash", Key: key, VersionID: vid, Seq: seq, Size: int64(len(data)),
						ETag: strconv.Itoa(i), Inline: true,
					}, data)
				})
				if err == nil && w == 0 && i > base {
					// Worker 0 deletes what it wrote, so crashes also hit
					// commits that move the latest version backwards.
					err = s.UpdateObject(context.Background(), "crash", key, func(tx meta.ObjectTx) error {
						return tx.Delete(id)
					})
				}
				if err != nil {
					report(fmt.Sprintf("error %v\n", err))
					return
				}
				report(fmt.Sprintf("put %s %s %d %d\n", key, id, w, i))
			}
		}()
	}
	wg.Wait()
	os.Exit(3)
}

type crashPut struct {
	key, id string
	w, i    int
}

// runCrashChild starts the child on dir, lets it commit at least n updates,
// SIGKILLs it and returns what it reported.
func runCrashChild(t *testing.T, dir string, n, base int) []crashPut {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+dir, crashEnv+"_BASE="+strconv.Itoa(base))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	var puts []crashPut
	rd := bufio.NewReader(stdout)
	deadline := time.Now().Add(20 * time.Second)
	for {
		// Only whole lines count: the kill may cut the last one short.
		line, err := rd.ReadString('\n')
		if err != nil {
			break
		}
		f := strings.Fields(line)
		switch {
		case len(f) == 1 && f[0] == "ready":
			continue
		case len(f) == 5 && f[0] == "put":
			w, _ := strconv.Atoi(f[3])
			i, _ := strconv.Atoi(f[4])
			puts = append(puts, crashPut{f[1], f[2], w, i})
		default:
			t.Fatalf("child: %s", line)
		}
		if !killed && (len(puts) >= n || time.Now().After(deadline)) {
			// Kill in the middle of the stream, with commits in flight;
			// then read what was reported before the kill.
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v, want SIGKILL", err)
	}
	if len(puts) == 0 {
		t.Fatal("child reported no commits")
	}
	return puts
}

// TestCrash kills a writing child process at random points and checks that
// every update it reported as committed survived, intact.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := t.TempDir()
	var all []crashPut
	for round, n := range []int{300, 50, 1000} {
		puts := runCrashChild(t, dir, n, round*1000000)
		all = append(all, puts...)
		s := mustOpen(t, dir, Options{CacheBytes: 8 << 20})
		checkInvariants(t, s)
		checkCrashPuts(t, s, all)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: %d commits reported, %d in total", round, len(puts), len(all))
	}
}

func checkCrashPuts(t *testing.T, s *Store, puts []crashPut) {
	t.Helper()
	ctx := context.Background()
	lastNull := map[string]crashPut{}
	for _, p := range puts {
		if p.w == 0 {
			continue // deleted again; checkInvariants covers its keys
		}
		if p.id == meta.NullVersion {
			if q, ok := lastNull[p.key]; !ok || p.i > q.i {
				lastNull[p.key] = p
			}
			continue
		}
		v, err := s.GetVersion(ctx, "crash", p.key, p.id)
		if err != nil {
			t.Fatalf("reported version %s@%s: %v", p.key, p.id, err)
		}
		checkCrashData(t, s, v, p)
	}
	// A null version is overwritten in place: the stored one is the last
	// reported write or a later one the child had no time to report.
	for key, p := range lastNull {
		v, err := s.GetVersion(ctx, "crash", key, meta.NullVersion)
		if err != nil {
			t.Fatalf("null version of %s: %v", key, err)
		}
		i, _ := strconv.Atoi(v.ETag)
		if i < p.i {
			t.Fatalf("null version of %s is write %d, but %d was reported", key, i, p.i)
		}
		p.i = i
		checkCrashData(t, s, v, p)
		if l, err := s.GetVersion(ctx, "crash", key, ""); err != nil || l.Seq != v.Seq {
			t.Fatalf("latest of %s is not its null version: %v", key, err)
		}
	}
}

func checkCrashData(t *testing.T, s *Store, v *meta.Version, p crashPut) {
	t.Helper()
	data, err := s.ReadInline(context.Background(), v)
	if err != nil {
		t.Fatalf("data of %s@%s: %v", p.key, p.id, err)
	}
	i, _ := strconv.Atoi(v.ETag)
	if want := crashPayload(p.w, i); !bytes.Equal(data, want) || v.Size != int64(len(want)) {
		t.Fatalf("data of %s@%s is not write %d of worker %d", p.key, p.id, i, p.w)
	}
	if v.ETag != strconv.Itoa(p.i) {
		t.Fatalf("%s@%s holds write %s, want %d", p.key, p.id, v.ETag, p.i)
	}
}
