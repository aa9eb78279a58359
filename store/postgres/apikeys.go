package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// APIKeyStore keeps API keys in Postgres.
type APIKeyStore struct{ pool *pgxpool.Pool }

var _ store.APIKeys = (*APIKeyStore)(nil)

const apiKeyColumns = `id, user_id, name, prefix, hash, role, expires_at, last_used_at, revoked_at, created_at`

func scanAPIKey(row pgx.Row) (*store.APIKey, error) {
	var k store.APIKey
	var role string
	var expires, used, revoked *time.Time
	if err := row.Scan(&k.ID, &k.UserID, &k.Name, &k.Prefix, &k.Hash, &role, &expires, &used, &revoked, &k.CreatedAt); err != nil {
		return nil, err
	}
	k.Role, k.CreatedAt = store.Role(role), k.CreatedAt.UTC()
	k.ExpiresAt, k.LastUsedAt, k.RevokedAt = fromNullTime(expires), fromNullTime(used), fromNullTime(revoked)
	return &k, nil
}

// CreateAPIKey implements store.APIKeys.
func (s *APIKeyStore) CreateAPIKey(ctx context.Context, k *store.APIKey) error {
	if err := k.Prepare(); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO api_keys (`+apiKeyColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		k.ID, k.UserID, k.Name, k.Prefix, k.Hash, string(k.Role), nullTime(k.ExpiresAt), nullTime(k.LastUsedAt),
		nullTime(k.RevokedAt), k.CreatedAt)
	return mapErr("create API key "+k.Prefix, err)
}

// GetAPIKey implements store.APIKeys.
func (s *APIKeyStore) GetAPIKey(ctx context.Context, id string) (*store.APIKey, error) {
	k, err := scanAPIKey(s.pool.QueryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE id = $1`, id))
	if err != nil {
		return nil, mapErr("get API key "+id, err)
	}
	return k, nil
}

// GetAPIKeyByHash implements store.APIKeys.
func (s *APIKeyStore) GetAPIKeyByHash(ctx context.Context, hash string) (*store.APIKey, error) {
	k, err := scanAPIKey(s.pool.QueryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE hash = $1`, hash))
	if err != nil {
		return nil, mapErr("get API key by hash", err)
	}
	return k, nil
}

// ListAPIKeys implements store.APIKeys.
func (s *APIKeyStore) ListAPIKeys(ctx context.Context, userID string) ([]store.APIKey, error) {
	query, args := `SELECT `+apiKeyColumns+` FROM api_keys ORDER BY created_at DESC, id DESC`, []any{}
	if userID != "" {
		query = `SELECT ` + apiKeyColumns + ` FROM api_keys WHERE user_id = $1 ORDER BY created_at DESC, id DESC`
		args = []any{userID}
	}
	rows, err := s.pool.Query(ctx, query, args...)
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
	tag, err := s.pool.Exec(ctx, `UPDATE api_keys SET last_used_at = $1 WHERE id = $2`, when(t), id)
	return affected("touch API key "+id, tag, err)
}

// RevokeAPIKey implements store.APIKeys.
func (s *APIKeyStore) RevokeAPIKey(ctx context.Context, id string, t time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE api_keys SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2`, when(t), id)
	return affected("revoke API key "+id, tag, err)
}

// DeleteAPIKey implements store.APIKeys.
func (s *APIKeyStore) DeleteAPIKey(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM api_keys WHERE id = $1`, id)
	return affected("delete API key "+id, tag, err)
}
