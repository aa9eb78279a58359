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

// Check implements store.Store: PRAGMA integrity_check, PRAGMA
// foreign_key_check and the schema version.
func (db *DB) Check(ctx context.Context) (store.CheckReport, error) {
	report := store.CheckReport{Backend: store.KindSQLite}
	problems, err := integrityProblems(ctx, db.read)
	if err != nil {
		return report, err
	}
	report.Problems = problems
	m, err := db.migrator(Migrations())
	if err != nil {
		return report, err
	}
	report.SchemaVersion, report.LatestVersion, err = m.Versions(ctx)
	if err != nil {
		return report, err
	}
	if p := store.SchemaProblem(report.SchemaVersion, report.LatestVersion); p != "" {
		report.Problems = append(report.Problems, p)
	}
	return report, nil
}

// integrityProblems runs SQLite's own checks and returns what they found:
// nothing for a healthy file.
func integrityProblems(ctx context.Context, db *sql.DB) ([]string, error) {
	problems, err := integrityCheck(ctx, db)
	if corrupt(err) {
		return []string{"integrity: " + err.Error()}, nil
	}
	if err != nil {
		return nil, mapErr("integrity check", err)
	}
	fk, err := foreignKeyProblems(ctx, db)
	if corrupt(err) {
		return append(problems, "foreign keys: "+err.Error()), nil
	}
	return append(problems, fk...), mapErr("foreign key check", err)
}

// integrityCheck returns PRAGMA integrity_check's findings, unmapped.
func integrityCheck(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return nil, err
		}
		if msg != "ok" {
			problems = append(problems, "integrity: "+msg)
		}
	}
	return problems, rows.Err()
}

// corrupt reports whether err says the file is damaged: a finding of the
// check, not a failure to run it.
func corrupt(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff
	return code == sqlite3.SQLITE_CORRUPT || code == sqlite3.SQLITE_NOTADB
}

func foreignKeyProblems(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("foreign key: %s row %d refers to a missing %s", table, rowid.Int64, parent))
	}
	return problems, rows.Err()
}
