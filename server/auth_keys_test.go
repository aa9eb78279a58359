package server_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

func (b authBackend) noCredentials(t *testing.T) {
	s, _, _ := b.startAuth(t)
	for _, route := range []struct{ method, path string }{
		{"GET", "/api/v1/analyses"}, {"POST", "/api/v1/analyses"}, {"GET", "/api/v1/analyses/x"},
		{"DELETE", "/api/v1/analyses/x"}, {"GET", "/api/v1/analyses/x/raw"}, {"GET", "/api/v1/me"},
		{"GET", "/api/v1/users"}, {"POST", "/api/v1/users"}, {"GET", "/api/v1/users/admin-id"},
		{"GET", "/api/v1/keys"}, {"POST", "/api/v1/keys"}, {"DELETE", "/api/v1/keys/x"}, {"GET", "/api/v1/audit"},
	} {
		res := s.call(route.method, route.path, "", nil)
		expect(t, route.method+" "+route.path, res, http.StatusUnauthorized, "unauthorized")
		expectChallenge(t, route.method+" "+route.path, res, "")
	}
	for _, path := range []string{"/api/v1/health", "/api/v1/ready", "/api/v1/openapi.yaml"} {
		if res := s.call(http.MethodGet, path, "", nil); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s without credentials = %d, want 200 (it stays open)", path, res.StatusCode)
		}
	}
}

func (b authBackend) refusedKeys(t *testing.T) {
	s, _, _ := b.startAuth(t)
	ctx := context.Background()
	unknown, err := security.GenerateAPIKey() // well-formed, never stored
	must(t, err)
	expired := addKey(t, s.Store, "alice-id", store.RoleAnalyst, time.Now().Add(-time.Minute))
	revoked := addKey(t, s.Store, "alice-id", store.RoleAnalyst, time.Time{})
	expect(t, "a fresh key before its revocation", s.call("GET", "/api/v1/me", revoked, nil), 200, "")
	rec, err := s.Store.GetAPIKeyByHash(ctx, mustParseKey(t, revoked).Hash())
	must(t, err)
	expect(t, "revoke", s.callAs("alice", "DELETE", "/api/v1/keys/"+rec.ID, nil), 204, "")

	cases := []struct{ name, key string }{
		{"unknown key with a valid prefix", unknown.Secret()},
		{"expired key", expired},
		{"revoked key", revoked},
	}
	var messages []string
	for _, c := range cases {
		res := s.call("GET", "/api/v1/analyses", c.key, nil)
		expect(t, c.name, res, http.StatusUnauthorized, "unauthorized")
		expectChallenge(t, c.name, res, "invalid_token")
		messages = append(messages, errorMessage(t, res))
	}
	for i := range messages {
		if messages[i] != messages[0] {
			t.Errorf("the refusals say different things (%q vs %q): they must not tell why", messages[i], messages[0])
		}
	}
	req := s.Anon.NewRequest("GET", "/api/v1/me", nil)
	req.Header.Set("X-API-Key", unknown.Secret())
	expect(t, "unknown key as X-API-Key", s.Anon.Do(req), 401, "unauthorized")
	req = s.Anon.NewRequest("GET", "/api/v1/me", nil)
	req.Header.Set("X-API-Key", s.Keys["alice"])
	expect(t, "a good key as X-API-Key", s.Anon.Do(req), 200, "")

	malformed := s.call("GET", "/api/v1/me", "fpa_tooShort", nil)
	expect(t, "malformed key", malformed, 401, "unauthorized")
	expectChallenge(t, "malformed key", malformed, "invalid_token")
	inQuery := s.call("GET", "/api/v1/me?api_key="+s.Keys["alice"], "", nil)
	expect(t, "key in the query string", inQuery, 400, "bad_request")
	expectChallenge(t, "key in the query string", inQuery, "invalid_request")
	req = s.as(s.Anon.NewRequest("GET", "/api/v1/me", nil), "alice")
	req.Header.Set("X-API-Key", s.Keys["bob"])
	expect(t, "two different keys", s.Anon.Do(req), 400, "bad_request")

	// A disabled user's keys stop at once and come back when enabled; a
	// deleted user's keys are gone.
	expect(t, "disable bob", s.callAs("admin", "PATCH", "/api/v1/users/bob-id", map[string]any{"disabled": true}), 200, "")
	expect(t, "disabled user's key", s.callAs("bob", "GET", "/api/v1/me", nil), 401, "unauthorized")
	expect(t, "enable bob", s.callAs("admin", "PATCH", "/api/v1/users/bob-id", map[string]any{"disabled": false}), 200, "")
	expect(t, "re-enabled user's key", s.callAs("bob", "GET", "/api/v1/me", nil), 200, "")
	expect(t, "delete bob", s.callAs("admin", "DELETE", "/api/v1/users/bob-id", nil), 204, "")
	expect(t, "deleted user's key", s.callAs("bob", "GET", "/api/v1/me", nil), 401, "unauthorized")
}

func (b authBackend) effectiveRole(t *testing.T) {
	s, _, _ := b.startAuth(t)
	viewerKeyOfAdmin := addKey(t, s.Store, "admin-id", store.RoleViewer, time.Time{})
	m, res := s.me(t, viewerKeyOfAdmin)
	if res.StatusCode != 200 || m.Role != "viewer" || m.User.Role != "admin" || m.Via != "api_key" {
		t.Errorf("an admin's viewer key: /me = %d %+v, want role viewer of an admin", res.StatusCode, m)
	}
	expect(t, "an admin's viewer key creates a user", s.call("POST", "/api/v1/users", viewerKeyOfAdmin,
		map[string]any{"username": "x", "role": "viewer"}), 403, "forbidden")
	expect(t, "an admin's viewer key lists users", s.call("GET", "/api/v1/users", viewerKeyOfAdmin, nil), 403, "forbidden")

	// Demoting alice limits the analyst key she already holds.
	expect(t, "demote alice", s.callAs("admin", "PATCH", "/api/v1/users/alice-id", map[string]any{"role": "viewer"}), 200, "")
	m, _ = s.me(t, s.Keys["alice"])
	if m.Role != "viewer" {
		t.Errorf("alice's analyst key after her demotion acts as %q, want viewer", m.Role)
	}
	expect(t, "a demoted analyst's key creates a key", s.callAs("alice", "POST", "/api/v1/keys", map[string]any{"name": "n"}), 403, "forbidden")

	// Last use: recorded on first use, then not rewritten within a minute.
	first, _ := s.me(t, s.Keys["bob"])
	if first.Key == nil || first.Key.LastUsedAt == nil {
		t.Fatalf("after a request with bob's key its last use is not recorded: %+v", first.Key)
	}
	second, _ := s.me(t, s.Keys["bob"])
	if got := second.Key.LastUsedAt; got == nil || *got != *first.Key.LastUsedAt {
		t.Errorf("last use rewritten on the next request (%s → %v); want at most one write a minute", *first.Key.LastUsedAt, deref(got))
	}
}

func mustParseKey(t *testing.T, s string) security.APIKey {
	t.Helper()
	k, err := security.ParseAPIKey(s)
	must(t, err)
	return k
}

func errorMessage(t *testing.T, res interface{ JSON(testing.TB, any) }) string {
	t.Helper()
	var e struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	res.JSON(t, &e)
	return e.Error.Message
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}
