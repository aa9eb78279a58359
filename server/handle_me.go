package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// meJSON is who the caller is (schema Me): the user, the role the request
// acts with, and how it authenticated.
type meJSON struct {
	User userJSON   `json:"user"`
	Role store.Role `json:"role"` // the effective role: the lesser of the user's and the key's
	Via  string     `json:"authenticated_with"`
	Key  *keyJSON   `json:"key,omitempty"` // the API key used
}

// handleMe is GET /api/v1/me: every authenticated principal may ask.
func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) {
	p, err := principalOf(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	u, err := s.store.GetUser(r.Context(), p.UserID)
	if err != nil {
		writeError(w, r, wrapError(CodeInternal, err, "the user could not be read"))
		return
	}
	out := meJSON{User: userView(u), Role: store.Role(p.Role), Via: "access_token"}
	if p.KeyID != "" {
		k, err := s.store.GetAPIKey(r.Context(), p.KeyID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			writeError(w, r, wrapError(CodeInternal, err, "the API key could not be read"))
			return
		}
		out.Via = "api_key"
		if k != nil {
			v := keyView(k, time.Now())
			out.Key = &v
		}
	}
	writeJSON(w, http.StatusOK, out)
}
