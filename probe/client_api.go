package probe

import (
	"context"
	"time"
)

// Options control one probe. Zero values take the Client's defaults
// (Config.Defaults), then the built-in ones (DefaultProbeSize,
// DefaultAnalyzeDuration, DefaultTimeout).
type Options struct {
	// Sections to report: any of "format", "streams", "chapters",
	// "programs". Empty means all four. With "streams" the same run also
	// reads the first frame of each video stream (Report.Frames).
	Sections []string `json:"sections,omitempty"`
	// ProbeSize is ffprobe's -probesize in bytes (default 5 MB).
	ProbeSize int64 `json:"probesize,omitempty"`
	// AnalyzeDuration is ffprobe's -analyzeduration (default 5 s).
	AnalyzeDuration time.Duration `json:"analyzeduration,omitempty"`
	// Timeout bounds each ffprobe run (default 30 s); the process group is
	// killed after it. A self-check retry is a second run with its own
	// Timeout.
	Timeout time.Duration `json:"timeout,omitempty"`
	// AllowManifests admits the hls and dash demuxers. Only for remote
	// sources fetched through the network guard, never for local files: a
	// local playlist's segments are local files, and ffprobe would open
	// whatever files the playlist names. Never taken from Config.Defaults.
	AllowManifests bool `json:"allow_manifests,omitempty"`
}

// Result is what Probe returns for one input.
type Result struct {
	Input   string  `json:"input"`
	Summary Summary `json:"summary"`
	Report  *Report `json:"report"`
	// Retried is true when the self-check found a stream without its
	// essential parameters and probed again with larger limits.
	Retried        bool          `json:"retried,omitempty"`
	RetryReason    string        `json:"retry_reason,omitempty"`
	FFprobeVersion string        `json:"ffprobe_version"`
	Elapsed        time.Duration `json:"elapsed_ns"`
}

// Prober is what front doors need from a client; *Client implements it.
type Prober interface {
	// Probe analyses the local file at path. Errors name path as given and
	// wrap ErrNotInstalled, ErrTimeout, ErrNotMedia, ErrOutputTooLarge or
	// ErrInvalidOptions, or fs.ErrNotExist or fs.ErrPermission when the
	// file cannot be opened, or are a *ProbeError; a cancelled ctx gives
	// context.Canceled (a passed deadline wraps both ErrTimeout and
	// context.DeadlineExceeded).
	Probe(ctx context.Context, path string, opts Options) (*Result, error)
	// Version is ffprobe's version string, detected once.
	Version(ctx context.Context) (string, error)
}
