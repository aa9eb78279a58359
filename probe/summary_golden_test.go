package probe

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The -update flag rewrites golden files. It is registered only when no
// other test file of the package has registered it already.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// summaryInputs reads the real ffprobe outputs under testdata/summary,
// keyed by name ("hevc-hlg" for hevc-hlg.ffprobe.json).
func summaryInputs(t *testing.T) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "summary", "*.ffprobe.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no ffprobe outputs in testdata/summary (err %v)", err)
	}
	inputs := make(map[string][]byte, len(paths))
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs[strings.TrimSuffix(filepath.Base(p), ".ffprobe.json")] = raw
	}
	return inputs
}

// TestSummaryGolden summarizes each real ffprobe output in testdata/summary
// and compares with NAME.summary.json. Refresh with
// go test ./probe -run TestSummaryGolden -update, and read the diff.
func TestSummaryGolden(t *testing.T) {
	for name, raw := range summaryInputs(t) {
		t.Run(name, func(t *testing.T) {
			r, err := ParseReport(raw)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(Summarize(r), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "summary", name+".summary.json")
			if updateGolden() {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("summary differs from %s (run with -update and review the diff):\n%s", golden, got)
			}
		})
	}
}
