package store

import (
	"context"
	"encoding/json"
	"time"
)

// SourceKind says where the bytes of an analysis came from.
type SourceKind string

const (
	SourceUpload SourceKind = "upload" // a file uploaded to the server
	SourcePath   SourceKind = "path"   // a path under one of the server's roots
	SourceURL    SourceKind = "url"    // a remote URL the server fetched
	SourceScan   SourceKind = "scan"   // a local file probed by the CLI (the scan cache)
)

// Status is the outcome of an analysis.
type Status string

const (
	StatusOK     Status = "ok"
	StatusFailed Status = "failed"
)

// Analysis is one probe of one source, kept so that it can be listed,
// fetched again and reused as a cache entry.
//
// OwnerID is the user the analysis belongs to. The empty owner is the local
// CLI: `scan` and `probe` with a database write rows without an owner
// (stored as NULL), which only an admin's unfiltered list shows and only a
// CacheKey without an owner finds. Deleting a user deletes their analyses.
type Analysis struct {
	ID             string     // a UUIDv7, so IDs sort by creation time; filled by Create when empty
	OwnerID        string     // the owning user's ID; "" for the local CLI
	SourceKind     SourceKind // upload, path, url or scan
	SourceKey      string     // the absolute path, the URL without secrets, or the client's file name
	ContentHash    string     // sha256 of the bytes, lowercase hex; may be empty
	OptionsHash    string     // hash of the probe options and policy that produced the result
	FFprobeVersion string     // the ffprobe that produced it
	FileSize       int64      // bytes; for the scan cache
	FileModTime    time.Time  // for the scan cache; zero when unknown
	Status         Status     // ok or failed
	Error          string     // the public message when Status is failed
	Container      string     // summary columns, so that filters need not parse JSON
	VideoCodec     string     // the first video stream's codec
	AudioCodec     string     // the first audio stream's codec
	Duration       float64    // seconds
	BitRate        int64      // bits per second
	Summary        json.RawMessage
	Report         json.RawMessage // ffprobe's JSON; Postgres keeps it as JSONB (same content, keys reordered)
	PolicyResult   json.RawMessage // nil when no policy ran
	BytesFetched   int64           // bytes read from a remote source
	CreatedAt      time.Time       // filled by Create when zero
}

// AnalysisFilter selects analyses for ListAnalyses. Zero fields do not filter.
type AnalysisFilter struct {
	OwnerID     string // "" lists every owner's analyses (an admin's view)
	SourceKind  SourceKind
	Container   string
	Codec       string // matches the video or the audio codec
	Status      Status
	CreatedFrom time.Time // inclusive
	CreatedTo   time.Time // exclusive
	Limit       int       // 0 means DefaultLimit; at most MaxLimit
	Cursor      string    // AnalysisPage.Next of the previous page; "" for the first
}

// AnalysisPage is one page of ListAnalyses, newest first.
type AnalysisPage struct {
	Analyses []Analysis // Report is left empty in lists; GetAnalysis returns it
	Next     string     // the cursor of the next page; "" on the last page
}

// CacheKey finds an earlier analysis that answers the same question.
//
// With a ContentHash it is the server's look-up: same bytes, same options,
// same ffprobe, whatever the source kind. Without one it is the CLI scan
// cache: the scan row of SourceKey with the same size, modification time,
// options and ffprobe. Either way only OwnerID's analyses are candidates
// ("" is the local CLI).
type CacheKey struct {
	OwnerID        string
	OptionsHash    string
	FFprobeVersion string

	ContentHash string

	SourceKey   string
	FileSize    int64
	FileModTime time.Time
}

// Analyses keeps analyses.
type Analyses interface {
	// CreateAnalysis stores a, filling a.ID and a.CreatedAt when empty.
	// ErrInvalid: a field is out of range. ErrConflict: the ID exists, or a
	// scan row for the same owner, path and options exists (use
	// UpsertAnalysis). ErrNotFound: OwnerID names no user.
	CreateAnalysis(ctx context.Context, a *Analysis) error

	// UpsertAnalysis stores a in place of every analysis with the same owner,
	// source kind, source key and options hash, in one transaction: a
	// re-probed file replaces its old row and an interrupted scan never
	// leaves half of it. Errors as CreateAnalysis, except that concurrent
	// upserts of the same key do not conflict: the last one wins.
	UpsertAnalysis(ctx context.Context, a *Analysis) error

	// GetAnalysis returns the analysis with its report. ErrNotFound.
	// Ownership is the caller's to check.
	GetAnalysis(ctx context.Context, id string) (*Analysis, error)

	// FindCached returns the newest analysis matching key. ErrNotFound on a
	// miss; ErrInvalid when key has neither a content hash nor a source key.
	FindCached(ctx context.Context, key CacheKey) (*Analysis, error)

	// ListAnalyses returns one page, newest first, paginated by keyset on
	// (CreatedAt, ID): rows added while paging never shift later pages.
	// ErrInvalid: a cursor this store did not issue.
	ListAnalyses(ctx context.Context, f AnalysisFilter) (AnalysisPage, error)

	// DeleteAnalysis removes one analysis. ErrNotFound.
	DeleteAnalysis(ctx context.Context, id string) error

	// PurgeAnalyses removes the analyses created before cutoff and returns
	// how many went. It deletes in small batches so that writers are not
	// held up.
	PurgeAnalyses(ctx context.Context, before time.Time) (int64, error)
}

// Page sizes for the List methods.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// PageLimit is the page size a List method uses for the limit asked.
func PageLimit(limit int) int {
	switch {
	case limit <= 0:
		return DefaultLimit
	case limit > MaxLimit:
		return MaxLimit
	}
	return limit
}
