package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

type userAnswer struct {
	ID          string `json:"id"`
	Username    string `json:"username"`
	Role        string `json:"role"`
	Disabled    bool   `json:"disabled"`
	HasPassword bool   `json:"has_password"`
}

type keyAnswer struct {
	ID        string  `json:"id"`
	UserID    string  `json:"user_id"`
	Prefix    string  `json:"prefix"`
	Role      string  `json:"role"`
	State     string  `json:"state"`
	ExpiresAt *string `json:"expires_at"`
	Key       string  `json:"key"`
}

func (b authBackend) usersEndpoints(t *testing.T) {
	s, _, _ := b.startAuth(t)
	res := s.callAs("admin", "POST", "/api/v1/users", map[string]any{"username": "Carol", "role": "analyst", "password": "carol's long passphrase"})
	expect(t, "create", res, 201, "")
	var carol userAnswer
	res.JSON(t, &carol)
	if carol.Username != "Carol" || carol.Role != "analyst" || !carol.HasPassword || res.Header.Get("Location") != "/api/v1/users/"+carol.ID {
		t.Errorf("created %+v, Location %q", carol, res.Header.Get("Location"))
	}
	for _, bad := range []struct {
		name   string
		body   map[string]any
		status int
		code   string
	}{
		{"taken in another case", map[string]any{"username": "CAROL", "role": "viewer"}, 409, "conflict"},
		{"unknown role", map[string]any{"username": "dave", "role": "root"}, 400, "bad_request"},
		{"short password", map[string]any{"username": "dave", "role": "viewer", "password": "short"}, 400, "bad_request"},
		{"space in the username", map[string]any{"username": "da ve", "role": "viewer"}, 400, "bad_request"},
		{"unknown field", map[string]any{"username": "dave", "role": "viewer", "admin": true}, 400, "bad_request"},
	} {
		expect(t, bad.name, s.callAs("admin", "POST", "/api/v1/users", bad.body), bad.status, bad.code)
	}
	var list struct {
		Users []userAnswer `json:"users"`
	}
	s.callAs("admin", "GET", "/api/v1/users", nil).JSON(t, &list)
	if len(list.Users) != 5 || strings.Contains(string(s.callAs("admin", "GET", "/api/v1/users", nil).Body), "argon2") {
		t.Errorf("list = %+v, want the 4 test users and Carol, without hashes", list.Users)
	}
	carolTokens := s.loginWith(t, "carol", "carol's long passphrase")
	expect(t, "get", s.callAs("admin", "GET", "/api/v1/users/"+carol.ID, nil), 200, "")
	expect(t, "get unknown", s.callAs("admin", "GET", "/api/v1/users/nobody", nil), 404, "not_found")
	expect(t, "empty patch", s.callAs("admin", "PATCH", "/api/v1/users/"+carol.ID, map[string]any{}), 400, "bad_request")
	res = s.callAs("admin", "PATCH", "/api/v1/users/"+carol.ID, map[string]any{"role": "viewer", "password": "carol's new passphrase"})
	var changed userAnswer
	res.JSON(t, &changed)
	if res.StatusCode != 200 || changed.Role != "viewer" {
		t.Errorf("patch = %d %+v", res.StatusCode, changed)
	}
	expect(t, "carol's session after her password changed", s.refresh(carolTokens.RefreshToken), 401, "unauthorized")
	expect(t, "carol's old password", s.call("POST", "/api/v1/auth/login", "", map[string]string{"username": "carol", "password": "carol's long passphrase"}), 401, "unauthorized")
	expect(t, "carol's new password", s.call("POST", "/api/v1/auth/login", "", map[string]string{"username": "carol", "password": "carol's new passphrase"}), 200, "")

	// The last enabled admin stays.
	expect(t, "the only admin demotes herself", s.callAs("admin", "PATCH", "/api/v1/users/admin-id", map[string]any{"role": "analyst"}), 409, "conflict")
	expect(t, "the only admin disables herself", s.callAs("admin", "PATCH", "/api/v1/users/admin-id", map[string]any{"disabled": true}), 409, "conflict")
	expect(t, "the only admin deletes herself", s.callAs("admin", "DELETE", "/api/v1/users/admin-id", nil), 409, "conflict")
	expect(t, "promote carol", s.callAs("admin", "PATCH", "/api/v1/users/"+carol.ID, map[string]any{"role": "admin"}), 200, "")
	expect(t, "demote the first admin once carol is one", s.callAs("admin", "PATCH", "/api/v1/users/admin-id", map[string]any{"role": "analyst"}), 200, "")
	expect(t, "delete carol", s.call("DELETE", "/api/v1/users/"+carol.ID, s.Keys["admin"], nil), 403, "forbidden")
	expect(t, "the admin is an analyst now", s.callAs("admin", "GET", "/api/v1/users", nil), 403, "forbidden")
}

