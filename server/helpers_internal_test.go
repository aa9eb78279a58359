package server

import (
	"context"
	"net/http"
)

func contextWithInfo(r *http.Request, info *requestInfo) context.Context {
	return context.WithValue(r.Context(), requestInfoKey{}, info)
}
