//go:build !lean

package cmd

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/ffprobe-api/ffprobe-api/server"
	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/spf13/pflag"
)

// bootstrapKeyFileEnv is the environment form of --bootstrap-admin-key-file,
// the file holding the first admin's API key (a path: the key itself is
// never a flag value). It is read on the first start only.
const bootstrapKeyFileEnv = "FFPROBE_API_BOOTSTRAP_ADMIN_KEY_FILE"

// serveAuthHelp is the part of serve's help about authentication.
const serveAuthHelp = `Every route under /api/v1 except health, ready and openapi.yaml needs an
API key (Authorization: Bearer fpa_… or X-API-Key) or an access token from
POST /api/v1/auth/login. On the first start with an empty database, serve
creates the user "admin" and logs its API key once, in a WARN line; or
takes the key from --bootstrap-admin-key-file (FFPROBE_API_BOOTSTRAP_ADMIN_KEY_FILE)
and logs nothing of it. Password logins need --jwt-secret (at least 32 bytes;
best from FFPROBE_API_JWT_SECRET_FILE); without one they answer 501 and API
keys still work. docs/security.md has the details.

`

func addServeAuthFlags(f *pflag.FlagSet) {
	d := server.DefaultAuthConfig().Sessions
	f.String("jwt-secret", "", "secret that signs access tokens, at least 32 bytes (secret: prefer FFPROBE_API_JWT_SECRET_FILE); none turns password logins off, API keys still work")
	f.Duration("access-token-ttl", d.AccessTTL, "lifetime of an access token (at most 1h; it cannot be revoked before it expires)")
	f.Duration("session-idle-timeout", d.IdleTimeout, "a login whose refresh token goes unused this long ends")
	f.Duration("session-absolute-timeout", d.AbsoluteTimeout, "no login lasts longer than this, however often it is refreshed")
	f.String("bootstrap-admin-key-file", "", "file holding the first admin's API key (fpa_…), read only on the first start with an empty database; without it that key is generated and logged once")
}

// serveAuthConfig reads the session keys into cfg.Auth; cfg.Validate
// checks them.
func serveAuthConfig(a *app, cfg *server.Config) {
	s := &cfg.Auth.Sessions
	if secret := a.v.GetString("jwt-secret"); secret != "" {
		s.Secret = []byte(secret)
	}
	s.AccessTTL = a.v.GetDuration("access-token-ttl")
	s.IdleTimeout = a.v.GetDuration("session-idle-timeout")
	s.AbsoluteTimeout = a.v.GetDuration("session-absolute-timeout")
}

// prepareAuth makes the first admin on an empty database and says when
// password logins are off.
func prepareAuth(ctx context.Context, a *app, st store.Store, cfg server.Config, log *slog.Logger) error {
	keyFile := a.v.GetString("bootstrap-admin-key-file")
	if _, err := server.BootstrapAdmin(ctx, st, server.BootstrapOptions{KeyFile: keyFile, Logger: log}); err != nil {
		if keyFile != "" {
			return fmt.Errorf("--bootstrap-admin-key-file (%s): %w", bootstrapKeyFileEnv, err)
		}
		return err
	}
	if !cfg.Auth.SessionsEnabled() {
		log.Warn("password logins are off: no --jwt-secret (FFPROBE_API_JWT_SECRET or FFPROBE_API_JWT_SECRET_FILE) is set; API keys work")
	}
	return nil
}
