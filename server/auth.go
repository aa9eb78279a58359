package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// authRealm names the protection space in WWW-Authenticate (RFC 6750).
const authRealm = "ffprobe-api"

// authError is a refused credential: the *Error the client sees, the RFC
// 6750 error code of the WWW-Authenticate challenge, and what the audit log
// keeps about the credential presented (nil when there was none).
type authError struct {
	err         *Error
	bearerError string         // "", "invalid_token" or "invalid_request"
	presented   map[string]any // audit details of the credential; nil: none presented
}

func (e *authError) Error() string { return e.err.Error() }
func (e *authError) Unwrap() error { return e.err }

// credentialsRefused maps what security.CredentialsFrom refuses: nothing
// presented is a bare 401; a credential in the query or two at once a 400
// invalid_request; a malformed header or key a 401 invalid_token. The
// messages are security's, which never repeat a credential.
func credentialsRefused(err error) *authError {
	switch {
	case errors.Is(err, security.ErrNoCredentials):
		return &authError{err: errorf(CodeUnauthorized, "%s", err.Error())}
	case errors.Is(err, security.ErrCredentialsInQuery), errors.Is(err, security.ErrConflictingCredentials):
		return &authError{err: errorf(CodeBadRequest, "%s", err.Error()), bearerError: "invalid_request",
			presented: map[string]any{"reason": err.Error()}}
	}
	return &authError{err: errorf(CodeUnauthorized, "%s", err.Error()), bearerError: "invalid_token",
		presented: map[string]any{"reason": err.Error()}}
}

// invalidAPIKey refuses a well-formed key without saying why: unknown,
// revoked, expired and a disabled user all read alike. The reason goes to
// the log and the audit event, with the key's display prefix.
func invalidAPIKey(key security.APIKey, reason string) *authError {
	return &authError{
		err:         wrapError(CodeUnauthorized, errors.New("API key "+key.DisplayPrefix()+": "+reason), "invalid API key: it is unknown, revoked or expired, or its user is disabled"),
		bearerError: "invalid_token",
		presented:   map[string]any{"credential": "api_key", "key_prefix": key.DisplayPrefix(), "reason": reason},
	}
}

// invalidToken refuses an access token with a public message.
func invalidToken(cause error, message string) *authError {
	return &authError{
		err:         wrapError(CodeUnauthorized, cause, "%s", message),
		bearerError: "invalid_token",
		presented:   map[string]any{"credential": "access_token", "reason": cause.Error()},
	}
}

// writeAuthError answers an authentication failure: the error, with a
// WWW-Authenticate challenge on every 401 and on a 400 invalid_request.
func writeAuthError(w http.ResponseWriter, r *http.Request, err error) {
	challenge := `Bearer realm="` + authRealm + `"`
	var ae *authError
	if errors.As(err, &ae) && ae.bearerError != "" {
		challenge += `, error="` + ae.bearerError + `", error_description="` + quotedStringSafe(ae.err.Message) + `"`
	}
	if e := asError(err); e.Code == CodeUnauthorized || (ae != nil && ae.bearerError != "") {
		w.Header().Set("WWW-Authenticate", challenge)
	}
	writeError(w, r, err)
}

// quotedStringSafe keeps the characters RFC 6750 allows in
// error_description (printable ASCII without '"' and '\').
func quotedStringSafe(s string) string {
	return strings.Map(func(c rune) rune {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return ' '
		}
		return c
	}, s)
}

// withAuthentication runs the authenticator and puts the principal into
// the request's context (security.PrincipalFrom) and its log line. A
// refused credential is audited when one was presented; a 403 answered
// by the handler is audited as authz.denied.
func withAuthentication(a *authn) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, err := a.Authenticate(r)
			if err != nil {
				var ae *authError
				if errors.As(err, &ae) && ae.presented != nil {
					a.audit.record(r, auditEntry{Action: auditAuthnFailure, Outcome: store.OutcomeFailure,
						Target: routeOf(r), Details: ae.presented})
				}
				writeAuthError(w, r, err)
				return
			}
			info := requestInfoFrom(r.Context())
			info.setPrincipal(p)
			r = r.WithContext(security.WithPrincipal(r.Context(), p))
			next.ServeHTTP(w, r)
			if _, _, failure := info.snapshot(); failure != nil && failure.Code == CodeForbidden {
				a.audit.record(r, auditEntry{Action: security.AuditAuthzDenied, Actor: p.UserID, Outcome: store.OutcomeDenied,
					Target: routeOf(r), Details: map[string]any{"method": r.Method, "role": p.Role, "key_id": p.KeyID, "message": failure.Message}})
			}
		})
	}
}

// routeOf is the request's route template, "" when none matched.
func routeOf(r *http.Request) string {
	route, _, _ := requestInfoFrom(r.Context()).snapshot()
	return route
}

// principalOf is the request's principal. Routes behind withAuthentication
// always have one; a request without one is refused, never served as
// someone.
func principalOf(r *http.Request) (security.Principal, error) {
	p, ok := security.PrincipalFrom(r.Context())
	if !ok || p.UserID == "" {
		return security.Principal{}, errorf(CodeUnauthorized, "this request is not authenticated")
	}
	return p, nil
}

// authorized is the request's principal when its role may take action
// (security.Can); 403 otherwise. Whether the record is theirs is asked
// separately (security.Principal.CanAccess), and answered with 404.
func authorized(r *http.Request, action security.Action) (security.Principal, error) {
	p, err := principalOf(r)
	if err != nil {
		return p, err
	}
	if !security.Can(p, action) {
		return p, errorf(CodeForbidden, "the role %q may not do this (%s)", p.Role, action)
	}
	return p, nil
}
