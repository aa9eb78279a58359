package probe

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Built-in defaults, used where neither Options nor Config.Defaults say.
const (
	// DefaultProbeSize is ffprobe's own default -probesize (5 MB).
	DefaultProbeSize = 5_000_000
	// DefaultAnalyzeDuration is ffprobe's own default -analyzeduration (5 s).
	DefaultAnalyzeDuration = 5 * time.Second
	// DefaultTimeout bounds each ffprobe run.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxAlloc is -max_alloc, the largest single allocation ffprobe
	// may make: 256 MiB, which an 8K 16-bit RGBA frame (265 MB) still fits.
	// It refuses absurd buffers that a crafted header asks for; it does not
	// bound the total, which only the process's own limits can.
	DefaultMaxAlloc = 256 << 20
	// DefaultMaxOutput caps how much of ffprobe's stdout is read (32 MiB;
	// the largest report in the corpus is 130 KB).
	DefaultMaxOutput = 32 << 20
)

// reportSections are the report sections Options.Sections may name, in
// the order their flags are passed.
var reportSections = []string{"format", "streams", "chapters", "programs"}

// firstFramePackets is how many packets (of all streams together) ffprobe
// reads and decodes after probing, to find the first frame of each video
// stream (-read_intervals counts packets of every stream; -select_streams
// would also hide the other streams from the report). One is not enough:
// a WebM with Opus, or an MP4 with audio priming, starts with an audio
// packet. Three finds the first video frame in every corpus file and test
// sample that has one at all, exactly as eight did (59 of the 70 corpus
// files with video; the others are init segments and files whose video has
// no decodable frame near the start), so their summary lacks only the
// frame-only facts. Every packet read is decoded, so this is also the
// cost: up to three frames, where eight cost a 4K HEVC file (ToS-s60) 233 ms
// more CPU time than the probe without frames.
const firstFramePackets = 3

// decodeShortcuts make the frames ffprobe decodes, while probing and for
// the first-frame read, cheaper to produce: no deblocking, no inverse
// transform, and the decoders' non-bit-exact fast paths. Only the pixels
// change, and nothing here looks at pixels: on every corpus file and test
// sample the format, streams, chapters, programs and first video frames
// ffprobe reports are the same with and without them
// (TestDecodeShortcutsChangeNoFact keeps that true for the installed
// FFmpeg). On ToS-s07.h265 (1950x816 HEVC), this command line without the
// frame read and the shortcuts took 175 ms of CPU, and 129 ms with
// -skip_loop_filter added (best of five).
var decodeShortcuts = []string{"-skip_loop_filter", "all", "-skip_idct", "all", "-flags2", "+fast"}

// frameEntries are the frame fields read: what Frame holds, plus the side
// data list, which ffprobe prints whole.
const frameEntries = "frame=media_type,stream_index,key_frame,pict_type,interlaced_frame," +
	"top_field_first,color_range,color_space,color_primaries,color_transfer"

// probeArgs is the ffprobe command line for one probe of the file at abs
// (already absolute), shown in the report as display.
func probeArgs(abs, display string, opts Options, whitelist string, maxAlloc int64) []string {
	args := []string{
		"-hide_banner", "-loglevel", "error", "-show_error", "-print_format", "json",
		"-format_whitelist", whitelist,
		"-protocol_whitelist", "file",
		"-pattern_type", "none",
		"-max_alloc", strconv.FormatInt(maxAlloc, 10),
		"-probesize", strconv.FormatInt(opts.ProbeSize, 10),
		"-analyzeduration", strconv.FormatInt(opts.AnalyzeDuration.Microseconds(), 10),
		// ccaption (EIA-608) decoders repeat their last caption forever
		// when ffprobe 5.1 flushes them; real-time mode makes them stop.
		"-real_time", "1",
	}
	args = append(args, decodeShortcuts...)
	sections := selectedSections(opts.Sections)
	for _, s := range sections {
		args = append(args, "-show_"+s)
	}
	if slices.Contains(sections, "streams") {
		args = append(args, "-show_frames", "-read_intervals", "%+#"+strconv.Itoa(firstFramePackets),
			"-show_entries", frameEntries)
	}
	return append(args, "-print_filename", display, inputURL(abs))
}

