package server

import (
	"net/http"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/gorilla/mux"
)

// registerAuthRoutes adds the session endpoints to v1, where no
// credential is asked for (login, refresh, logout), and the account
// endpoints to api, behind authentication (me, users, keys, audit).
func (s *Server) registerAuthRoutes(v1, api *mux.Router) {
	sessions := v1.PathPrefix("/auth").Subrouter()
	sessions.Use(withBodyLimit(s.cfg.MaxJSONSize, "the JSON body"))
	sessions.HandleFunc("/login", s.handleLogin).Methods(http.MethodPost)
	sessions.HandleFunc("/refresh", s.handleRefresh).Methods(http.MethodPost)
	sessions.HandleFunc("/logout", s.handleLogout).Methods(http.MethodPost)

	jsonBody := func(h http.HandlerFunc) http.Handler { return withBodyLimit(s.cfg.MaxJSONSize, "the JSON body")(h) }
	api.HandleFunc("/me", s.handleMe).Methods(http.MethodGet)
	api.HandleFunc("/users", s.handleListUsers).Methods(http.MethodGet)
	api.Handle("/users", jsonBody(s.handleCreateUser)).Methods(http.MethodPost)
	api.HandleFunc("/users/{id}", s.handleGetUser).Methods(http.MethodGet)
	api.Handle("/users/{id}", jsonBody(s.handlePatchUser)).Methods(http.MethodPatch)
	api.HandleFunc("/users/{id}", s.handleDeleteUser).Methods(http.MethodDelete)
	api.HandleFunc("/keys", s.handleListKeys).Methods(http.MethodGet)
	api.Handle("/keys", jsonBody(s.handleCreateKey)).Methods(http.MethodPost)
	api.HandleFunc("/keys/{id}", s.handleGetKey).Methods(http.MethodGet)
	api.HandleFunc("/keys/{id}", s.handleRevokeKey).Methods(http.MethodDelete)
	api.HandleFunc("/audit", s.handleListAudit).Methods(http.MethodGet)
}

// auditedDeletion audits a successful DELETE of an analysis (one the
// handler answered without an error) as analysis.deleted.
func (s *Server) auditedDeletion(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		next(w, r)
		if _, _, failure := requestInfoFrom(r.Context()).snapshot(); failure != nil {
			return
		}
		s.auth.audit.record(r, auditEntry{Action: security.AuditAnalysisDeleted, Actor: actorOf(r),
			Target: mux.Vars(r)["id"], Outcome: store.OutcomeSuccess})
	}
}
