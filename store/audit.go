package store

import (
	"context"
	"encoding/json"
	"time"
)

// Outcomes of audited actions.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
	OutcomeDenied  = "denied"
)

// AuditEvent records who did what to what, from where.
type AuditEvent struct {
	ID        string
	Time      time.Time
	Actor     string // a user ID, "system", or "" when unauthenticated
	Action    string // e.g. "user.create", "login", "apikey.revoke"
	Target    string // what was acted on, e.g. a user or analysis ID
	IP        string
	RequestID string
	Outcome   string // success, failure or denied
	Details   json.RawMessage
}

// AuditFilter selects audit events. Zero fields do not filter.
type AuditFilter struct {
	Actor   string
	Action  string
	Target  string
	Outcome string
	From    time.Time // inclusive
	To      time.Time // exclusive
	Limit   int       // 0 means DefaultLimit; at most MaxLimit
	Cursor  string
}

// AuditPage is one page of events, newest first.
type AuditPage struct {
	Events []AuditEvent
	Next   string // "" on the last page
}

// AuditLog keeps audit events. Events are never changed, only purged.
type AuditLog interface {
	// AppendAuditEvent stores e, filling ID and Time when empty.
	// ErrInvalid: no action, or details that are not JSON. ErrConflict: the
	// ID exists.
	AppendAuditEvent(ctx context.Context, e *AuditEvent) error

	// ListAuditEvents returns one page, newest first, by keyset on
	// (Time, ID). ErrInvalid: a bad cursor.
	ListAuditEvents(ctx context.Context, f AuditFilter) (AuditPage, error)

	// PurgeAuditEvents removes events older than cutoff; returns how many.
	PurgeAuditEvents(ctx context.Context, before time.Time) (int64, error)
}
