package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Only a bug gets here (a type that cannot be encoded).
		status = http.StatusInternalServerError
		body = []byte(`{"error":{"code":"internal","message":"internal error: response could not be encoded","request_id":""}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// decodeJSON reads one JSON object from the request body into v, refusing
// unknown fields and trailing data. The body limit is applied by the
// route's middleware; running over it is a too_large error.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return describeJSONError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errorf(CodeBadRequest, "request body: one JSON object expected, found more after it")
	}
	return nil
}

func describeJSONError(err error) error {
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return wrapError(CodeTooLarge, err, "request body is over the limit of %d bytes for JSON", tooBig.Limit)
	case errors.Is(err, io.EOF):
		return errorf(CodeBadRequest, "request body is empty; send a JSON object")
	case errors.As(err, &syntax):
		return errorf(CodeBadRequest, "request body is not valid JSON (at byte %d)", syntax.Offset)
	case errors.As(err, &typeErr):
		return errorf(CodeBadRequest, "request body: field %q must be %s", typeErr.Field, typeErr.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return errorf(CodeBadRequest, "request body: %s", strings.TrimPrefix(err.Error(), "json: "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errorf(CodeBadRequest, "request body ends in the middle of a JSON value")
	}
	return wrapError(CodeBadRequest, err, "request body could not be read")
}

// contentType is the media type of the request, lowercased, without
// parameters.
func contentType(r *http.Request) string {
	ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	return strings.ToLower(strings.TrimSpace(ct))
}

// quoteField formats a field name for messages.
func quoteField(name string) string { return fmt.Sprintf("%q", name) }
