package store

import "errors"

// The errors every backend returns, whatever its driver says. Callers test
// them with errors.Is; no pgx or sqlite error type ever leaves a backend.
var (
	// ErrNotFound means the record asked for does not exist, or a record
	// refers to one that does not (an API key for a missing user).
	ErrNotFound = errors.New("not found")

	// ErrConflict means the write would break a uniqueness rule (a taken
	// username, a duplicate key hash) or a state rule (a refresh token
	// that was already used).
	ErrConflict = errors.New("conflict")

	// ErrInvalid means the input is malformed: a record field out of range,
	// a cursor this store did not issue, a database URL it cannot use.
	ErrInvalid = errors.New("invalid")

	// ErrUnsupported means the backend cannot do this at all (for example
	// an online backup of Postgres without pg_dump installed).
	ErrUnsupported = errors.New("unsupported")
)
