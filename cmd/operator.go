//go:build !lean

package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// withOperatorStore opens the configured database for an operator command,
// applying pending migrations (the first admin is often added before serve
// ever ran), runs fn and closes it.
func withOperatorStore(ctx context.Context, a *app, fn func(ctx context.Context, st store.Store) error) error {
	st, err := a.openStore(ctx, true)
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	defer st.Close()
	return fn(ctx, st)
}

// findUser finds a user by name, whatever the letter case.
func findUser(ctx context.Context, st store.Users, name string) (*store.User, error) {
	u, err := st.GetUserByUsername(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, withExitCode(ExitTrouble, fmt.Errorf("no user named %q ('ffprobe-api users list' shows them)", name))
	}
	if err != nil {
		return nil, withExitCode(ExitTrouble, err)
	}
	return u, nil
}

// appendAudit records a change made with the CLI, as "cli:<OS user>".
// details must never hold a password or a key.
func appendAudit(ctx context.Context, st store.AuditLog, action, target string, details map[string]any) error {
	raw, err := json.Marshal(details)
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	e := &store.AuditEvent{Actor: security.AuditActorCLI(osUsername()), Action: action, Target: target,
		Outcome: store.OutcomeSuccess, Details: raw}
	if err := st.AppendAuditEvent(ctx, e); err != nil {
		return withExitCode(ExitTrouble, fmt.Errorf("the change was made but its audit event could not be written: %w", err))
	}
	return nil
}

// osUsername is who runs the CLI, for the audit log.
func osUsername() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, env := range []string{"USER", "LOGNAME", "USERNAME"} {
		if v := os.Getenv(env); v != "" {
			return v
		}
	}
	return ""
}

// formatTime is t in UTC to the minute, or none when t is zero.
func formatTime(t time.Time, none string) string {
	if t.IsZero() {
		return none
	}
	return t.UTC().Format("2006-01-02 15:04Z")
}
