// Package blob stores object data as immutable files under the data
// directory. A blob is written to a temporary file, fsynced, renamed into
// place and its directory fsynced before its id is handed out, so metadata
// that names a blob never points at missing or partial data.
//
// It knows nothing of S3, metadata or encryption; it must not import the
// engine, meta, HTTP layers or policy packages.
package blob
