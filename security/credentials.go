package security

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Where a request may carry its credential: an API key or an access token
// in "Authorization: Bearer …", or an API key in "X-API-Key: …".
const (
	HeaderAuthorization = "Authorization"
	HeaderAPIKey        = "X-API-Key"
)

// CredentialKind says what a request presented.
type CredentialKind int

const (
	CredentialAPIKey      CredentialKind = iota + 1 // an API key (fpa_…)
	CredentialAccessToken                           // an access token (a JWT), still to be verified
)

// Credentials are what a request presented, checked for shape only.
type Credentials struct {
	Kind        CredentialKind
	APIKey      APIKey // when Kind is CredentialAPIKey
	AccessToken string // when Kind is CredentialAccessToken
}

// Errors of CredentialsFrom (besides ErrMalformedAPIKey). Their messages
// are meant for the client and never repeat the credential.
var (
	ErrNoCredentials          = errors.New("no credentials: send an API key or access token as Authorization: Bearer …, or an API key as X-API-Key")
	ErrCredentialsInQuery     = errors.New("credentials are not accepted in the URL query string, where logs and browser history keep them: send them in the Authorization header, and revoke a key that was sent this way")
	ErrConflictingCredentials = errors.New("more than one credential: send one API key or one access token")
	ErrMalformedAuthorization = errors.New("malformed Authorization header: use Authorization: Bearer <API key or access token>")
)

// isQueryCredential reports whether a query parameter is one that carries
// credentials in other APIs; a request using one is refused, not served
// unauthenticated.
func isQueryCredential(name string) bool {
	switch strings.ToLower(name) {
	case "api_key", "apikey", "api-key", "key", "token", "access_token", "refresh_token":
		return true
	}
	return false
}

// CredentialsFrom extracts the one credential a request presents. It
// refuses credentials in the query string (ErrCredentialsInQuery), two
// different credentials at once (ErrConflictingCredentials; the same API
// key in both headers is one credential), a malformed header or key, and a
// request with none (ErrNoCredentials). It does no lookup.
func CredentialsFrom(r *http.Request) (Credentials, error) {
	for name := range r.URL.Query() {
		if isQueryCredential(name) {
			return Credentials{}, fmt.Errorf("%w (parameter %q)", ErrCredentialsInQuery, name)
		}
	}
	auth, keys := r.Header.Values(HeaderAuthorization), r.Header.Values(HeaderAPIKey)
	if len(auth) > 1 || len(keys) > 1 {
		return Credentials{}, fmt.Errorf("%w (a header is repeated)", ErrConflictingCredentials)
	}
	var fromAuth, fromKey *Credentials
	if len(auth) == 1 {
		c, err := bearerCredentials(auth[0])
		if err != nil {
			return Credentials{}, err
		}
		fromAuth = &c
	}
	if len(keys) == 1 {
		k, err := ParseAPIKey(strings.TrimSpace(keys[0]))
		if err != nil {
			return Credentials{}, fmt.Errorf("%s header: %w", HeaderAPIKey, err)
		}
		fromKey = &Credentials{Kind: CredentialAPIKey, APIKey: k}
	}
	switch {
	case fromAuth == nil && fromKey == nil:
		return Credentials{}, ErrNoCredentials
	case fromAuth == nil:
		return *fromKey, nil
	case fromKey == nil || sameAPIKey(*fromAuth, *fromKey):
		return *fromAuth, nil
	}
	return Credentials{}, fmt.Errorf("%w (%s and %s differ)", ErrConflictingCredentials, HeaderAuthorization, HeaderAPIKey)
}

// bearerCredentials reads "Bearer <API key | access token>"; the scheme is
// case-insensitive (RFC 9110 section 11.1).
func bearerCredentials(header string) (Credentials, error) {
	scheme, value, _ := strings.Cut(strings.TrimSpace(header), " ")
	value = strings.TrimSpace(value)
	if !strings.EqualFold(scheme, "Bearer") || value == "" {
		return Credentials{}, ErrMalformedAuthorization
	}
	switch {
	case strings.HasPrefix(value, APIKeyPrefix):
		k, err := ParseAPIKey(value)
		if err != nil {
			return Credentials{}, fmt.Errorf("%s header: %w", HeaderAuthorization, err)
		}
		return Credentials{Kind: CredentialAPIKey, APIKey: k}, nil
	case strings.HasPrefix(value, RefreshTokenPrefix):
		return Credentials{}, fmt.Errorf("%w: a refresh token is not an access token; exchange it for one at the refresh endpoint", ErrMalformedAuthorization)
	case !looksLikeJWT(value):
		return Credentials{}, fmt.Errorf("%w: the bearer value is neither an API key (%s…) nor an access token", ErrMalformedAuthorization, APIKeyPrefix)
	}
	return Credentials{Kind: CredentialAccessToken, AccessToken: value}, nil
}

// looksLikeJWT checks the compact form cheaply: three base64url parts,
// bounded in size. Verify does the real checking.
func looksLikeJWT(s string) bool {
	if len(s) > maxAccessTokenBytes || strings.Count(s, ".") != 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func sameAPIKey(a, b Credentials) bool {
	return a.Kind == CredentialAPIKey && b.Kind == CredentialAPIKey &&
		subtle.ConstantTimeCompare([]byte(a.APIKey.secret), []byte(b.APIKey.secret)) == 1
}
