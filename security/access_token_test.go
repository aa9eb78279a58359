package security

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var testSecret = []byte("0123456789abcdef0123456789abcdef") // 32 bytes

// newTestIssuer returns an issuer whose clock is *now.
func newTestIssuer(t *testing.T, now *time.Time) *TokenIssuer {
	t.Helper()
	ti, err := NewTokenIssuer(testSecret, "ffprobe-api", "ffprobe-api-test", 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	ti.now = func() time.Time { return *now }
	return ti
}

func TestAccessTokenRoundTrip(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ti := newTestIssuer(t, &now)
	p := Principal{UserID: "u1", Username: "ada", Role: RoleAnalyst}
	tok, exp, err := ti.Issue(p, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if !exp.Equal(now.Add(15 * time.Minute)) {
		t.Errorf("expiry %v, want %v", exp, now.Add(15*time.Minute))
	}
	for _, at := range []time.Duration{0, 15*time.Minute + 29*time.Second} { // within the 30 s leeway
		now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC).Add(at)
		c, err := ti.Verify(tok)
		if err != nil {
			t.Fatalf("Verify %s after issue: %v", at, err)
		}
		if c.Principal() != p || c.SessionID != "s1" || c.ID == "" || !c.ExpiresAt.Equal(exp) {
			t.Fatalf("claims %+v do not match what was issued", c)
		}
	}
	now = now.Add(2 * time.Second) // 15 m 31 s: past the leeway
	if _, err := ti.Verify(tok); !errors.Is(err, ErrAccessTokenExpired) {
		t.Fatalf("Verify after expiry = %v, want ErrAccessTokenExpired", err)
	}
}

// forge signs claims as an attacker (or another program) would.
func forge(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAccessTokenRefusals(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ti := newTestIssuer(t, &now)
	good := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": "ffprobe-api", "aud": "ffprobe-api-test", "sub": "u1", "sid": "s1", "role": "admin",
			"iat": now.Unix(), "exp": now.Add(time.Minute).Unix()}
	}
	without := func(k string) jwt.MapClaims { c := good(); delete(c, k); return c }
	with := func(k string, v any) jwt.MapClaims { c := good(); c[k] = v; return c }
	valid, _, _ := ti.Issue(Principal{UserID: "u1", Role: RoleViewer}, "s1")
	h, p, sig := splitJWT(valid)

	if _, err := ti.Verify(forge(t, jwt.SigningMethodHS256, testSecret, good())); err != nil {
		t.Fatalf("the baseline forged token is refused, so the cases below prove nothing: %v", err)
	}
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"alg none", forge(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good()), ErrInvalidAccessToken},
		{"HS384 with the right secret", forge(t, jwt.SigningMethodHS384, testSecret, good()), ErrInvalidAccessToken},
		{"HS512 with the right secret", forge(t, jwt.SigningMethodHS512, testSecret, good()), ErrInvalidAccessToken},
		{"another secret", forge(t, jwt.SigningMethodHS256, []byte("another secret of at least 32 bytes!"), good()), ErrInvalidAccessToken},
		{"no exp", forge(t, jwt.SigningMethodHS256, testSecret, without("exp")), ErrInvalidAccessToken},
		{"no iat", forge(t, jwt.SigningMethodHS256, testSecret, without("iat")), ErrInvalidAccessToken},
		{"no iss", forge(t, jwt.SigningMethodHS256, testSecret, without("iss")), ErrInvalidAccessToken},
		{"no aud", forge(t, jwt.SigningMethodHS256, testSecret, without("aud")), ErrInvalidAccessToken},
		{"no sub", forge(t, jwt.SigningMethodHS256, testSecret, without("sub")), ErrInvalidAccessToken},
		{"no sid", forge(t, jwt.SigningMethodHS256, testSecret, without("sid")), ErrInvalidAccessToken},
		{"unknown role", forge(t, jwt.SigningMethodHS256, testSecret, with("role", "root")), ErrInvalidAccessToken},
		{"expired", forge(t, jwt.SigningMethodHS256, testSecret, with("exp", now.Add(-time.Minute).Unix())), ErrAccessTokenExpired},
		{"iat 31 s in the future", forge(t, jwt.SigningMethodHS256, testSecret, with("iat", now.Add(31*time.Second).Unix())), ErrInvalidAccessToken},
		{"nbf in the future", forge(t, jwt.SigningMethodHS256, testSecret, with("nbf", now.Add(time.Hour).Unix())), ErrInvalidAccessToken},
		{"wrong aud", forge(t, jwt.SigningMethodHS256, testSecret, with("aud", "another-service")), ErrInvalidAccessToken},
		{"wrong iss", forge(t, jwt.SigningMethodHS256, testSecret, with("iss", "someone-else")), ErrInvalidAccessToken},
		{"payload changed to admin", h + "." + reencode(t, p, `"viewer"`, `"admin"`) + "." + sig, ErrInvalidAccessToken},
		{"signature dropped", h + "." + p + ".", ErrInvalidAccessToken},
		{"header changed to none", reencode(t, h, `"HS256"`, `"none"`) + "." + p + ".", ErrInvalidAccessToken},
		{"two parts", h + "." + p, ErrInvalidAccessToken},
		{"garbage", "not-a-token", ErrInvalidAccessToken},
		{"oversized", valid + strings.Repeat("A", 5000), ErrInvalidAccessToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ti.Verify(tt.token)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %+v, %v; want %v", c, err, tt.want)
			}
		})
	}
	// A token within the leeway of its iat is accepted (clock skew).
	if _, err := ti.Verify(forge(t, jwt.SigningMethodHS256, testSecret, with("iat", now.Add(29*time.Second).Unix()))); err != nil {
		t.Errorf("iat 29 s ahead (within leeway) refused: %v", err)
	}
}

func splitJWT(tok string) (header, payload, sig string) {
	parts := strings.Split(tok, ".")
	return parts[0], parts[1], parts[2]
}

// reencode decodes a base64url JWT part, replaces old by new and encodes it.
func reencode(t *testing.T, part, old, new string) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(part)
	if err != nil || !strings.Contains(string(raw), old) {
		t.Fatalf("part %s does not contain %s (%v)", raw, old, err)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(raw), old, new, 1)))
}

func TestNewTokenIssuerRefuses(t *testing.T) {
	tests := []struct {
		name     string
		secret   []byte
		iss, aud string
		ttl      time.Duration
	}{
		{"31-byte secret", testSecret[:31], "i", "a", time.Minute},
		{"no secret", nil, "i", "a", time.Minute},
		{"no issuer", testSecret, "", "a", time.Minute},
		{"no audience", testSecret, "i", "", time.Minute},
		{"zero ttl", testSecret, "i", "a", 0},
		{"a week", testSecret, "i", "a", 7 * 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewTokenIssuer(tt.secret, tt.iss, tt.aud, tt.ttl); err == nil {
				t.Fatal("NewTokenIssuer succeeded")
			}
		})
	}
}

func TestIssueRefuses(t *testing.T) {
	now := time.Now()
	ti := newTestIssuer(t, &now)
	for name, p := range map[string]Principal{
		"no user":      {Role: RoleAdmin},
		"API key":      {UserID: "u1", Role: RoleAdmin, KeyID: "k1"},
		"unknown role": {UserID: "u1", Role: "root"},
	} {
		if _, _, err := ti.Issue(p, "s1"); err == nil {
			t.Errorf("Issue(%s) succeeded", name)
		}
	}
	if _, _, err := ti.Issue(Principal{UserID: "u1", Role: RoleAdmin}, ""); err == nil {
		t.Error("Issue without a session succeeded")
	}
}
