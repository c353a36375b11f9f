package embedded

import (
	"log/slog"

	"github.com/cockroachdb/pebble/v2"
)

func pebbleOptions(cache *pebble.Cache, l *slog.Logger) *pebble.Options {
	return &pebble.Options{
		Cache:              cache,
		MemTableSize:       64 << 20,
		FormatMajorVersion: pebble.FormatNewest,
		Logger:             pebbleLogger{l},
	}
}
