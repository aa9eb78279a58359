//go:build !lean

package cmd

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

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
