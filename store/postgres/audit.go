package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// AuditStore keeps the audit log in Postgres.
type AuditStore struct{ pool *pgxpool.Pool }

var _ store.AuditLog = (*AuditStore)(nil)

const auditColumns = `id, occurred_at, actor, action, target, ip, request_id, outcome, details`

// AppendAuditEvent implements store.AuditLog.
func (s *AuditStore) AppendAuditEvent(ctx context.Context, e *store.AuditEvent) error {
	if err := e.Prepare(); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO audit_events (`+auditColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		e.ID, e.Time, e.Actor, e.Action, e.Target, e.IP, e.RequestID, e.Outcome, jsonb(e.Details))
	return mapErr("append audit event "+e.Action, err)
}

// ListAuditEvents implements store.AuditLog.
func (s *AuditStore) ListAuditEvents(ctx context.Context, f store.AuditFilter) (store.AuditPage, error) {
	w := &where{}
	for _, eq := range []struct{ col, val string }{
		{"actor", f.Actor}, {"action", f.Action}, {"target", f.Target}, {"outcome", f.Outcome},
	} {
		if eq.val != "" {
			w.add(eq.col + " = " + w.arg(eq.val))
		}
	}
	if !f.From.IsZero() {
		w.add("occurred_at >= " + w.arg(store.StoredTime(f.From)))
	}
	if !f.To.IsZero() {
		w.add("occurred_at < " + w.arg(store.StoredTime(f.To)))
	}
	if err := w.cursor(f.Cursor, "occurred_at"); err != nil {
		return store.AuditPage{}, err
	}
	limit := store.PageLimit(f.Limit)
	rows, err := s.pool.Query(ctx, `SELECT `+auditColumns+` FROM audit_events`+w.String()+`
		ORDER BY occurred_at DESC, id DESC LIMIT `+w.arg(limit+1), w.args...)
	if err != nil {
		return store.AuditPage{}, mapErr("list audit events", err)
	}
	defer rows.Close()
	var page store.AuditPage
	for rows.Next() {
		var e store.AuditEvent
		if err := rows.Scan(&e.ID, &e.Time, &e.Actor, &e.Action, &e.Target, &e.IP, &e.RequestID, &e.Outcome, &e.Details); err != nil {
			return store.AuditPage{}, mapErr("list audit events", err)
		}
		e.Time = e.Time.UTC()
		page.Events = append(page.Events, e)
	}
	if err := rows.Err(); err != nil {
		return store.AuditPage{}, mapErr("list audit events", err)
	}
	page.Events, page.Next = store.TrimPage(page.Events, limit, store.AuditCursor)
	return page, nil
}

// PurgeAuditEvents implements store.AuditLog.
func (s *AuditStore) PurgeAuditEvents(ctx context.Context, before time.Time) (int64, error) {
	return purge(ctx, s.pool, "purge audit events",
		`DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE occurred_at < $1 LIMIT $2)`, before)
}
