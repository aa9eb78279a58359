package store

import (
	"fmt"
	"strings"
	"time"
)

// MigrationResult is one migration applied by Migrate.
type MigrationResult struct {
	Version  int64         `json:"version"`
	Name     string        `json:"name"` // the file name, e.g. 00001_init.sql
	Duration time.Duration `json:"duration_ns"`
}

// MigrationState is one migration this build knows, as MigrationStatus sees it.
type MigrationState struct {
	Version   int64     `json:"version"`
	Name      string    `json:"name"`
	Applied   bool      `json:"applied"`
	AppliedAt time.Time `json:"applied_at,omitzero"` // zero when pending
}

// CheckReport is what Check found.
type CheckReport struct {
	Backend       Kind     `json:"backend"`
	SchemaVersion int64    `json:"schema_version"` // the newest migration applied
	LatestVersion int64    `json:"latest_version"` // the newest migration this build knows
	Problems      []string `json:"problems"`       // empty when the database is healthy
}

// OK reports whether the check found nothing wrong.
func (r CheckReport) OK() bool { return len(r.Problems) == 0 }

// String is a one-paragraph account of the check.
func (r CheckReport) String() string {
	if r.OK() {
		return "ok"
	}
	return strings.Join(r.Problems, "\n")
}

// SchemaProblem describes a schema version that does not match the build,
// or returns "" when it does.
func SchemaProblem(current, latest int64) string {
	switch {
	case current < latest:
		return fmt.Sprintf("schema is at version %d, this build needs %d: run 'ffprobe-api db migrate'", current, latest)
	case current > latest:
		return fmt.Sprintf("schema is at version %d, newer than this build knows (%d): upgrade ffprobe-api", current, latest)
	}
	return ""
}
