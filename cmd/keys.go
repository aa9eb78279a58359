//go:build !lean

package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

func newKeysCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Manage API keys: create, list, revoke",
		Long: `Manage the API keys of the HTTP API, directly in the configured database
(--db). A key is shown once, when it is created; the database keeps only its
SHA-256 and a display prefix (fpa_ and 8 characters). A key acts with its
own role, never more than its user's. Revoking a key refuses it from the
next request on. Every change is written to the audit log.`,
		Example: `  ffprobe-api keys create --user ci-bot --name github-actions --role analyst --expires 90d
  ffprobe-api keys list --user ci-bot
  ffprobe-api keys revoke fpa_3fZk81Qa`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newKeysCreateCmd(a), newKeysListCmd(a), newKeysRevokeCmd(a))
	return cmd
}

func newKeysListCmd(a *app) *cobra.Command {
	var userName string
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List API keys: prefix, name, role, expiry, last use, state (never the hash)",
		Example: "  ffprobe-api keys list\n  ffprobe-api keys list --user ci-bot -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := textOrJSON(a)
			if err != nil {
				return err
			}
			return withOperatorStore(cmd.Context(), a, func(ctx context.Context, st store.Store) error {
				return runKeysList(ctx, a, st, userName, format)
			})
		},
	}
	cmd.Flags().StringVar(&userName, "user", "", "only this user's keys (default: everyone's)")
	addTextOrJSONFlag(cmd)
	return cmd
}

// keyView is an API key as listed: never its hash.
type keyView struct {
	ID         string     `json:"id"`
	Prefix     string     `json:"prefix"`
	UserID     string     `json:"user_id"`
	Username   string     `json:"username"`
	Name       string     `json:"name"`
	Role       string     `json:"role"`
	State      string     `json:"state"` // active, expired or revoked
	ExpiresAt  *time.Time `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	CreatedAt  time.Time  `json:"created_at"`
}

func runKeysList(ctx context.Context, a *app, st store.Store, userName, format string) error {
	userID := ""
	if userName != "" {
		u, err := findUser(ctx, st, userName)
		if err != nil {
			return err
		}
		userID = u.ID
	}
	keys, err := st.ListAPIKeys(ctx, userID)
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	users, err := st.ListUsers(ctx)
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	names := map[string]string{}
	for _, u := range users {
		names[u.ID] = u.Username
	}
	now := time.Now()
	views := make([]keyView, 0, len(keys))
	for _, k := range keys {
		views = append(views, keyView{ID: k.ID, Prefix: k.Prefix, UserID: k.UserID, Username: names[k.UserID], Name: k.Name,
			Role: string(k.Role), State: keyState(k, now), ExpiresAt: optionalTime(k.ExpiresAt),
			LastUsedAt: optionalTime(k.LastUsedAt), RevokedAt: optionalTime(k.RevokedAt), CreatedAt: k.CreatedAt})
	}
	return writeKeys(a.streams.Out, format, views)
}

func keyState(k store.APIKey, now time.Time) string {
	switch err := security.CheckAPIKeyValidity(k.ExpiresAt, k.RevokedAt, now); {
	case errors.Is(err, security.ErrAPIKeyRevoked):
		return "revoked"
	case errors.Is(err, security.ErrAPIKeyExpired):
		return "expired"
	}
	return "active"
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func writeKeys(w io.Writer, format string, views []keyView) error {
	if format == "json" {
		return writeIndentedJSON(w, views)
	}
	deref := func(t *time.Time, none string) string {
		if t == nil {
			return none
		}
		return formatTime(*t, none)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PREFIX\tUSER\tNAME\tROLE\tSTATE\tEXPIRES\tLAST USED\tREVOKED\tID")
	for _, v := range views {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", v.Prefix, v.Username, v.Name, v.Role, v.State,
			deref(v.ExpiresAt, "never"), deref(v.LastUsedAt, "never"), deref(v.RevokedAt, "-"), v.ID)
	}
	return tw.Flush()
}

func newKeysRevokeCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "revoke ID|PREFIX|KEY",
		Short: "Revoke an API key: refused from the next request on",
		Long: `Revoke an API key, named by its ID, its display prefix (fpa_ and 8
characters, as 'keys list' shows) or the whole key. The key is refused from
the next request on; revoking is final.`,
		Example: "  ffprobe-api keys revoke fpa_3fZk81Qa",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withOperatorStore(cmd.Context(), a, func(ctx context.Context, st store.Store) error {
				k, err := findAPIKey(ctx, st, strings.TrimSpace(args[0]))
				if err != nil {
					return err
				}
				if !k.RevokedAt.IsZero() {
					fmt.Fprintf(a.streams.Out, "%s (%s) was already revoked at %s; nothing changed\n", k.Prefix, k.Name, formatTime(k.RevokedAt, "-"))
					return nil
				}
				if err := st.RevokeAPIKey(ctx, k.ID, store.Now()); err != nil {
					return withExitCode(ExitTrouble, err)
				}
				if err := appendAudit(ctx, st, security.AuditKeyRevoked, k.ID, map[string]any{"prefix": k.Prefix, "name": k.Name, "user_id": k.UserID}); err != nil {
					return err
				}
				fmt.Fprintf(a.streams.Out, "revoked %s (%s)\n", k.Prefix, k.Name)
				return nil
			})
		},
	}
}

// findAPIKey finds a key by its whole secret, its display prefix or its ID.
func findAPIKey(ctx context.Context, st store.APIKeys, ref string) (*store.APIKey, error) {
	notFound := withExitCode(ExitTrouble, fmt.Errorf("no API key with the ID or prefix %q ('ffprobe-api keys list' shows them)", ref))
	if key, err := security.ParseAPIKey(ref); err == nil {
		notFound = withExitCode(ExitTrouble, errors.New("no API key matches the key given"))
		k, err := st.GetAPIKeyByHash(ctx, key.Hash())
		return orNotFound(k, err, notFound)
	}
	if strings.HasPrefix(ref, security.APIKeyPrefix) {
		keys, err := st.ListAPIKeys(ctx, "")
		if err != nil {
			return nil, withExitCode(ExitTrouble, err)
		}
		for i := range keys {
			if keys[i].Prefix == ref {
				return &keys[i], nil
			}
		}
		return nil, notFound
	}
	k, err := st.GetAPIKey(ctx, ref)
	return orNotFound(k, err, notFound)
}

func orNotFound(k *store.APIKey, err, notFound error) (*store.APIKey, error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, notFound
	case err != nil:
		return nil, withExitCode(ExitTrouble, err)
	}
	return k, nil
}
