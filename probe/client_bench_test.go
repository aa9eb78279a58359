package probe

import (
	"os/exec"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// BenchmarkProbeSmallFile is one hardened probe of H264AAC: all four
// sections, the first video frame, parsing and the summary. Compare with
// BenchmarkRawFFprobeSmallFile (target: at most 1.10× its time).
func BenchmarkProbeSmallFile(b *testing.B) {
	c := realClient(b)
	path := testmedia.Path(b, testmedia.H264AAC)
	if _, err := c.Probe(b.Context(), path, Options{}); err != nil { // detect version and demuxers outside the loop
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := c.Probe(b.Context(), path, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawFFprobeSmallFile is plain ffprobe on the same file, the
// command most wrappers run: the baseline for BenchmarkProbeSmallFile.
func BenchmarkRawFFprobeSmallFile(b *testing.B) {
	ffprobe := testenv.FFprobe(b)
	path := testmedia.Path(b, testmedia.H264AAC)
	for b.Loop() {
		if err := exec.Command(ffprobe, "-v", "error", "-show_format", "-show_streams", "-of", "json", path).Run(); err != nil {
			b.Fatal(err)
		}
	}
}
