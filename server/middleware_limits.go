package server

import (
	"net/http"
)

// withBodyLimit refuses a body over limit: at once with 413 when the
// announced Content-Length is already too big (before a byte of it is
// read), and as a too_large error from the handler's read when a chunked
// body runs past it.
func withBodyLimit(limit int64, what string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > limit {
				// Do not read a lying or huge body just to discard it.
				w.Header().Set("Connection", "close")
				writeError(w, r, errorf(CodeTooLarge, "%s of %d bytes is over the limit of %d bytes", what, r.ContentLength, limit))
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			next.ServeHTTP(w, r)
		})
	}
}
