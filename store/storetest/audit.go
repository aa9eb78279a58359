package storetest

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

var auditTests = map[string]func(*testing.T, store.Store){
	"RoundTrip":    testAuditRoundTrip,
	"AppendErrors": testAuditErrors,
	"Filters":      testAuditFilters,
	"Pages":        testAuditPages,
	"Purge":        testAuditPurge,
}

func newEvent(actor, action, outcome string, offset time.Duration) *store.AuditEvent {
	return &store.AuditEvent{Time: base.Add(offset), Actor: actor, Action: action, Target: "t-" + action,
		IP: "192.0.2.1", RequestID: "req-1", Outcome: outcome}
}

func mustEvent(t *testing.T, s store.Store, e *store.AuditEvent) *store.AuditEvent {
	t.Helper()
	if err := s.AppendAuditEvent(ctxOf(t), e); err != nil {
		t.Fatalf("append audit event: %v", err)
	}
	return e
}

func eventIDs(es []store.AuditEvent) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func testAuditRoundTrip(t *testing.T, s store.Store) {
	e := newEvent("u1", "user.create", store.OutcomeSuccess, 0)
	e.Details = json.RawMessage(`{"username":"bob","role":"viewer"}`)
	mustEvent(t, s, e)
	bare := mustEvent(t, s, &store.AuditEvent{Action: "login"})
	page, err := s.ListAuditEvents(ctxOf(t), store.AuditFilter{})
	wantErr(t, "list", err, nil)
	if len(page.Events) != 2 {
		t.Fatalf("%d events, want 2", len(page.Events))
	}
	got := page.Events[1]
	if !jsonEqual(got.Details, e.Details) {
		t.Fatalf("details %s, want %s", got.Details, e.Details)
	}
	got.Details, e.Details = nil, nil
	if !reflect.DeepEqual(&got, e) {
		t.Fatalf("read back %+v, want %+v", got, e)
	}
	if page.Events[0].ID != bare.ID || bare.Time.IsZero() {
		t.Fatalf("an event without a time gets the current one and lists first: %+v", page.Events[0])
	}
}

func testAuditErrors(t *testing.T, s store.Store) {
	wantErr(t, "no action", s.AppendAuditEvent(ctxOf(t), &store.AuditEvent{Actor: "u"}), store.ErrInvalid)
	wantErr(t, "details not JSON", s.AppendAuditEvent(ctxOf(t), &store.AuditEvent{Action: "x", Details: json.RawMessage("{")}), store.ErrInvalid)
	e := mustEvent(t, s, newEvent("u", "x", "", 0))
	wantErr(t, "duplicate ID", s.AppendAuditEvent(ctxOf(t), &store.AuditEvent{ID: e.ID, Action: "y"}), store.ErrConflict)
}

func testAuditFilters(t *testing.T, s store.Store) {
	login := mustEvent(t, s, newEvent("alice", "login", store.OutcomeSuccess, time.Hour))
	denied := mustEvent(t, s, newEvent("bob", "login", store.OutcomeDenied, 2*time.Hour))
	create := mustEvent(t, s, newEvent("alice", "user.create", store.OutcomeSuccess, 3*time.Hour))
	cases := []struct {
		name   string
		filter store.AuditFilter
		want   []string
	}{
		{"all", store.AuditFilter{}, []string{create.ID, denied.ID, login.ID}},
		{"actor", store.AuditFilter{Actor: "alice"}, []string{create.ID, login.ID}},
		{"action", store.AuditFilter{Action: "login"}, []string{denied.ID, login.ID}},
		{"outcome", store.AuditFilter{Outcome: store.OutcomeDenied}, []string{denied.ID}},
		{"target", store.AuditFilter{Target: "t-user.create"}, []string{create.ID}},
		{"time range", store.AuditFilter{From: base.Add(2 * time.Hour), To: base.Add(3 * time.Hour)}, []string{denied.ID}},
		{"no match", store.AuditFilter{Actor: "carol"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, err := s.ListAuditEvents(ctxOf(t), c.filter)
			wantErr(t, c.name, err, nil)
			if got := eventIDs(page.Events); !slices.Equal(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
}

func testAuditPages(t *testing.T, s store.Store) {
	var want []string
	for i := range 11 {
		want = append(want, mustEvent(t, s, newEvent("a", "x", "", time.Duration(i/2)*time.Second)).ID)
	}
	var got []string
	f := store.AuditFilter{Limit: 4}
	for {
		page, err := s.ListAuditEvents(ctxOf(t), f)
		wantErr(t, "page", err, nil)
		got = append(got, eventIDs(page.Events)...)
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	slices.Reverse(want) // IDs are UUIDv7: in creation order, as are the times
	if !slices.Equal(got, want) {
		t.Fatalf("paged %v, want %v", got, want)
	}
}

func testAuditPurge(t *testing.T, s store.Store) {
	mustEvent(t, s, newEvent("a", "old", "", -400*24*time.Hour))
	keep := mustEvent(t, s, newEvent("a", "new", "", 0))
	n, err := s.PurgeAuditEvents(ctxOf(t), base.Add(-365*24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("purge: %d, %v; want 1", n, err)
	}
	page, err := s.ListAuditEvents(ctxOf(t), store.AuditFilter{})
	wantErr(t, "list", err, nil)
	if got := eventIDs(page.Events); !slices.Equal(got, []string{keep.ID}) {
		t.Fatalf("left %v, want %v", got, []string{keep.ID})
	}
}
