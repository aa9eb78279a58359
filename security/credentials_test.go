package security

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCredentialsFrom(t *testing.T) {
	key, _ := GenerateAPIKey()
	other, _ := GenerateAPIKey()
	refresh, _ := GenerateRefreshToken()
	now := time.Now()
	jwtToken, _, err := newTestIssuer(t, &now).Issue(Principal{UserID: "u1", Role: RoleAdmin}, "s1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		target    string
		headers   [][2]string
		wantKind  CredentialKind
		wantErr   error
		wantInMsg string
	}{
		{"bearer API key", "/v1/analyses", [][2]string{{"Authorization", "Bearer " + key.Secret()}}, CredentialAPIKey, nil, ""},
		{"bearer scheme in lower case", "/", [][2]string{{"Authorization", "bearer " + key.Secret()}}, CredentialAPIKey, nil, ""},
		{"bearer with extra spaces", "/", [][2]string{{"Authorization", "  Bearer   " + key.Secret() + " "}}, CredentialAPIKey, nil, ""},
		{"X-API-Key", "/", [][2]string{{"X-API-Key", key.Secret()}}, CredentialAPIKey, nil, ""},
		{"bearer access token", "/", [][2]string{{"Authorization", "Bearer " + jwtToken}}, CredentialAccessToken, nil, ""},
		{"same key in both headers", "/", [][2]string{{"Authorization", "Bearer " + key.Secret()}, {"X-API-Key", key.Secret()}}, CredentialAPIKey, nil, ""},
		{"harmless query", "/v1/analyses?limit=10&cursor=abc", [][2]string{{"X-API-Key", key.Secret()}}, CredentialAPIKey, nil, ""},

		{"none", "/", nil, 0, ErrNoCredentials, ""},
		{"api_key in query", "/?api_key=" + key.Secret(), nil, 0, ErrCredentialsInQuery, `"api_key"`},
		{"key in query with a header too", "/?key=x", [][2]string{{"X-API-Key", key.Secret()}}, 0, ErrCredentialsInQuery, `"key"`},
		{"token in query", "/?a=1&token=abc", nil, 0, ErrCredentialsInQuery, `"token"`},
		{"access_token in query", "/?access_token=abc", nil, 0, ErrCredentialsInQuery, `"access_token"`},
		{"API_KEY in query", "/?API_KEY=abc", nil, 0, ErrCredentialsInQuery, `"API_KEY"`},
		{"empty api_key in query", "/?api_key=", nil, 0, ErrCredentialsInQuery, ""},
		{"two different keys", "/", [][2]string{{"Authorization", "Bearer " + key.Secret()}, {"X-API-Key", other.Secret()}}, 0, ErrConflictingCredentials, "differ"},
		{"token and key", "/", [][2]string{{"Authorization", "Bearer " + jwtToken}, {"X-API-Key", key.Secret()}}, 0, ErrConflictingCredentials, ""},
		{"two Authorization headers", "/", [][2]string{{"Authorization", "Bearer " + key.Secret()}, {"Authorization", "Bearer " + key.Secret()}}, 0, ErrConflictingCredentials, "repeated"},
		{"two X-API-Key headers", "/", [][2]string{{"X-API-Key", key.Secret()}, {"X-API-Key", other.Secret()}}, 0, ErrConflictingCredentials, ""},
		{"basic auth", "/", [][2]string{{"Authorization", "Basic YWRhOnBhc3N3b3Jk"}}, 0, ErrMalformedAuthorization, ""},
		{"bare key without scheme", "/", [][2]string{{"Authorization", key.Secret()}}, 0, ErrMalformedAuthorization, ""},
		{"bearer without value", "/", [][2]string{{"Authorization", "Bearer "}}, 0, ErrMalformedAuthorization, ""},
		{"bearer refresh token", "/", [][2]string{{"Authorization", "Bearer " + refresh.Secret()}}, 0, ErrMalformedAuthorization, "refresh token"},
		{"bearer neither key nor token", "/", [][2]string{{"Authorization", "Bearer hunter2"}}, 0, ErrMalformedAuthorization, "neither"},
		{"bearer truncated key", "/", [][2]string{{"Authorization", "Bearer " + key.Secret()[:20]}}, 0, ErrMalformedAPIKey, "Authorization"},
		{"X-API-Key malformed", "/", [][2]string{{"X-API-Key", "fpa_short"}}, 0, ErrMalformedAPIKey, "X-API-Key"},
		{"X-API-Key holding a JWT", "/", [][2]string{{"X-API-Key", jwtToken}}, 0, ErrMalformedAPIKey, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tt.target, nil)
			for _, h := range tt.headers {
				r.Header.Add(h[0], h[1])
			}
			c, err := CredentialsFrom(r)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantInMsg) {
					t.Fatalf("CredentialsFrom = %+v, %v; want %v mentioning %q", c, err, tt.wantErr, tt.wantInMsg)
				}
				for _, secret := range []string{key.Secret()[12:], other.Secret()[12:], refresh.Secret()[4:], jwtToken[10:]} {
					if strings.Contains(err.Error(), secret) {
						t.Fatalf("error %q repeats a credential", err)
					}
				}
				return
			}
			if err != nil || c.Kind != tt.wantKind {
				t.Fatalf("CredentialsFrom = %+v, %v; want kind %d", c, err, tt.wantKind)
			}
			switch c.Kind {
			case CredentialAPIKey:
				if c.APIKey != key {
					t.Errorf("API key %v, want %v", c.APIKey, key)
				}
			case CredentialAccessToken:
				if c.AccessToken != jwtToken {
					t.Errorf("access token %q, want the one sent", c.AccessToken)
				}
			}
		})
	}
}
