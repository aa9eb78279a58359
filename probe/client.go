package probe

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"
)

// Config configures a Client. Zero values take the documented defaults.
type Config struct {
	// Path is the ffprobe binary: a path, or a name looked up in PATH.
	// Default "ffprobe".
	Path string
	// FormatWhitelist replaces the list of demuxers read from
	// `ffprobe -demuxers` at first use. Demuxers that open other files,
	// devices or the network are removed from it all the same (see
	// deniedDemuxers in formats.go).
	FormatWhitelist []string
	// Defaults fill the zero fields of every probe's Options.
	// Defaults.AllowManifests is ignored: manifests are asked for per probe.
	Defaults Options
	// MaxAlloc is ffprobe's -max_alloc in bytes. Default DefaultMaxAlloc.
	MaxAlloc int64
	// MaxOutput caps how many bytes of ffprobe's stdout are read; past it
	// the probe is killed with ErrOutputTooLarge. Default DefaultMaxOutput.
	MaxOutput int64
	// Command builds the process; default exec.CommandContext. The client
	// sets Stdin, Stdout, Stderr, the environment and the process group on
	// what it returns.
	Command func(ctx context.Context, name string, args ...string) *exec.Cmd
	// CacheDir, when set, keeps what the client learns about the ffprobe
	// binary (version, demuxers) between processes, keyed by the binary's
	// path, size and modification time (see binary_facts.go).
	CacheDir string
}

// Validate reports every problem with the configuration at once.
func (c Config) Validate() error {
	var problems []string
	if c.MaxAlloc < 0 {
		problems = append(problems, fmt.Sprintf("max_alloc %d is negative", c.MaxAlloc))
	}
	if c.MaxOutput < 0 {
		problems = append(problems, fmt.Sprintf("max_output %d is negative", c.MaxOutput))
	}
	if err := validateOptions(c.Defaults); err != nil {
		problems = append(problems, "defaults: "+err.Error())
	}
	if len(problems) > 0 {
		return fmt.Errorf("probe config: %s", strings.Join(problems, "; "))
	}
	return nil
}

// Client runs ffprobe, hardened (see ARCHITECTURE.md, "ffprobe
// hardening"). It is safe for concurrent use; the ffprobe version and the
// format whitelist are detected once, at first use.
type Client struct {
	cfg     Config
	version detection[string]
	formats detection[formatSet]

	factsMu sync.Mutex
	facts   *binaryFacts // the facts file as read (or kept) by this client; nil before
}

var _ Prober = (*Client)(nil)

// New returns a Client for cfg. It starts nothing: the binary is first run
// by the first Probe, Version or Formats call.
func New(cfg Config) *Client {
	if cfg.Path == "" {
		cfg.Path = "ffprobe"
	}
	if cfg.MaxAlloc <= 0 {
		cfg.MaxAlloc = DefaultMaxAlloc
	}
	if cfg.MaxOutput <= 0 {
		cfg.MaxOutput = DefaultMaxOutput
	}
	if cfg.Command == nil {
		cfg.Command = exec.CommandContext
	}
	cfg.FormatWhitelist = slices.Clone(cfg.FormatWhitelist)
	cfg.Defaults.Sections = slices.Clone(cfg.Defaults.Sections)
	return &Client{cfg: cfg}
}

// Version is ffprobe's version ("5.1.9-0+deb12u1"), from `ffprobe -version`
// run once and remembered. A failure is remembered for a few seconds only.
func (c *Client) Version(ctx context.Context) (string, error) {
	return c.version.get(ctx, c.detectVersion)
}

// Formats is the format whitelist in force for probes without manifests:
// one entry per demuxer, as ffprobe names it ("mov,mp4,m4a,3gp,3g2,mj2").
func (c *Client) Formats(ctx context.Context) ([]string, error) {
	formats, err := c.formats.get(ctx, c.detectFormats)
	if err != nil {
		return nil, err
	}
	return slices.Clone(formats.allowed), nil
}

func (c *Client) detectVersion(ctx context.Context) (string, error) {
	if f, ok := c.cachedFacts(); ok && f.Version != "" {
		return f.Version, nil
	}
	v, err := c.runVersion(ctx)
	if err == nil {
		c.keepFacts(func(f *binaryFacts) { f.Version = v })
	}
	return v, err
}

