// Package embedded is the metadata store on an embedded ordered key-value
// store (Pebble). Writes commit with a synced write-ahead log; Pebble groups
// the syncs of concurrent commits, so many small writes share one fsync.
//
// Atomicity per object key comes from striped in-process locks around a
// read-then-commit section: this implementation serves one process. It must
// not import the engine, HTTP layers or policy packages.
package embedded
