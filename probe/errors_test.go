package probe

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// TestFailedRunError classifies what ffprobe 5.1 really printed for the
// failures seen on the corpus and the test media (stdout from -show_error,
// stderr at -loglevel error).
func TestFailedRunError(t *testing.T) {
	const url = "file:/srv/in/clip.mp4"
	showError := func(code int, s string) string {
		return `{"error": {"code": ` + strconv.Itoa(code) + `, "string": "` + s + `"}}`
	}
	tests := []struct {
		name, stdout, stderr string
		exitCode             int
		signal               string
		want                 error
		message              string
	}{
		{"truncated mp4", showError(averrorInvalidData, "Invalid data found when processing input"),
			"[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55c590da68c0] moov atom not found\n" + url + ": Invalid data found when processing input\n", 1, "",
			ErrNotMedia, "probe clip.mp4: not a media file, or a format that is not allowed: mov,mp4,m4a,3gp,3g2,mj2: moov atom not found"},
		{"text", showError(averrorInvalidData, "Invalid data found when processing input"),
			url + ": Invalid data found when processing input\n", 1, "",
			ErrNotMedia, "probe clip.mp4: not a media file, or a format that is not allowed: invalid data found when processing input"},
		{"refused playlist", showError(averrorInvalidArgument, "Invalid argument"),
			"[hls @ 0x55ceb82b4a80] Format not on whitelist '3dostr,4xm,aa'\n" + url + ": Invalid argument\n", 1, "",
			ErrNotMedia, "format hls is not allowed (HLS playlist: opens every segment it names)"},
		{"short mp3", showError(averrorInvalidArgument, "Invalid argument"),
			"[mp3 @ 0x564fe70e28c0] Invalid frame size (160): Could not seek to 278.\n" + url + ": Invalid argument\n", 1, "",
			ErrNotMedia, "mp3: Invalid frame size (160): Could not seek to 278."},
		{"ends too soon", showError(averrorEOF, "End of file"), url + ": End of file\n", 1, "",
			ErrNotMedia, ": end of file"},
		{"file went away", showError(averrorNoSuchFile, "No such file or directory"), url + ": No such file or directory\n", 1, "",
			fs.ErrNotExist, "probe clip.mp4: file does not exist"},
		{"unreadable", showError(averrorPermissionDenied, "Permission denied"), url + ": Permission denied\n", 1, "",
			fs.ErrPermission, "probe clip.mp4: permission denied"},
		{"max_alloc", showError(averrorNoMemory, "Cannot allocate memory"), url + ": Cannot allocate memory\n", 1, "",
			&ProbeError{}, "larger allocation than -max_alloc (Config.MaxAlloc) allows; Cannot allocate memory"},
		{"no report", "", "[png @ 0x55a4eec6b980] get_buffer() failed\n", 1, "",
			&ProbeError{}, "ffprobe failed with exit code 1: png: get_buffer() failed"},
		{"crash", "", "", -1, "segmentation fault",
			&ProbeError{}, "ffprobe failed with exit code -1: killed by signal segmentation fault"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := &runResult{stdout: []byte(tt.stdout), stderr: []byte(tt.stderr), exitCode: tt.exitCode, signal: tt.signal}
			err := failedRunError("clip.mp4", run, []string{url, "/srv/in/clip.mp4"})
			var pe *ProbeError
			if _, wantProbeError := tt.want.(*ProbeError); wantProbeError {
				if !errors.As(err, &pe) || pe.ExitCode != tt.exitCode {
					t.Errorf("error %v, want a *ProbeError with exit code %d", err, tt.exitCode)
				}
			} else if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.message) || strings.Contains(err.Error(), "/srv/in") {
				t.Errorf("message %q\nshould contain %q and not the server's path", err, tt.message)
			}
		})
	}
}

// TestMaxAllocRefusal: a real ffprobe under a tiny -max_alloc fails with a
// ProbeError that says which limit to raise.
func TestMaxAllocRefusal(t *testing.T) {
	c := New(Config{Path: testenv.FFprobe(t), MaxAlloc: 20_000})
	_, err := c.Probe(t.Context(), testmedia.Path(t, testmedia.HEVCHDR10), Options{})
	var pe *ProbeError
	if !errors.As(err, &pe) || !strings.Contains(pe.Stderr, "-max_alloc") {
		t.Errorf("Probe = %v, want a ProbeError naming -max_alloc", err)
	}
}