// inputURL names the file so that nothing in its name is read as an
// option, a protocol or a pattern: "-show_data.mp4", "concat:a|b" and
// "http:x" stay file names.
func inputURL(abs string) string { return "file:" + abs }

// selectedSections is sections in canonical order; empty means all.
func selectedSections(sections []string) []string {
	if len(sections) == 0 {
		return reportSections
	}
	var out []string
	for _, s := range reportSections {
		if slices.Contains(sections, s) {
			out = append(out, s)
		}
	}
	return out
}

// validateOptions rejects what ffprobe would not understand.
func validateOptions(opts Options) error {
	var problems []string
	for _, s := range opts.Sections {
		if !slices.Contains(reportSections, s) {
			problems = append(problems, fmt.Sprintf("unknown section %q (want %s)", s, strings.Join(reportSections, ", ")))
		}
	}
	if opts.ProbeSize < 0 {
		problems = append(problems, fmt.Sprintf("probesize %d is negative", opts.ProbeSize))
	}
	if opts.ProbeSize > 0 && opts.ProbeSize < 32 {
		problems = append(problems, fmt.Sprintf("probesize %d is below ffprobe's minimum of 32 bytes", opts.ProbeSize))
	}
	if opts.AnalyzeDuration < 0 {
		problems = append(problems, fmt.Sprintf("analyzeduration %s is negative", opts.AnalyzeDuration))
	}
	if opts.Timeout < 0 {
		problems = append(problems, fmt.Sprintf("timeout %s is negative", opts.Timeout))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalidOptions, strings.Join(problems, "; "))
	}
	return nil
}

// withDefaults fills the zero fields of opts from defaults, then from the
// built-in defaults. AllowManifests is never taken from defaults: it must
// be asked for per probe.
func withDefaults(opts, defaults Options) Options {
	if len(opts.Sections) == 0 {
		opts.Sections = defaults.Sections
	}
	opts.ProbeSize = firstPositive(opts.ProbeSize, defaults.ProbeSize, DefaultProbeSize)
	opts.AnalyzeDuration = firstPositive(opts.AnalyzeDuration, defaults.AnalyzeDuration, DefaultAnalyzeDuration)
	opts.Timeout = firstPositive(opts.Timeout, defaults.Timeout, DefaultTimeout)
	return opts
}

func firstPositive[T int64 | time.Duration](values ...T) T {
	for _, v := range values {
		if v > 0 {
			return v
		}
	}
	return 0
}

// resolveInput checks the file before ffprobe sees it and returns its
// absolute path. Directories, devices, pipes and empty files are not media;
// a missing or unreadable file wraps fs.ErrNotExist or fs.ErrPermission.
func resolveInput(path string) (string, error) {
	if path == "" {
		return "", fmt.Errorf("probe: %w: the input path is empty", ErrInvalidOptions)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", inputError(path, err)
	}
	info, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", inputError(path, fs.ErrNotExist)
	case errors.Is(err, fs.ErrPermission):
		return "", inputError(path, fs.ErrPermission)
	case err != nil: // ENOTDIR, ELOOP, ENAMETOOLONG: no file by that name
		return "", fmt.Errorf("probe %s: %w (%v)", path, fs.ErrNotExist, statProblem(err))
	case info.IsDir():
		return "", notMedia(path, "it is a directory")
	case !info.Mode().IsRegular():
		return "", notMedia(path, "it is not a regular file (a device, pipe or socket)")
	case info.Size() == 0:
		return "", notMedia(path, "the file is empty (0 bytes)")
	}
	return abs, nil
}

// statProblem is the system's reason without the path it repeats.
func statProblem(err error) error {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err
	}
	return err
}

// firstVideoFrames keeps the first frame of each video stream: ffprobe
// also printed the audio frames (and subtitles) among the packets it read.
func firstVideoFrames(frames []Frame) []Frame {
	var kept []Frame
	seen := map[int]bool{}
	for _, f := range frames {
		if f.MediaType != "video" || seen[f.StreamIndex] {
			continue
		}
		seen[f.StreamIndex] = true
		kept = append(kept, f)
	}
	return kept
}
