package main

import (
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/coffer-s3/coffer/internal/server"
)

// reloadOnHUP reloads the TLS certificate on each SIGHUP until the
// returned stop function is called.
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
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(hup); close(done) }
}
