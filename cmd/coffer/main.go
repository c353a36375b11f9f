// Command coffer is the Coffer object storage server and its tools.
//
//	coffer server [flags]   run the server
//	coffer bench  [flags]   load-test an S3 endpoint
//
// This package alone reads flags and the environment; everything else gets
// its configuration passed in.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/coffer-s3/coffer/internal/loadgen"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "server":
		err = runServer(ctx, os.Args[2:])
	case "admin":
		err = runAdmin(ctx, os.Args[2:])
	case "bench":
		err = loadgen.Main(ctx, os.Args[2:], os.Stdout, os.Stderr)
	case "-h", "--help", "help":
		usage()
		return
	default:
		fmt.Fprintf(os.Stderr, "coffer: unknown command %q\n", os.Args[1])
		usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "coffer:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprint(os.Stderr, `usage:
  coffer server [--data-dir DIR] [--listen ADDR] [--accounts FILE] [--region R] [--domain D] [--master-key-file F]
  coffer admin rotate-master-key --data-dir DIR [--master-key-file F] [--keep-old-keys]
  coffer bench  --endpoint URL --access-key K --secret-key S [--op put|get|stat|mixed] [--size 4KiB] [--concurrency 32] [--duration 30s]
`)
}
