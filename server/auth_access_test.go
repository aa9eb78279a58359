package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// addAnalysis stores a minimal analysis owned by ownerID.
func addAnalysis(t *testing.T, st store.Analyses, ownerID, name string) string {
	t.Helper()
	a := &store.Analysis{OwnerID: ownerID, SourceKind: store.SourceUpload, SourceKey: name, Status: store.StatusOK,
		Container: "mp4", Summary: json.RawMessage(`null`), Report: json.RawMessage(`{"format":{},"streams":[]}`)}
	must(t, st.CreateAnalysis(context.Background(), a))
	return a.ID
}

func (b authBackend) objectLevel(t *testing.T) {
	s, _, _ := b.startAuth(t)
	alices := addAnalysis(t, s.Store, "alice-id", "alice.mp4")
	bobs := addAnalysis(t, s.Store, "bob-id", "bob.mp4")
	for _, path := range []string{"/api/v1/analyses/" + alices, "/api/v1/analyses/" + alices + "/raw"} {
		expect(t, "bob reads "+path, s.callAs("bob", "GET", path, nil), 404, "not_found")
		expect(t, "alice reads "+path, s.callAs("alice", "GET", path, nil), 200, "")
		expect(t, "the admin reads "+path, s.callAs("admin", "GET", path, nil), 200, "")
	}
	expect(t, "bob deletes alice's analysis", s.callAs("bob", "DELETE", "/api/v1/analyses/"+alices, nil), 404, "not_found")
	expect(t, "bob lists alice's analyses", s.callAs("bob", "GET", "/api/v1/analyses?owner=alice-id", nil), 403, "forbidden")
	var list struct {
		Analyses []struct {
			ID string `json:"id"`
		} `json:"analyses"`
	}
	s.callAs("bob", "GET", "/api/v1/analyses", nil).JSON(t, &list)
	if len(list.Analyses) != 1 || list.Analyses[0].ID != bobs {
		t.Errorf("bob's list %+v, want only his analysis", list.Analyses)
	}
	s.callAs("admin", "GET", "/api/v1/analyses", nil).JSON(t, &list)
	if len(list.Analyses) != 2 {
		t.Errorf("the admin lists %d analyses, want both", len(list.Analyses))
	}
	expect(t, "alice deletes her analysis", s.callAs("alice", "DELETE", "/api/v1/analyses/"+alices, nil), 204, "")
	expect(t, "the admin deletes bob's", s.callAs("admin", "DELETE", "/api/v1/analyses/"+bobs, nil), 204, "")

	// Keys: someone else's key is "not found" too, and stays valid.
	alicesKey, err := s.Store.GetAPIKeyByHash(context.Background(), mustParseKey(t, s.Keys["alice"]).Hash())
	must(t, err)
	expect(t, "bob reads alice's key", s.callAs("bob", "GET", "/api/v1/keys/"+alicesKey.ID, nil), 404, "not_found")
	expect(t, "bob revokes alice's key", s.callAs("bob", "DELETE", "/api/v1/keys/"+alicesKey.ID, nil), 404, "not_found")
	expect(t, "alice's key after bob's attempt", s.callAs("alice", "GET", "/api/v1/me", nil), 200, "")
	expect(t, "bob lists alice's keys", s.callAs("bob", "GET", "/api/v1/keys?user_id=alice-id", nil), 403, "forbidden")
	expect(t, "the admin reads alice's key", s.callAs("admin", "GET", "/api/v1/keys/"+alicesKey.ID, nil), 200, "")
}

func (b authBackend) functionLevel(t *testing.T) {
	s, _, _ := b.startAuth(t)
	s.addMedia(t, testmedia.H264AAC, "a.mp4")
	refused := []struct {
		user, method, path string
		body               any
	}{
		{"vera", "POST", "/api/v1/analyses", map[string]string{"path": "a.mp4"}},
		{"vera", "POST", "/api/v1/keys", map[string]string{"name": "mine"}},
		{"vera", "GET", "/api/v1/keys", nil},
		{"vera", "DELETE", "/api/v1/analyses/x", nil},
		{"vera", "POST", "/api/v1/users", map[string]string{"username": "x", "role": "admin"}},
		{"alice", "GET", "/api/v1/users", nil},
		{"alice", "POST", "/api/v1/users", map[string]string{"username": "x", "role": "admin"}},
		{"alice", "PATCH", "/api/v1/users/alice-id", map[string]string{"role": "admin"}},
		{"alice", "DELETE", "/api/v1/users/bob-id", nil},
		{"alice", "GET", "/api/v1/audit", nil},
		{"alice", "POST", "/api/v1/keys", map[string]string{"name": "k", "role": "admin"}},
		{"alice", "POST", "/api/v1/keys", map[string]string{"name": "k", "user_id": "bob-id"}},
	}
	for _, r := range refused {
		expect(t, r.user+" "+r.method+" "+r.path, s.callAs(r.user, r.method, r.path, r.body), 403, "forbidden")
	}
	expect(t, "a viewer reads", s.callAs("vera", "GET", "/api/v1/analyses", nil), 200, "")
	expect(t, "a viewer asks who she is", s.callAs("vera", "GET", "/api/v1/me", nil), 200, "")
	expect(t, "bob is still there", s.callAs("admin", "GET", "/api/v1/users/bob-id", nil), 200, "")
	page, err := s.Store.ListAuditEvents(context.Background(), store.AuditFilter{Action: security.AuditAuthzDenied, Limit: 100})
	must(t, err)
	if len(page.Events) != len(refused) {
		t.Errorf("%d authz.denied events, want one per refusal (%d)", len(page.Events), len(refused))
	}
	for _, e := range page.Events {
		if e.Actor == "" || e.Outcome != store.OutcomeDenied || e.RequestID == "" || e.IP == "" || !strings.HasPrefix(e.Target, "/api/v1/") {
			t.Errorf("authz.denied event %+v lacks its actor, outcome, request id, address or route", e)
		}
	}
}
