//go:build !lean

package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// The operator commands (users, keys) read their flags from the command
// line only, never from the environment or the config file: a stray
// FFPROBE_API_ROLE or "role:" in a config file must not decide who becomes
// an admin.

func newUsersCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "users",
		Short: "Manage the accounts of the HTTP API: add, list, set-role, disable, enable, passwd",
		Long: `Manage the accounts of the HTTP API, directly in the configured database
(--db). Roles: admin (everything, manages users and keys), analyst (creates
analyses, reads and deletes its own, manages its own keys), viewer (reads
its own analyses).

Passwords are read from a prompt that does not echo when stdin is a
terminal, or as one line from stdin with --password-stdin; never from a
flag. They need at least 12 characters. Every change is written to the
audit log with the actor "cli:<your OS user>".`,
		Example: `  ffprobe-api users add ada --role admin
  printf '%s\n' "$PASSWORD" | ffprobe-api users add ci-bot --role analyst --password-stdin
  ffprobe-api users set-role ada analyst
  ffprobe-api users disable ada`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newUsersAddCmd(a), newUsersListCmd(a), newUsersSetRoleCmd(a),
		newUsersDisableCmd(a, true), newUsersDisableCmd(a, false), newUsersPasswdCmd(a))
	return cmd
}

func newUsersAddCmd(a *app) *cobra.Command {
	var role string
	var passwordStdin, noPassword bool
	cmd := &cobra.Command{
		Use:   "add NAME --role ROLE",
		Short: "Add a user, asking for their password",
		Long: `Add a user with a role and a password. --no-password makes an account
that cannot log in and acts only through API keys (a CI bot).`,
		Example: "  ffprobe-api users add ada --role analyst",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := security.ParseRole(role)
			if err != nil {
				return usageErrorf("--role: %v", err)
			}
			if noPassword && passwordStdin {
				return usageErrorf("--no-password and --password-stdin exclude each other")
			}
			return withOperatorStore(cmd.Context(), a, func(ctx context.Context, st store.Store) error {
				return runUsersAdd(ctx, a, st, args[0], r, passwordStdin, noPassword)
			})
		},
	}
	cmd.Flags().StringVar(&role, "role", "", "the user's role: admin, analyst or viewer (required)")
	cmd.Flags().BoolVar(&passwordStdin, "password-stdin", false, "read the password as one line from stdin")
	cmd.Flags().BoolVar(&noPassword, "no-password", false, "no password: the account acts only through API keys")
	_ = cmd.MarkFlagRequired("role")
	_ = cmd.RegisterFlagCompletionFunc("role", cobra.FixedCompletions([]string{"admin", "analyst", "viewer"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runUsersAdd(ctx context.Context, a *app, st store.Store, name string, role security.Role, passwordStdin, noPassword bool) error {
	if err := security.CheckUsername(name); err != nil {
		return withExitCode(ExitTrouble, err)
	}
	// Refuse a taken name before asking for a password; CreateUser checks
	// again, atomically.
	switch _, err := st.GetUserByUsername(ctx, name); {
	case err == nil:
		return userExists(name)
	case !errors.Is(err, store.ErrNotFound):
		return withExitCode(ExitTrouble, err)
	}
	u := &store.User{Username: name, Role: store.Role(role)}
	if !noPassword {
		hash, err := newPasswordHash(ctx, a, passwordStdin)
		if err != nil {
			return err
		}
		u.PasswordHash = hash
	}
	if err := st.CreateUser(ctx, u); errors.Is(err, store.ErrConflict) {
		return userExists(name)
	} else if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	if err := appendAudit(ctx, st, security.AuditUserCreated, u.ID, map[string]any{"username": u.Username, "role": u.Role, "password": !noPassword}); err != nil {
		return err
	}
	fmt.Fprintf(a.streams.Out, "added %s (%s), id %s\n", u.Username, u.Role, u.ID)
	return nil
}

func userExists(name string) error {
	return withExitCode(ExitTrouble, fmt.Errorf("a user named %q already exists (usernames are compared without regard to letter case)", store.UsernameKey(name)))
}

func newUsersListCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the users (never their password hashes)",
		Example: "  ffprobe-api users list\n  ffprobe-api users list -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := textOrJSON(a)
			if err != nil {
				return err
			}
			return withOperatorStore(cmd.Context(), a, func(ctx context.Context, st store.Store) error {
				users, err := st.ListUsers(ctx)
				if err != nil {
					return withExitCode(ExitTrouble, err)
				}
				return writeUsers(a.streams.Out, format, users)
			})
		},
	}
	addTextOrJSONFlag(cmd)
	return cmd
}

