// Package embedded is the metadata store on an embedded ordered key-value
// store (Pebble), for one process.
//
// Durability: every write commits one Pebble batch with a synced WAL;
// Pebble's commit pipeline lets concurrent commits share one fsync (group
// commit), so throughput grows with the number of writers.
//
// Atomicity per object key comes from striped in-process key locks around
// a read-then-commit section on an indexed batch (reads see the
// transaction's own writes). A per-bucket gate, shared by object writes and
// exclusive for DeleteBucket, keeps versions out of deleted buckets. Bucket
// records are all held in memory, loaded at Open.
//
// Each key's latest version is also kept as its own entry (see keys.go), so
// reading it is one point read and listing walks one entry per key.
//
// It must not import the engine, the HTTP layers or the policy packages.
package embedded
