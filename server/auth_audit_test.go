package server_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
)

type auditAnswer struct {
	Events []struct {
		ID        string         `json:"id"`
		Time      time.Time      `json:"time"`
		Actor     string         `json:"actor"`
		Action    string         `json:"action"`
		Target    string         `json:"target"`
		Outcome   string         `json:"outcome"`
		IP        string         `json:"ip"`
		RequestID string         `json:"request_id"`
		Details   map[string]any `json:"details"`
	} `json:"events"`
	Next string `json:"next_cursor"`
}

func (s *apiServer) audit(t *testing.T, query string) auditAnswer {
	t.Helper()
	res := s.callAs("admin", "GET", "/api/v1/audit?"+query, nil)
	expect(t, "GET /api/v1/audit?"+query, res, 200, "")
	var a auditAnswer
	res.JSON(t, &a)
	return a
}

// auditedActions does one of every audited action and returns the actor
// each should name.
func (s *apiServer) auditedActions(t *testing.T) map[string]string {
	t.Helper()
	tk := s.login(t, "alice")
	expect(t, "refresh", s.refresh(tk.RefreshToken), 200, "")
	expect(t, "failed login", s.call("POST", "/api/v1/auth/login", "", map[string]string{"username": "bob", "password": "not bob's password"}), 401, "unauthorized")
	var k keyAnswer
	s.callAs("alice", "POST", "/api/v1/keys", map[string]any{"name": "audited"}).JSON(t, &k)
	expect(t, "revoke", s.callAs("alice", "DELETE", "/api/v1/keys/"+k.ID, nil), 204, "")
	expect(t, "refused key", s.call("GET", "/api/v1/me", k.Key, nil), 401, "unauthorized")
	expect(t, "create user", s.callAs("admin", "POST", "/api/v1/users", map[string]any{"username": "dora", "role": "viewer"}), 201, "")
	expect(t, "change bob", s.callAs("admin", "PATCH", "/api/v1/users/bob-id", map[string]any{"role": "viewer", "disabled": true}), 200, "")
	expect(t, "denied", s.callAs("vera", "GET", "/api/v1/users", nil), 403, "forbidden")
	id := addAnalysis(t, s.Store, "alice-id", "gone.mp4")
	expect(t, "delete analysis", s.callAs("alice", "DELETE", "/api/v1/analyses/"+id, nil), 204, "")
	return map[string]string{
		security.AuditLoginSuccess: "alice-id", security.AuditSessionRefreshed: "alice-id", security.AuditLoginFailure: "",
		security.AuditKeyCreated: "alice-id", security.AuditKeyRevoked: "alice-id", "authn.failure": "",
		security.AuditUserCreated: "admin-id", security.AuditUserChanged: "admin-id", security.AuditUserDisabled: "admin-id",
		security.AuditAuthzDenied: "vera-id", security.AuditAnalysisDeleted: "alice-id",
	}
}

func (b authBackend) auditLog(t *testing.T) {
	s, _, _ := b.startAuth(t)
	start := time.Now().Add(-time.Second)
	want := s.auditedActions(t)
	all := s.audit(t, "limit=1000")
	seen := map[string]bool{}
	for _, e := range all.Events {
		actor, ok := want[e.Action]
		if !ok {
			continue
		}
		seen[e.Action] = true
		if e.Actor != actor || e.IP != "127.0.0.1" || e.RequestID == "" || e.Time.Before(start) || e.Outcome == "" {
			t.Errorf("%s event: actor %q (want %q), ip %q, request id %q, time %s, outcome %q", e.Action, e.Actor, actor, e.IP, e.RequestID, e.Time, e.Outcome)
		}
		if line := s.Log.lineWith(`"audit":true`, `"action":"`+e.Action+`"`, e.RequestID); line == "" {
			t.Errorf("%s: no audit=true log line with request id %s", e.Action, e.RequestID)
		}
	}
	for action := range want {
		if !seen[action] {
			t.Errorf("no %s event in the audit log", action)
		}
	}
	if a := s.audit(t, "action=login.failure"); len(a.Events) != 1 || a.Events[0].Details["username"] != "bob" {
		t.Errorf("?action=login.failure = %+v", a.Events)
	}
	for _, e := range s.audit(t, "actor=alice-id").Events {
		if e.Actor != "alice-id" {
			t.Errorf("?actor=alice-id lists an event by %q", e.Actor)
		}
	}
	if a := s.audit(t, "outcome=denied&action="+security.AuditAuthzDenied); len(a.Events) != 1 {
		t.Errorf("?outcome=denied lists %d authz.denied events, want 1", len(a.Events))
	}
	if a := s.audit(t, "until=2000-01-01T00:00:00Z"); len(a.Events) != 0 {
		t.Errorf("?until=2000 lists %d events", len(a.Events))
	}
	if a := s.audit(t, "since="+url.QueryEscape(time.Now().Add(time.Hour).Format(time.RFC3339))); len(a.Events) != 0 {
		t.Errorf("?since=in an hour lists %d events", len(a.Events))
	}
	var paged []string
	for cursor, pages := "", 0; pages == 0 || cursor != ""; pages++ {
		a := s.audit(t, "limit=2&cursor="+cursor)
		for _, e := range a.Events {
			paged = append(paged, e.ID)
		}
		cursor = a.Next
	}
	if len(paged) != len(all.Events) || paged[0] != all.Events[0].ID {
		t.Errorf("paging by 2 gave %d events, one page %d", len(paged), len(all.Events))
	}
	for _, q := range []string{"cursor=nonsense", "since=yesterday", "limit=0", "outcome=maybe"} {
		expect(t, "?"+q, s.callAs("admin", "GET", "/api/v1/audit?"+q, nil), 400, "bad_request")
	}
}

