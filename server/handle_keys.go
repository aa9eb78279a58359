package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/gorilla/mux"
)

// keyJSON is an API key as the API shows it (schema APIKey): its display
// prefix, never the key or its hash.
type keyJSON struct {
	ID         string     `json:"id"`
	UserID     string     `json:"user_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	Role       store.Role `json:"role"`
	State      string     `json:"state"`      // active, revoked or expired
	ExpiresAt  *time.Time `json:"expires_at"` // null: never
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	CreatedAt  time.Time  `json:"created_at"`
}

// createdKeyJSON is the answer to a creation: the one time the key is shown.
type createdKeyJSON struct {
	keyJSON
	Key string `json:"key"`
}

type keyListJSON struct {
	Keys []keyJSON `json:"keys"`
}

func keyView(k *store.APIKey, now time.Time) keyJSON {
	state := "active"
	switch security.CheckAPIKeyValidity(k.ExpiresAt, k.RevokedAt, now) {
	case security.ErrAPIKeyRevoked:
		state = "revoked"
	case security.ErrAPIKeyExpired:
		state = "expired"
	}
	return keyJSON{ID: k.ID, UserID: k.UserID, Name: k.Name, Prefix: k.Prefix, Role: k.Role, State: state,
		ExpiresAt: timeOrNull(k.ExpiresAt), LastUsedAt: timeOrNull(k.LastUsedAt), RevokedAt: timeOrNull(k.RevokedAt), CreatedAt: k.CreatedAt}
}

func timeOrNull(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// handleListKeys is GET /api/v1/keys: one's own keys; an admin's: every
// user's, or one user's with ?user_id=.
func (s *Server) handleListKeys(w http.ResponseWriter, r *http.Request) {
	p, err := authorized(r, security.ManageOwnKeys)
	if err != nil {
		writeError(w, r, err)
		return
	}
	userID := r.URL.Query().Get("user_id")
	switch {
	case security.Can(p, security.ManageAllKeys):
	case userID == "":
		userID = p.UserID
	case userID != p.UserID:
		writeError(w, r, errorf(CodeForbidden, "only an admin may list another user's keys"))
		return
	}
	keys, err := s.store.ListAPIKeys(r.Context(), userID)
	if err != nil {
		writeError(w, r, wrapError(CodeInternal, err, "the keys could not be listed"))
		return
	}
	now := time.Now()
	out := keyListJSON{Keys: make([]keyJSON, 0, len(keys))}
	for i := range keys {
		out.Keys = append(out.Keys, keyView(&keys[i], now))
	}
	writeJSON(w, http.StatusOK, out)
}

// handleGetKey is GET /api/v1/keys/{id}.
func (s *Server) handleGetKey(w http.ResponseWriter, r *http.Request) {
	k, _, err := s.keyInRoute(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, keyView(k, time.Now()))
}

// handleRevokeKey is DELETE /api/v1/keys/{id}: the key is revoked (and
// kept, for the audit trail); the next request with it is refused.
// Revoking a revoked key changes nothing.
func (s *Server) handleRevokeKey(w http.ResponseWriter, r *http.Request) {
	k, p, err := s.keyInRoute(r)
	if err == nil && k.RevokedAt.IsZero() {
		if err = s.store.RevokeAPIKey(r.Context(), k.ID, store.Now()); err == nil {
			s.auth.audit.record(r, auditEntry{Action: security.AuditKeyRevoked, Actor: p.UserID, Target: k.ID, Outcome: store.OutcomeSuccess,
				Details: map[string]any{"prefix": k.Prefix, "name": k.Name, "user_id": k.UserID}})
		} else if errors.Is(err, store.ErrNotFound) {
			err = errorf(CodeNotFound, "no API key %q", k.ID)
		} else {
			err = wrapError(CodeInternal, err, "the key could not be revoked")
		}
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// keyInRoute loads the key named in the route when it is the caller's, or
// the caller may manage every key; anyone else's key is "not found".
func (s *Server) keyInRoute(r *http.Request) (*store.APIKey, security.Principal, error) {
	p, err := authorized(r, security.ManageOwnKeys)
	if err != nil {
		return nil, p, err
	}
	id := mux.Vars(r)["id"]
	k, err := s.store.GetAPIKey(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrInvalid),
		err == nil && k.UserID != p.UserID && !security.Can(p, security.ManageAllKeys):
		return nil, p, errorf(CodeNotFound, "no API key %q", id)
	case err != nil:
		return nil, p, wrapError(CodeInternal, err, "the key could not be read")
	}
	return k, p, nil
}
