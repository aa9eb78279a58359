package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// AuditStore keeps the audit log in SQLite.
type AuditStore struct{ db *conns }

var _ store.AuditLog = (*AuditStore)(nil)

const auditColumns = `id, occurred_at, actor, action, target, ip, request_id, outcome, details`

// AppendAuditEvent implements store.AuditLog.
func (s *AuditStore) AppendAuditEvent(ctx context.Context, e *store.AuditEvent) error {
	if err := e.Prepare(); err != nil {
		return err
	}
	_, err := s.db.write.ExecContext(ctx, `INSERT INTO audit_events (`+auditColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.Time.UnixMicro(), e.Actor, e.Action, e.Target, e.IP, e.RequestID, e.Outcome,
		nullString(string(e.Details)))
	return mapErr("append audit event "+e.Action, err)
}

// ListAuditEvents implements store.AuditLog.
func (s *AuditStore) ListAuditEvents(ctx context.Context, f store.AuditFilter) (store.AuditPage, error) {
	where, args, err := auditWhere(f)
	if err != nil {
		return store.AuditPage{}, err
	}
	limit := store.PageLimit(f.Limit)
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_events`+where+`
		ORDER BY occurred_at DESC, id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return store.AuditPage{}, mapErr("list audit events", err)
	}
	defer rows.Close()
	var page store.AuditPage
	for rows.Next() {
		var e store.AuditEvent
		var at int64
		var details sql.NullString
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Target, &e.IP, &e.RequestID, &e.Outcome, &details); err != nil {
			return store.AuditPage{}, mapErr("list audit events", err)
		}
		e.Time, e.Details = fromMicros(at), rawJSON(details)
		page.Events = append(page.Events, e)
	}
	if err := rows.Err(); err != nil {
		return store.AuditPage{}, mapErr("list audit events", err)
	}
	page.Events, page.Next = store.TrimPage(page.Events, limit, store.AuditCursor)
	return page, nil
}

func auditWhere(f store.AuditFilter) (string, []any, error) {
	var conds []string
	var args []any
	add := func(cond string, vals ...any) { conds = append(conds, cond); args = append(args, vals...) }
	for _, eq := range []struct{ col, val string }{
		{"actor", f.Actor}, {"action", f.Action}, {"target", f.Target}, {"outcome", f.Outcome},
	} {
		if eq.val != "" {
			add(eq.col+" = ?", eq.val)
		}
	}
	if !f.From.IsZero() {
		add("occurred_at >= ?", store.StoredTime(f.From).UnixMicro())
	}
	if !f.To.IsZero() {
		add("occurred_at < ?", store.StoredTime(f.To).UnixMicro())
	}
	c, ok, err := store.DecodeCursor(f.Cursor)
	if err != nil {
		return "", nil, err
	}
	if ok {
		add("(occurred_at, id) < (?, ?)", c.Time.UnixMicro(), c.ID)
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// PurgeAuditEvents implements store.AuditLog.
func (s *AuditStore) PurgeAuditEvents(ctx context.Context, before time.Time) (int64, error) {
	return purge(ctx, s.db, "purge audit events",
		`DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE occurred_at < ? LIMIT ?)`, before)
}
