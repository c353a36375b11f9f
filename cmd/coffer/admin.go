package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/coffer-s3/coffer/internal/server"
)

// runAdmin runs an offline administration command (the server stopped).
func runAdmin(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "rotate-master-key" {
		return errors.New("usage: coffer admin rotate-master-key --data-dir DIR [--master-key-file F] [--keep-old-keys]")
	}
	fs := flag.NewFlagSet("rotate-master-key", flag.ContinueOnError)
	dataDir := fs.String("data-dir", "./coffer-data", "the server's data directory (the server must be stopped)")
	keyFile := fs.String("master-key-file", "", "master key file (default DATA_DIR/master.key)")
	region := fs.String("region", "us-east-1", "the server's region (KMS key ARNs)")
	keepOld := fs.Bool("keep-old-keys", false, "keep the old keys in the file after re-wrapping (session tokens they sealed stay valid)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	rep, err := server.RotateMasterKey(ctx, *dataDir, *keyFile, *region, *keepOld, log)
	if rep != nil {
		fmt.Printf("new master key %s (previous %s)\nre-wrapped: %d identity secrets, %d KMS key material versions, %d object data keys\n",
			rep.NewKey, rep.OldKeys, rep.Secrets, rep.KMSKeys, rep.DataKeys)
		if rep.OldKeysRetired {
			fmt.Println("old keys removed from the key file")
		} else if rep.SkippedRetireReason != "" {
			fmt.Println("old keys kept:", rep.SkippedRetireReason)
		}
	}
	return err
}
