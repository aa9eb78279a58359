package storetest

import (
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

var sessionTests = map[string]func(*testing.T, store.Store){
	"RoundTrip":          testSessionRoundTrip,
	"CreateErrors":       testSessionCreateErrors,
	"Rotate":             testSessionRotate,
	"ReuseDetected":      testSessionReuse,
	"ConcurrentRotation": testSessionConcurrentRotation,
	"Revoke":             testSessionRevoke,
	"Purge":              testSessionPurge,
}

func newSession(userID, token string) *store.Session {
	return &store.Session{UserID: userID, TokenHash: token, CreatedAt: base,
		ExpiresAt: base.Add(24 * time.Hour), AbsoluteExpiresAt: base.Add(30 * 24 * time.Hour)}
}

func mustSession(t *testing.T, s store.Store, userID, token string) *store.Session {
	t.Helper()
	sess := newSession(userID, token)
	if err := s.CreateSession(ctxOf(t), sess); err != nil {
		t.Fatalf("create session: %v", err)
	}
	return sess
}

func getSession(t *testing.T, s store.Store, token string) *store.Session {
	t.Helper()
	got, err := s.GetSessionByTokenHash(ctxOf(t), token)
	if err != nil {
		t.Fatalf("get session %s: %v", token, err)
	}
	return got
}

func testSessionRoundTrip(t *testing.T, s store.Store) {
	sess := mustSession(t, s, mustUser(t, s, "alice").ID, "t1")
	if sess.FamilyID != sess.ID || !sess.LastUsedAt.Equal(base) {
		t.Fatalf("a login's session is its own family and was last used when made: %+v", sess)
	}
	if got := getSession(t, s, "t1"); !reflect.DeepEqual(got, sess) {
		t.Fatalf("read back %+v, want %+v", got, sess)
	}
	_, err := s.GetSessionByTokenHash(ctxOf(t), "nope")
	wantErr(t, "unknown token", err, store.ErrNotFound)
}

func testSessionCreateErrors(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	mustSession(t, s, u.ID, "t1")
	noExpiry := newSession(u.ID, "t3")
	noExpiry.AbsoluteExpiresAt = time.Time{}
	cases := []struct {
		name string
		sess *store.Session
		want error
	}{
		{"duplicate token", newSession(u.ID, "t1"), store.ErrConflict},
		{"user who does not exist", newSession("ghost", "t2"), store.ErrNotFound},
		{"no token", newSession(u.ID, ""), store.ErrInvalid},
		{"no absolute expiry", noExpiry, store.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantErr(t, c.name, s.CreateSession(ctxOf(t), c.sess), c.want) })
	}
}

func testSessionRotate(t *testing.T, s store.Store) {
	first := mustSession(t, s, mustUser(t, s, "alice").ID, "t1")
	at := base.Add(time.Hour)
	next := &store.Session{TokenHash: "t2", CreatedAt: at, ExpiresAt: at.Add(24 * time.Hour), AbsoluteExpiresAt: first.AbsoluteExpiresAt}
	wantErr(t, "rotate", s.RotateSession(ctxOf(t), first.ID, next), nil)
	if next.UserID != first.UserID || next.FamilyID != first.ID || next.ParentID != first.ID {
		t.Fatalf("child %+v is not in the family of %s", next, first.ID)
	}
	if used := getSession(t, s, "t1"); !used.UsedAt.Equal(at) || !used.LastUsedAt.Equal(at) {
		t.Fatalf("rotated session used at %v, last used %v; want %v", used.UsedAt, used.LastUsedAt, at)
	}
	if got := getSession(t, s, "t2"); !reflect.DeepEqual(got, next) {
		t.Fatalf("child read back %+v, want %+v", got, next)
	}
	wantErr(t, "rotate missing", s.RotateSession(ctxOf(t), "missing", newSession("", "t9")), store.ErrNotFound)
}

func testSessionReuse(t *testing.T, s store.Store) {
	first := mustSession(t, s, mustUser(t, s, "alice").ID, "t1")
	wantErr(t, "rotate", s.RotateSession(ctxOf(t), first.ID, newSession("", "t2")), nil)
	wantErr(t, "rotate a used token", s.RotateSession(ctxOf(t), first.ID, newSession("", "t3")), store.ErrConflict)
	_, err := s.GetSessionByTokenHash(ctxOf(t), "t3")
	wantErr(t, "the refused child", err, store.ErrNotFound)

	n, err := s.RevokeSessionFamily(ctxOf(t), first.FamilyID, base.Add(time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("revoke family: %d, %v; want 2 sessions", n, err)
	}
	second := getSession(t, s, "t2")
	wantErr(t, "rotate a revoked token", s.RotateSession(ctxOf(t), second.ID, newSession("", "t4")), store.ErrConflict)
}

func testSessionConcurrentRotation(t *testing.T, s store.Store) {
	first := mustSession(t, s, mustUser(t, s, "alice").ID, "t1")
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			errs[i] = s.RotateSession(ctxOf(t), first.ID, newSession("", "child-"+string(rune('a'+i))))
		})
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, store.ErrConflict):
			t.Fatalf("concurrent rotation: %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d of %d concurrent rotations of one token succeeded, want exactly 1", wins, n)
	}
}

func testSessionRevoke(t *testing.T, s store.Store) {
	alice, bob := mustUser(t, s, "alice"), mustUser(t, s, "bob")
	a1, a2 := mustSession(t, s, alice.ID, "a1"), mustSession(t, s, alice.ID, "a2")
	mustSession(t, s, bob.ID, "b1")
	at := base.Add(time.Hour)
	wantErr(t, "revoke one", s.RevokeSession(ctxOf(t), a1.ID, at), nil)
	wantErr(t, "revoke again", s.RevokeSession(ctxOf(t), a1.ID, at.Add(time.Hour)), nil)
	if got := getSession(t, s, "a1"); !got.RevokedAt.Equal(at) {
		t.Fatalf("revoked at %v, want the first revocation %v", got.RevokedAt, at)
	}
	wantErr(t, "revoke missing", s.RevokeSession(ctxOf(t), "missing", at), store.ErrNotFound)
	n, err := s.RevokeUserSessions(ctxOf(t), alice.ID, at)
	if err != nil || n != 1 {
		t.Fatalf("revoke alice's sessions: %d, %v; want the 1 still live", n, err)
	}
	if got := getSession(t, s, a2.TokenHash); got.RevokedAt.IsZero() {
		t.Fatal("a2 not revoked")
	}
	if got := getSession(t, s, "b1"); !got.RevokedAt.IsZero() {
		t.Fatal("bob's session revoked with alice's")
	}
	list, err := s.ListUserSessions(ctxOf(t), alice.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("alice's sessions: %d, %v; want 2", len(list), err)
	}
}

func testSessionPurge(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	old := newSession(u.ID, "old")
	old.AbsoluteExpiresAt = base.Add(-time.Hour)
	wantErr(t, "create", s.CreateSession(ctxOf(t), old), nil)
	live := mustSession(t, s, u.ID, "live")
	n, err := s.PurgeSessions(ctxOf(t), base)
	if err != nil || n != 1 {
		t.Fatalf("purge: %d, %v; want 1", n, err)
	}
	_, err = s.GetSessionByTokenHash(ctxOf(t), "old")
	wantErr(t, "purged", err, store.ErrNotFound)
	getSession(t, s, live.TokenHash)
}
