package server

import (
	"context"
	"errors"
	"net/http"
	"net/netip"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type refreshRequest struct {
	RefreshToken string `json:"refresh_token"`
}

// errLoginRefused is the one answer to a wrong username, a wrong password,
// a disabled account and an account without a password.
const errLoginRefused = "wrong username or password"

// handleLogin is POST /api/v1/auth/login: username and password for an
// access token and a refresh token. A throttled account or address is
// refused (429) before the password is looked at.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	a := s.auth
	req, err := a.loginRequest(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	ip := a.clientIP(r)
	if wait, err := a.loginWait(r.Context(), req.Username, ip); err != nil || wait > 0 {
		a.loginThrottled(w, r, wait, err)
		return
	}
	u, err := a.passwordLogin(r, req, ip)
	if err != nil {
		writeAuthError(w, r, err)
		return
	}
	tokens, err := a.startSession(r.Context(), u)
	if err != nil {
		writeError(w, r, err)
		return
	}
	a.audit.record(r, auditEntry{Action: security.AuditLoginSuccess, Actor: u.ID, Target: u.ID, Outcome: store.OutcomeSuccess,
		Details: map[string]any{"username": u.Username}})
	writeJSON(w, http.StatusOK, tokens)
}

// loginRequest reads a login's body, when sessions are on.
func (a *authn) loginRequest(r *http.Request) (loginRequest, error) {
	var req loginRequest
	if err := a.sessionsOn(); err != nil {
		return req, err
	}
	if err := decodeJSON(r, &req); err != nil {
		return req, err
	}
	if req.Username == "" || req.Password == "" {
		return req, errorf(CodeBadRequest, "request body: username and password are both required")
	}
	return req, nil
}

// passwordLogin checks the password and counts the outcome for the
// throttles; a refusal is audited and answered with errLoginRefused.
func (a *authn) passwordLogin(r *http.Request, req loginRequest, ip netip.Addr) (*store.User, error) {
	u, reason, err := a.checkLogin(r.Context(), req.Username, req.Password)
	switch {
	case errors.Is(err, security.ErrPasswordTooLong):
		return nil, errorf(CodeBadRequest, "%s", err.Error())
	case err != nil:
		return nil, wrapError(CodeInternal, err, "the password could not be checked")
	case reason != "":
		a.loginFailed(r, req.Username, ip, u, reason)
		return nil, errorf(CodeUnauthorized, errLoginRefused)
	}
	a.loginSucceeded(r.Context(), req.Username, ip)
	return u, nil
}

// checkLogin verifies a username and password, spending the time of one
// hash whatever the outcome. reason is "" when the login may proceed, else
// why not (for the audit log); u is the user when there is one.
func (a *authn) checkLogin(ctx context.Context, username, password string) (u *store.User, reason string, err error) {
	u, err = a.store.GetUserByUsername(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "unknown user", a.hasher.VerifyNoUser(ctx, password)
	}
	if err != nil {
		return nil, "", err
	}
	ok, err := a.hasher.Verify(ctx, u.PasswordHash, password)
	switch {
	case errors.Is(err, security.ErrNoPassword), errors.Is(err, security.ErrMalformedPasswordHash):
		return u, err.Error(), nil
	case err != nil:
		return u, "", err
	case !ok:
		return u, "wrong password", nil
	case u.Disabled:
		return u, "the user is disabled", nil
	}
	if a.hasher.NeedsRehash(u.PasswordHash) {
		a.rehash(ctx, u, password)
	}
	return u, "", nil
}

// rehash upgrades a password hash made with older parameters; a failure
// is logged, the login goes on.
func (a *authn) rehash(ctx context.Context, u *store.User, password string) {
	h, err := a.hasher.Hash(ctx, password)
	if err == nil {
		next := *u
		next.PasswordHash = h
		err = a.store.UpdateUser(ctx, &next)
	}
	if err != nil {
		a.log.Warn("a password hash could not be upgraded", "user_id", u.ID, logKeyError, err.Error())
	}
}

// handleRefresh is POST /api/v1/auth/refresh: a refresh token for a new
// pair. The token presented is used up; presenting it again revokes the
// whole session.
func (s *Server) handleRefresh(w http.ResponseWriter, r *http.Request) {
	var req refreshRequest
	err := s.auth.sessionsOn()
	if err == nil {
		err = decodeJSON(r, &req)
	}
	var tokens tokensJSON
	if err == nil {
		tokens, err = s.auth.rotate(r, req.RefreshToken)
	}
	if err != nil {
		writeAuthError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, tokens)
}

// handleLogout is POST /api/v1/auth/logout: the refresh token's whole
// session (every rotation of the login) is revoked, and its access tokens
// are refused from the next request on. A session already over is fine.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	a := s.auth
	var req refreshRequest
	err := a.sessionsOn()
	if err == nil {
		err = decodeJSON(r, &req)
	}
	var sess *store.Session
	if err == nil {
		sess, err = a.sessionOf(r, req.RefreshToken)
	}
	if err != nil {
		writeAuthError(w, r, err)
		return
	}
	n := a.revokeFamily(r.Context(), sess.FamilyID)
	a.audit.record(r, auditEntry{Action: security.AuditLogout, Actor: sess.UserID, Target: sess.FamilyID,
		Outcome: store.OutcomeSuccess, Details: map[string]any{"sessions_revoked": n}})
	w.WriteHeader(http.StatusNoContent)
}
