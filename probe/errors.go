package probe

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"sync"
)

// Sentinel errors returned (wrapped) by Client.Probe. Test with errors.Is.
// Messages name the input as the caller gave it:
// "probe clip.mp4: not a media file, or a format that is not allowed: moov
// atom not found".
var (
	// ErrNotInstalled: the ffprobe binary could not be found or started.
	ErrNotInstalled = errors.New("ffprobe is not installed or not executable")
	// ErrTimeout: the probe ran past its time limit and was killed.
	ErrTimeout = errors.New("ffprobe timed out")
	// ErrNotMedia: the input is not media ffprobe (with our whitelist) can read.
	ErrNotMedia = errors.New("not a media file, or a format that is not allowed")
	// ErrOutputTooLarge: ffprobe wrote more than the output cap.
	ErrOutputTooLarge = errors.New("ffprobe output exceeds the limit")
	// ErrInvalidOptions: Options (or Config.Defaults) ask for something
	// that does not exist, such as an unknown section. The caller's mistake;
	// ffprobe was not run.
	ErrInvalidOptions = errors.New("invalid probe options")
)

// ProbeError is a failed ffprobe run that is not one of the sentinels:
// its exit code and its stderr, cleaned of paths and noise. ExitCode is -1
// when ffprobe was killed by a signal (Stderr then says which), and 0 when
// it exited cleanly but printed something that is not a report.
type ProbeError struct {
	ExitCode int
	Stderr   string
}

func (e *ProbeError) Error() string {
	if e.Stderr == "" {
		return fmt.Sprintf("ffprobe failed with exit code %d", e.ExitCode)
	}
	return fmt.Sprintf("ffprobe failed with exit code %d: %s", e.ExitCode, e.Stderr)
}

// inputError wraps err with the input as the caller named it.
func inputError(input string, err error) error {
	return fmt.Errorf("probe %s: %w", input, err)
}

// notMedia is ErrNotMedia for input, with a short reason.
func notMedia(input, reason string) error {
	if reason == "" {
		return inputError(input, ErrNotMedia)
	}
	return fmt.Errorf("probe %s: %w: %s", input, ErrNotMedia, capText(reason, reasonLimit))
}

// FFmpeg error codes (AVERROR values, as -show_error prints them). The
// errno ones have the same numbers on Linux, macOS and Windows.
const (
	averrorInvalidData      = -1094995529 // AVERROR_INVALIDDATA
	averrorEOF              = -541478725  // AVERROR_EOF: the file ends too soon
	averrorPatchWelcome     = -1163346256 // AVERROR_PATCHWELCOME: unsupported feature
	averrorDemuxerNotFound  = -1296385272
	averrorDecoderNotFound  = -1128613112
	averrorStreamNotFound   = -1381258232
	averrorNotPermitted     = -1  // EPERM
	averrorNoSuchFile       = -2  // ENOENT
	averrorNoMemory         = -12 // ENOMEM: -max_alloc refused an allocation
	averrorPermissionDenied = -13 // EACCES
	averrorInvalidArgument  = -22 // EINVAL: a demuxer refused its input
)

// failedRunError turns a run that did not produce a report into the error
// Probe returns: ErrNotMedia when ffprobe refused the input (with the most
// specific reason it gave), fs.ErrNotExist or fs.ErrPermission when the
// file went away or cannot be read, otherwise a *ProbeError with the exit
// code and the cleaned stderr. paths are removed from every message.
func failedRunError(input string, run *runResult, paths []string) error {
	lines := cleanStderrLines(run.stderr, paths)
	if name := refusedFormat(run.stderr); name != "" {
		return notMedia(input, refusedFormatReason(name))
	}
	code, message := reportedError(run.stdout)
	switch code {
	case averrorInvalidData, averrorEOF, averrorPatchWelcome, averrorDemuxerNotFound,
		averrorDecoderNotFound, averrorStreamNotFound, averrorNotPermitted, averrorInvalidArgument:
		return notMedia(input, notMediaReason(lines, message))
	case averrorNoSuchFile:
		return inputError(input, fs.ErrNotExist)
	case averrorPermissionDenied:
		return inputError(input, fs.ErrPermission)
	case averrorNoMemory:
		lines = append([]string{"the input needs a larger allocation than -max_alloc (Config.MaxAlloc) allows"}, lines...)
	}
	if run.signal != "" {
		lines = append(lines, "killed by signal "+run.signal)
	}
	stderr := capText(strings.Join(lines, "; "), cleanStderrLimit)
	return inputError(input, &ProbeError{ExitCode: run.exitCode, Stderr: stderr})
}

// reportedError reads the {"error": {"code", "string"}} object that
// -show_error adds to the JSON; zero when there is none.
func reportedError(stdout []byte) (code int, message string) {
	var doc struct {
		Error *struct {
			Code   int    `json:"code"`
			String string `json:"string"`
		} `json:"error"`
	}
	if json.Unmarshal(stdout, &doc) != nil || doc.Error == nil {
		return 0, ""
	}
	return doc.Error.Code, doc.Error.String
}

// refusedFormatLine finds "[hls @ 0x55…] Format not on whitelist".
var refusedFormatLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\[([^\]@]+?) @ 0x[0-9a-fA-F]+\] Format not on whitelist`)
})

// refusedFormat is the name of the demuxer the whitelist refused, or "".
func refusedFormat(stderr []byte) string {
	m := refusedFormatLine().FindSubmatch(stderr)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(string(m[1]))
}

func refusedFormatReason(name string) string {
	for part := range strings.SplitSeq(name, ",") {
		if why, ok := deniedDemuxers[part]; ok {
			return fmt.Sprintf("format %s is not allowed (%s)", name, why)
		}
	}
	return fmt.Sprintf("format %s is not on the configured whitelist", name)
}

// notMediaReason prefers what the demuxer said ("mov,mp4,…: moov atom not
// found") to ffprobe's generic last line ("Invalid data found when
// processing input"), which it uses only when there is nothing else.
func notMediaReason(lines []string, generic string) string {
	var specific []string
	for _, line := range lines {
		if generic == "" || !strings.HasPrefix(line, generic) {
			specific = append(specific, line)
		}
	}
	if len(specific) > 0 {
		return strings.Join(specific, "; ")
	}
	if generic == "" && len(lines) > 0 {
		return lines[0]
	}
	return strings.ToLower(generic)
}
