package store

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// NewID returns a new record ID: a UUIDv7, so that IDs sort by time.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

func invalid(record, format string, args ...any) error {
	return fmt.Errorf("%w %s: %s", ErrInvalid, record, fmt.Sprintf(format, args...))
}

// Prepare fills the ID and creation time when they are empty, brings times
// to stored precision and checks every field. Backends call it before
// writing; it returns ErrInvalid naming the first bad field.
func (a *Analysis) Prepare() error {
	if a.ID == "" {
		a.ID = NewID()
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = Now()
	}
	a.CreatedAt, a.FileModTime = StoredTime(a.CreatedAt), StoredTime(a.FileModTime)
	switch a.SourceKind {
	case SourceUpload, SourcePath, SourceURL, SourceScan:
	default:
		return invalid("analysis", "source kind %q is not one of upload, path, url, scan", a.SourceKind)
	}
	switch a.Status {
	case StatusOK, StatusFailed:
	default:
		return invalid("analysis", "status %q is not ok or failed", a.Status)
	}
	if a.SourceKey == "" {
		return invalid("analysis", "source key is empty")
	}
	if err := checkContentHash(a.ContentHash); err != nil {
		return err
	}
	if a.FileSize < 0 || a.BitRate < 0 || a.BytesFetched < 0 || a.Duration < 0 {
		return invalid("analysis", "file size, bit rate, bytes fetched and duration must not be negative")
	}
	for name, doc := range map[string]json.RawMessage{"summary": a.Summary, "report": a.Report, "policy result": a.PolicyResult} {
		if len(doc) > 0 && !json.Valid(doc) {
			return invalid("analysis", "%s is not valid JSON", name)
		}
	}
	return nil
}

func checkContentHash(h string) error {
	if h == "" {
		return nil
	}
	if _, err := hex.DecodeString(h); err != nil || len(h) != 64 {
		return invalid("analysis", "content hash %q is not a sha256 in hex (64 characters)", h)
	}
	return nil
}

// Prepare fills the ID and times, trims the username and checks the
// fields. The username keeps its letter case; UsernameKey is what
// uniqueness compares.
func (u *User) Prepare() error {
	if u.ID == "" {
		u.ID = NewID()
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = Now()
	}
	if u.UpdatedAt.IsZero() {
		u.UpdatedAt = u.CreatedAt
	}
	u.CreatedAt, u.UpdatedAt = StoredTime(u.CreatedAt), StoredTime(u.UpdatedAt)
	u.Username = strings.TrimSpace(u.Username)
	if u.Username == "" {
		return invalid("user", "username is empty")
	}
	return checkRole("user", u.Role)
}

func checkRole(record string, r Role) error {
	switch r {
	case RoleAdmin, RoleAnalyst, RoleViewer:
		return nil
	}
	return invalid(record, "role %q is not one of admin, analyst, viewer", r)
}

// Prepare fills the ID and creation time and checks the fields.
func (k *APIKey) Prepare() error {
	if k.ID == "" {
		k.ID = NewID()
	}
	if k.CreatedAt.IsZero() {
		k.CreatedAt = Now()
	}
	k.CreatedAt, k.ExpiresAt = StoredTime(k.CreatedAt), StoredTime(k.ExpiresAt)
	k.LastUsedAt, k.RevokedAt = StoredTime(k.LastUsedAt), StoredTime(k.RevokedAt)
	switch {
	case k.UserID == "":
		return invalid("API key", "user ID is empty")
	case k.Prefix == "" || k.Hash == "":
		return invalid("API key", "prefix and hash are both required")
	}
	return checkRole("API key", k.Role)
}

// Prepare fills the ID, family and times and checks the fields.
func (s *Session) Prepare() error {
	if s.ID == "" {
		s.ID = NewID()
	}
	if s.FamilyID == "" {
		s.FamilyID = s.ID
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = Now()
	}
	if s.LastUsedAt.IsZero() {
		s.LastUsedAt = s.CreatedAt
	}
	s.CreatedAt, s.LastUsedAt = StoredTime(s.CreatedAt), StoredTime(s.LastUsedAt)
	s.ExpiresAt, s.AbsoluteExpiresAt = StoredTime(s.ExpiresAt), StoredTime(s.AbsoluteExpiresAt)
	s.RevokedAt, s.UsedAt = StoredTime(s.RevokedAt), StoredTime(s.UsedAt)
	switch {
	case s.UserID == "":
		return invalid("session", "user ID is empty")
	case s.TokenHash == "":
		return invalid("session", "token hash is empty")
	case s.ExpiresAt.IsZero() || s.AbsoluteExpiresAt.IsZero():
		return invalid("session", "expiry and absolute expiry are both required")
	}
	return nil
}

// Prepare fills the ID and time and checks the fields.
func (e *AuditEvent) Prepare() error {
	if e.ID == "" {
		e.ID = NewID()
	}
	if e.Time.IsZero() {
		e.Time = Now()
	}
	e.Time = StoredTime(e.Time)
	switch {
	case e.Action == "":
		return invalid("audit event", "action is empty")
	case len(e.Details) > 0 && !json.Valid(e.Details):
		return invalid("audit event", "details are not valid JSON")
	}
	return nil
}
