package security

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Access tokens are JWTs signed with HS256 and nothing else: the algorithm
// is pinned on verification, so "alg": "none" or a token signed with
// another algorithm is refused before its signature is looked at.
const (
	accessTokenAlg = "HS256"
	// accessTokenLeeway absorbs clock skew between instances.
	accessTokenLeeway = 30 * time.Second
	// maxAccessTokenBytes bounds what Verify will decode.
	maxAccessTokenBytes = 4096
)

// Errors of Verify. ErrAccessTokenExpired tells a client to refresh;
// ErrInvalidAccessToken is every other refusal (its wrapped text says
// which check failed, for logs, never for the client).
var (
	ErrInvalidAccessToken = errors.New("invalid access token")
	ErrAccessTokenExpired = errors.New("access token has expired")
)

// Claims are what a verified access token says.
type Claims struct {
	UserID    string    // "sub"
	Username  string    // "name"
	Role      string    // "role"
	SessionID string    // "sid": the refresh-token session family it belongs to
	ID        string    // "jti"
	IssuedAt  time.Time // "iat"
	ExpiresAt time.Time // "exp"
}

// Principal is who the token's holder acts as.
func (c Claims) Principal() Principal {
	return Principal{UserID: c.UserID, Username: c.Username, Role: c.Role}
}

// accessClaims is the JWT payload.
type accessClaims struct {
	jwt.RegisteredClaims
	Name      string `json:"name"`
	Role      string `json:"role"`
	SessionID string `json:"sid"`
}

// Validate runs after jwt's own checks (exp, iat, iss, aud): it requires
// the claims jwt leaves optional.
func (c *accessClaims) Validate() error {
	switch {
	case c.IssuedAt == nil:
		return fmt.Errorf("%w: iat", jwt.ErrTokenRequiredClaimMissing)
	case c.Subject == "" || c.SessionID == "":
		return fmt.Errorf("%w: sub and sid", jwt.ErrTokenRequiredClaimMissing)
	case !Role(c.Role).Valid():
		return fmt.Errorf("%w: role %q", jwt.ErrTokenInvalidClaims, c.Role)
	}
	return nil
}

// TokenIssuer issues and verifies access tokens. It is safe for
// concurrent use.
type TokenIssuer struct {
	secret   []byte
	issuer   string
	audience string
	ttl      time.Duration
	now      func() time.Time // time.Now; tests set a fake clock
}

// NewTokenIssuer returns an issuer of access tokens living ttl, signed with
// secret (at least MinTokenSecretBytes) and carrying issuer and audience.
func NewTokenIssuer(secret []byte, issuer, audience string, ttl time.Duration) (*TokenIssuer, error) {
	switch {
	case len(secret) < MinTokenSecretBytes:
		return nil, fmt.Errorf("access token secret has %d bytes; want at least %d random bytes", len(secret), MinTokenSecretBytes)
	case issuer == "" || audience == "":
		return nil, errors.New("access token issuer and audience must not be empty")
	case ttl <= 0 || ttl > 24*time.Hour:
		return nil, fmt.Errorf("access token lifetime %s: want more than 0 and at most 24h", ttl)
	}
	key := append([]byte(nil), secret...)
	return &TokenIssuer{secret: key, issuer: issuer, audience: audience, ttl: ttl, now: time.Now}, nil
}

// Issue signs an access token for p in session sessionID and returns it
// with its expiry. p must be a user's (not an API key's) with a known role.
func (t *TokenIssuer) Issue(p Principal, sessionID string) (string, time.Time, error) {
	switch {
	case p.UserID == "" || sessionID == "":
		return "", time.Time{}, errors.New("issuing an access token: user ID and session ID are required")
	case p.KeyID != "":
		return "", time.Time{}, errors.New("issuing an access token: an API key's principal does not get sessions")
	case !Role(p.Role).Valid():
		return "", time.Time{}, fmt.Errorf("issuing an access token: role %q is unknown", p.Role)
	}
	jti, err := randomBase62(22)
	if err != nil {
		return "", time.Time{}, err
	}
	now := t.now().Truncate(time.Second)
	exp := now.Add(t.ttl)
	claims := &accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: t.issuer, Subject: p.UserID, Audience: jwt.ClaimStrings{t.audience},
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp), ID: jti,
		},
		Name: p.Username, Role: p.Role, SessionID: sessionID,
	}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("signing an access token: %w", err)
	}
	return signed, exp, nil
}

// Verify checks a presented access token: HS256 only, a valid signature,
// and exp, iat, iss, aud, sub, sid and role all present and right, with a
// leeway of 30 seconds on times. ErrAccessTokenExpired for an expired one,
// ErrInvalidAccessToken for any other problem.
func (t *TokenIssuer) Verify(token string) (Claims, error) {
	if len(token) > maxAccessTokenBytes {
		return Claims{}, fmt.Errorf("%w: longer than %d bytes", ErrInvalidAccessToken, maxAccessTokenBytes)
	}
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{accessTokenAlg}),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt(),
		jwt.WithIssuer(t.issuer), jwt.WithAudience(t.audience),
		jwt.WithLeeway(accessTokenLeeway), jwt.WithTimeFunc(t.now),
		jwt.WithStrictDecoding(),
	)
	var c accessClaims
	_, err := parser.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.secret, nil })
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return Claims{}, fmt.Errorf("%w: %v", ErrAccessTokenExpired, err)
	case err != nil:
		return Claims{}, fmt.Errorf("%w: %v", ErrInvalidAccessToken, err)
	}
	return Claims{
		UserID: c.Subject, Username: c.Name, Role: c.Role, SessionID: c.SessionID, ID: c.ID,
		IssuedAt: c.IssuedAt.Time, ExpiresAt: c.ExpiresAt.Time,
	}, nil
}
