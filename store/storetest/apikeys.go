package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

var apiKeyTests = map[string]func(*testing.T, store.Store){
	"RoundTrip":    testKeyRoundTrip,
	"CreateErrors": testKeyCreateErrors,
	"List":         testKeyList,
	"TouchRevoke":  testKeyTouchRevoke,
	"Delete":       testKeyDelete,
}

func mustKey(t *testing.T, s store.Store, userID, name string) *store.APIKey {
	t.Helper()
	k := &store.APIKey{UserID: userID, Name: name, Prefix: "fpa_" + name, Hash: "hash-" + name, Role: store.RoleAnalyst}
	if err := s.CreateAPIKey(ctxOf(t), k); err != nil {
		t.Fatalf("create API key %s: %v", name, err)
	}
	return k
}

func testKeyRoundTrip(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	k := &store.APIKey{UserID: u.ID, Name: "ci", Prefix: "fpa_abc", Hash: "h1", Role: store.RoleViewer,
		ExpiresAt: base.Add(30 * 24 * time.Hour)}
	wantErr(t, "create", s.CreateAPIKey(ctxOf(t), k), nil)
	for name, get := range map[string]func() (*store.APIKey, error){
		"by ID":   func() (*store.APIKey, error) { return s.GetAPIKey(ctxOf(t), k.ID) },
		"by hash": func() (*store.APIKey, error) { return s.GetAPIKeyByHash(ctxOf(t), "h1") },
	} {
		got, err := get()
		wantErr(t, name, err, nil)
		if !reflect.DeepEqual(got, k) {
			t.Fatalf("%s: read back %+v, want %+v", name, got, k)
		}
	}
	_, err := s.GetAPIKeyByHash(ctxOf(t), "nope")
	wantErr(t, "unknown hash", err, store.ErrNotFound)
	_, err = s.GetAPIKey(ctxOf(t), "nope")
	wantErr(t, "unknown ID", err, store.ErrNotFound)
}

func testKeyCreateErrors(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	mustKey(t, s, u.ID, "one")
	cases := []struct {
		name string
		key  store.APIKey
		want error
	}{
		{"duplicate prefix", store.APIKey{UserID: u.ID, Prefix: "fpa_one", Hash: "other", Role: store.RoleViewer}, store.ErrConflict},
		{"duplicate hash", store.APIKey{UserID: u.ID, Prefix: "fpa_other", Hash: "hash-one", Role: store.RoleViewer}, store.ErrConflict},
		{"user who does not exist", store.APIKey{UserID: "ghost", Prefix: "p", Hash: "h", Role: store.RoleViewer}, store.ErrNotFound},
		{"no user", store.APIKey{Prefix: "p", Hash: "h", Role: store.RoleViewer}, store.ErrInvalid},
		{"no hash", store.APIKey{UserID: u.ID, Prefix: "p", Role: store.RoleViewer}, store.ErrInvalid},
		{"unknown role", store.APIKey{UserID: u.ID, Prefix: "p", Hash: "h", Role: "owner"}, store.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := c.key
			wantErr(t, c.name, s.CreateAPIKey(ctxOf(t), &k), c.want)
		})
	}
}

func testKeyList(t *testing.T, s store.Store) {
	alice, bob := mustUser(t, s, "alice"), mustUser(t, s, "bob")
	a1 := mustKey(t, s, alice.ID, "a1")
	time.Sleep(time.Millisecond)
	a2 := mustKey(t, s, alice.ID, "a2")
	b1 := mustKey(t, s, bob.ID, "b1")
	cases := []struct {
		name, user string
		want       []string
	}{
		{"alice's, newest first", alice.ID, []string{a2.ID, a1.ID}},
		{"bob's", bob.ID, []string{b1.ID}},
		{"everyone's", "", []string{b1.ID, a2.ID, a1.ID}},
		{"unknown user", "ghost", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			keys, err := s.ListAPIKeys(ctxOf(t), c.user)
			wantErr(t, "list", err, nil)
			var got []string
			for _, k := range keys {
				got = append(got, k.ID)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
}

func testKeyTouchRevoke(t *testing.T, s store.Store) {
	k := mustKey(t, s, mustUser(t, s, "alice").ID, "k")
	used, revoked := base.Add(time.Hour), base.Add(2*time.Hour)
	wantErr(t, "touch", s.TouchAPIKey(ctxOf(t), k.ID, used), nil)
	wantErr(t, "revoke", s.RevokeAPIKey(ctxOf(t), k.ID, revoked), nil)
	wantErr(t, "revoke again", s.RevokeAPIKey(ctxOf(t), k.ID, revoked.Add(time.Hour)), nil)
	got, err := s.GetAPIKey(ctxOf(t), k.ID)
	wantErr(t, "get", err, nil)
	if !got.LastUsedAt.Equal(used) || !got.RevokedAt.Equal(revoked) {
		t.Fatalf("last used %v revoked %v; want %v and the first revocation %v", got.LastUsedAt, got.RevokedAt, used, revoked)
	}
	wantErr(t, "touch missing", s.TouchAPIKey(ctxOf(t), "missing", used), store.ErrNotFound)
	wantErr(t, "revoke missing", s.RevokeAPIKey(ctxOf(t), "missing", used), store.ErrNotFound)
}

func testKeyDelete(t *testing.T, s store.Store) {
	k := mustKey(t, s, mustUser(t, s, "alice").ID, "k")
	wantErr(t, "delete", s.DeleteAPIKey(ctxOf(t), k.ID), nil)
	_, err := s.GetAPIKeyByHash(ctxOf(t), k.Hash)
	wantErr(t, "deleted key", err, store.ErrNotFound)
	wantErr(t, "delete twice", s.DeleteAPIKey(ctxOf(t), k.ID), store.ErrNotFound)
}
