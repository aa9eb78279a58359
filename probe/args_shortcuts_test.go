package probe

import (
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// withoutDecodeShortcuts is args with the decodeShortcuts taken out, and
// whether they were there (probe runs have them; -version and -demuxers
// runs do not).
func withoutDecodeShortcuts(args []string) ([]string, bool) {
	i := slices.Index(args, decodeShortcuts[0])
	if i < 0 || i+len(decodeShortcuts) > len(args) || !slices.Equal(args[i:i+len(decodeShortcuts)], decodeShortcuts) {
		return args, false
	}
	return slices.Delete(slices.Clone(args), i, i+len(decodeShortcuts)), true
}

// TestDecodeShortcutsChangeNoFact: decodeShortcuts only make decoding
// cheaper. For every test sample and corpus file ffprobe accepts (with
// -short: every fourth corpus file and the HDR samples), the report
// (format, streams, chapters, programs and the first video frames, as
// parsed) is the same with and without them.
func TestDecodeShortcutsChangeNoFact(t *testing.T) {
	dir := testenv.CorpusDir(t)
	with := realClient(t)
	var stripped atomic.Int64
	without := New(Config{Path: "ffprobe", Command: func(ctx context.Context, name string, args ...string) *exec.Cmd {
		args, ok := withoutDecodeShortcuts(args)
		if ok {
			stripped.Add(1)
		}
		return exec.CommandContext(ctx, name, args...)
	}})
	var paths []string
	for _, name := range testmedia.All() {
		if sampleOutcome[name] == nil {
			paths = append(paths, testmedia.Path(t, name))
		}
	}
	for i, f := range readCorpusManifest(t, dir) {
		if _, hdr := expectedHDRKind(f.name); !testing.Short() || hdr || i%4 == 0 {
			paths = append(paths, filepath.Join(dir, f.name))
		}
	}
	t.Run("files", func(t *testing.T) {
		for _, path := range paths {
			compareWithoutShortcuts(t, with, without, path)
		}
	})
	if n := stripped.Load(); n < int64(len(paths)) {
		t.Errorf("the shortcuts were taken out of %d probe runs, want at least %d (one per file)", n, len(paths))
	}
}

func compareWithoutShortcuts(t *testing.T, with, without *Client, path string) {
	t.Run(filepath.Base(path), func(t *testing.T) {
		t.Parallel()
		a, errA := with.Probe(t.Context(), path, Options{})
		b, errB := without.Probe(t.Context(), path, Options{})
		if (errA == nil) != (errB == nil) {
			t.Fatalf("with shortcuts: %v; without: %v", errA, errB)
		}
		if errA != nil {
			return
		}
		if ja, jb := reportFacts(t, a.Report), reportFacts(t, b.Report); ja != jb {
			t.Errorf("the report differs with the decode shortcuts:\nwith:    %s\nwithout: %s", ja, jb)
		}
	})
}

func reportFacts(t *testing.T, r *Report) string {
	t.Helper()
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
