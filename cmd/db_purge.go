//go:build !lean

package cmd

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ffprobe-api/ffprobe-api/store"
)

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
