package server_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

func (b authBackend) forgedTokens(t *testing.T) {
	s, _, _ := b.startAuth(t)
	tk := s.login(t, "alice")
	if m, res := s.me(t, tk.AccessToken); res.StatusCode != 200 || m.User.ID != "alice-id" || m.Via != "access_token" {
		t.Fatalf("the issued access token: /me = %d %+v", res.StatusCode, m)
	}
	parts := strings.Split(tk.AccessToken, ".")
	claims := func() jwt.MapClaims {
		raw, err := base64.RawURLEncoding.DecodeString(parts[1])
		must(t, err)
		var c jwt.MapClaims
		must(t, json.Unmarshal(raw, &c))
		return c
	}
	with := func(change func(jwt.MapClaims)) jwt.MapClaims { c := claims(); change(c); return c }
	sign := func(m jwt.SigningMethod, key any, c jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(m, c).SignedString(key)
		must(t, err)
		return s
	}
	// The baseline: the same claims re-signed as the server would are
	// accepted, so each case below is refused for its one change.
	if _, res := s.me(t, sign(jwt.SigningMethodHS256, testJWTSecret, claims())); res.StatusCode != 200 {
		t.Fatalf("the re-signed token is refused (%d), so the cases prove nothing: %s", res.StatusCode, res.Body)
	}
	admin, err := json.Marshal(with(func(c jwt.MapClaims) { c["role"] = "admin" }))
	must(t, err)
	cases := []struct{ name, token string }{
		{"alg none", sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims())},
		{"HS384 with the right secret", sign(jwt.SigningMethodHS384, testJWTSecret, claims())},
		{"another secret", sign(jwt.SigningMethodHS256, []byte("another secret of at least 32 bytes!!"), claims())},
		{"no exp", sign(jwt.SigningMethodHS256, testJWTSecret, with(func(c jwt.MapClaims) { delete(c, "exp") }))},
		{"expired", sign(jwt.SigningMethodHS256, testJWTSecret, with(func(c jwt.MapClaims) {
			c["iat"], c["exp"] = time.Now().Add(-2*time.Hour).Unix(), time.Now().Add(-time.Hour).Unix()
		}))},
		{"wrong aud", sign(jwt.SigningMethodHS256, testJWTSecret, with(func(c jwt.MapClaims) { c["aud"] = "another-service" }))},
		{"payload changed to admin", parts[0] + "." + base64.RawURLEncoding.EncodeToString(admin) + "." + parts[2]},
		{"unknown session", sign(jwt.SigningMethodHS256, testJWTSecret, with(func(c jwt.MapClaims) { c["sid"] = store.NewID() }))},
		{"signature dropped", parts[0] + "." + parts[1] + "."},
	}
	for _, c := range cases {
		res := s.call(http.MethodGet, "/api/v1/analyses", c.token, nil)
		expect(t, c.name, res, http.StatusUnauthorized, "unauthorized")
		expectChallenge(t, c.name, res, "invalid_token")
	}
	if msg := errorMessage(t, s.call(http.MethodGet, "/api/v1/me", cases[4].token, nil)); !strings.Contains(msg, "expired") {
		t.Errorf("an expired token's message %q does not say to refresh", msg)
	}
}

