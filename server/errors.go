package server

import (
	"errors"
	"fmt"
	"net/http"
)

// Code names a kind of failure. It is part of the API: clients switch on
// it, so codes are never renamed. docs/api.md lists them.
type Code string

const (
	CodeBadRequest           Code = "bad_request"            // malformed JSON, form or query
	CodeInvalidOption        Code = "invalid_option"         // a probe option out of range
	CodeInvalidPolicy        Code = "invalid_policy"         // an unknown preset or a policy that does not validate
	CodeInvalidPath          Code = "invalid_path"           // a path that is absolute, escapes its root or names no root
	CodeUnauthorized         Code = "unauthorized"           // no or bad credentials
	CodeForbidden            Code = "forbidden"              // authenticated, but not allowed
	CodeConflict             Code = "conflict"               // the change breaks a rule: a taken name, the last admin
	CodeLoginThrottled       Code = "login_throttled"        // too many failed logins; retry after Retry-After
	CodeSessionsDisabled     Code = "sessions_disabled"      // password logins are off (no --jwt-secret)
	CodeNotFound             Code = "not_found"              // no such route or record (or not yours)
	CodeMethodNotAllowed     Code = "method_not_allowed"     // the route exists, the method does not
	CodeRequestTimeout       Code = "request_timeout"        // the client sent too slowly
	CodeTooLarge             Code = "too_large"              // the body is over the limit
	CodeUnsupportedMediaType Code = "unsupported_media_type" // neither multipart/form-data nor JSON
	CodeNotMedia             Code = "not_media"              // ffprobe found no media it may read
	CodeProbeFailed          Code = "probe_failed"           // ffprobe failed on this input
	CodeInternal             Code = "internal"               // a bug or an unexpected failure; see the log
	CodeQueueFull            Code = "queue_full"             // too many analyses waiting; retry later
	CodeProbeUnavailable     Code = "probe_unavailable"      // ffprobe cannot be run on the server
	CodeNotReady             Code = "not_ready"              // a dependency is down
	CodeInsufficientStorage  Code = "insufficient_storage"   // too little temporary space for an upload
	CodeProbeTimeout         Code = "probe_timeout"          // ffprobe ran past the server's probe timeout

	CodeRateLimited            Code = "rate_limited"             // a rate limit is reached; retry after Retry-After
	CodeRateLimiterUnavailable Code = "rate_limiter_unavailable" // the shared rate limit backend (Redis) cannot be reached
	CodeForbiddenAddress       Code = "forbidden_address"        // the client address is kept out by --allow-cidrs / --deny-cidrs
	CodeURLBlocked             Code = "url_blocked"              // the server does not fetch this URL (scheme, host, address)
	CodeURLBudgetExceeded      Code = "url_budget_exceeded"      // the analysis needs more bytes from the origin than allowed
	CodeURLFetchFailed         Code = "url_fetch_failed"         // the origin could not be reached or answered with an error
	CodeURLTimeout             Code = "url_timeout"              // the origin did not deliver within --url-timeout
	CodeExtensionNotAllowed    Code = "extension_not_allowed"    // the upload's file name has an extension not accepted
	CodeFormatNotAllowed       Code = "format_not_allowed"       // ffprobe found a format this server does not accept
)

// statusOf is the one code→status map.
var statusOf = map[Code]int{
	CodeBadRequest:           http.StatusBadRequest,
	CodeInvalidOption:        http.StatusBadRequest,
	CodeInvalidPolicy:        http.StatusBadRequest,
	CodeInvalidPath:          http.StatusBadRequest,
	CodeUnauthorized:         http.StatusUnauthorized,
	CodeForbidden:            http.StatusForbidden,
	CodeConflict:             http.StatusConflict,
	CodeLoginThrottled:       http.StatusTooManyRequests,
	CodeSessionsDisabled:     http.StatusNotImplemented,
	CodeNotFound:             http.StatusNotFound,
	CodeMethodNotAllowed:     http.StatusMethodNotAllowed,
	CodeRequestTimeout:       http.StatusRequestTimeout,
	CodeTooLarge:             http.StatusRequestEntityTooLarge,
	CodeUnsupportedMediaType: http.StatusUnsupportedMediaType,
	CodeNotMedia:             http.StatusUnprocessableEntity,
	CodeProbeFailed:          http.StatusUnprocessableEntity,
	CodeInternal:             http.StatusInternalServerError,
	CodeQueueFull:            http.StatusServiceUnavailable,
	CodeProbeUnavailable:     http.StatusServiceUnavailable,
	CodeNotReady:             http.StatusServiceUnavailable,
	CodeInsufficientStorage:  http.StatusInsufficientStorage,
	CodeProbeTimeout:         http.StatusGatewayTimeout,

	CodeRateLimited:            http.StatusTooManyRequests,
	CodeRateLimiterUnavailable: http.StatusServiceUnavailable,
	CodeForbiddenAddress:       http.StatusForbidden,
	CodeURLBlocked:             http.StatusUnprocessableEntity,
	CodeURLBudgetExceeded:      http.StatusUnprocessableEntity,
	CodeURLFetchFailed:         http.StatusBadGateway,
	CodeURLTimeout:             http.StatusGatewayTimeout,
	CodeExtensionNotAllowed:    http.StatusUnprocessableEntity,
	CodeFormatNotAllowed:       http.StatusUnprocessableEntity,
}

// Status is the HTTP status of c; an unknown code is a 500.
func (c Code) Status() int {
	if s, ok := statusOf[c]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Error is the server's one error type: a code, the message the client
// sees, and the internal cause that only the log sees.
type Error struct {
	Code    Code
	Message string // public: safe to show, never a server path or ffprobe's stderr
	Err     error  // internal: logged with the request id, never sent
}

func (e *Error) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// errorf makes an *Error with a public message and no internal cause.
func errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// wrapError makes an *Error whose cause is logged but not shown.
func wrapError(code Code, cause error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: cause}
}

// asError turns any error into an *Error: its own when it is one, else an
// internal error whose message tells the client nothing but where to look.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: CodeInternal, Message: "internal error; the server log has the details under this request id", Err: err}
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      Code   `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
}

// writeError answers with err in the error shape and hands the internal
// cause to the access log line of the same request.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := asError(err)
	info := requestInfoFrom(r.Context())
	info.fail(e)
	if e.Code == CodeQueueFull {
		w.Header().Set("Retry-After", retryAfterSeconds)
	}
	writeJSON(w, e.Code.Status(), errorBody{Error: errorDetail{Code: e.Code, Message: e.Message, RequestID: info.id}})
}
