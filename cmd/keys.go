package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

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

// keysCreateOptions are the flags of keys create.
type keysCreateOptions struct {
	user, name, role, expires string
}

func newKeysCreateCmd(a *app) *cobra.Command {
	var opts keysCreateOptions
	cmd := &cobra.Command{
		Use:   "create --user NAME --name NAME",
		Short: "Create an API key and print it, once",
		Long: `Create an API key for a user and print it on stdout, once: it cannot be
shown again, only revoked and replaced. The key's role defaults to the
user's and may not exceed it. --expires takes days (90d), weeks (12w), a Go
duration (36h), a date (2026-12-31) or "never".`,
		Example: "  ffprobe-api keys create --user ci-bot --name github-actions --role viewer --expires 90d > key.txt",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			now := time.Now()
			expires, err := parseKeyExpiry(opts.expires, now)
			if err != nil {
				return usageErrorf("--expires: %v", err)
			}
			if err := checkKeyName(opts.name); err != nil {
				return usageErrorf("--name: %v", err)
			}
			return withOperatorStore(cmd.Context(), a, func(ctx context.Context, st store.Store) error {
				return runKeysCreate(ctx, a, st, opts, expires)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.user, "user", "", "the user the key acts for (required)")
	f.StringVar(&opts.name, "name", "", "what the key is for, e.g. github-actions (required)")
	f.StringVar(&opts.role, "role", "", "the key's role: admin, analyst or viewer (default: the user's role)")
	f.StringVar(&opts.expires, "expires", "90d", `when the key stops working: 90d, 12w, 36h, 2026-12-31 or "never"`)
	_ = cmd.MarkFlagRequired("user")
	_ = cmd.MarkFlagRequired("name")
	_ = cmd.RegisterFlagCompletionFunc("role", cobra.FixedCompletions([]string{"admin", "analyst", "viewer"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runKeysCreate(ctx context.Context, a *app, st store.Store, opts keysCreateOptions, expires time.Time) error {
	u, err := findUser(ctx, st, opts.user)
	if err != nil {
		return err
	}
	role, err := keyRole(u, opts.role)
	if err != nil {
		return err
	}
	key, rec, err := createAPIKey(ctx, st, store.APIKey{UserID: u.ID, Name: strings.TrimSpace(opts.name), Role: store.Role(role), ExpiresAt: expires})
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	if err := appendAudit(ctx, st, security.AuditKeyCreated, rec.ID, map[string]any{
		"prefix": rec.Prefix, "name": rec.Name, "role": rec.Role, "user_id": u.ID, "username": u.Username, "expires": formatTime(rec.ExpiresAt, "never"),
	}); err != nil {
		return err
	}
	fmt.Fprintln(a.streams.Out, key.Secret())
	fmt.Fprintf(a.streams.ErrOut, "Created API key %s (%s) for %s: role %s, expires %s, id %s.\n",
		rec.Prefix, rec.Name, u.Username, rec.Role, formatTime(rec.ExpiresAt, "never"), rec.ID)
	fmt.Fprintln(a.streams.ErrOut, "Store the key now: it will not be shown again. Lost keys can only be revoked and replaced.")
	return nil
}

// keyRole is the role a new key of u gets: asked, or u's own; never more
// than u's, and none for a disabled user.
func keyRole(u *store.User, asked string) (security.Role, error) {
	if u.Disabled {
		return "", withExitCode(ExitTrouble, fmt.Errorf("%s is disabled; enable the user first ('ffprobe-api users enable %s')", u.Username, u.Username))
	}
	userRole := security.Role(u.Role)
	if asked == "" {
		return userRole, nil
	}
	role, err := security.ParseRole(asked)
	if err != nil {
		return "", usageErrorf("--role: %v", err)
	}
	if !userRole.Covers(role) {
		return "", withExitCode(ExitTrouble, fmt.Errorf("--role %s: a key may not do more than its user, and %s is %s", role, u.Username, userRole))
	}
	return role, nil
}

// createAPIKey generates a key and stores its hash and display prefix,
// drawing again in the unlikely event of a prefix collision.
func createAPIKey(ctx context.Context, st store.APIKeys, rec store.APIKey) (security.APIKey, *store.APIKey, error) {
	for attempt := 0; ; attempt++ {
		key, err := security.GenerateAPIKey()
		if err != nil {
			return security.APIKey{}, nil, err
		}
		r := rec
		r.Prefix, r.Hash = key.DisplayPrefix(), key.Hash()
		err = st.CreateAPIKey(ctx, &r)
		if errors.Is(err, store.ErrConflict) && attempt < 3 {
			continue
		}
		if err != nil {
			return security.APIKey{}, nil, err
		}
		return key, &r, nil
	}
}

// checkKeyName accepts 1 to 100 printable characters: names are shown in
// tables and audit events.
func checkKeyName(name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return errors.New("give the key a name that says where it is used (e.g. github-actions)")
	}
	if n := utf8.RuneCountInString(name); n > 100 || !utf8.ValidString(name) {
		return fmt.Errorf("a name of at most 100 characters of UTF-8, please (this one has %d)", n)
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return fmt.Errorf("%q is not allowed in a key name (no control characters)", r)
		}
	}
	return nil
}

// parseKeyExpiry reads --expires: "never", days ("90d"), weeks ("12w"), a
// Go duration ("36h") or a date ("2026-12-31", the start of that day in
// UTC). The result must be in the future.
func parseKeyExpiry(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	var t time.Time
	switch {
	case s == "never":
		return time.Time{}, nil
	case strings.HasSuffix(s, "d"), strings.HasSuffix(s, "w"):
		n, err := strconv.Atoi(s[:len(s)-1])
		if err != nil || n <= 0 || n > 36500 {
			return time.Time{}, fmt.Errorf("%q: want a positive whole number of days (90d) or weeks (12w)", s)
		}
		days := n
		if strings.HasSuffix(s, "w") {
			days = 7 * n
		}
		t = now.AddDate(0, 0, days)
	default:
		if d, err := time.ParseDuration(s); err == nil {
			t = now.Add(d)
		} else if day, err := time.Parse(time.DateOnly, s); err == nil {
			t = day
		} else {
			return time.Time{}, fmt.Errorf(`%q: want 90d, 12w, 36h, 2026-12-31 or "never"`, s)
		}
	}
	if !t.After(now) {
		return time.Time{}, fmt.Errorf("%q is not in the future", s)
	}
	return t, nil
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
