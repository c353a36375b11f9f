package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Main is the `coffer bench` command: args are the flags after "bench". The
// report goes to stdout (JSON with --json), progress and warnings to stderr.
// It returns flag.ErrHelp for -h, a flag error for bad flags, and an error
// when setup fails or no operation succeeded; a run in which some
// operations failed still prints its report and returns nil. On ctx
// cancellation during the timed phase the partial report is printed.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseArgs(args, stderr)
	if err != nil {
		return err
	}
	b, err := newBench(c.cfg, stderr)
	if err != nil {
		return err
	}
	defer b.close()

	res, err := b.run(ctx)
	if res != nil {
		if c.json {
			err = res.WriteJSON(stdout)
		} else {
			err = res.WriteText(stdout)
		}
		if err == nil {
			err = verdict(res)
		}
	}
	if b.cfg.Cleanup && b.bucketReady {
		if cerr := b.cleanup(ctx); cerr != nil {
			fmt.Fprintf(stderr, "warning: %v\n", cerr)
		}
	}
	return err
}

// verdict fails the run only when nothing succeeded: errors in a run that
// otherwise worked are data the report already shows.
func verdict(r *Result) error {
	switch {
	case r.Ops > 0:
		return nil
	case r.Errors > 0:
		return fmt.Errorf("every operation failed (%d errors)", r.Errors)
	}
	return errors.New("no operation completed")
}
