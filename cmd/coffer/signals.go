package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/coffer-s3/coffer/internal/server"
)

// reloadOnHUP reloads the TLS certificate and the network configuration
// on each SIGHUP until the returned stop function is called.
func reloadOnHUP(srv *server.Server, log *slog.Logger) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-hup:
				if err := srv.ReloadTLS(); err != nil {
					log.Error("TLS reload failed; keeping the old certificate", "err", err)
				}
				var partial *server.PartialReloadError
				if err := srv.ReloadNetwork(context.Background()); errors.As(err, &partial) {
					log.Error("network config reloaded, but an endpoint listener failed to open", "err", err)
				} else if err != nil {
					log.Error("network config reload failed; keeping the running configuration", "err", err)
				}
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(hup); close(done) }
}
