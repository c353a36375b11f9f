package embedded

import (
	"log/slog"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"
)

// pebbleOptions tunes Pebble for this store (measurements in the report
// of the change that introduced them; see bench_test.go):
//
//   - MemTableSize is a quarter of the block cache, at most 64 MiB:
//     Pebble reserves memtable memory out of the block cache, so a 64 MiB
//     memtable with a 64 MiB cache left no room for blocks and every read
//     went to disk.
//   - Bloom filters on every level: writes of new keys and GETs of missing
//     ones read keys that do not exist (the L and N entries); the filter
//     answers without touching data blocks.
//
// Commits use the WAL with Sync; Pebble's commit pipeline already groups
// the fsyncs of concurrent commits, so no WALMinSyncInterval delay is set.
// Value separation, compression changes and L0 thresholds showed no gain
// in the benchmarks and stay at Pebble's defaults.
func pebbleOptions(cache *pebble.Cache, cacheBytes int64, l *slog.Logger) *pebble.Options {
	o := &pebble.Options{
		Cache:              cache,
		MemTableSize:       uint64(min(max(cacheBytes/4, 1<<20), 64<<20)),
		FormatMajorVersion: pebble.FormatNewest,
		Logger:             pebbleLogger{l},
	}
	for i := range o.Levels {
		o.Levels[i].FilterPolicy = bloom.FilterPolicy(10)
	}
	return o
}
