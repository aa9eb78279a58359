package postgres

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// Backup implements store.Store by running pg_dump when it is installed
// (a consistent snapshot: pg_dump reads in one repeatable-read transaction
// while the server goes on writing). Without pg_dump it returns
// ErrUnsupported with the exact command to run elsewhere.
func (db *DB) Backup(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup to %s: %v", path, err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return fmt.Errorf("backup to %s: %w: the file exists (choose a new name or remove it)", abs, store.ErrConflict)
	}
	tmp := abs + ".partial"
	cmd, err := PgDumpCommand(db.url, tmp)
	if err != nil {
		return err
	}
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		final, _ := PgDumpCommand(db.url, abs)
		return fmt.Errorf("backup to %s: %w: pg_dump is not installed here; install the PostgreSQL client tools or run, where they are:\n  %s", abs, store.ErrUnsupported, final)
	}
	defer os.Remove(tmp)
	if err := runTool(ctx, bin, cmd); err != nil {
		return fmt.Errorf("backup to %s: %w", abs, err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		return fmt.Errorf("backup to %s: %v", abs, err)
	}
	db.log.Info("backup written", "path", abs, "tool", "pg_dump")
	return nil
}

// runTool runs a pg_dump or pg_restore command, the password in its
// environment, and reports its stderr when it fails.
func runTool(ctx context.Context, bin string, c ToolCommand) error {
	cmd := exec.CommandContext(ctx, bin, c.Args...)
	cmd.Env = os.Environ()
	if c.Password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+c.Password)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = msg[:2000] + "…"
		}
		return fmt.Errorf("%s failed (%v): %s", c.program, err, store.Redact(msg))
	}
	return nil
}
