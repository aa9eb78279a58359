package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"sync"

	"github.com/ffprobe-api/ffprobe-api/security"
)

// requestInfo is what the middleware learns about one request as it goes
// down the chain (the route matched, the principal, the error answered)
// and the access log reads when it comes back up. It is shared by pointer
// because mux hands the handlers a new *http.Request.
type requestInfo struct {
	id string

	mu        sync.Mutex
	route     string // the mux path template; "" when no route matched
	principal string // the user ID, "" before authentication
	err       *Error // the error answered, with its internal cause
}

func (i *requestInfo) setRoute(tmpl string) {
	i.mu.Lock()
	i.route = tmpl
	i.mu.Unlock()
}

func (i *requestInfo) setPrincipal(p security.Principal) {
	i.mu.Lock()
	i.principal = p.UserID
	i.mu.Unlock()
}

func (i *requestInfo) fail(e *Error) {
	i.mu.Lock()
	i.err = e
	i.mu.Unlock()
}

func (i *requestInfo) snapshot() (route, principal string, err *Error) {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.route, i.principal, i.err
}

type requestInfoKey struct{}

// requestInfoFrom returns the request's info, or an empty one for a
// request that did not pass the request-id middleware (some tests).
func requestInfoFrom(ctx context.Context) *requestInfo {
	if i, ok := ctx.Value(requestInfoKey{}).(*requestInfo); ok {
		return i
	}
	return &requestInfo{}
}

// RequestIDHeader carries the request id in both directions.
const RequestIDHeader = "X-Request-ID"

const maxRequestIDLength = 64

// withRequestID accepts a sane incoming X-Request-ID (1–64 characters of
// letters, digits, '-', '_', '.', ':') or makes a new one, echoes it and
// puts the request's info into its context.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(RequestIDHeader)
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(RequestIDHeader, id)
		info := &requestInfo{id: id}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info)))
	})
}

func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLength {
		return false
	}
	for _, c := range []byte(id) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':'
		if !ok {
			return false
		}
	}
	return true
}

func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}
