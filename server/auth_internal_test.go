package server

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
	"github.com/ffprobe-api/ffprobe-api/store/sqlite"
)

func TestAuthConfigProblems(t *testing.T) {
	ok := DefaultAuthConfig()
	ok.Sessions.Secret = []byte(strings.Repeat("s", 32))
	if p := ok.problems(); len(p) != 0 {
		t.Fatalf("defaults with a secret: %v", p)
	}
	if p := DefaultAuthConfig().problems(); len(p) != 0 {
		t.Fatalf("defaults without a secret (sessions off): %v", p)
	}
	tests := []struct {
		name   string
		change func(*AuthConfig)
		want   string
	}{
		{"short secret", func(c *AuthConfig) { c.Sessions.Secret = []byte("short") }, "--jwt-secret has 5 bytes"},
		{"no access lifetime", func(c *AuthConfig) { c.Sessions.AccessTTL = 0 }, "--access-token-ttl 0s"},
		{"access lifetime over an hour", func(c *AuthConfig) { c.Sessions.AccessTTL = 2 * time.Hour }, "--access-token-ttl 2h0m0s"},
		{"idle below access", func(c *AuthConfig) { c.Sessions.IdleTimeout = time.Minute }, "--session-idle-timeout 1m0s is shorter"},
		{"absolute below idle", func(c *AuthConfig) { c.Sessions.AbsoluteTimeout = time.Hour }, "--session-absolute-timeout 1h0m0s is shorter"},
		{"throttle", func(c *AuthConfig) { c.LoginThrottle.BaseDelay = 0 }, "login throttle"},
		{"argon2", func(c *AuthConfig) { c.Argon2.Time = 0 }, "password hashing: argon2id time 0"},
		{"no hashes at once", func(c *AuthConfig) { c.MaxConcurrentHashes = 0 }, "at most 0 hashes at once"},
		{"negative recheck", func(c *AuthConfig) { c.SessionRecheck = -time.Second }, "session recheck interval"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.change(&c)
			p := strings.Join(c.problems(), "\n")
			if !strings.Contains(p, tt.want) {
				t.Errorf("problems %q do not say %q", p, tt.want)
			}
		})
	}
}

// TestSessionCheckInterval drives the session check with a fake clock on
// a real store: a revocation made elsewhere is seen once the interval has
// passed, one made here at once, and a dead family stays dead.
func TestSessionCheckInterval(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"), store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.CreateUser(ctx, &store.User{ID: "u", Username: "u", Role: store.RoleAnalyst}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	newFamily := func() string {
		tok, _ := security.GenerateRefreshToken()
		s := &store.Session{UserID: "u", TokenHash: tok.Hash(), ExpiresAt: now.Add(time.Hour), AbsoluteExpiresAt: now.Add(2 * time.Hour)}
		if err := st.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		return s.FamilyID
	}
	check := newSessionCheck(st, 30*time.Second, func() time.Time { return now })
	alive := func(family string) bool {
		ok, err := check.alive(ctx, "u", family)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	a, b := newFamily(), newFamily()
	if !alive(a) || !alive(b) || alive("no-such-family") {
		t.Fatal("fresh families must be alive, an unknown one not")
	}
	for _, f := range []string{a, b} {
		if _, err := st.RevokeSessionFamily(ctx, f, store.Now()); err != nil {
			t.Fatal(err)
		}
	}
	check.forget(b) // b was revoked through this server
	if !alive(a) {
		t.Error("a revocation elsewhere is seen before the interval passed; the cache does nothing")
	}
	if alive(b) {
		t.Error("a revocation made here is not seen at once")
	}
	now = now.Add(31 * time.Second)
	if alive(a) {
		t.Error("a revocation elsewhere is still not seen after the interval")
	}
	if alive(a) {
		t.Error("a dead family came back")
	}
	c := newFamily()
	now = now.Add(3 * time.Hour) // past the absolute expiry
	if alive(c) {
		t.Error("a family past its absolute expiry is alive")
	}
}
