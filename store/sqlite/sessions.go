package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// SessionStore keeps refresh-token sessions in SQLite.
type SessionStore struct{ db *conns }

var _ store.Sessions = (*SessionStore)(nil)

const sessionColumns = `id, user_id, family_id, token_hash, parent_id, created_at, last_used_at,
	expires_at, absolute_expires_at, revoked_at, used_at`

func scanSession(row scanner) (*store.Session, error) {
	var s store.Session
	var created, lastUsed, expires, absolute int64
	var revoked, used sql.NullInt64
	if err := row.Scan(&s.ID, &s.UserID, &s.FamilyID, &s.TokenHash, &s.ParentID, &created, &lastUsed,
		&expires, &absolute, &revoked, &used); err != nil {
		return nil, err
	}
	s.CreatedAt, s.LastUsedAt = fromMicros(created), fromMicros(lastUsed)
	s.ExpiresAt, s.AbsoluteExpiresAt = fromMicros(expires), fromMicros(absolute)
	s.RevokedAt, s.UsedAt = fromNullMicros(revoked), fromNullMicros(used)
	return &s, nil
}

func insertSession(ctx context.Context, exec interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, s *store.Session) error {
	_, err := exec.ExecContext(ctx, `INSERT INTO sessions (`+sessionColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.UserID, s.FamilyID, s.TokenHash, s.ParentID, s.CreatedAt.UnixMicro(), s.LastUsedAt.UnixMicro(),
		s.ExpiresAt.UnixMicro(), s.AbsoluteExpiresAt.UnixMicro(), micros(s.RevokedAt), micros(s.UsedAt))
	return err
}

// CreateSession implements store.Sessions.
func (st *SessionStore) CreateSession(ctx context.Context, s *store.Session) error {
	if err := s.Prepare(); err != nil {
		return err
	}
	return mapErr("create session", insertSession(ctx, st.db.write, s))
}

// GetSessionByTokenHash implements store.Sessions.
func (st *SessionStore) GetSessionByTokenHash(ctx context.Context, hash string) (*store.Session, error) {
	s, err := scanSession(st.db.read.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE token_hash = ?`, hash))
	if err != nil {
		return nil, mapErr("get session by token hash", err)
	}
	return s, nil
}

// RotateSession implements store.Sessions.
func (st *SessionStore) RotateSession(ctx context.Context, usedID string, next *store.Session) error {
	return st.db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = ?`, usedID))
		if err != nil {
			return mapErr("rotate session "+usedID, err)
		}
		if err := rotationAllowed(old); err != nil {
			return err
		}
		next.UserID, next.FamilyID, next.ParentID = old.UserID, old.FamilyID, old.ID
		if err := next.Prepare(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET used_at = ?, last_used_at = ? WHERE id = ?`,
			next.CreatedAt.UnixMicro(), next.CreatedAt.UnixMicro(), old.ID); err != nil {
			return mapErr("rotate session "+usedID, err)
		}
		return mapErr("rotate session "+usedID, insertSession(ctx, tx, next))
	})
}

// rotationAllowed refuses a used or revoked session: presenting it again is
// token reuse.
func rotationAllowed(s *store.Session) error {
	switch {
	case !s.UsedAt.IsZero():
		return fmt.Errorf("rotate session %s: %w: the refresh token was already used (reuse)", s.ID, store.ErrConflict)
	case !s.RevokedAt.IsZero():
		return fmt.Errorf("rotate session %s: %w: the session is revoked", s.ID, store.ErrConflict)
	}
	return nil
}

// RevokeSession implements store.Sessions.
func (st *SessionStore) RevokeSession(ctx context.Context, id string, t time.Time) error {
	res, err := st.db.write.ExecContext(ctx, `UPDATE sessions SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`,
		when(t).UnixMicro(), id)
	return notFound("revoke session "+id, res, err)
}

// RevokeSessionFamily implements store.Sessions.
func (st *SessionStore) RevokeSessionFamily(ctx context.Context, familyID string, t time.Time) (int64, error) {
	return st.revokeWhere(ctx, "revoke session family "+familyID, `family_id = ?`, familyID, t)
}

// RevokeUserSessions implements store.Sessions.
func (st *SessionStore) RevokeUserSessions(ctx context.Context, userID string, t time.Time) (int64, error) {
	return st.revokeWhere(ctx, "revoke sessions of user "+userID, `user_id = ?`, userID, t)
}

func (st *SessionStore) revokeWhere(ctx context.Context, op, cond, arg string, t time.Time) (int64, error) {
	res, err := st.db.write.ExecContext(ctx, `UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL AND `+cond,
		when(t).UnixMicro(), arg)
	if err != nil {
		return 0, mapErr(op, err)
	}
	n, err := res.RowsAffected()
	return n, mapErr(op, err)
}

// ListUserSessions implements store.Sessions.
func (st *SessionStore) ListUserSessions(ctx context.Context, userID string) ([]store.Session, error) {
	rows, err := st.db.read.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE user_id = ?
		ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, mapErr("list sessions", err)
	}
	defer rows.Close()
	var out []store.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, mapErr("list sessions", err)
		}
		out = append(out, *s)
	}
	return out, mapErr("list sessions", rows.Err())
}

// PurgeSessions implements store.Sessions.
func (st *SessionStore) PurgeSessions(ctx context.Context, before time.Time) (int64, error) {
	return purge(ctx, st.db, "purge sessions",
		`DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE absolute_expires_at < ? LIMIT ?)`, before)
}
