package server

import (
	"bytes"
	_ "embed"
	"net/http"
)

//go:embed openapi.yaml
var openAPISpec []byte

// OpenAPISpec is the API's OpenAPI 3.1 document, served at
// /api/v1/openapi.yaml. Tests validate every response against it.
func OpenAPISpec() []byte { return bytes.Clone(openAPISpec) }

func handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(openAPISpec)
}
