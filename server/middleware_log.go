package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/mux"
)

// Attribute keys of the access log, constant so that log queries keep
// working.
const (
	logKeyRequestID = "request_id"
	logKeyMethod    = "method"
	logKeyRoute     = "route"
	logKeyPath      = "path"
	logKeyStatus    = "status"
	logKeyBytes     = "bytes"
	logKeyDuration  = "duration_ms"
	logKeyPrincipal = "principal"
	logKeyClientIP  = "client_ip"
	logKeyCode      = "code"
	logKeyError     = "error"
)

// maxLoggedPath bounds the raw path in a log line.
const maxLoggedPath = 256

// statusRecorder remembers the status and counts the bytes written.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's deadlines.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// withAccessLog writes one JSON log line per request and counts it in the
// metrics, labelled by route template (never the raw path).
func withAccessLog(log *slog.Logger, m *metrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := &statusRecorder{ResponseWriter: w}
			next.ServeHTTP(rec, r)
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			elapsed := time.Since(start)
			info := requestInfoFrom(r.Context())
			route, principal, failure := info.snapshot()
			if route == "" {
				route = unmatchedRoute
			}
			m.observeRequest(route, r.Method, rec.status, elapsed.Seconds())
			attrs := []slog.Attr{
				slog.String(logKeyRequestID, info.id),
				slog.String(logKeyMethod, r.Method),
				slog.String(logKeyRoute, route),
				slog.String(logKeyPath, truncate(r.URL.EscapedPath(), maxLoggedPath)),
				slog.Int(logKeyStatus, rec.status),
				slog.Int64(logKeyBytes, rec.bytes),
				slog.Float64(logKeyDuration, float64(elapsed.Microseconds())/1000),
				slog.String(logKeyPrincipal, principal),
				slog.String(logKeyClientIP, addrText(clientIPOf(r))),
			}
			level := slog.LevelInfo
			if failure != nil {
				attrs = append(attrs, slog.String(logKeyCode, string(failure.Code)))
				if failure.Err != nil {
					attrs = append(attrs, slog.String(logKeyError, failure.Err.Error()))
				}
				if rec.status >= 500 {
					level = slog.LevelError
				}
			}
			log.LogAttrs(r.Context(), level, "request", attrs...)
		})
	}
}

// withRouteTemplate records the matched route's template for the access
// log and the metrics. mux runs it only for requests that matched.
func withRouteTemplate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if route := mux.CurrentRoute(r); route != nil {
			if tmpl, err := route.GetPathTemplate(); err == nil {
				requestInfoFrom(r.Context()).setRoute(tmpl)
			}
		}
		next.ServeHTTP(w, r)
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
