package probe

import (
	"os"
	"path/filepath"
	"testing"
)

func benchmarkInput(b *testing.B) []byte {
	b.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "summary", "mkv-multi-chapters-attachment.ffprobe.json"))
	if err != nil {
		b.Fatal(err)
	}
	return raw
}

// BenchmarkParseReport parses a real 9 KB ffprobe output (five streams,
// chapters, a first frame).
func BenchmarkParseReport(b *testing.B) {
	raw := benchmarkInput(b)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := ParseReport(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSummarize derives the Summary of the same report.
func BenchmarkSummarize(b *testing.B) {
	r, err := ParseReport(benchmarkInput(b))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Summarize(r)
	}
}
