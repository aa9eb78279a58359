package scan

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
)

// Cache keeps the outcomes of earlier scans so that an unchanged file is
// not probed again. The command line adapts the store (SQLite or Postgres)
// to it. Implementations must be safe for concurrent use.
type Cache interface {
	// Lookup returns what was kept for key, or ErrCacheMiss. The report is
	// needed only to evaluate a policy; without withReport an
	// implementation may leave Cached.Report nil and skip decoding it.
	Lookup(ctx context.Context, key CacheKey, withReport bool) (*Cached, error)
	// Save keeps one finished outcome: a result, or a failure that probing
	// again would not change (see Cacheable). It replaces what was kept for
	// the same path and options, atomically.
	Save(ctx context.Context, key CacheKey, c *Cached) error
}

// ErrCacheMiss is what Lookup returns when nothing is kept for a key.
var ErrCacheMiss = errors.New("not in the scan cache")

// CacheKey says which probe a cached outcome answers: the same file
// (path, size, modification time), the same ffprobe and the same options.
type CacheKey struct {
	Path           string // absolute
	Size           int64
	ModTime        time.Time
	FFprobeVersion string
	OptionsHash    string
}

// Cached is a kept outcome: a Result (its Report possibly nil) or a
// Failure.
type Cached struct {
	Result  *probe.Result
	Failure *Failure
	// Policy is the verdict when the file was probed, saved for readers of
	// the store; Lookup need not return it (a scan evaluates again).
	Policy *policy.Result
}

// Failure is a probe that failed, with the stable code of the error
// ("not_media", "probe_failed", …) and its message without the file's
// name. Cached failures come back as a *Failure.
type Failure struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (f *Failure) Error() string { return f.Message }

// Cacheable reports whether a failed probe may be kept: a file that is not
// media stays so until it changes, but a timeout, a missing ffprobe or an
// unreadable file may go away by themselves.
func Cacheable(err error) bool {
	var pe *probe.ProbeError
	return errors.Is(err, probe.ErrNotMedia) || errors.Is(err, probe.ErrOutputTooLarge) || errors.As(err, &pe)
}

// OptionsHash identifies the probe options that change what ffprobe
// reports (sections, probe size, analyse duration, manifests; not the
// timeout), plus salt: the program's version, so that a new release, which
// may summarise differently, does not reuse old summaries.
func OptionsHash(opts probe.Options, salt string) string {
	sections := slices.Clone(opts.Sections)
	slices.Sort(sections)
	data, _ := json.Marshal(struct {
		Cache           string        `json:"cache"`
		Salt            string        `json:"salt"`
		Sections        []string      `json:"sections"`
		ProbeSize       int64         `json:"probesize"`
		AnalyzeDuration time.Duration `json:"analyzeduration"`
		AllowManifests  bool          `json:"allow_manifests"`
	}{"scan/v1", salt, sections, opts.ProbeSize, opts.AnalyzeDuration, opts.AllowManifests})
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
