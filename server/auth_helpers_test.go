package server_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/server"
	"github.com/ffprobe-api/ffprobe-api/server/servertest"
	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/ffprobe-api/ffprobe-api/store/sqlite"
)

// testJWTSecret signs the access tokens of test servers; the tests forge
// tokens with it (and with others).
var testJWTSecret = []byte("test-secret-of-at-least-32-bytes-0123456789")

// testArgon2 is cheap: the tests hash dozens of passwords.
var testArgon2 = security.Argon2Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// testAuthConfig turns sessions on, with cheap password hashes and a
// throttle that locks after 3 failures for 1 s, doubling.
func testAuthConfig() server.AuthConfig {
	c := server.DefaultAuthConfig()
	c.Sessions.Secret = testJWTSecret
	c.Argon2 = testArgon2
	c.LoginThrottle.FreeFailures, c.LoginThrottle.BaseDelay = 3, time.Second
	return c
}

// testUser is a user every test server starts with, with one API key of
// the user's own role and a password.
type testUser struct {
	Name, ID string
	Role     store.Role
}

var testUsers = []testUser{
	{"admin", "admin-id", store.RoleAdmin},
	{"alice", "alice-id", store.RoleAnalyst},
	{"bob", "bob-id", store.RoleAnalyst},
	{"vera", "vera-id", store.RoleViewer},
}

// passwordOf is a test user's password.
func passwordOf(name string) string { return name + " correct horse battery staple" }

func openSQLite(t testing.TB, path string) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path, store.Options{Migrate: true})
	must(t, err)
	t.Cleanup(func() { st.Close() })
	return st
}

// addTestUsers stores testUsers with their passwords and keys, and
// returns the keys by username.
func addTestUsers(t testing.TB, st store.Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	hasher, err := security.NewPasswordHasher(testArgon2, 1)
	must(t, err)
	keys := map[string]string{}
	for _, u := range testUsers {
		hash, err := hasher.Hash(ctx, passwordOf(u.Name))
		must(t, err)
		must(t, st.CreateUser(ctx, &store.User{ID: u.ID, Username: u.Name, Role: u.Role, PasswordHash: hash}))
		keys[u.Name] = addKey(t, st, u.ID, u.Role, time.Time{})
	}
	return keys
}

// addKey stores a new key of userID straight into the store.
func addKey(t testing.TB, st store.APIKeys, userID string, role store.Role, expires time.Time) string {
	t.Helper()
	key, err := security.GenerateAPIKey()
	must(t, err)
	must(t, st.CreateAPIKey(context.Background(), &store.APIKey{UserID: userID, Name: "test", Prefix: key.DisplayPrefix(),
		Hash: key.Hash(), Role: role, ExpiresAt: expires}))
	return key.Secret()
}

// as makes req act as the named test user, with their API key.
func (s *apiServer) as(req *http.Request, user string) *http.Request {
	req.Header.Set("Authorization", "Bearer "+s.Keys[user])
	return req
}

// getAs sends GET path as the named test user.
func (s *apiServer) getAs(user, path string) *servertest.Response {
	return s.Client.Do(s.as(s.Client.NewRequest(http.MethodGet, path, nil), user))
}

// defaultCredential sends key with every request that carries no
// credential of its own
// (through base; nil is http.DefaultTransport).
type defaultCredential struct {
	key  string
	base http.RoundTripper
}

func (d defaultCredential) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Authorization") == "" && req.Header.Get("X-API-Key") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", "Bearer "+d.key)
	}
	if d.base == nil {
		return http.DefaultTransport.RoundTrip(req)
	}
	return d.base.RoundTrip(req)
}
