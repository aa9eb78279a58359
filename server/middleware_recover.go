package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
)

// withRecovery turns a panic in a handler into a 500 in the error shape.
// The stack goes to the log, under the request id, never to the client.
func withRecovery(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler {
					panic(v) // the server's own signal to drop the connection
				}
				info := requestInfoFrom(r.Context())
				log.Error("panic in handler", logKeyRequestID, info.id, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				writeError(w, r, wrapError(CodeInternal, fmt.Errorf("panic: %v", v), "internal error; the server log has the details under this request id"))
			}()
			next.ServeHTTP(w, r)
		})
	}
}
