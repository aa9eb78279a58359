package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// SessionStore keeps refresh-token sessions in Postgres.
type SessionStore struct{ pool *pgxpool.Pool }

var _ store.Sessions = (*SessionStore)(nil)

const sessionColumns = `id, user_id, family_id, token_hash, parent_id, created_at, last_used_at,
	expires_at, absolute_expires_at, revoked_at, used_at`

func scanSession(row pgx.Row) (*store.Session, error) {
	var s store.Session
	var revoked, used *time.Time
	if err := row.Scan(&s.ID, &s.UserID, &s.FamilyID, &s.TokenHash, &s.ParentID, &s.CreatedAt, &s.LastUsedAt,
		&s.ExpiresAt, &s.AbsoluteExpiresAt, &revoked, &used); err != nil {
		return nil, err
	}
	s.CreatedAt, s.LastUsedAt = s.CreatedAt.UTC(), s.LastUsedAt.UTC()
	s.ExpiresAt, s.AbsoluteExpiresAt = s.ExpiresAt.UTC(), s.AbsoluteExpiresAt.UTC()
	s.RevokedAt, s.UsedAt = fromNullTime(revoked), fromNullTime(used)
	return &s, nil
}

func insertSession(ctx context.Context, q querier, s *store.Session) error {
	_, err := q.Exec(ctx, `INSERT INTO sessions (`+sessionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		s.ID, s.UserID, s.FamilyID, s.TokenHash, s.ParentID, s.CreatedAt, s.LastUsedAt,
		s.ExpiresAt, s.AbsoluteExpiresAt, nullTime(s.RevokedAt), nullTime(s.UsedAt))
	return err
}

// CreateSession implements store.Sessions.
func (st *SessionStore) CreateSession(ctx context.Context, s *store.Session) error {
	if err := s.Prepare(); err != nil {
		return err
	}
	return mapErr("create session", insertSession(ctx, st.pool, s))
}

// GetSessionByTokenHash implements store.Sessions.
func (st *SessionStore) GetSessionByTokenHash(ctx context.Context, hash string) (*store.Session, error) {
	s, err := scanSession(st.pool.QueryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE token_hash = $1`, hash))
	if err != nil {
		return nil, mapErr("get session by token hash", err)
	}
	return s, nil
}

// RotateSession implements store.Sessions. The used row is locked (FOR
// UPDATE), so of two concurrent rotations of one token the second sees it
// used and gets ErrConflict.
func (st *SessionStore) RotateSession(ctx context.Context, usedID string, next *store.Session) error {
	op := "rotate session " + usedID
	err := pgx.BeginFunc(ctx, st.pool, func(tx pgx.Tx) error {
		old, err := scanSession(tx.QueryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = $1 FOR UPDATE`, usedID))
		if err != nil {
			return mapErr(op, err)
		}
		if err := rotationAllowed(old); err != nil {
			return err
		}
		next.UserID, next.FamilyID, next.ParentID = old.UserID, old.FamilyID, old.ID
		if err := next.Prepare(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE sessions SET used_at = $1, last_used_at = $1 WHERE id = $2`,
			next.CreatedAt, old.ID); err != nil {
			return mapErr(op, err)
		}
		return mapErr(op, insertSession(ctx, tx, next))
	})
	return mapErr(op, err)
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
	tag, err := st.pool.Exec(ctx, `UPDATE sessions SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2`, when(t), id)
	return affected("revoke session "+id, tag, err)
}

// RevokeSessionFamily implements store.Sessions.
func (st *SessionStore) RevokeSessionFamily(ctx context.Context, familyID string, t time.Time) (int64, error) {
	tag, err := st.pool.Exec(ctx, `UPDATE sessions SET revoked_at = $1 WHERE revoked_at IS NULL AND family_id = $2`, when(t), familyID)
	return tag.RowsAffected(), mapErr("revoke session family "+familyID, err)
}

// RevokeUserSessions implements store.Sessions.
func (st *SessionStore) RevokeUserSessions(ctx context.Context, userID string, t time.Time) (int64, error) {
	tag, err := st.pool.Exec(ctx, `UPDATE sessions SET revoked_at = $1 WHERE revoked_at IS NULL AND user_id = $2`, when(t), userID)
	return tag.RowsAffected(), mapErr("revoke sessions of user "+userID, err)
}

// ListUserSessions implements store.Sessions.
func (st *SessionStore) ListUserSessions(ctx context.Context, userID string) ([]store.Session, error) {
	rows, err := st.pool.Query(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE user_id = $1
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
	return purge(ctx, st.pool, "purge sessions",
		`DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE absolute_expires_at < $1 LIMIT $2)`, before)
}
