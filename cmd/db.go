package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/ffprobe-api/ffprobe-api/store/postgres"
	"github.com/ffprobe-api/ffprobe-api/store/sqlite"
)

func newDBCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "db",
		Short: "Look after the database: migrate, status, check, backup, restore, purge",
		Long: `Look after the database that serve and scan share: SQLite (the default, a
file in $XDG_DATA_HOME/ffprobe-api) or Postgres, chosen with --db.

serve applies pending migrations when it starts; these commands let an
operator do it by hand, see where the schema stands, check integrity, take
and restore backups and apply a retention period.`,
		Example: `  ffprobe-api db status
  ffprobe-api db backup /backups/ffprobe-api-$(date +%F).db
  ffprobe-api db purge --older-than 90d
  ffprobe-api --db postgres://app@db/ffprobe db migrate`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newDBMigrateCmd(a), newDBStatusCmd(a), newDBCheckCmd(a),
		newDBBackupCmd(a), newDBRestoreCmd(a), newDBPurgeCmd(a))
	return cmd
}

// withStore opens an existing database without migrating it, runs fn and
// closes it.
func withStore(ctx context.Context, a *app, fn func(st store.Store) error) error {
	st, err := a.openStoreWith(ctx, store.Options{MustExist: true})
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	defer st.Close()
	return fn(st)
}

func newDBMigrateCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "migrate",
		Short:   "Apply pending schema migrations, each in its own transaction",
		Example: "  ffprobe-api db migrate --db postgres://ffprobe@db/ffprobe?sslmode=verify-full",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.openStore(cmd.Context(), false)
			if err != nil {
				return withExitCode(ExitTrouble, err)
			}
			defer st.Close()
			applied, err := st.Migrate(cmd.Context())
			for _, m := range applied {
				fmt.Fprintf(a.streams.Out, "applied %s (%s)\n", m.Name, m.Duration.Round(time.Millisecond))
			}
			if err != nil {
				return withExitCode(ExitTrouble, err)
			}
			if len(applied) == 0 {
				fmt.Fprintln(a.streams.Out, "the schema is up to date")
			}
			return nil
		},
	}
}

func newDBStatusCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "status",
		Short:   "List the schema migrations and whether each is applied",
		Example: "  ffprobe-api db status\n  ffprobe-api db status -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := textOrJSON(a)
			if err != nil {
				return err
			}
			return withStore(cmd.Context(), a, func(st store.Store) error {
				states, err := st.MigrationStatus(cmd.Context())
				if err != nil {
					return withExitCode(ExitTrouble, err)
				}
				return writeMigrationStatus(a.streams.Out, format, states)
			})
		},
	}
	addTextOrJSONFlag(cmd)
	return cmd
}

func writeMigrationStatus(w io.Writer, format string, states []store.MigrationState) error {
	if format == "json" {
		return writeIndentedJSON(w, states)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tMIGRATION\tSTATE\tAPPLIED AT")
	pending := 0
	for _, s := range states {
		state, at := "applied", s.AppliedAt.Format(time.RFC3339)
		if !s.Applied {
			state, at, pending = "pending", "-", pending+1
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", s.Version, s.Name, state, at)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if pending > 0 {
		fmt.Fprintf(w, "%d pending: run 'ffprobe-api db migrate' (serve also applies them at start)\n", pending)
	}
	return nil
}

func newDBCheckCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check the database: integrity and foreign keys (SQLite), connectivity, schema version",
		Long: `Check the database. For SQLite: PRAGMA integrity_check, PRAGMA
foreign_key_check and the schema version. For Postgres, which guards its own
pages: that it answers and that the schema is fully migrated.

Exits 0 when healthy, 1 when problems were found (each is listed), 2 when
the check could not run.`,
		Example: "  ffprobe-api db check",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := textOrJSON(a)
			if err != nil {
				return err
			}
			return withStore(cmd.Context(), a, func(st store.Store) error {
				report, err := st.Check(cmd.Context())
				if err != nil {
					return withExitCode(ExitTrouble, err)
				}
				return writeCheckReport(a.streams.Out, format, report)
			})
		},
	}
	addTextOrJSONFlag(cmd)
	return cmd
}

