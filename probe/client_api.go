package probe

import (
	"context"
	"time"
)

// Options control one probe. Zero values take the Client's defaults.
type Options struct {
	// Sections to report: any of "format", "streams", "chapters",
	// "programs". Empty means all four.
	Sections []string `json:"sections,omitempty"`
	// ProbeSize is ffprobe's -probesize in bytes.
	ProbeSize int64 `json:"probesize,omitempty"`
	// AnalyzeDuration is ffprobe's -analyzeduration.
	AnalyzeDuration time.Duration `json:"analyzeduration,omitempty"`
	// Timeout bounds the whole run; the process group is killed after it.
	Timeout time.Duration `json:"timeout,omitempty"`
	// AllowManifests admits the hls and dash demuxers. Only for remote
	// sources fetched through the network guard, never for local files.
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
	// Probe analyses the local file at path. Errors wrap ErrNotInstalled,
	// ErrTimeout, ErrNotMedia or ErrOutputTooLarge, or are a *ProbeError.
	Probe(ctx context.Context, path string, opts Options) (*Result, error)
	// Version is ffprobe's version string, detected once.
	Version(ctx context.Context) (string, error)
}
