package servertest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/server"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Validator checks answers against the server's embedded OpenAPI document.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
}

// NewValidator loads and validates the OpenAPI document itself.
func NewValidator(t testing.TB) *Validator {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(server.OpenAPISpec())
	if err != nil {
		t.Fatalf("openapi.yaml does not load: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("openapi.yaml is not a valid OpenAPI document: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	return &Validator{doc: doc, router: router}
}

// Check fails the test when the answer does not match the document: its
// status, headers and body for the operation, or, for a path the document
// does not have, the error shape.
func (v *Validator) Check(t testing.TB, req *http.Request, res *http.Response, body []byte) {
	t.Helper()
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		v.checkError(t, req, res, body)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  res.StatusCode,
		Header:  res.Header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match openapi.yaml: %v\nbody: %.2000s", req.Method, req.URL.Path, res.StatusCode, err, body)
	}
}

// checkError validates an answer to a path outside the document (a 404 or
// 405 of the router) against the Error schema.
func (v *Validator) checkError(t testing.TB, req *http.Request, res *http.Response, body []byte) {
	t.Helper()
	if res.StatusCode < 400 {
		t.Errorf("%s %s → %d: the path is not in openapi.yaml, yet the answer is not an error", req.Method, req.URL.Path, res.StatusCode)
		return
	}
	var data any
	if err := json.Unmarshal(body, &data); err != nil {
		t.Errorf("%s %s → %d: body is not JSON: %v\n%.500s", req.Method, req.URL.Path, res.StatusCode, err, body)
		return
	}
	schema := v.doc.Components.Schemas["Error"].Value
	if err := schema.VisitJSON(data, openapi3.EnableJSONSchema2020()); err != nil {
		t.Errorf("%s %s → %d: body is not the Error schema: %v\n%.500s", req.Method, req.URL.Path, res.StatusCode, err, body)
	}
}