func (b authBackend) auditStoreFailure(t *testing.T) {
	s, _, exec := b.startAuth(t)
	exec("DROP TABLE audit_events")
	res := s.callAs("alice", "POST", "/api/v1/keys", map[string]any{"name": "while the audit log is down"})
	expect(t, "a key created while the audit table is gone", res, 201, "")
	if line := s.Log.lineWith(`"level":"ERROR"`, "audit event could not be stored", `"action":"key.created"`); line == "" {
		t.Errorf("no ERROR line keeps the event the store lost:\n%s", s.Log)
	}
	expect(t, "a login while the audit table is gone", s.call("POST", "/api/v1/auth/login", "", map[string]string{"username": "bob", "password": passwordOf("bob")}), 200, "")
}

func (b authBackend) noSecretStored(t *testing.T) {
	s, dump, _ := b.startAuth(t)
	first := s.login(t, "alice")
	res := s.refresh(first.RefreshToken)
	var second tokens
	res.JSON(t, &second)
	var k keyAnswer
	s.call("POST", "/api/v1/keys", second.AccessToken, map[string]any{"name": "dumped"}).JSON(t, &k)
	expect(t, "the new key works", s.call("GET", "/api/v1/me", k.Key, nil), 200, "")
	expect(t, "set a password", s.callAs("admin", "PATCH", "/api/v1/users/bob-id", map[string]any{"password": "bob's brand new passphrase"}), 200, "")
	expect(t, "a failed login", s.call("POST", "/api/v1/auth/login", "", map[string]string{"username": "bob", "password": "a wrong guess at bob's"}), 401, "unauthorized")

	secrets := []string{passwordOf("alice"), "bob's brand new passphrase", "a wrong guess at bob's",
		first.AccessToken, first.RefreshToken, second.AccessToken, second.RefreshToken, k.Key, s.Keys["alice"]}
	data, log := dump(), []byte(s.Log.String())
	for _, secret := range secrets {
		for _, form := range []string{secret, secret[4:]} { // whole, and without a known prefix
			if bytes.Contains(data, []byte(form)) {
				t.Errorf("the database holds a secret (%.8s…) in plain text", form)
			}
			if bytes.Contains(log, []byte(form)) {
				t.Errorf("the log holds a secret (%.8s…)", form)
			}
		}
	}
	for _, token := range []string{first.RefreshToken, second.RefreshToken} {
		rt, err := security.ParseRefreshToken(token)
		must(t, err)
		if !bytes.Contains(data, []byte(rt.Hash())) {
			t.Errorf("refresh token hash %.12s… is not in the dump: the search does not look where the sessions are", rt.Hash())
		}
	}
	if !bytes.Contains(data, []byte(mustParseKey(t, k.Key).Hash())) {
		t.Error("the key's hash is not in the dump: the search does not look where the keys are")
	}
	if n := strings.Count(string(data), "$argon2id$"); n < len(testUsers) {
		t.Errorf("%d argon2id hashes in the dump, want at least one per user (%d)", n, len(testUsers))
	}
}
