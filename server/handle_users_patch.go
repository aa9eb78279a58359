package server

import (
	"errors"
	"net/http"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// patchUserRequest changes what it names; absent fields stay.
type patchUserRequest struct {
	Role     *string `json:"role"`
	Disabled *bool   `json:"disabled"`
	Password *string `json:"password"`
}

// handlePatchUser is PATCH /api/v1/users/{id} (admins): role, disabled,
// password. Disabling a user or setting their password revokes all their
// sessions; their API keys stop working with the disabled flag and come
// back with it cleared. The last enabled admin may not be demoted or
// disabled.
func (s *Server) handlePatchUser(w http.ResponseWriter, r *http.Request) {
	u, p, err := s.userInRoute(r)
	var req patchUserRequest
	if err == nil {
		err = decodeJSON(r, &req)
	}
	next := &store.User{}
	if err == nil {
		*next = *u
		err = s.applyUserPatch(r, req, next)
	}
	if err == nil {
		err = s.keepsAnAdmin(r, u, next)
	}
	if err == nil {
		if err = s.store.UpdateUser(r.Context(), next); errors.Is(err, store.ErrNotFound) {
			err = errorf(CodeNotFound, "no user %q", u.ID)
		} else if err != nil {
			err = wrapError(CodeInternal, err, "the user could not be changed")
		}
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	revoked := s.revokeSessionsAfterPatch(r, req, next)
	s.auditUserPatch(r, p, u, next, req, revoked)
	writeJSON(w, http.StatusOK, userView(next))
}

func (s *Server) applyUserPatch(r *http.Request, req patchUserRequest, u *store.User) error {
	if req.Role == nil && req.Disabled == nil && req.Password == nil {
		return errorf(CodeBadRequest, "request body: name at least one of role, disabled, password")
	}
	if req.Role != nil {
		role, err := security.ParseRole(*req.Role)
		if err != nil {
			return errorf(CodeBadRequest, "%v", err)
		}
		u.Role = store.Role(role)
	}
	if req.Disabled != nil {
		u.Disabled = *req.Disabled
	}
	if req.Password != nil {
		h, err := s.hashPassword(r, *req.Password)
		if err != nil {
			return err
		}
		u.PasswordHash = h
	}
	return nil
}

// revokeSessionsAfterPatch ends every session of a user whose password
// was set or who was disabled, and returns how many were revoked.
func (s *Server) revokeSessionsAfterPatch(r *http.Request, req patchUserRequest, u *store.User) int64 {
	if req.Password == nil && !u.Disabled {
		return 0
	}
	n, err := s.store.RevokeUserSessions(r.Context(), u.ID, store.Now())
	s.auth.families.forgetUser(u.ID)
	if err != nil {
		s.log.Error("the user's sessions could not be revoked", "user_id", u.ID, logKeyError, err.Error())
	}
	return n
}

// auditUserPatch writes one event per kind of change.
func (s *Server) auditUserPatch(r *http.Request, p security.Principal, before, after *store.User, req patchUserRequest, revoked int64) {
	event := func(action string, details map[string]any) {
		details["username"] = after.Username
		s.auth.audit.record(r, auditEntry{Action: action, Actor: p.UserID, Target: after.ID, Outcome: store.OutcomeSuccess, Details: details})
	}
	if before.Role != after.Role {
		event(security.AuditUserChanged, map[string]any{"role_from": before.Role, "role_to": after.Role})
	}
	if req.Password != nil {
		event(security.AuditUserPasswordChanged, map[string]any{"sessions_revoked": revoked})
	}
	switch {
	case !before.Disabled && after.Disabled:
		event(security.AuditUserDisabled, map[string]any{"sessions_revoked": revoked})
	case before.Disabled && !after.Disabled:
		event(security.AuditUserEnabled, map[string]any{})
	}
}
