package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// tokensJSON is what a login or a refresh answers (schema Tokens).
type tokensJSON struct {
	AccessToken      string    `json:"access_token"`
	TokenType        string    `json:"token_type"` // always Bearer
	ExpiresIn        int64     `json:"expires_in"` // seconds the access token lives
	ExpiresAt        time.Time `json:"expires_at"`
	RefreshToken     string    `json:"refresh_token"`
	RefreshExpiresAt time.Time `json:"refresh_expires_at"` // the refresh token's idle expiry
	SessionExpiresAt time.Time `json:"session_expires_at"` // no refresh lives past this
	User             userJSON  `json:"user"`
}

// sessionsOn refuses the session endpoints when password logins are off.
func (a *authn) sessionsOn() error {
	if a.issuer == nil {
		return errorf(CodeSessionsDisabled, "password logins are off on this server (it has no --jwt-secret, FFPROBE_API_JWT_SECRET or FFPROBE_API_JWT_SECRET_FILE); use an API key")
	}
	return nil
}

// startSession stores a login's first refresh token (hashed) and issues
// its access token.
func (a *authn) startSession(ctx context.Context, u *store.User) (tokensJSON, error) {
	refresh, err := security.GenerateRefreshToken()
	if err != nil {
		return tokensJSON{}, wrapError(CodeInternal, err, "the session could not be started")
	}
	now := store.Now()
	idle, absolute := a.cfg.Sessions.LoginExpiry(now)
	s := &store.Session{UserID: u.ID, TokenHash: refresh.Hash(), CreatedAt: now, ExpiresAt: idle, AbsoluteExpiresAt: absolute}
	if err := a.store.CreateSession(ctx, s); err != nil {
		return tokensJSON{}, wrapError(CodeInternal, err, "the session could not be stored")
	}
	return a.tokens(u, s, refresh)
}

// tokens issues the access token of session s and puts the pair together.
func (a *authn) tokens(u *store.User, s *store.Session, refresh security.RefreshToken) (tokensJSON, error) {
	p := security.Principal{UserID: u.ID, Username: u.Username, Role: string(u.Role)}
	access, exp, err := a.issuer.Issue(p, s.FamilyID)
	if err != nil {
		return tokensJSON{}, wrapError(CodeInternal, err, "the access token could not be issued")
	}
	return tokensJSON{
		AccessToken: access, TokenType: "Bearer", ExpiresIn: int64(a.cfg.Sessions.AccessTTL / time.Second), ExpiresAt: exp,
		RefreshToken: refresh.Secret(), RefreshExpiresAt: s.ExpiresAt, SessionExpiresAt: s.AbsoluteExpiresAt,
		User: userView(u),
	}, nil
}

// errRefreshRefused is the public message of every refused refresh.
const errRefreshRefused = "invalid refresh token: it is unknown, already used, revoked or expired; log in again"

// rotate runs the refresh sequence of docs/security.md: parse, look up,
// CheckRefresh (reuse revokes the family), re-read the user, then
// RotateSession atomically (a conflict there is a concurrent reuse).
func (a *authn) rotate(r *http.Request, raw string) (tokensJSON, error) {
	old, err := a.sessionOf(r, raw)
	if err != nil {
		return tokensJSON{}, err
	}
	now := store.Now()
	u, err := a.refreshable(r, old, now)
	if err != nil {
		return tokensJSON{}, err
	}
	next, err := security.GenerateRefreshToken()
	if err != nil {
		return tokensJSON{}, wrapError(CodeInternal, err, "the session could not be refreshed")
	}
	child := &store.Session{UserID: u.ID, FamilyID: old.FamilyID, ParentID: old.ID, TokenHash: next.Hash(), CreatedAt: now,
		ExpiresAt: a.cfg.Sessions.RotatedExpiry(now, old.AbsoluteExpiresAt), AbsoluteExpiresAt: old.AbsoluteExpiresAt}
	switch err := a.store.RotateSession(r.Context(), old.ID, child); {
	case errors.Is(err, store.ErrConflict):
		return tokensJSON{}, a.reuseDetected(r, old, err)
	case err != nil:
		return tokensJSON{}, wrapError(CodeInternal, err, "the session could not be refreshed")
	}
	a.audit.record(r, auditEntry{Action: security.AuditSessionRefreshed, Actor: u.ID, Target: old.FamilyID, Outcome: store.OutcomeSuccess})
	return a.tokens(u, child, next)
}

