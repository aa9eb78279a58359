//go:build !lean

package cmd

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/ffprobe-api/ffprobe-api/store/postgres"
	"github.com/ffprobe-api/ffprobe-api/store/sqlite"
)

func newDBBackupCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent backup of the database to FILE while it stays in use",
		Long: `Write a consistent backup of the database to FILE, which must not exist.

SQLite: VACUUM INTO, a snapshot of the last commit, taken while serve goes
on writing; FILE is a complete SQLite database. Postgres: pg_dump in its
custom format (restore it with pg_restore); without pg_dump installed the
command prints the exact pg_dump line to run where it is.`,
		Example: "  ffprobe-api db backup /backups/ffprobe-api-$(date +%F).db",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withStore(cmd.Context(), a, func(st store.Store) error {
				if err := st.Backup(cmd.Context(), args[0]); err != nil {
					return withExitCode(ExitTrouble, err)
				}
				size := ""
				if fi, err := os.Stat(args[0]); err == nil {
					size = " (" + strconv.FormatInt(fi.Size(), 10) + " bytes)"
				}
				fmt.Fprintf(a.streams.Out, "backup written to %s%s\n", args[0], size)
				return nil
			})
		},
	}
}

func newDBRestoreCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "restore FILE",
		Short: "Replace the SQLite database with a backup, keeping the old one as a .bak",
		Long: `Replace the SQLite database with the backup in FILE. The backup is checked
first (integrity, foreign keys, a schema this build knows); the old database
is kept beside it as <name>.<time>.bak. A database that a running process
(serve, scan) has open is refused unless --force; stop that process first.

For Postgres the command prints the pg_restore line to run.`,
		Example: "  ffprobe-api db restore /backups/ffprobe-api-2026-03-01.db",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			force, _ := cmd.Flags().GetBool("force")
			return runDBRestore(cmd.Context(), a, args[0], force)
		},
	}
	cmd.Flags().Bool("force", false, "replace the database even though a running process has it open (flag only: restart that process at once)")
	_ = cmd.Flags().SetAnnotation("force", annotationFlagOnly, []string{"true"})
	return cmd
}

func runDBRestore(ctx context.Context, a *app, file string, force bool) error {
	loc, err := a.databaseLocation()
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	if loc.Kind == store.KindPostgres {
		c, err := postgres.PgRestoreCommand(loc.URL, file)
		if err != nil {
			return withExitCode(ExitTrouble, err)
		}
		return withExitCode(ExitTrouble, fmt.Errorf("db restore replaces SQLite files only; restore a Postgres backup with pg_restore:\n  %s", c))
	}
	res, err := sqlite.Restore(ctx, file, loc.Path, sqlite.RestoreOptions{Force: force, Logger: a.log})
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	fmt.Fprintf(a.streams.Out, "restored %s from %s (schema version %d)\n", loc.Path, file, res.SchemaVersion)
	if res.OldKeptAs != "" {
		fmt.Fprintf(a.streams.Out, "the old database is kept as %s\n", res.OldKeptAs)
	}
	return withStore(ctx, a, func(st store.Store) error {
		report, err := st.Check(ctx)
		if err == nil && !report.OK() {
			fmt.Fprintf(a.streams.Out, "note: %s\n", report)
		}
		return nil
	})
}
