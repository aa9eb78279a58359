package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// authStore is what authentication needs of the store.
type authStore interface {
	store.Users
	store.APIKeys
	store.Sessions
	store.AuditLog
}

// authn authenticates requests, and holds what the session endpoints
// share: it knows API keys (looked up by hash on every request) and access
// tokens (verified, then checked against their user and session).
type authn struct {
	store    authStore
	cfg      AuthConfig
	issuer   *security.TokenIssuer // nil when sessions are off
	hasher   *security.PasswordHasher
	byUser   security.LoginLimiter // failed logins per account
	byIP     security.LoginLimiter // failed logins per client address
	families *sessionCheck
	audit    *auditor
	log      *slog.Logger
	clientIP func(*http.Request) netip.Addr
	now      func() time.Time
}

func newAuthn(cfg AuthConfig, st authStore, clientIP func(*http.Request) netip.Addr, log *slog.Logger) (*authn, error) {
	a := &authn{store: st, cfg: cfg, log: log, clientIP: clientIP, now: time.Now}
	if a.clientIP == nil {
		a.clientIP = remoteAddr
	}
	a.audit = &auditor{log: log, store: st, clientIP: a.clientIP}
	var err error
	if cfg.SessionsEnabled() {
		if a.issuer, err = cfg.Sessions.TokenIssuer(); err != nil {
			return nil, err
		}
	}
	if a.hasher, err = security.NewPasswordHasher(cfg.Argon2, cfg.MaxConcurrentHashes); err != nil {
		return nil, err
	}
	if a.byUser, err = security.NewLoginThrottle(cfg.LoginThrottle); err != nil {
		return nil, err
	}
	if a.byIP, err = security.NewLoginThrottle(cfg.LoginThrottle); err != nil {
		return nil, err
	}
	a.families = newSessionCheck(st, cfg.SessionRecheck, a.now)
	return a, nil
}

// Authenticate decides who a request acts for from the one credential it
// presents. It refuses with an *authError (401, or 400 for a credential in
// the query or two credentials); any other error is internal.
func (a *authn) Authenticate(r *http.Request) (security.Principal, error) {
	creds, err := security.CredentialsFrom(r)
	if err != nil {
		return security.Principal{}, credentialsRefused(err)
	}
	if creds.Kind == security.CredentialAPIKey {
		return a.byAPIKey(r.Context(), creds.APIKey)
	}
	return a.byAccessToken(r.Context(), creds.AccessToken)
}

// byAPIKey reads the key's record and its user on every request, so a
// revocation, an expiry, a disabled user or a demotion counts at once.
func (a *authn) byAPIKey(ctx context.Context, key security.APIKey) (security.Principal, error) {
	rec, err := a.store.GetAPIKeyByHash(ctx, key.Hash())
	switch {
	case errors.Is(err, store.ErrNotFound):
		return security.Principal{}, invalidAPIKey(key, "no such key")
	case err != nil:
		return security.Principal{}, wrapError(CodeInternal, err, "the API key could not be checked")
	case !key.MatchesHash(rec.Hash):
		return security.Principal{}, invalidAPIKey(key, "the stored hash does not match")
	}
	now := a.now()
	if err := security.CheckAPIKeyValidity(rec.ExpiresAt, rec.RevokedAt, now); err != nil {
		return security.Principal{}, invalidAPIKey(key, err.Error())
	}
	u, err := a.activeUser(ctx, rec.UserID)
	if err != nil {
		return security.Principal{}, asKeyFailure(key, err)
	}
	role := security.EffectiveRole(security.Role(u.Role), security.Role(rec.Role))
	if role == "" {
		return security.Principal{}, invalidAPIKey(key, fmt.Sprintf("unknown role (user %q, key %q)", u.Role, rec.Role))
	}
	a.touchKey(ctx, rec, now)
	return security.Principal{UserID: u.ID, Username: u.Username, Role: string(role), KeyID: rec.ID}, nil
}

// touchKey records the key's use when its last-used time is older than
// keyTouchInterval: one write a minute for a busy key, whatever the number
// of instances. A failed write is logged, not answered.
func (a *authn) touchKey(ctx context.Context, rec *store.APIKey, now time.Time) {
	if now.Sub(rec.LastUsedAt) < keyTouchInterval {
		return
	}
	if err := a.store.TouchAPIKey(ctx, rec.ID, now); err != nil {
		a.log.Warn("the API key's last-used time could not be written", "key_id", rec.ID, logKeyError, err.Error())
	}
}

// byAccessToken verifies the token, then reads its user (every request)
// and asks whether its session family is still alive (every
// SessionRecheck). The role is the lesser of the token's and the user's,
// so a demotion counts at once and a promotion at the next refresh.
func (a *authn) byAccessToken(ctx context.Context, token string) (security.Principal, error) {
	if a.issuer == nil {
		return security.Principal{}, invalidToken(errors.New("sessions are off"),
			"this server does not accept access tokens (password logins are off); use an API key")
	}
	claims, err := a.issuer.Verify(token)
	switch {
	case errors.Is(err, security.ErrAccessTokenExpired):
		return security.Principal{}, invalidToken(err, "the access token has expired; get a new one from POST /api/v1/auth/refresh")
	case err != nil:
		return security.Principal{}, invalidToken(err, "invalid access token")
	}
	u, err := a.activeUser(ctx, claims.UserID)
	if err != nil {
		return security.Principal{}, asTokenFailure(err)
	}
	alive, err := a.families.alive(ctx, claims.UserID, claims.SessionID)
	switch {
	case err != nil:
		return security.Principal{}, wrapError(CodeInternal, err, "the session could not be checked")
	case !alive:
		return security.Principal{}, invalidToken(fmt.Errorf("session %s is revoked or over", claims.SessionID),
			"the session has ended (logged out, revoked or expired); log in again")
	}
	role := security.EffectiveRole(security.Role(u.Role), security.Role(claims.Role))
	if role == "" {
		return security.Principal{}, invalidToken(fmt.Errorf("unknown role %q", u.Role), "invalid access token")
	}
	return security.Principal{UserID: u.ID, Username: u.Username, Role: string(role)}, nil
}

// errUserInactive is why activeUser refuses: the user is gone or disabled.
var errUserInactive = errors.New("the user does not exist or is disabled")

// activeUser reads a user who must exist and not be disabled.
func (a *authn) activeUser(ctx context.Context, id string) (*store.User, error) {
	u, err := a.store.GetUser(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, fmt.Errorf("user %s: %w", id, errUserInactive)
	case err != nil:
		return nil, err
	case u.Disabled:
		return nil, fmt.Errorf("user %s is disabled: %w", id, errUserInactive)
	}
	return u, nil
}

func asKeyFailure(key security.APIKey, err error) error {
	if errors.Is(err, errUserInactive) {
		return invalidAPIKey(key, err.Error())
	}
	return wrapError(CodeInternal, err, "the API key's user could not be read")
}

func asTokenFailure(err error) error {
	if errors.Is(err, errUserInactive) {
		return invalidToken(err, "invalid access token")
	}
	return wrapError(CodeInternal, err, "the access token's user could not be read")
}
