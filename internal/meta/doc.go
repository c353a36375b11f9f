// Package meta is the metadata store: buckets, object versions, multipart
// uploads and generic records (identities, keys, configuration), behind one
// interface that every implementation satisfies and proves with the shared
// conformance suite (metatest). The embedded implementation lives in
// meta/embedded; a PostgreSQL one can follow for multi-node.
//
// The store knows no S3 semantics beyond atomicity: the engine decides what
// a versioned PUT or DELETE means and expresses it as mutations inside one
// atomic section per object key. The store must not import the engine, the
// HTTP layers or the policy packages.
package meta
