package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// APIKeyStore keeps API keys in SQLite.
type APIKeyStore struct{ db *conns }

var _ store.APIKeys = (*APIKeyStore)(nil)

const apiKeyColumns = `id, user_id, name, prefix, hash, role, expires_at, last_used_at, revoked_at, created_at`

func scanAPIKey(row scanner) (*store.APIKey, error) {
	var k store.APIKey
	var expires, used, revoked sql.NullInt64
	var created int64
	if err := row.Scan(&k.ID, &k.UserID, &k.Name, &k.Prefix, &k.Hash, &k.Role, &expires, &used, &revoked, &created); err != nil {
		return nil, err
	}
	k.ExpiresAt, k.LastUsedAt, k.RevokedAt = fromNullMicros(expires), fromNullMicros(used), fromNullMicros(revoked)
	k.CreatedAt = fromMicros(created)
	return &k, nil
}

// CreateAPIKey implements store.APIKeys.
func (s *APIKeyStore) CreateAPIKey(ctx context.Context, k *store.APIKey) error {
	if err := k.Prepare(); err != nil {
		return err
	}
	_, err := s.db.write.ExecContext(ctx, `INSERT INTO api_keys (`+apiKeyColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		k.ID, k.UserID, k.Name, k.Prefix, k.Hash, string(k.Role), micros(k.ExpiresAt), micros(k.LastUsedAt),
		micros(k.RevokedAt), k.CreatedAt.UnixMicro())
	return mapErr("create API key "+k.Prefix, err)
}

// GetAPIKey implements store.APIKeys.
func (s *APIKeyStore) GetAPIKey(ctx context.Context, id string) (*store.APIKey, error) {
	k, err := scanAPIKey(s.db.read.QueryRowContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE id = ?`, id))
	if err != nil {
		return nil, mapErr("get API key "+id, err)
	}
	return k, nil
}

// GetAPIKeyByHash implements store.APIKeys.
func (s *APIKeyStore) GetAPIKeyByHash(ctx context.Context, hash string) (*store.APIKey, error) {
	k, err := scanAPIKey(s.db.read.QueryRowContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE hash = ?`, hash))
	if err != nil {
		return nil, mapErr("get API key by hash", err)
	}
	return k, nil
}

// ListAPIKeys implements store.APIKeys.
func (s *APIKeyStore) ListAPIKeys(ctx context.Context, userID string) ([]store.APIKey, error) {
	query, args := `SELECT `+apiKeyColumns+` FROM api_keys ORDER BY created_at DESC, id DESC`, []any{}
	if userID != "" {
		query = `SELECT ` + apiKeyColumns + ` FROM api_keys WHERE user_id = ? ORDER BY created_at DESC, id DESC`
		args = []any{userID}
	}
	rows, err := s.db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapErr("list API keys", err)
	}
	defer rows.Close()
	var keys []store.APIKey
	for rows.Next() {
		k, err := scanAPIKey(rows)
		if err != nil {
			return nil, mapErr("list API keys", err)
		}
		keys = append(keys, *k)
	}
	return keys, mapErr("list API keys", rows.Err())
}

// TouchAPIKey implements store.APIKeys.
func (s *APIKeyStore) TouchAPIKey(ctx context.Context, id string, t time.Time) error {
	res, err := s.db.write.ExecContext(ctx, `UPDATE api_keys SET last_used_at = ? WHERE id = ?`,
		when(t).UnixMicro(), id)
	return notFound("touch API key "+id, res, err)
}

// RevokeAPIKey implements store.APIKeys.
func (s *APIKeyStore) RevokeAPIKey(ctx context.Context, id string, t time.Time) error {
	res, err := s.db.write.ExecContext(ctx, `UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`,
		when(t).UnixMicro(), id)
	return notFound("revoke API key "+id, res, err)
}

// DeleteAPIKey implements store.APIKeys.
func (s *APIKeyStore) DeleteAPIKey(ctx context.Context, id string) error {
	res, err := s.db.write.ExecContext(ctx, `DELETE FROM api_keys WHERE id = ?`, id)
	return notFound("delete API key "+id, res, err)
}
