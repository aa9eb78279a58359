//go:build unix

package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
)

// The hostile-input suite: each table is a list a reviewer can read, with
// what is sent, the answer wanted, and the proof that nothing was opened
// or dialled (a FIFO canary whose open is detected, a loopback listener
// that must accept no connection). This file: media files that are
// really playlists, scripts and manifests naming other files.

func hlsNaming(uri string) string {
	return "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" + uri + "\n#EXT-X-ENDLIST\n"
}

func dashNaming(uri string) string {
	return `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT10S" minBufferTime="PT1S"><Period><AdaptationSet mimeType="video/mp4"><Representation id="1" bandwidth="1000"><BaseURL>` + uri + `</BaseURL></Representation></AdaptationSet></Period></MPD>
`
}

// disguises name the canary as {{abs}} (its absolute path) or relative to
// the folder the server keeps the input in: "beside" it, or in its
// "parent". control: plain ffprobe on the same bytes in the same place
// opens the canary, which proves the canary is where the attack looks.
// The cases without one are stopped by FFmpeg 5.1 itself even unhardened
// (HLS refuses concat: and subfile: segments, the concat demuxer's safe
// mode refuses ".."); they are here so that a later FFmpeg is held to it.
var disguises = []struct {
	name, content, canaryAt string
	control                 bool
}{
	{"HLS, absolute path", hlsNaming("{{abs}}"), "elsewhere", true},
	{"HLS, relative path", hlsNaming("canary.ts"), "beside", true},
	{"HLS, file: URL", hlsNaming("file:{{abs}}"), "elsewhere", true},
	{"HLS, ../ path", hlsNaming("../canary.ts"), "parent", true},
	{"HLS, concat: of the file", hlsNaming("concat:{{abs}}|{{abs}}"), "elsewhere", false},
	{"HLS, subfile: of the file", hlsNaming("subfile,,start,0,end,188,,:{{abs}}"), "elsewhere", false},
	{"HLS, data: segment beside a file segment", hlsNaming("data:video/mp2t;base64,RwAAEA==") + hlsNaming("canary.ts"), "beside", false},
	{"ffconcat script, relative path", "ffconcat version 1.0\nfile canary.ts\n", "beside", true},
	{"ffconcat script, ../ path", "ffconcat version 1.0\nfile ../canary.ts\n", "parent", false},
	{"DASH manifest, relative BaseURL", dashNaming("canary.ts"), "beside", true},
	{"DASH manifest, file: BaseURL", dashNaming("file://{{abs}}"), "elsewhere", true},
}

// plantCanary makes the canary where the disguise looks for it, given the
// folder the server keeps the input in, and returns the content naming it.
func plantCanary(t *testing.T, inputDir, canaryAt, content string) (*canary, string) {
	t.Helper()
	dir := map[string]string{"beside": inputDir, "parent": filepath.Dir(inputDir), "elsewhere": t.TempDir()}[canaryAt]
	c := newCanary(t, filepath.Join(dir, "canary.ts"))
	return c, strings.ReplaceAll(content, "{{abs}}", c.Path())
}

func TestHostileDisguisedMediaOpensNothing(t *testing.T) {
	s := startServer(t)
	ffprobe := testenv.FFprobe(t)
	for _, tt := range disguises {
		t.Run("upload: "+tt.name, func(t *testing.T) {
			if tt.control {
				c, content := plantCanary(t, s.TempDir, tt.canaryAt, tt.content)
				control := filepath.Join(s.TempDir, "control-input") // named like the server's own files: no extension
				must(t, os.WriteFile(control, []byte(content), 0o600))
				ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
				_ = exec.CommandContext(ctx, ffprobe, "-v", "quiet", "-show_format", control).Run()
				cancel()
				must(t, os.Remove(control))
				if !c.WasOpened() {
					t.Fatalf("control: plain ffprobe did not open the canary, so this case proves nothing")
				}
				must(t, os.Remove(c.Path()))
			}
			c, content := plantCanary(t, s.TempDir, tt.canaryAt, tt.content)
			res := s.Client.Upload("movie.mp4", strings.NewReader(content), nil)
			if res.StatusCode != 422 || res.ErrorCode() != "not_media" {
				t.Errorf("= %d %s, want 422 not_media: %s", res.StatusCode, res.ErrorCode(), res.Body)
			}
			if c.WasOpened() {
				t.Errorf("the server's ffprobe opened the file the upload names")
			}
		})
		t.Run("root path: "+tt.name, func(t *testing.T) {
			c, content := plantCanary(t, s.MediaDir, tt.canaryAt, tt.content)
			must(t, os.WriteFile(filepath.Join(s.MediaDir, "movie.mp4"), []byte(content), 0o644))
			res := s.Client.PostJSON("/api/v1/analyses", map[string]string{"root": "media", "path": "movie.mp4"})
			if res.StatusCode != 422 || res.ErrorCode() != "not_media" {
				t.Errorf("= %d %s, want 422 not_media: %s", res.StatusCode, res.ErrorCode(), res.Body)
			}
			if c.WasOpened() {
				t.Errorf("the server's ffprobe opened the file the root's file names")
			}
		})
	}
	if n := s.countAnalyses(t); n != 0 {
		t.Errorf("%d analyses stored for disguised files", n)
	}
	for _, f := range s.tempFiles(t) {
		if strings.HasPrefix(f, "ffprobe-api-upload-") {
			t.Errorf("upload left in the temporary directory: %s", f)
		}
	}
}
