package sqlite

import (
	"context"
	"fmt"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// UserStore keeps users in SQLite.
type UserStore struct{ db *conns }

var _ store.Users = (*UserStore)(nil)

const userColumns = `id, username, password_hash, role, disabled, created_at, updated_at`

func scanUser(row scanner) (*store.User, error) {
	var u store.User
	var created, updated int64
	if err := row.Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Role, &u.Disabled, &created, &updated); err != nil {
		return nil, err
	}
	u.CreatedAt, u.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &u, nil
}

// CreateUser implements store.Users.
func (s *UserStore) CreateUser(ctx context.Context, u *store.User) error {
	if err := u.Prepare(); err != nil {
		return err
	}
	_, err := s.db.write.ExecContext(ctx, `INSERT INTO users (id, username, username_key, password_hash,
		role, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Username, store.UsernameKey(u.Username), u.PasswordHash, string(u.Role), u.Disabled,
		u.CreatedAt.UnixMicro(), u.UpdatedAt.UnixMicro())
	return mapErr("create user "+u.Username, err)
}

// GetUser implements store.Users.
func (s *UserStore) GetUser(ctx context.Context, id string) (*store.User, error) {
	u, err := scanUser(s.db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return nil, mapErr("get user "+id, err)
	}
	return u, nil
}

// GetUserByUsername implements store.Users.
func (s *UserStore) GetUserByUsername(ctx context.Context, username string) (*store.User, error) {
	u, err := scanUser(s.db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE username_key = ?`,
		store.UsernameKey(username)))
	if err != nil {
		return nil, mapErr("get user "+username, err)
	}
	return u, nil
}

// ListUsers implements store.Users.
func (s *UserStore) ListUsers(ctx context.Context) ([]store.User, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY username_key`)
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
	res, err := s.db.write.ExecContext(ctx, `UPDATE users SET username = ?, username_key = ?,
		password_hash = ?, role = ?, disabled = ?, updated_at = ? WHERE id = ?`,
		u.Username, store.UsernameKey(u.Username), u.PasswordHash, string(u.Role), u.Disabled,
		u.UpdatedAt.UnixMicro(), u.ID)
	return notFound("update user "+u.ID, res, err)
}

// DeleteUser implements store.Users; foreign keys cascade to the user's
// keys, sessions and analyses.
func (s *UserStore) DeleteUser(ctx context.Context, id string) error {
	res, err := s.db.write.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id)
	return notFound("delete user "+id, res, err)
}

// CountUsers implements store.Users.
func (s *UserStore) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.read.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, mapErr("count users", err)
}
