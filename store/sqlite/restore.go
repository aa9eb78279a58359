package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// ErrInUse means the database to be replaced is open in a running process.
var ErrInUse = errors.New("database is in use")

// RestoreOptions tune Restore.
type RestoreOptions struct {
	// Force replaces a database that a running process has open. That
	// process keeps writing to the old file (now the .bak) until it is
	// restarted, so restart it at once.
	Force  bool
	Logger *slog.Logger
}

// RestoreResult says what Restore did.
type RestoreResult struct {
	SchemaVersion int64  // the restored database's migration version
	OldKeptAs     string // where the replaced database went; "" when there was none
}

// Restore replaces the database at dbPath with the backup at backupPath.
// The backup is copied beside dbPath and checked there (integrity, foreign
// keys, a schema this build knows) before anything is replaced; the old
// database, with its WAL, is kept as dbPath.<time>.bak. Without Force, a
// database that a process has open is refused with ErrInUse.
func Restore(ctx context.Context, backupPath, dbPath string, opts RestoreOptions) (RestoreResult, error) {
	var res RestoreResult
	dst, err := filepath.Abs(dbPath)
	if err != nil {
		return res, fmt.Errorf("restore %s: %v", dbPath, err)
	}
	if err := refuseInUse(dst, opts.Force); err != nil {
		return res, err
	}
	tmp := dst + ".restoring"
	defer os.Remove(tmp)
	if err := copyFile(backupPath, tmp); err != nil {
		return res, fmt.Errorf("restore from %s: %v", backupPath, err)
	}
	if res.SchemaVersion, err = verifyBackup(ctx, tmp); err != nil {
		return res, fmt.Errorf("restore from %s: the backup is not usable: %w", backupPath, err)
	}
	if res.OldKeptAs, err = moveAside(dst); err != nil {
		return res, fmt.Errorf("restore %s: keep the old database: %v", dst, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return res, fmt.Errorf("restore %s: %v (the old database is at %s)", dst, err, res.OldKeptAs)
	}
	if opts.Logger != nil {
		opts.Logger.Info("database restored", "db", dst, "from", backupPath, "old", res.OldKeptAs)
	}
	return res, syncDir(filepath.Dir(dst))
}

func refuseInUse(dst string, force bool) error {
	busy, err := inUse(dst)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("restore %s: tell whether it is in use: %v", dst, err)
	case busy && !force:
		return fmt.Errorf("restore %s: %w by a running process: stop it (ffprobe-api serve, scan) first, or pass --force", dst, ErrInUse)
	}
	return nil
}

// verifyBackup opens the copied backup, checks it and returns its schema
// version. Closing it folds any WAL into the file.
func verifyBackup(ctx context.Context, path string) (int64, error) {
	c, err := openConns(ctx, path, 1)
	if err != nil {
		return 0, errors.Unwrap(err) // the message without the temporary file's name
	}
	db := &DB{conns: c, path: path, log: slog.New(slog.DiscardHandler)}
	defer db.Close()
	problems, err := integrityProblems(ctx, db.read)
	if err != nil {
		return 0, err
	}
	if len(problems) > 0 {
		return 0, fmt.Errorf("%d problems, the first: %s", len(problems), problems[0])
	}
	m, err := db.migrator(Migrations())
	if err != nil {
		return 0, err
	}
	version, latest, err := m.Versions(ctx)
	switch {
	case err != nil:
		return 0, err
	case version <= 0:
		return 0, errors.New("it holds no ffprobe-api schema (is it an ffprobe-api database?)")
	case version > latest:
		return 0, fmt.Errorf("its schema version %d is newer than this build knows (%d): restore it with a newer ffprobe-api", version, latest)
	}
	return version, nil // an older schema is fine: migrations bring it up to date
}

// moveAside renames the database and its WAL to a timestamped .bak name.
func moveAside(dst string) (string, error) {
	if _, err := os.Stat(dst); errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	bak := dst + "." + time.Now().UTC().Format("20060102T150405Z") + ".bak"
	if err := os.Rename(dst, bak); err != nil {
		return "", err
	}
	if err := os.Rename(dst+"-wal", bak+"-wal"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return bak, err
	}
	if err := os.Remove(dst + "-shm"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return bak, err
	}
	return bak, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return errors.Join(out.Sync(), out.Close())
}
