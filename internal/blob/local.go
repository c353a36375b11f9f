package blob

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Local is a Store on the local filesystem:
//
//	DIR/tmp/            data being written (swept at Open)
//	DIR/blobs/ab/<id>   committed blobs, fanned out by the id's first byte
type Local struct {
	dir string
	// NoSync skips fsync; only for benchmarks that measure something else.
	NoSync bool
}

// OpenLocal prepares dir, removing temporary files left by a crash.
func OpenLocal(dir string) (*Local, error) {
	tmp := filepath.Join(dir, "tmp")
	if err := os.RemoveAll(tmp); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		return nil, err
	}
	for i := 0; i < 256; i++ {
		if err := os.MkdirAll(filepath.Join(dir, "blobs", fmt.Sprintf("%02x", i)), 0o700); err != nil {
			return nil, err
		}
	}
	return &Local{dir: dir}, nil
}

var errBadID = errors.New("blob: malformed id")

func (l *Local) path(id string) (string, error) {
	if len(id) != 32 {
		return "", errBadID
	}
	if _, err := hex.DecodeString(id); err != nil {
		return "", errBadID
	}
	return filepath.Join(l.dir, "blobs", id[:2], id), nil
}

// Create implements Store.
func (l *Local) Create() (Writer, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	id := hex.EncodeToString(b[:])
	f, err := os.OpenFile(filepath.Join(l.dir, "tmp", id), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	return &localWriter{l: l, f: f, id: id}, nil
}

// Open implements Store.
func (l *Local) Open(id string) (*os.File, error) {
	p, err := l.path(id)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}

// Remove implements Store.
func (l *Local) Remove(id string) error {
	p, err := l.path(id)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Walk implements Store.
func (l *Local) Walk(fn func(id string, modified time.Time) error) error {
	root := filepath.Join(l.dir, "blobs")
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return fn(d.Name(), info.ModTime())
	})
}

type localWriter struct {
	l    *Local
	f    *os.File
	id   string
	done bool
}

func (w *localWriter) Write(p []byte) (int, error) { return w.f.Write(p) }

func (w *localWriter) ID() string { return w.id }

func (w *localWriter) Commit() (string, error) {
	if w.done {
		return "", errors.New("blob: writer already finished")
	}
	w.done = true
	tmp := w.f.Name()
	if !w.l.NoSync {
		if err := w.f.Sync(); err != nil {
			w.f.Close()
			os.Remove(tmp)
			return "", err
		}
	}
	if err := w.f.Close(); err != nil {
		os.Remove(tmp)
		return "", err
	}
	final, _ := w.l.path(w.id)
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return "", err
	}
	if !w.l.NoSync {
		if err := syncDir(filepath.Dir(final)); err != nil {
			return "", err
		}
	}
	return w.id, nil
}

func (w *localWriter) Abort() error {
	if w.done {
		return nil
	}
	w.done = true
	w.f.Close()
	return os.Remove(w.f.Name())
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
