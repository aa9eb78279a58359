package probe

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// TestParseDemuxers reads the real listing of FFmpeg 5.1 (Debian 12),
// captured in testdata.
func TestParseDemuxers(t *testing.T) {
	listing, err := os.ReadFile(filepath.Join("testdata", "demuxers-ffmpeg-5.1.txt"))
	if err != nil {
		t.Fatal(err)
	}
	names := parseDemuxers(listing)
	if len(names) != 351 {
		t.Errorf("parsed %d demuxers, want the 351 listed", len(names))
	}
	for _, want := range []string{"3dostr", "mov,mp4,m4a,3gp,3g2,mj2", "video4linux2,v4l2", "hls", "yuv4mpegpipe"} {
		if !slices.Contains(names, want) {
			t.Errorf("missing %q", want)
		}
	}
	for _, legend := range []string{"=", "D.", ".E", "Demuxing", "--"} {
		if slices.Contains(names, legend) {
			t.Errorf("took legend %q for a demuxer", legend)
		}
	}
	allowed := allowedDemuxers(names)
	var denied []string
	for _, n := range names {
		if !slices.Contains(allowed, n) {
			denied = append(denied, n)
		}
	}
	want := []string{"adf", "alsa", "bin", "concat", "dash", "fbdev", "hls", "idf", "iec61883", "imf", "jack", "kmsgrab",
		"lavfi", "libcdio", "libdc1394", "mlv", "openal", "oss", "pulse", "rtp", "rtsp", "sap", "sdp", "tty",
		"video4linux2,v4l2", "vobsub", "x11grab", "xbin"}
	if !slices.Equal(denied, want) {
		t.Errorf("denied %v,\nwant %v", denied, want)
	}
}

func TestIsDeniedDemuxer(t *testing.T) {
	tests := []struct {
		entry string
		want  bool
	}{
		{"hls", true},
		{"video4linux2,v4l2", true},
		{"v4l2", true},
		{"mov,mp4,m4a,3gp,3g2,mj2", false},
		{"image2", false},
		{"hlsx", false},
		{"matroska,webm", false},
		{"webm_dash_manifest", false},
	}
	for _, tt := range tests {
		if got := isDeniedDemuxer(tt.entry); got != tt.want {
			t.Errorf("isDeniedDemuxer(%q) = %v, want %v", tt.entry, got, tt.want)
		}
	}
}

func TestFormatSet(t *testing.T) {
	listed := []string{"mov,mp4,m4a,3gp,3g2,mj2", "hls", "mp3", "mp3", "video4linux2,v4l2"}
	s := newFormatSet(listed)
	if !slices.Equal(s.allowed, []string{"mov,mp4,m4a,3gp,3g2,mj2", "mp3"}) {
		t.Errorf("allowed %v", s.allowed)
	}
	if got := s.whitelist(false); got != "mov,mp4,m4a,3gp,3g2,mj2,mp3" {
		t.Errorf("without manifests: %q", got)
	}
	if got := s.whitelist(true); got != "mov,mp4,m4a,3gp,3g2,mj2,mp3,hls,dash" {
		t.Errorf("with manifests: %q", got)
	}
	if s.whitelist(false) != "mov,mp4,m4a,3gp,3g2,mj2,mp3" {
		t.Errorf("building the manifest variant changed the plain one: %q", s.whitelist(false))
	}
}

// TestTextIsNotMedia: plain ffprobe calls a text file "tty" (ANSI art)
// or "idf" by its extension alone; the client calls it not media.
func TestTextIsNotMedia(t *testing.T) {
	ffprobe := testenv.FFprobe(t)
	client := realClient(t)
	text := strings.Repeat("A plain line of a README, nothing more.\n", 200)
	for _, name := range []string{"notes.txt", "readme.nfo", "file_id.diz", "logo.ans", "drawing.idf"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			plain, err := exec.Command(ffprobe, "-v", "error", "-show_entries", "format=format_name", "-of", "csv=p=0", path).Output()
			if err != nil || (string(plain) != "tty\n" && string(plain) != "idf\n") {
				t.Errorf("plain ffprobe said %q, %v; expected it to take the text for tty or idf", plain, err)
			}
			if _, err := client.Probe(t.Context(), path, Options{}); !errors.Is(err, ErrNotMedia) {
				t.Errorf("Probe = %v, want ErrNotMedia", err)
			}
		})
	}
}

// TestAllowManifests: a playlist naming a real segment is refused by
// default and read as HLS when manifests are allowed.
func TestAllowManifests(t *testing.T) {
	client := realClient(t)
	dir := t.TempDir()
	segment, err := os.ReadFile(testmedia.Path(t, testmedia.MPEG2Interlaced))
	if err != nil {
		t.Fatal(err)
	}
	playlist := filepath.Join(dir, "live.m3u8")
	fatalIfErr(t, os.WriteFile(filepath.Join(dir, "seg0.ts"), segment, 0o644))
	fatalIfErr(t, os.WriteFile(playlist, []byte("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nseg0.ts\n#EXT-X-ENDLIST\n"), 0o644))

	if _, err := client.Probe(t.Context(), playlist, Options{}); !errors.Is(err, ErrNotMedia) {
		t.Errorf("without AllowManifests: %v, want ErrNotMedia", err)
	}
	res, err := client.Probe(t.Context(), playlist, Options{AllowManifests: true})
	if err != nil {
		t.Fatalf("with AllowManifests: %v", err)
	}
	if res.Report.Format.FormatName != "hls" || len(res.Summary.Video) != 1 {
		t.Errorf("with AllowManifests: format %q, %d video streams", res.Report.Format.FormatName, len(res.Summary.Video))
	}
}

// TestConfiguredWhitelist: Config.FormatWhitelist replaces the detected
// list, minus the denied demuxers.
func TestConfiguredWhitelist(t *testing.T) {
	c := New(Config{Path: testenv.FFprobe(t), FormatWhitelist: []string{"mp3", "hls", "concat", "wav"}})
	formats, err := c.Formats(t.Context())
	if err != nil || !slices.Equal(formats, []string{"mp3", "wav"}) {
		t.Errorf("Formats = %v, %v; want [mp3 wav]", formats, err)
	}
	if _, err := c.Probe(t.Context(), testmedia.Path(t, testmedia.MP3), Options{}); err != nil {
		t.Errorf("an allowed format: %v", err)
	}
	_, err = c.Probe(t.Context(), testmedia.Path(t, testmedia.H264AAC), Options{})
	if !errors.Is(err, ErrNotMedia) || !strings.Contains(err.Error(), "format mov,mp4,m4a,3gp,3g2,mj2 is not on the configured whitelist") {
		t.Errorf("a format left out: %v", err)
	}
}

func fatalIfErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