func (b authBackend) keysEndpoints(t *testing.T) {
	s, _, _ := b.startAuth(t)
	res := s.callAs("alice", "POST", "/api/v1/keys", map[string]any{"name": "ci", "role": "viewer"})
	expect(t, "create", res, 201, "")
	var k keyAnswer
	res.JSON(t, &k)
	if !strings.HasPrefix(k.Key, k.Prefix) || k.Role != "viewer" || k.UserID != "alice-id" || k.State != "active" || k.ExpiresAt == nil {
		t.Fatalf("created %+v", k)
	}
	if exp, err := time.Parse(time.RFC3339, *k.ExpiresAt); err != nil || exp.Sub(time.Now()) < 89*24*time.Hour {
		t.Errorf("default expiry %v, want 90 days from now", *k.ExpiresAt)
	}
	m, _ := s.me(t, k.Key)
	if m.User.ID != "alice-id" || m.Role != "viewer" {
		t.Errorf("the new key acts as %+v", m)
	}
	got := s.callAs("alice", "GET", "/api/v1/keys/"+k.ID, nil)
	if got.StatusCode != 200 || strings.Contains(string(got.Body), k.Key) {
		t.Errorf("GET of the key = %d; the key itself must never be shown again: %s", got.StatusCode, got.Body)
	}
	var list struct {
		Keys []keyAnswer `json:"keys"`
	}
	s.callAs("alice", "GET", "/api/v1/keys", nil).JSON(t, &list)
	if len(list.Keys) != 2 {
		t.Errorf("alice lists %d keys, want her 2", len(list.Keys))
	}
	s.callAs("admin", "GET", "/api/v1/keys", nil).JSON(t, &list)
	if len(list.Keys) != 5 {
		t.Errorf("the admin lists %d keys, want all 5", len(list.Keys))
	}
	s.callAs("admin", "GET", "/api/v1/keys?user_id=bob-id", nil).JSON(t, &list)
	if len(list.Keys) != 1 || list.Keys[0].UserID != "bob-id" {
		t.Errorf("the admin's list of bob's keys: %+v", list.Keys)
	}
	res = s.callAs("admin", "POST", "/api/v1/keys", map[string]any{"name": "for bob", "user_id": "bob-id", "never_expires": true})
	res.JSON(t, &k)
	if res.StatusCode != 201 || k.UserID != "bob-id" || k.Role != "analyst" || k.ExpiresAt != nil {
		t.Errorf("the admin's key for bob = %d %+v, want bob's role and no expiry", res.StatusCode, k)
	}
	for _, bad := range []struct {
		name string
		body map[string]any
		code string
	}{
		{"no name", map[string]any{"role": "viewer"}, "bad_request"},
		{"past expiry", map[string]any{"name": "x", "expires_at": "2020-01-01T00:00:00Z"}, "bad_request"},
		{"expiry and never", map[string]any{"name": "x", "expires_at": "2999-01-01T00:00:00Z", "never_expires": true}, "bad_request"},
		{"unknown role", map[string]any{"name": "x", "role": "root"}, "bad_request"},
		{"control character in the name", map[string]any{"name": "a\nb"}, "bad_request"},
	} {
		expect(t, bad.name, s.callAs("alice", "POST", "/api/v1/keys", bad.body), 400, bad.code)
	}
	expect(t, "a key for nobody", s.callAs("admin", "POST", "/api/v1/keys", map[string]any{"name": "x", "user_id": "nobody"}), 404, "not_found")
	expect(t, "revoke", s.call("DELETE", "/api/v1/keys/"+k.ID, s.Keys["bob"], nil), 204, "")
	expect(t, "the revoked key", s.call("GET", "/api/v1/me", k.Key, nil), 401, "unauthorized")
	expect(t, "revoke again", s.call("DELETE", "/api/v1/keys/"+k.ID, s.Keys["bob"], nil), 204, "")
	s.callAs("bob", "GET", "/api/v1/keys/"+k.ID, nil).JSON(t, &k)
	if k.State != "revoked" {
		t.Errorf("the revoked key's state is %q", k.State)
	}
	expect(t, "unknown key", s.callAs("bob", "GET", "/api/v1/keys/nope", nil), http.StatusNotFound, "not_found")
}
