package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// BootstrapAdminUsername is the user BootstrapAdmin makes.
const BootstrapAdminUsername = "admin"

// bootstrapKeyName is the name of the first admin's API key.
const bootstrapKeyName = "bootstrap"

// BootstrapStore is what BootstrapAdmin needs of the database.
type BootstrapStore interface {
	store.Users
	store.APIKeys
	store.AuditLog
}

// BootstrapOptions tune BootstrapAdmin.
type BootstrapOptions struct {
	// KeyFile holds the first admin's API key (fpa_…, made beforehand with
	// any generator of that format): its hash is stored, the key is never
	// printed. "" generates a key and prints it once, in one WARN log line.
	KeyFile string
	// Logger receives that line; nil discards it.
	Logger *slog.Logger
}

// BootstrapAdmin gives a store without any user its first admin, so that
// the API (authenticated from its first request on) can be used: the user
// "admin" without a password, and an admin API key that never expires.
// There is no default credential. When users exist it does nothing, prints
// nothing and reads no key file; it returns whether it made the admin. Two
// instances starting at once on an empty database make one admin: the
// second finds the username taken and steps back.
func BootstrapAdmin(ctx context.Context, st BootstrapStore, opts BootstrapOptions) (bool, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	n, err := st.CountUsers(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	key, err := bootstrapKey(opts.KeyFile)
	if err != nil {
		return false, err
	}
	u := &store.User{Username: BootstrapAdminUsername, Role: store.RoleAdmin}
	switch err := st.CreateUser(ctx, u); {
	case errors.Is(err, store.ErrConflict):
		return false, nil // another instance is bootstrapping
	case err != nil:
		return false, fmt.Errorf("creating the first admin: %w", err)
	}
	rec := &store.APIKey{UserID: u.ID, Name: bootstrapKeyName, Prefix: key.DisplayPrefix(), Hash: key.Hash(), Role: store.RoleAdmin}
	if err := st.CreateAPIKey(ctx, rec); err != nil {
		// Without its key the admin is useless, and with a user in the
		// store the next start would not try again.
		if derr := st.DeleteUser(context.WithoutCancel(ctx), u.ID); derr != nil {
			err = errors.Join(err, fmt.Errorf("and the user %q could not be removed again: %w (remove it with 'ffprobe-api users' or make a key with 'ffprobe-api keys create')", u.Username, derr))
		}
		return false, fmt.Errorf("creating the first admin's API key: %w", err)
	}
	audit := &auditor{log: log, store: st}
	audit.recordSystem(ctx, auditEntry{Action: security.AuditUserCreated, Actor: auditActorSystem, Target: u.ID, Outcome: store.OutcomeSuccess,
		Details: map[string]any{"username": u.Username, "role": u.Role, "bootstrap": true}})
	audit.recordSystem(ctx, auditEntry{Action: security.AuditKeyCreated, Actor: auditActorSystem, Target: rec.ID, Outcome: store.OutcomeSuccess,
		Details: map[string]any{"prefix": rec.Prefix, "name": rec.Name, "role": rec.Role, "user_id": u.ID, "from_file": opts.KeyFile != ""}})
	if opts.KeyFile != "" {
		log.Info("first start: created the admin user with the API key from the bootstrap key file",
			"username", u.Username, "user_id", u.ID, "key_id", rec.ID)
		return true, nil
	}
	log.Warn("first start: created the admin user and its API key below. The key is shown only this once (the database keeps its hash): store it now, use it to create users and keys, then revoke it. Set FFPROBE_API_BOOTSTRAP_ADMIN_KEY_FILE to provide the key instead of having it logged.",
		"username", u.Username, "user_id", u.ID, "key_id", rec.ID, "api_key", key.Secret())
	return true, nil
}

// bootstrapKey reads the key file, or generates a key when there is none.
// Messages name the file, never its content.
func bootstrapKey(file string) (security.APIKey, error) {
	if file == "" {
		return security.GenerateAPIKey()
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return security.APIKey{}, fmt.Errorf("bootstrap admin key file: %w", err)
	}
	key, err := security.ParseAPIKey(strings.TrimSpace(string(data)))
	if err != nil {
		return security.APIKey{}, fmt.Errorf("bootstrap admin key file %s: %w (it must hold one key: %s and %d characters of A-Z, a-z, 0-9)",
			file, err, security.APIKeyPrefix, security.APIKeyLen-len(security.APIKeyPrefix))
	}
	return key, nil
}