func writeCheckReport(w io.Writer, format string, r store.CheckReport) error {
	if r.Problems == nil {
		r.Problems = []string{}
	}
	if format == "json" {
		if err := writeIndentedJSON(w, struct {
			store.CheckReport
			OK bool `json:"ok"`
		}{r, r.OK()}); err != nil {
			return err
		}
	} else if r.OK() {
		fmt.Fprintf(w, "ok: %s database healthy, schema at version %d\n", r.Backend, r.SchemaVersion)
	} else {
		for _, p := range r.Problems {
			fmt.Fprintf(w, "problem: %s\n", p)
		}
	}
	if !r.OK() {
		return silentExit(ExitFailed)
	}
	return nil
}

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

func newDBPurgeCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "purge --older-than AGE",
		Short: "Delete analyses older than AGE (retention), and expired sessions",
		Long: `Delete the analyses created more than AGE ago, and the sessions whose
absolute expiry has passed. With --audit-older-than, audit events older than
that age go too. AGE is a number of days, hours or minutes: 90d, 36h, 15m,
or a combination such as 1d12h.

Rows go in batches, so a running server is not held up.`,
		Example: "  ffprobe-api db purge --older-than 90d\n  ffprobe-api db purge --older-than 30d --audit-older-than 365d",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			analysesAge, err := parseAge("--older-than", a.v.GetString("older-than"))
			if err != nil {
				return err
			}
			var auditAge time.Duration
			if s := a.v.GetString("audit-older-than"); s != "" {
				if auditAge, err = parseAge("--audit-older-than", s); err != nil {
					return err
				}
			}
			return withStore(cmd.Context(), a, func(st store.Store) error {
				return runDBPurge(cmd.Context(), a, st, analysesAge, auditAge)
			})
		},
	}
	cmd.Flags().String("older-than", "", "delete analyses created more than this long ago: 90d, 36h, 15m (required)")
	cmd.Flags().String("audit-older-than", "", "also delete audit events older than this (default: keep them)")
	return cmd
}

func runDBPurge(ctx context.Context, a *app, st store.Store, analysesAge, auditAge time.Duration) error {
	now := time.Now()
	n, err := st.PurgeAnalyses(ctx, now.Add(-analysesAge))
	fmt.Fprintf(a.streams.Out, "purged %d analyses older than %s\n", n, formatAge(analysesAge))
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	if n, err = st.PurgeSessions(ctx, now); err != nil {
		return withExitCode(ExitTrouble, err)
	}
	fmt.Fprintf(a.streams.Out, "purged %d expired sessions\n", n)
	if auditAge > 0 {
		n, err = st.PurgeAuditEvents(ctx, now.Add(-auditAge))
		fmt.Fprintf(a.streams.Out, "purged %d audit events older than %s\n", n, formatAge(auditAge))
		if err != nil {
			return withExitCode(ExitTrouble, err)
		}
	}
	return nil
}

// parseAge reads an age such as 90d, 36h, 15m or 1d12h.
func parseAge(flag, s string) (time.Duration, error) {
	bad := usageErrorf("%s %q: want an age such as 90d, 36h or 15m", flag, s)
	if s == "" {
		return 0, usageErrorf("%s is required: how old an analysis must be to go, such as 90d", flag)
	}
	var days time.Duration
	if d, rest, ok := strings.Cut(s, "d"); ok {
		n, err := strconv.ParseUint(d, 10, 32)
		if err != nil {
			return 0, bad
		}
		days, s = time.Duration(n)*24*time.Hour, rest
	}
	var clock time.Duration
	if s != "" {
		var err error
		if clock, err = time.ParseDuration(s); err != nil || clock < 0 {
			return 0, bad
		}
	}
	if days+clock <= 0 {
		return 0, usageErrorf("%s %q: the age must be more than zero", flag, s)
	}
	return days + clock, nil
}

// formatAge prints an age in days when it is whole days.
func formatAge(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return d.String()
}

func addTextOrJSONFlag(cmd *cobra.Command) {
	cmd.Flags().StringP("output", "o", "text", "output format: text or json")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
}

func textOrJSON(a *app) (string, error) {
	format := a.v.GetString("output")
	if format != "text" && format != "json" {
		return "", usageErrorf("--output %q: want text or json", format)
	}
	return format, nil
}
