//go:build unix

package probe

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	canaryfifo "github.com/ffprobe-api/ffprobe-api/internal/canary"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
)

// canary is the FIFO of internal/canary: it tells whether a file was opened.
type canary = canaryfifo.FIFO

func newCanary(t *testing.T, path string) *canary { return canaryfifo.New(t, path) }

// canaryAttacks are text files named like media that make a demuxer open
// another file. Each names the canary in its own way; the key is the
// folder the input sits in, relative to the canary's folder.
var canaryAttacks = []struct {
	name, subdir, content, refused string
}{
	{"hls absolute path", "", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n{{abs}}\n#EXT-X-ENDLIST\n", "hls"},
	{"hls relative path", "", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\ncanary.ts\n#EXT-X-ENDLIST\n", "hls"},
	{"hls file: URL", "", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:{{abs}}\n#EXT-X-ENDLIST\n", "hls"},
	{"hls ../ path", "sub", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n../canary.ts\n#EXT-X-ENDLIST\n", "hls"},
	{"ffconcat script", "", "ffconcat version 1.0\nfile canary.ts\n", "concat"},
	{"dash manifest", "", `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT10S" minBufferTime="PT1S"><Period><AdaptationSet mimeType="video/mp4"><Representation id="1" bandwidth="1000"><BaseURL>canary.ts</BaseURL></Representation></AdaptationSet></Period></MPD>
`, "dash"},
}

// plantAttack writes the attack as movie.mp4 beside (or below) a fresh
// canary and returns the input's path.
func plantAttack(t *testing.T, subdir, content string) (input string, c *canary) {
	t.Helper()
	dir := t.TempDir()
	c = newCanary(t, filepath.Join(dir, "canary.ts"))
	input = filepath.Join(dir, subdir, "movie.mp4")
	if err := os.MkdirAll(filepath.Dir(input), 0o755); err != nil {
		t.Fatal(err)
	}
	content = strings.ReplaceAll(content, "{{abs}}", c.Path())
	if err := os.WriteFile(input, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return input, c
}

// TestCanaryHardenedProbeOpensNothing: each attack is "not media", naming
// the refused format, and the canary stays closed.
func TestCanaryHardenedProbeOpensNothing(t *testing.T) {
	client := realClient(t)
	for _, tt := range canaryAttacks {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			input, c := plantAttack(t, tt.subdir, tt.content)
			_, err := client.Probe(t.Context(), input, Options{Timeout: 10 * time.Second})
			if c.WasOpened() {
				t.Errorf("ffprobe opened the file the %s names", tt.name)
			}
			if !errors.Is(err, ErrNotMedia) || !strings.Contains(err.Error(), "format "+tt.refused+" is not allowed") {
				t.Errorf("Probe = %v, want ErrNotMedia saying format %s is not allowed", err, tt.refused)
			}
		})
	}
}

// TestCanaryPlainFFprobeOpensIt shows the canary works: ffprobe without
// the hardening opens the named file for every attack above.
func TestCanaryPlainFFprobeOpensIt(t *testing.T) {
	ffprobe := testenv.FFprobe(t)
	for _, tt := range canaryAttacks {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			input, c := plantAttack(t, tt.subdir, tt.content)
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			_ = exec.CommandContext(ctx, ffprobe, "-v", "error", "-show_format", input).Run()
			if !c.WasOpened() {
				t.Errorf("plain ffprobe did not open the canary; the hardened test proves nothing")
			}
		})
	}
}

// TestCanaryAllowManifestsOpensIt: the format whitelist is what stops the
// attack. With Options.AllowManifests a local playlist's segments are
// local files under -protocol_whitelist file, so the canary is opened —
// which is why AllowManifests is only for manifests fetched from a remote
// source, whose segments are URLs the network guard has checked.
func TestCanaryAllowManifestsOpensIt(t *testing.T) {
	client := realClient(t)
	for _, tt := range canaryAttacks {
		if tt.refused == "concat" {
			continue // concat is never allowed
		}
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			input, c := plantAttack(t, tt.subdir, tt.content)
			_, _ = client.Probe(t.Context(), input, Options{AllowManifests: true, Timeout: 10 * time.Second})
			if !c.WasOpened() {
				t.Errorf("with AllowManifests the %s was not followed; is the manifest demuxer admitted?", tt.refused)
			}
		})
	}
}
