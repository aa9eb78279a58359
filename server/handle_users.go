package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/gorilla/mux"
)

// userJSON is a user as the API shows it (schema User): never the hash.
type userJSON struct {
	ID          string     `json:"id"`
	Username    string     `json:"username"`
	Role        store.Role `json:"role"`
	Disabled    bool       `json:"disabled"`
	HasPassword bool       `json:"has_password"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

func userView(u *store.User) userJSON {
	return userJSON{ID: u.ID, Username: u.Username, Role: u.Role, Disabled: u.Disabled,
		HasPassword: u.PasswordHash != "", CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

type userListJSON struct {
	Users []userJSON `json:"users"`
}

type createUserRequest struct {
	Username string  `json:"username"`
	Role     string  `json:"role"`
	Password *string `json:"password"` // absent: API keys only, no login
}

// handleListUsers is GET /api/v1/users (admins), ordered by username.
func (s *Server) handleListUsers(w http.ResponseWriter, r *http.Request) {
	if _, err := authorized(r, security.ManageUsers); err != nil {
		writeError(w, r, err)
		return
	}
	users, err := s.store.ListUsers(r.Context())
	if err != nil {
		writeError(w, r, wrapError(CodeInternal, err, "the users could not be listed"))
		return
	}
	out := userListJSON{Users: make([]userJSON, 0, len(users))}
	for i := range users {
		out.Users = append(out.Users, userView(&users[i]))
	}
	writeJSON(w, http.StatusOK, out)
}

// handleCreateUser is POST /api/v1/users (admins).
func (s *Server) handleCreateUser(w http.ResponseWriter, r *http.Request) {
	p, err := authorized(r, security.ManageUsers)
	var req createUserRequest
	if err == nil {
		err = decodeJSON(r, &req)
	}
	var u *store.User
	if err == nil {
		u, err = s.newUser(r, req)
	}
	if err == nil {
		err = s.store.CreateUser(r.Context(), u)
		if errors.Is(err, store.ErrConflict) {
			err = errorf(CodeConflict, "the username %q is taken (usernames are compared without letter case)", u.Username)
		} else if err != nil {
			err = wrapError(CodeInternal, err, "the user could not be created")
		}
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.auth.audit.record(r, auditEntry{Action: security.AuditUserCreated, Actor: p.UserID, Target: u.ID, Outcome: store.OutcomeSuccess,
		Details: map[string]any{"username": u.Username, "role": u.Role, "password": u.PasswordHash != ""}})
	w.Header().Set("Location", "/api/v1/users/"+u.ID)
	writeJSON(w, http.StatusCreated, userView(u))
}

// newUser checks a create request and hashes its password.
func (s *Server) newUser(r *http.Request, req createUserRequest) (*store.User, error) {
	if err := security.CheckUsername(req.Username); err != nil {
		return nil, errorf(CodeBadRequest, "username: %v", err)
	}
	role, err := security.ParseRole(req.Role)
	if err != nil {
		return nil, errorf(CodeBadRequest, "%v", err)
	}
	u := &store.User{Username: req.Username, Role: store.Role(role)}
	if req.Password != nil {
		if u.PasswordHash, err = s.hashPassword(r, *req.Password); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// hashPassword applies the password policy and hashes.
func (s *Server) hashPassword(r *http.Request, password string) (string, error) {
	h, err := s.auth.hasher.Hash(r.Context(), password)
	switch {
	case errors.Is(err, security.ErrPasswordTooShort), errors.Is(err, security.ErrPasswordTooLong):
		return "", errorf(CodeBadRequest, "%v", err)
	case err != nil:
		return "", wrapError(CodeInternal, err, "the password could not be hashed")
	}
	return h, nil
}

// handleGetUser is GET /api/v1/users/{id} (admins).
func (s *Server) handleGetUser(w http.ResponseWriter, r *http.Request) {
	u, _, err := s.userInRoute(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, userView(u))
}

// handleDeleteUser is DELETE /api/v1/users/{id} (admins): the user goes
// with their keys, sessions and analyses. The last enabled admin stays.
func (s *Server) handleDeleteUser(w http.ResponseWriter, r *http.Request) {
	u, p, err := s.userInRoute(r)
	if err == nil {
		err = s.keepsAnAdmin(r, u, nil)
	}
	if err == nil {
		if err = s.store.DeleteUser(r.Context(), u.ID); errors.Is(err, store.ErrNotFound) {
			err = errorf(CodeNotFound, "no user %q", u.ID)
		} else if err != nil {
			err = wrapError(CodeInternal, err, "the user could not be deleted")
		}
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.auth.families.forgetUser(u.ID)
	s.auth.audit.record(r, auditEntry{Action: security.AuditUserDeleted, Actor: p.UserID, Target: u.ID, Outcome: store.OutcomeSuccess,
		Details: map[string]any{"username": u.Username, "role": u.Role}})
	w.WriteHeader(http.StatusNoContent)
}

// userInRoute loads the user named in the route, for an admin.
func (s *Server) userInRoute(r *http.Request) (*store.User, security.Principal, error) {
	p, err := authorized(r, security.ManageUsers)
	if err != nil {
		return nil, p, err
	}
	id := mux.Vars(r)["id"]
	u, err := s.store.GetUser(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrInvalid):
		return nil, p, errorf(CodeNotFound, "no user %q", id)
	case err != nil:
		return nil, p, wrapError(CodeInternal, err, "the user could not be read")
	}
	return u, p, nil
}

// keepsAnAdmin refuses a change that would leave no enabled admin: before
// is the user now, after the user as changed (nil when deleted).
func (s *Server) keepsAnAdmin(r *http.Request, before, after *store.User) error {
	activeAdmin := func(u *store.User) bool { return u != nil && u.Role == store.RoleAdmin && !u.Disabled }
	if !activeAdmin(before) || activeAdmin(after) {
		return nil
	}
	users, err := s.store.ListUsers(r.Context())
	if err != nil {
		return wrapError(CodeInternal, err, "the users could not be counted")
	}
	for i := range users {
		if users[i].ID != before.ID && activeAdmin(&users[i]) {
			return nil
		}
	}
	return errorf(CodeConflict, "%s is the only enabled admin; make another user admin first", before.Username)
}