func (c *Client) runVersion(ctx context.Context) (string, error) {
	run, err := c.run(ctx, c.detectionTimeout(), "-version")
	if err != nil {
		return "", fmt.Errorf("ffprobe -version: %w", err)
	}
	first, _, _ := strings.Cut(string(run.stdout), "\n")
	fields := strings.Fields(first)
	if run.exitCode != 0 || len(fields) < 3 || fields[0] != "ffprobe" || fields[1] != "version" {
		return "", fmt.Errorf("%w: %s -version printed %q, not an ffprobe version (exit code %d)",
			ErrNotInstalled, c.cfg.Path, capText(first, 80), run.exitCode)
	}
	return fields[2], nil
}

func (c *Client) detectionTimeout() time.Duration {
	return firstPositive(c.cfg.Defaults.Timeout, DefaultTimeout)
}

// Probe analyses the local file at path with ffprobe, hardened, and returns
// its typed report and summary. When the self-check finds a stream without
// its essential parameters it probes once more with larger limits (see
// selfcheck.go). Errors name path as given and wrap ErrNotMedia,
// ErrTimeout, ErrOutputTooLarge, ErrNotInstalled, ErrInvalidOptions,
// fs.ErrNotExist or fs.ErrPermission, or are a *ProbeError; a cancelled ctx
// gives ctx's error.
//
// A file that ffprobe opens (exit code 0) but in which it finds no streams
// (even after the self-check's second look, when it takes one) is still a
// result when the report names its format — an MP4 initialisation segment without tracks
// is an empty container, and plain ffprobe agrees — and ErrNotMedia when
// it names none (only possible when the streams section was asked for
// without the format section).
func (c *Client) Probe(ctx context.Context, path string, opts Options) (*Result, error) {
	start := time.Now()
	if err := validateOptions(opts); err != nil {
		return nil, inputError(path, err)
	}
	opts = withDefaults(opts, c.cfg.Defaults)
	abs, err := resolveInput(path)
	if err != nil {
		return nil, err
	}
	version, err := c.Version(ctx)
	if err != nil {
		return nil, inputError(path, err)
	}
	formats, err := c.formats.get(ctx, c.detectFormats)
	if err != nil {
		return nil, inputError(path, err)
	}
	in := probeInput{display: path, abs: abs, whitelist: formats.whitelist(opts.AllowManifests)}
	report, err := c.probeOnce(ctx, in, opts)
	if err != nil {
		return nil, err
	}
	res := &Result{Input: path, FFprobeVersion: version}
	res.Report, res.Retried, res.RetryReason, err = c.selfChecked(ctx, in, opts, report)
	if err != nil {
		return nil, err
	}
	if foundNothing(res.Report, opts) {
		return nil, notMedia(path, "no streams found and no format named")
	}
	res.Summary = Summarize(res.Report)
	res.Elapsed = time.Since(start)
	return res, nil
}

// foundNothing is a run that asked for streams and got neither a stream
// nor a format name.
func foundNothing(r *Report, opts Options) bool {
	return slices.Contains(selectedSections(opts.Sections), "streams") &&
		len(r.Streams) == 0 && r.Format.FormatName == ""
}

// probeInput is one file to probe: as the caller named it, as ffprobe
// opens it, and the -format_whitelist in force. remote is set instead of
// abs for a remote source (client_url.go).
type probeInput struct {
	display, abs, whitelist string
	remote                  *RemoteInput
}

// paths are the names of the input to remove from messages, longest first.
func (in probeInput) paths() []string {
	if in.remote != nil {
		return in.remote.paths()
	}
	return []string{inputURL(in.abs), in.abs}
}

// probeOnce runs ffprobe once and parses its report.
func (c *Client) probeOnce(ctx context.Context, in probeInput, opts Options) (*Report, error) {
	run, err := c.runInput(ctx, in, opts)
	if err != nil {
		return nil, inputError(in.display, err)
	}
	if run.exitCode != 0 {
		return nil, failedRunError(in.display, run, in.paths())
	}
	report, err := ParseReport(run.stdout)
	if err != nil {
		return nil, inputError(in.display, &ProbeError{ExitCode: 0,
			Stderr: capText("unreadable report: "+err.Error(), cleanStderrLimit)})
	}
	report.Frames = firstVideoFrames(report.Frames)
	return report, nil
}
