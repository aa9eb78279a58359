package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

var userTests = map[string]func(*testing.T, store.Store){
	"RoundTrip":       testUserRoundTrip,
	"CaseInsensitive": testUserCaseInsensitive,
	"CreateErrors":    testUserCreateErrors,
	"Update":          testUserUpdate,
	"ListAndCount":    testUserListCount,
	"DeleteCascades":  testUserDeleteCascades,
}

func testUserRoundTrip(t *testing.T, s store.Store) {
	u := &store.User{Username: "Alice", PasswordHash: "$argon2id$x", Role: store.RoleAdmin, Disabled: true}
	wantErr(t, "create", s.CreateUser(ctxOf(t), u), nil)
	if u.ID == "" || u.CreatedAt.IsZero() || !u.UpdatedAt.Equal(u.CreatedAt) {
		t.Fatalf("create did not fill ID and times: %+v", u)
	}
	got, err := s.GetUser(ctxOf(t), u.ID)
	wantErr(t, "get", err, nil)
	if !reflect.DeepEqual(got, u) {
		t.Fatalf("read back %+v, want %+v", got, u)
	}
	_, err = s.GetUser(ctxOf(t), "missing")
	wantErr(t, "get missing", err, store.ErrNotFound)
}

func testUserCaseInsensitive(t *testing.T, s store.Store) {
	u := mustUser(t, s, "Émile.Dupont")
	for _, name := range []string{"Émile.Dupont", "émile.dupont", "ÉMILE.DUPONT", " émile.dupont "} {
		got, err := s.GetUserByUsername(ctxOf(t), name)
		wantErr(t, "get "+name, err, nil)
		if got.ID != u.ID || got.Username != "Émile.Dupont" {
			t.Fatalf("get %q gave %+v", name, got)
		}
	}
	wantErr(t, "create the same name in capitals", s.CreateUser(ctxOf(t), &store.User{Username: "ÉMILE.DUPONT", Role: store.RoleViewer}), store.ErrConflict)
	_, err := s.GetUserByUsername(ctxOf(t), "nobody")
	wantErr(t, "get unknown", err, store.ErrNotFound)
}

func testUserCreateErrors(t *testing.T, s store.Store) {
	cases := []struct {
		name string
		user store.User
		want error
	}{
		{"empty username", store.User{Username: "  ", Role: store.RoleAdmin}, store.ErrInvalid},
		{"unknown role", store.User{Username: "x", Role: "root"}, store.ErrInvalid},
		{"no role", store.User{Username: "x"}, store.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := c.user
			wantErr(t, c.name, s.CreateUser(ctxOf(t), &u), c.want)
		})
	}
	n, err := s.CountUsers(ctxOf(t))
	if err != nil || n != 0 {
		t.Fatalf("after refused creates: %d users, %v", n, err)
	}
}

func testUserUpdate(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	mustUser(t, s, "bob")
	created := u.CreatedAt
	time.Sleep(2 * time.Millisecond)
	u.Username, u.Role, u.Disabled, u.PasswordHash = "Alice2", store.RoleViewer, true, "new-hash"
	wantErr(t, "update", s.UpdateUser(ctxOf(t), u), nil)
	got, err := s.GetUserByUsername(ctxOf(t), "alice2")
	wantErr(t, "get renamed", err, nil)
	if got.Role != store.RoleViewer || !got.Disabled || got.PasswordHash != "new-hash" || !got.CreatedAt.Equal(created) || !got.UpdatedAt.After(created) {
		t.Fatalf("update not stored: %+v", got)
	}
	_, err = s.GetUserByUsername(ctxOf(t), "alice")
	wantErr(t, "old name", err, store.ErrNotFound)

	u.Username = "BOB"
	wantErr(t, "rename onto another user", s.UpdateUser(ctxOf(t), u), store.ErrConflict)
	wantErr(t, "update missing", s.UpdateUser(ctxOf(t), &store.User{ID: "missing", Username: "z", Role: store.RoleViewer}), store.ErrNotFound)
	wantErr(t, "update without ID", s.UpdateUser(ctxOf(t), &store.User{Username: "z", Role: store.RoleViewer}), store.ErrNotFound)
	u.Username, u.Role = "alice3", "god"
	wantErr(t, "update to an unknown role", s.UpdateUser(ctxOf(t), u), store.ErrInvalid)
}

func testUserListCount(t *testing.T, s store.Store) {
	n, err := s.CountUsers(ctxOf(t))
	if err != nil || n != 0 {
		t.Fatalf("fresh store: %d users, %v; want 0", n, err)
	}
	for _, name := range []string{"carol", "Alice", "bob"} {
		mustUser(t, s, name)
	}
	users, err := s.ListUsers(ctxOf(t))
	wantErr(t, "list", err, nil)
	var names []string
	for _, u := range users {
		names = append(names, u.Username)
	}
	if !reflect.DeepEqual(names, []string{"Alice", "bob", "carol"}) {
		t.Fatalf("listed %v, want Alice bob carol", names)
	}
	if n, err := s.CountUsers(ctxOf(t)); err != nil || n != 3 {
		t.Fatalf("count %d, %v; want 3", n, err)
	}
}

func testUserDeleteCascades(t *testing.T, s store.Store) {
	alice, bob := mustUser(t, s, "alice"), mustUser(t, s, "bob")
	key := mustKey(t, s, alice.ID, "k1")
	bobKey := mustKey(t, s, bob.ID, "k2")
	sess := mustSession(t, s, alice.ID, "t1")
	a := mustCreate(t, s, newAnalysis(alice.ID, 0))
	wantErr(t, "delete", s.DeleteUser(ctxOf(t), alice.ID), nil)

	_, err := s.GetUser(ctxOf(t), alice.ID)
	wantErr(t, "deleted user", err, store.ErrNotFound)
	_, err = s.GetAPIKey(ctxOf(t), key.ID)
	wantErr(t, "her API key", err, store.ErrNotFound)
	_, err = s.GetSessionByTokenHash(ctxOf(t), sess.TokenHash)
	wantErr(t, "her session", err, store.ErrNotFound)
	_, err = s.GetAnalysis(ctxOf(t), a.ID)
	wantErr(t, "her analysis", err, store.ErrNotFound)
	_, err = s.GetAPIKey(ctxOf(t), bobKey.ID)
	wantErr(t, "another user's key", err, nil)
	wantErr(t, "delete twice", s.DeleteUser(ctxOf(t), alice.ID), store.ErrNotFound)
}
