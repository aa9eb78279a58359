package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// defaultKeyLifetime is how long a key lives when the request names no
// expiry, as with `keys create`.
const defaultKeyLifetime = 90 * 24 * time.Hour

type createKeyRequest struct {
	Name         string     `json:"name"`
	Role         string     `json:"role"`          // default: the most the user and the caller may both do
	UserID       string     `json:"user_id"`       // another user's key: admins only
	ExpiresAt    *time.Time `json:"expires_at"`    // default: 90 days from now
	NeverExpires bool       `json:"never_expires"` // instead of expires_at
}

// handleCreateKey is POST /api/v1/keys: a new key for the caller (or, for
// an admin, any user), answered once with the key itself. Its role is at
// most its user's and at most the caller's.
func (s *Server) handleCreateKey(w http.ResponseWriter, r *http.Request) {
	p, err := authorized(r, security.ManageOwnKeys)
	var req createKeyRequest
	if err == nil {
		err = decodeJSON(r, &req)
	}
	var rec *store.APIKey
	if err == nil {
		rec, err = s.newKeyRecord(r, p, req)
	}
	var key security.APIKey
	if err == nil {
		key, err = s.storeNewKey(r, rec)
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.auth.audit.record(r, auditEntry{Action: security.AuditKeyCreated, Actor: p.UserID, Target: rec.ID, Outcome: store.OutcomeSuccess,
		Details: map[string]any{"prefix": rec.Prefix, "name": rec.Name, "role": rec.Role, "user_id": rec.UserID, "expires": timeOrNull(rec.ExpiresAt)}})
	w.Header().Set("Location", "/api/v1/keys/"+rec.ID)
	writeJSON(w, http.StatusCreated, createdKeyJSON{keyJSON: keyView(rec, time.Now()), Key: key.Secret()})
}

// newKeyRecord checks a create request against the caller and the user.
func (s *Server) newKeyRecord(r *http.Request, p security.Principal, req createKeyRequest) (*store.APIKey, error) {
	if err := checkKeyName(req.Name); err != nil {
		return nil, err
	}
	expires, err := keyExpiry(req, time.Now())
	if err != nil {
		return nil, err
	}
	userID := p.UserID
	if req.UserID != "" && req.UserID != p.UserID {
		if !security.Can(p, security.ManageAllKeys) {
			return nil, errorf(CodeForbidden, "only an admin may create a key for another user")
		}
		userID = req.UserID
	}
	u, err := s.store.GetUser(r.Context(), userID)
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrInvalid):
		return nil, errorf(CodeNotFound, "no user %q", userID)
	case err != nil:
		return nil, wrapError(CodeInternal, err, "the user could not be read")
	case u.Disabled:
		return nil, errorf(CodeConflict, "%s is disabled; enable the user first", u.Username)
	}
	ceiling := security.EffectiveRole(security.Role(u.Role), security.Role(p.Role))
	role := ceiling
	if req.Role != "" {
		if role, err = security.ParseRole(req.Role); err != nil {
			return nil, errorf(CodeBadRequest, "%v", err)
		}
		if !ceiling.Covers(role) {
			return nil, errorf(CodeForbidden, "a key may do at most what its user (%s) and the credential creating it (%s) may: role %s is more", u.Role, p.Role, role)
		}
	}
	return &store.APIKey{UserID: u.ID, Name: strings.TrimSpace(req.Name), Role: store.Role(role), ExpiresAt: expires}, nil
}

// storeNewKey generates a key and stores its hash and display prefix,
// drawing again in the unlikely event of a prefix collision.
func (s *Server) storeNewKey(r *http.Request, rec *store.APIKey) (security.APIKey, error) {
	for attempt := 0; ; attempt++ {
		key, err := security.GenerateAPIKey()
		if err != nil {
			return security.APIKey{}, wrapError(CodeInternal, err, "the key could not be generated")
		}
		rec.ID, rec.Prefix, rec.Hash = "", key.DisplayPrefix(), key.Hash()
		err = s.store.CreateAPIKey(r.Context(), rec)
		switch {
		case errors.Is(err, store.ErrConflict) && attempt < 3:
			continue
		case err != nil:
			return security.APIKey{}, wrapError(CodeInternal, err, "the key could not be stored")
		}
		return key, nil
	}
}

// keyExpiry is the expiry asked for: a time in the future, never, or by
// default 90 days from now.
func keyExpiry(req createKeyRequest, now time.Time) (time.Time, error) {
	switch {
	case req.NeverExpires && req.ExpiresAt != nil:
		return time.Time{}, errorf(CodeBadRequest, "request body: give expires_at or never_expires, not both")
	case req.NeverExpires:
		return time.Time{}, nil
	case req.ExpiresAt == nil:
		return now.Add(defaultKeyLifetime), nil
	case !req.ExpiresAt.After(now):
		return time.Time{}, errorf(CodeBadRequest, "expires_at %s is not in the future", req.ExpiresAt.Format(time.RFC3339))
	}
	return *req.ExpiresAt, nil
}

// checkKeyName accepts 1 to 100 printable characters: names are shown in
// listings and audit events.
func checkKeyName(name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return errorf(CodeBadRequest, "name: give the key a name that says where it is used (e.g. github-actions)")
	}
	if n := utf8.RuneCountInString(name); n > 100 || !utf8.ValidString(name) {
		return errorf(CodeBadRequest, "name: at most 100 characters of UTF-8, please (this one has %d)", n)
	}
	for _, c := range name {
		if !unicode.IsPrint(c) {
			return errorf(CodeBadRequest, "name: %s is not allowed (no control characters)", fmt.Sprintf("%q", c))
		}
	}
	return nil
}
