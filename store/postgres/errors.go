package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// mapErr turns a pgx error into a store error: the sentinels for what
// callers handle, and otherwise a message without pgx's types. op names
// what failed.
func mapErr(op string, err error) error {
	if err == nil || isStoreErr(err) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	for _, ctxErr := range []error{context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, ctxErr) {
			return fmt.Errorf("%s: %w", op, ctxErr)
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return fmt.Errorf("%s: %w: %s", op, store.ErrConflict, pe.Message)
		case "23503": // foreign_key_violation
			return fmt.Errorf("%s: %w: a referenced record does not exist", op, store.ErrNotFound)
		case "23514", "23502", "22P02", "22021", "22P05": // check, not null, bad text
			return fmt.Errorf("%s: %w: %s", op, store.ErrInvalid, pe.Message)
		}
		return fmt.Errorf("%s: postgres: %s (SQLSTATE %s)", op, pe.Message, pe.Code)
	}
	return fmt.Errorf("%s: %s", op, store.Redact(err.Error()))
}

// isStoreErr reports whether err already carries a store sentinel (an
// error made inside a transaction, passed out through mapErr again).
func isStoreErr(err error) bool {
	for _, target := range []error{store.ErrNotFound, store.ErrConflict, store.ErrInvalid, store.ErrUnsupported} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
