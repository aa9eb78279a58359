package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// Backup implements store.Store with VACUUM INTO on a reader connection: a
// consistent snapshot of the last commit before it began, taken while the
// writer goes on writing. It writes to a temporary file beside path and
// renames it into place, so path is either absent or a complete backup.
func (db *DB) Backup(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup to %s: %v", path, err)
	}
	if abs == db.path {
		return fmt.Errorf("backup to %s: %w: that is the database itself", abs, store.ErrInvalid)
	}
	if _, err := os.Lstat(abs); err == nil {
		return fmt.Errorf("backup to %s: %w: the file exists (choose a new name or remove it)", abs, store.ErrConflict)
	}
	tmp := abs + ".partial"
	_ = os.Remove(tmp) // a leftover of an interrupted backup
	if err := vacuumInto(ctx, db.path, tmp); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", abs, err)
	}
	if err := syncFile(tmp); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backup to %s: %v", abs, err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backup to %s: %v", abs, err)
	}
	db.log.Info("backup written", "path", abs)
	return syncDir(filepath.Dir(abs))
}

// vacuumInto copies the database at src to dst through a connection of its
// own: VACUUM INTO reads in one transaction, which WAL lets run beside the
// writer, and the reader pool's query_only forbids it.
func vacuumInto(ctx context.Context, src, dst string) error {
	conn, err := sql.Open("sqlite", dsn(src, backup))
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, dst)
	return mapErr("vacuum into", err)
}

// syncFile flushes a file's contents to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
