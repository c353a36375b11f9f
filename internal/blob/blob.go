package blob

import (
	"io"
	"os"
	"time"
)

// Store is where object data lives.
type Store interface {
	// Create starts a new blob.
	Create() (Writer, error)
	// Open opens a committed blob for reading.
	Open(id string) (*os.File, error)
	// Remove deletes a committed blob; a missing blob is not an error.
	Remove(id string) error
	// Walk calls fn for every committed blob (used to sweep orphans).
	Walk(fn func(id string, modified time.Time) error) error
}

// Writer receives a blob's data. Exactly one of Commit and Abort must be
// called.
type Writer interface {
	io.Writer
	// ID is the id the blob will have once committed, known from the start
	// so that encrypted data can bind it as associated data.
	ID() string
	// Commit makes the data durable and returns the blob's id.
	Commit() (string, error)
	// Abort discards the data.
	Abort() error
}
