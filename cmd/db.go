//go:build !lean

package cmd

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ffprobe-api/ffprobe-api/store"
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
