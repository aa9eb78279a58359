package server

import (
	"net/http"

	"github.com/gorilla/mux"
)

// Handler is the whole HTTP API: the router with its middleware. The chain,
// outermost first: request id → client address → access log and metrics →
// panic recovery → security headers → address allow/deny lists → CORS →
// router; inside the router: route template → rate limits per address (and
// per address on the login route) → authentication (API routes) → rate
// limit per principal → body limits (per route).
func (s *Server) Handler() http.Handler {
	return s.handler
}

func (s *Server) buildHandler() http.Handler {
	root := mux.NewRouter()
	root.NotFoundHandler = notFoundOrMethodNotAllowed(root)
	root.MethodNotAllowedHandler = http.HandlerFunc(methodNotAllowed)
	root.Use(withRouteTemplate, s.withRateLimits)
	root.Handle("/metrics", s.metricsOnMain()).Methods(http.MethodGet)

	v1 := root.PathPrefix("/api/v1").Subrouter()
	v1.HandleFunc("/health", s.handleHealth).Methods(http.MethodGet, http.MethodHead)
	v1.HandleFunc("/ready", s.handleReady).Methods(http.MethodGet, http.MethodHead)
	v1.HandleFunc("/openapi.yaml", handleOpenAPI).Methods(http.MethodGet)

	api := v1.NewRoute().Subrouter()
	api.Use(withAuthentication(s.auth), s.withPrincipalRateLimit)
	s.analysisRoutes(api)
	s.registerAuthRoutes(v1, api)

	var h http.Handler = root
	for _, mw := range []func(http.Handler) http.Handler{
		withCORS(s.cfg.CORSOrigins),
		s.withAddressFilter,
		withSecurityHeaders(s.cfg.TLS()),
		withRecovery(s.log),
		withAccessLog(s.log, s.metrics),
		s.withClientIP,
		withRequestID,
	} {
		h = mw(h)
	}
	return h
}

// uploadOverhead is room for the multipart framing and option fields
// around an upload of the maximum size.
const uploadOverhead = 1 << 20

func (s *Server) analysisRoutes(api *mux.Router) {
	uploads := api.Methods(http.MethodPost).Path("/analyses").
		HeadersRegexp("Content-Type", `(?i)^multipart/form-data`).Subrouter()
	uploads.Use(withBodyLimit(s.cfg.MaxUploadSize+uploadOverhead, "the upload"))
	uploads.NewRoute().Handler(s.handleCreateAnalysis(s.analyzeUpload))

	paths := api.Methods(http.MethodPost).Path("/analyses").
		HeadersRegexp("Content-Type", `(?i)^application/json`).Subrouter()
	paths.Use(withBodyLimit(s.cfg.MaxJSONSize, "the JSON body"))
	paths.NewRoute().Handler(s.handleCreateAnalysis(s.analyzeJSON))

	api.HandleFunc("/analyses", s.handleUnsupportedType).Methods(http.MethodPost)
	api.HandleFunc("/analyses", s.handleListAnalyses).Methods(http.MethodGet)
	api.HandleFunc("/analyses/{id}", s.handleGetAnalysis).Methods(http.MethodGet)
	api.HandleFunc("/analyses/{id}", s.auditedDeletion(s.handleDeleteAnalysis)).Methods(http.MethodDelete)
	api.HandleFunc("/analyses/{id}/raw", s.handleGetRaw).Methods(http.MethodGet)
}

// notFoundOrMethodNotAllowed answers 405 when the path has a route for
// another method, else 404. (mux loses a method mismatch inside nested
// subrouters and reports it as not found; this asks the router again.)
func notFoundOrMethodNotAllowed(router *mux.Router) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
			if m == r.Method {
				continue
			}
			other := r.Clone(r.Context())
			other.Method = m
			var match mux.RouteMatch
			if router.Match(other, &match) && match.MatchErr == nil {
				methodNotAllowed(w, r)
				return
			}
		}
		writeError(w, r, errorf(CodeNotFound, "no such route; the API is under /api/v1 (see /api/v1/openapi.yaml)"))
	})
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, errorf(CodeMethodNotAllowed, "method %s is not allowed on this route", metricMethod(r.Method)))
}