// sessionOf finds the session of a presented refresh token, used and
// revoked ones included; a malformed or unknown token is refused.
func (a *authn) sessionOf(r *http.Request, raw string) (*store.Session, error) {
	token, err := security.ParseRefreshToken(raw)
	if err != nil {
		return nil, a.refreshRefused(r, "", err)
	}
	sess, err := a.store.GetSessionByTokenHash(r.Context(), token.Hash())
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, a.refreshRefused(r, "", errors.New("no such refresh token"))
	case err != nil:
		return nil, wrapError(CodeInternal, err, "the refresh token could not be checked")
	}
	return sess, nil
}

// refreshable returns the user of a session that may be rotated at now. A
// used token presented again, or a session whose user is gone or
// disabled, revokes the family.
func (a *authn) refreshable(r *http.Request, old *store.Session, now time.Time) (*store.User, error) {
	times := security.SessionTimes{ExpiresAt: old.ExpiresAt, AbsoluteExpiresAt: old.AbsoluteExpiresAt, RevokedAt: old.RevokedAt, UsedAt: old.UsedAt}
	if err := security.CheckRefresh(times, now); errors.Is(err, security.ErrRefreshTokenReused) {
		return nil, a.reuseDetected(r, old, err)
	} else if err != nil {
		return nil, a.refreshRefused(r, old.UserID, err)
	}
	u, err := a.activeUser(r.Context(), old.UserID)
	switch {
	case errors.Is(err, errUserInactive):
		a.revokeFamily(r.Context(), old.FamilyID)
		return nil, a.refreshRefused(r, old.UserID, err)
	case err != nil:
		return nil, wrapError(CodeInternal, err, "the session's user could not be read")
	}
	return u, nil
}

// reuseDetected revokes the family of a used refresh token presented
// again (two parties hold it), audits it and refuses.
func (a *authn) reuseDetected(r *http.Request, old *store.Session, cause error) error {
	n := a.revokeFamily(r.Context(), old.FamilyID)
	a.audit.record(r, auditEntry{Action: security.AuditSessionReuse, Actor: old.UserID, Target: old.FamilyID,
		Outcome: store.OutcomeFailure, Details: map[string]any{"session_id": old.ID, "sessions_revoked": n}})
	return &authError{err: wrapError(CodeUnauthorized, cause, errRefreshRefused), bearerError: "invalid_token"}
}

// refreshRefused audits a refused refresh token and refuses.
func (a *authn) refreshRefused(r *http.Request, userID string, cause error) error {
	a.audit.record(r, auditEntry{Action: auditAuthnFailure, Actor: userID, Target: routeOf(r), Outcome: store.OutcomeFailure,
		Details: map[string]any{"credential": "refresh_token", "reason": cause.Error()}})
	return &authError{err: wrapError(CodeUnauthorized, cause, errRefreshRefused), bearerError: "invalid_token"}
}

// revokeFamily revokes every session of a family, here at once: its
// access tokens are refused from the next request on. It returns how many
// sessions were still unrevoked; a failure is logged (the caller refuses
// the request anyway).
func (a *authn) revokeFamily(ctx context.Context, family string) int64 {
	n, err := a.store.RevokeSessionFamily(context.WithoutCancel(ctx), family, store.Now())
	a.families.forget(family)
	if err != nil {
		a.log.Error("a session family could not be revoked", "family", family, logKeyError, err.Error())
	}
	return n
}

// retryAfter is a Retry-After value: whole seconds, rounded up, at least 1.
func retryAfter(d time.Duration) string {
	return fmt.Sprint(max(1, int64((d+time.Second-1)/time.Second)))
}
