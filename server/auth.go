package server

import (
	"net/http"

	"github.com/ffprobe-api/ffprobe-api/security"
)

// Authenticator decides who a request acts for. It returns an *Error with
// CodeUnauthorized (or another code) to refuse the request; any other error
// is an internal failure.
//
// The authentication work replaces LocalAuthenticator with one that checks
// API keys and sessions; nothing else in the server changes.
type Authenticator interface {
	Authenticate(r *http.Request) (security.Principal, error)
}

// LocalUserID is the user every request acts as until authentication
// exists. cmd's serve makes sure the user exists in the store.
const LocalUserID = "local"

// LocalPrincipal is the one principal of LocalAuthenticator: an admin.
func LocalPrincipal() security.Principal {
	return security.Principal{UserID: LocalUserID, Username: "local", Role: security.RoleAdmin}
}

// LocalAuthenticator is the placeholder until authentication lands: every
// request is the local admin. It is the one place the auth work replaces.
type LocalAuthenticator struct{}

// Authenticate returns LocalPrincipal for every request.
func (LocalAuthenticator) Authenticate(*http.Request) (security.Principal, error) {
	return LocalPrincipal(), nil
}

// withAuthentication runs the Authenticator and puts the principal into
// the request's context (security.PrincipalFrom) and its log line.
func withAuthentication(auth Authenticator) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, err := auth.Authenticate(r)
			if err != nil {
				writeError(w, r, err) // an *Error as it is; anything else is internal
				return
			}
			requestInfoFrom(r.Context()).setPrincipal(p)
			next.ServeHTTP(w, r.WithContext(security.WithPrincipal(r.Context(), p)))
		})
	}
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
