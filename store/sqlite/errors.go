package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// mapErr turns a driver error into a store error: the sentinels for the
// cases callers handle, and for the rest a message without the driver's
// type, so that no caller can come to depend on it. op names what failed.
func mapErr(op string, err error) error {
	if err == nil || isStoreErr(err) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w", op, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%s: %w: %s", op, store.ErrConflict, se.Error())
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%s: %w: a referenced record does not exist", op, store.ErrNotFound)
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return fmt.Errorf("%s: %w: %s", op, store.ErrInvalid, se.Error())
		case sqlite3.SQLITE_INTERRUPT:
			return fmt.Errorf("%s: %w", op, context.Canceled)
		}
		return fmt.Errorf("%s: sqlite: %s", op, se.Error())
	}
	return fmt.Errorf("%s: %v", op, err)
}

// notFound is the error for a statement that affected no row.
func notFound(op string, res sql.Result, err error) error {
	if err != nil {
		return mapErr(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return mapErr(op, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	return nil
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
