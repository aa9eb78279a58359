package probe

import (
	"errors"
	"fmt"
)

// Sentinel errors returned (wrapped) by Client.Probe. Test with errors.Is.
var (
	// ErrNotInstalled: the ffprobe binary could not be found or started.
	ErrNotInstalled = errors.New("ffprobe is not installed or not executable")
	// ErrTimeout: the probe ran past its time limit and was killed.
	ErrTimeout = errors.New("ffprobe timed out")
	// ErrNotMedia: the input is not media ffprobe (with our whitelist) can read.
	ErrNotMedia = errors.New("not a media file, or a format that is not allowed")
	// ErrOutputTooLarge: ffprobe wrote more than the output cap.
	ErrOutputTooLarge = errors.New("ffprobe output exceeds the limit")
)

// ProbeError is a failed ffprobe run that is not one of the sentinels:
// its exit code and its stderr, cleaned of paths and noise.
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