// userView is a user as listed: everything but the password hash.
type userView struct {
	ID          string    `json:"id"`
	Username    string    `json:"username"`
	Role        string    `json:"role"`
	Disabled    bool      `json:"disabled"`
	HasPassword bool      `json:"has_password"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func writeUsers(w io.Writer, format string, users []store.User) error {
	views := make([]userView, 0, len(users))
	for _, u := range users {
		views = append(views, userView{ID: u.ID, Username: u.Username, Role: string(u.Role), Disabled: u.Disabled,
			HasPassword: u.PasswordHash != "", CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt})
	}
	if format == "json" {
		return writeIndentedJSON(w, views)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tROLE\tSTATUS\tPASSWORD\tCREATED\tID")
	for _, v := range views {
		status, password := "enabled", "set"
		if v.Disabled {
			status = "disabled"
		}
		if !v.HasPassword {
			password = "none"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", v.Username, v.Role, status, password, formatTime(v.CreatedAt, "-"), v.ID)
	}
	return tw.Flush()
}

func newUsersSetRoleCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "set-role NAME ROLE",
		Short: "Change a user's role",
		Long: `Change a user's role. Their API keys never act with more than the user's
role, so demoting a user also limits the keys they already have.`,
		Example: "  ffprobe-api users set-role ada viewer",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			role, err := security.ParseRole(args[1])
			if err != nil {
				return usageErrorf("%v", err)
			}
			return withOperatorStore(cmd.Context(), a, func(ctx context.Context, st store.Store) error {
				u, err := findUser(ctx, st, args[0])
				if err != nil {
					return err
				}
				if u.Role == store.Role(role) {
					fmt.Fprintf(a.streams.Out, "%s is already %s; nothing changed\n", u.Username, role)
					return nil
				}
				from := u.Role
				u.Role = store.Role(role)
				if err := st.UpdateUser(ctx, u); err != nil {
					return withExitCode(ExitTrouble, err)
				}
				if err := appendAudit(ctx, st, security.AuditUserChanged, u.ID, map[string]any{"username": u.Username, "role_from": from, "role_to": u.Role}); err != nil {
					return err
				}
				fmt.Fprintf(a.streams.Out, "%s is now %s (was %s)\n", u.Username, u.Role, from)
				return nil
			})
		},
	}
}

// newUsersDisableCmd builds "disable" (disable true) or "enable".
func newUsersDisableCmd(a *app, disable bool) *cobra.Command {
	verb, short, action := "enable", "Let a disabled user log in and use their API keys again", security.AuditUserEnabled
	if disable {
		verb, short, action = "disable", "Stop a user: no login, no API key, sessions revoked", security.AuditUserDisabled
	}
	return &cobra.Command{
		Use:     verb + " NAME",
		Short:   short,
		Example: "  ffprobe-api users " + verb + " ada",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withOperatorStore(cmd.Context(), a, func(ctx context.Context, st store.Store) error {
				u, err := findUser(ctx, st, args[0])
				if err != nil {
					return err
				}
				if u.Disabled == disable {
					fmt.Fprintf(a.streams.Out, "%s is already %s; nothing changed\n", u.Username, enabledWord(disable))
					return nil
				}
				u.Disabled = disable
				if err := st.UpdateUser(ctx, u); err != nil {
					return withExitCode(ExitTrouble, err)
				}
				details := map[string]any{"username": u.Username}
				if disable {
					n, err := st.RevokeUserSessions(ctx, u.ID, store.Now())
					if err != nil {
						return withExitCode(ExitTrouble, err)
					}
					details["sessions_revoked"] = n
				}
				if err := appendAudit(ctx, st, action, u.ID, details); err != nil {
					return err
				}
				fmt.Fprintf(a.streams.Out, "%s is now %s\n", u.Username, enabledWord(disable))
				return nil
			})
		},
	}
}

func enabledWord(disabled bool) string {
	if disabled {
		return "disabled"
	}
	return "enabled"
}

func newUsersPasswdCmd(a *app) *cobra.Command {
	var passwordStdin bool
	cmd := &cobra.Command{
		Use:     "passwd NAME",
		Short:   "Set a user's password; their sessions are revoked",
		Example: "  ffprobe-api users passwd ada\n  ffprobe-api users passwd ada --password-stdin < new-password.txt",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withOperatorStore(cmd.Context(), a, func(ctx context.Context, st store.Store) error {
				u, err := findUser(ctx, st, args[0])
				if err != nil {
					return err
				}
				if u.PasswordHash, err = newPasswordHash(ctx, a, passwordStdin); err != nil {
					return err
				}
				if err := st.UpdateUser(ctx, u); err != nil {
					return withExitCode(ExitTrouble, err)
				}
				n, err := st.RevokeUserSessions(ctx, u.ID, store.Now())
				if err != nil {
					return withExitCode(ExitTrouble, err)
				}
				if err := appendAudit(ctx, st, security.AuditUserPasswordChanged, u.ID, map[string]any{"username": u.Username, "sessions_revoked": n}); err != nil {
					return err
				}
				fmt.Fprintf(a.streams.Out, "password of %s changed; %d session(s) revoked\n", u.Username, n)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&passwordStdin, "password-stdin", false, "read the password as one line from stdin")
	return cmd
}