func (b authBackend) refreshReuse(t *testing.T) {
	s, _, _ := b.startAuth(t)
	first := s.login(t, "alice")
	res := s.refresh(first.RefreshToken)
	expect(t, "refresh", res, 200, "")
	var second tokens
	res.JSON(t, &second)
	if second.RefreshToken == first.RefreshToken || second.AccessToken == first.AccessToken || second.User.ID != "alice-id" {
		t.Fatalf("refresh answered %+v", second)
	}
	expect(t, "the new access token", s.call("GET", "/api/v1/me", second.AccessToken, nil), 200, "")
	res = s.refresh(second.RefreshToken)
	expect(t, "second refresh", res, 200, "")
	var third tokens
	res.JSON(t, &third)

	reuse := s.refresh(first.RefreshToken) // a stolen copy comes back
	expect(t, "reuse of the first refresh token", reuse, 401, "unauthorized")
	expectChallenge(t, "reuse", reuse, "invalid_token")
	expect(t, "the newest refresh token after the reuse", s.refresh(third.RefreshToken), 401, "unauthorized")
	expect(t, "the newest access token after the reuse", s.call("GET", "/api/v1/me", third.AccessToken, nil), 401, "unauthorized")
	expect(t, "garbage refresh token", s.refresh("fpr_nope"), 401, "unauthorized")
	expect(t, "an API key as refresh token", s.refresh(s.Keys["alice"]), 401, "unauthorized")
	expect(t, "a refresh token as bearer", s.call("GET", "/api/v1/me", third.RefreshToken, nil), 401, "unauthorized")
	page, err := s.Store.ListAuditEvents(context.Background(), store.AuditFilter{Action: security.AuditSessionReuse})
	must(t, err)
	if len(page.Events) != 1 || page.Events[0].Actor != "alice-id" {
		t.Errorf("reuse audit events %+v, want one by alice-id", page.Events)
	}
	// A new login is a new family, unaffected.
	expect(t, "a new login after the reuse", s.refresh(s.login(t, "alice").RefreshToken), 200, "")
}

func (b authBackend) logout(t *testing.T) {
	s, _, _ := b.startAuth(t)
	tk := s.login(t, "bob")
	other := s.login(t, "bob") // another device
	expect(t, "logout", s.call("POST", "/api/v1/auth/logout", "", map[string]string{"refresh_token": tk.RefreshToken}), 204, "")
	expect(t, "access token after logout", s.call("GET", "/api/v1/me", tk.AccessToken, nil), 401, "unauthorized")
	expect(t, "refresh after logout", s.refresh(tk.RefreshToken), 401, "unauthorized")
	expect(t, "logout again", s.call("POST", "/api/v1/auth/logout", "", map[string]string{"refresh_token": tk.RefreshToken}), 204, "")
	expect(t, "the other device's session", s.call("GET", "/api/v1/me", other.AccessToken, nil), 200, "")
	expect(t, "logout with an unknown token", s.call("POST", "/api/v1/auth/logout", "", map[string]string{"refresh_token": "fpr_" + strings.Repeat("a", 43)}), 401, "unauthorized")
	expect(t, "logout without a body", s.call("POST", "/api/v1/auth/logout", "", nil), 400, "bad_request")
}

func (b authBackend) revokedElsewhere(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name     string
		recheck  time.Duration
		wantCode int
	}{
		{"checked on every request", 0, 401},
		{"trusted for the recheck interval", time.Hour, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _ := b.startAuth(t, func(c *serverSetup) { c.cfg.Auth.SessionRecheck = tt.recheck })
			tk := s.login(t, "alice")
			expect(t, "before", s.call("GET", "/api/v1/me", tk.AccessToken, nil), 200, "")
			sessions, err := s.Store.ListUserSessions(ctx, "alice-id")
			must(t, err)
			if _, err := s.Store.RevokeSessionFamily(ctx, sessions[0].FamilyID, store.Now()); err != nil {
				t.Fatal(err)
			}
			res := s.call("GET", "/api/v1/me", tk.AccessToken, nil)
			if res.StatusCode != tt.wantCode {
				t.Errorf("after another instance revoked the session: %d, want %d", res.StatusCode, tt.wantCode)
			}
			expect(t, "the revoked session's refresh", s.refresh(tk.RefreshToken), 401, "unauthorized")
		})
	}
}

func (b authBackend) sessionsOff(t *testing.T) {
	s, _, _ := b.startAuth(t, func(c *serverSetup) { c.cfg.Auth.Sessions.Secret = nil })
	for _, path := range []string{"/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout"} {
		expect(t, path, s.call("POST", path, "", map[string]string{"username": "alice", "password": passwordOf("alice")}), 501, "sessions_disabled")
	}
	forged, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iss": "ffprobe-api", "aud": "ffprobe-api", "sub": "alice-id",
		"sid": "s", "role": "analyst", "iat": time.Now().Unix(), "exp": time.Now().Add(time.Minute).Unix()}).SignedString(testJWTSecret)
	must(t, err)
	expect(t, "an access token", s.call("GET", "/api/v1/me", forged, nil), 401, "unauthorized")
	expect(t, "an API key", s.callAs("alice", "GET", "/api/v1/me", nil), 200, "")
}
