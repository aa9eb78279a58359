package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// UserStore keeps users in Postgres.
type UserStore struct{ pool *pgxpool.Pool }

var _ store.Users = (*UserStore)(nil)

const userColumns = `id, username, password_hash, role, disabled, created_at, updated_at`

func scanUser(row pgx.Row) (*store.User, error) {
	var u store.User
	var role string
	if err := row.Scan(&u.ID, &u.Username, &u.PasswordHash, &role, &u.Disabled, &u.CreatedAt, &u.UpdatedAt); err != nil {
		return nil, err
	}
	u.Role, u.CreatedAt, u.UpdatedAt = store.Role(role), u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return &u, nil
}

// CreateUser implements store.Users.
func (s *UserStore) CreateUser(ctx context.Context, u *store.User) error {
	if err := u.Prepare(); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO users (id, username, username_key, password_hash, role, disabled,
		created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		u.ID, u.Username, store.UsernameKey(u.Username), u.PasswordHash, string(u.Role), u.Disabled,
		u.CreatedAt, u.UpdatedAt)
	return mapErr("create user "+u.Username, err)
}

// GetUser implements store.Users.
func (s *UserStore) GetUser(ctx context.Context, id string) (*store.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return nil, mapErr("get user "+id, err)
	}
	return u, nil
}

// GetUserByUsername implements store.Users.
func (s *UserStore) GetUserByUsername(ctx context.Context, username string) (*store.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE username_key = $1`,
		store.UsernameKey(username)))
	if err != nil {
		return nil, mapErr("get user "+username, err)
	}
	return u, nil
}

// ListUsers implements store.Users.
func (s *UserStore) ListUsers(ctx context.Context) ([]store.User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+` FROM users ORDER BY username_key COLLATE "C"`)
	if err != nil {
		return nil, mapErr("list users", err)
	}
	defer rows.Close()
	var users []store.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, mapErr("list users", err)
		}
		users = append(users, *u)
	}
	return users, mapErr("list users", rows.Err())
}

// UpdateUser implements store.Users.
func (s *UserStore) UpdateUser(ctx context.Context, u *store.User) error {
	if u.ID == "" {
		return fmt.Errorf("update user: no ID: %w", store.ErrNotFound)
	}
	u.UpdatedAt = store.Now()
	if err := u.Prepare(); err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, `UPDATE users SET username = $1, username_key = $2, password_hash = $3,
		role = $4, disabled = $5, updated_at = $6 WHERE id = $7`,
		u.Username, store.UsernameKey(u.Username), u.PasswordHash, string(u.Role), u.Disabled, u.UpdatedAt, u.ID)
	return affected("update user "+u.ID, tag, err)
}

// DeleteUser implements store.Users; foreign keys cascade to the user's
// keys, sessions and analyses.
func (s *UserStore) DeleteUser(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM users WHERE id = $1`, id)
	return affected("delete user "+id, tag, err)
}

// CountUsers implements store.Users.
func (s *UserStore) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, mapErr("count users", err)
}
