package server

import (
	"net/http"
	"slices"
	"strings"
)

// contentSecurityPolicy allows nothing: the API serves JSON and YAML, never
// a page, so no script, style, frame or form may come from its answers.
const contentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// hstsValue asks browsers to use HTTPS only, for two years.
const hstsValue = "max-age=63072000; includeSubDomains"

// withSecurityHeaders sets the headers every answer carries; HSTS only
// when the server itself speaks TLS.
func withSecurityHeaders(tls bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Content-Security-Policy", contentSecurityPolicy)
			h.Set("Referrer-Policy", "no-referrer")
			h.Set("Cache-Control", "no-store")
			if tls {
				h.Set("Strict-Transport-Security", hstsValue)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// CORS settings: what a browser page from an allowed origin may send.
const (
	corsAllowMethods  = "GET, POST, PATCH, DELETE, OPTIONS"
	corsAllowHeaders  = "Authorization, Content-Type, X-API-Key, X-Request-ID"
	corsExposeHeaders = "X-Request-ID, X-Cache, Retry-After, Location, RateLimit, RateLimit-Policy"
	corsMaxAge        = "600"
)

// withCORS answers cross-origin requests from the configured origins only.
// A request from another origin gets no CORS headers (the browser then
// withholds the answer); its preflight is refused with 403.
func withCORS(origins []string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			origin := r.Header.Get("Origin")
			if origin == "" {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Add("Vary", "Origin")
			allowed := slices.Contains(origins, strings.TrimSuffix(origin, "/"))
			preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
			if allowed {
				w.Header().Set("Access-Control-Allow-Origin", origin)
				w.Header().Set("Access-Control-Expose-Headers", corsExposeHeaders)
			}
			switch {
			case preflight && allowed:
				h := w.Header()
				h.Set("Access-Control-Allow-Methods", corsAllowMethods)
				h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
				h.Set("Access-Control-Max-Age", corsMaxAge)
				w.WriteHeader(http.StatusNoContent)
			case preflight:
				writeError(w, r, errorf(CodeForbidden, "this origin is not allowed to call the API (the server's --cors-origins lists the allowed ones)"))
			default:
				next.ServeHTTP(w, r)
			}
		})
	}
}
