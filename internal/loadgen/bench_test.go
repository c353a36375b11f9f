package loadgen

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// benchConn returns a connection to a server that answers instantly and
// stores nothing, so the benchmark shows the client's own cost per request.
func benchConn(b *testing.B, size int64) *conn {
	payload := make([]byte, size)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if r.Method == http.MethodGet {
			w.Write(payload)
		}
	}))
	b.Cleanup(srv.Close)
	cfg, err := testConfig(srv.URL).normalize()
	if err != nil {
		b.Fatal(err)
	}
	cl, err := newClient(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(cl.idle)
	c := newConn(cl)
	c.ctx = context.Background()
	return c
}

func benchmarkOp(b *testing.B, op Op, size int64) {
	c := benchConn(b, size)
	b.ReportAllocs()
	b.SetBytes(size)
	for b.Loop() {
		if r := c.exec(op, 0, time.Now()); !r.ok() {
			b.Fatalf("%+v", r)
		}
	}
}

func BenchmarkClientPut4KiB(b *testing.B) { benchmarkOp(b, OpPut, 4<<10) }
func BenchmarkClientGet4KiB(b *testing.B) { benchmarkOp(b, OpGet, 4<<10) }
func BenchmarkClientStat(b *testing.B)    { benchmarkOp(b, OpStat, 0) }
func BenchmarkClientGet1MiB(b *testing.B) { benchmarkOp(b, OpGet, 1<<20) }
