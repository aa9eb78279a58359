//go:build !lean

package cmd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

// cliRun is one in-process command line through Run, the real entry point.
type cliRun struct {
	code           int
	stdout, stderr string
}

// syncBuffer is a bytes.Buffer safe for the progress bar's goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// runCLI runs args with a private config and data folder; errTTY says
// whether stderr claims to be a terminal.
func runCLI(t *testing.T, ctx context.Context, errTTY bool, args ...string) cliRun {
	t.Helper()
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, ".data"))
	t.Setenv("NO_COLOR", "1")
	var out, errOut syncBuffer
	streams := &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, ErrTTY: errTTY}
	code := Run(ctx, streams, args)
	return cliRun{code: code, stdout: out.String(), stderr: errOut.String()}
}

// mediaTree links generated samples into a new folder: name → sample.
func mediaTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, sample := range files {
		dst := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Link(testmedia.Path(t, sample), dst); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// ndjsonRecords decodes scan's ndjson output, failing on a partial line.
func ndjsonRecords(t *testing.T, out string) map[string]scanRecord {
	t.Helper()
	recs := map[string]scanRecord{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r scanRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("record %q: %v", sc.Text(), err)
		}
		recs[r.Input] = r
	}
	return recs
}

func TestScanExitCodes(t *testing.T) {
	ffprobeOrSkip(t)
	good := mediaTree(t, map[string]string{"web.mp4": testmedia.H264AAC})
	bad := mediaTree(t, map[string]string{"vp9.webm": testmedia.VP9Opus})
	broken := mediaTree(t, map[string]string{"fake.mp4": testmedia.Text})
	badPolicy := filepath.Join(t.TempDir(), "p.yaml")
	if err := os.WriteFile(badPolicy, []byte("rules:\n  - name: x\n    expr: summary.nope\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		args    []string
		code    int
		records int
	}{
		{"all analysed, no policy", []string{good, bad}, ExitOK, 2},
		{"policy passes", []string{"--policy", "preset:web", good}, ExitOK, 1},
		{"policy violated", []string{"--policy", "preset:web", good, bad}, ExitFailed, 2},
		{"a file not analysed", []string{good, broken}, ExitTrouble, 2},
		{"trouble wins over a violation", []string{"--policy", "preset:web", bad, broken}, ExitTrouble, 2},
		{"bad policy: nothing probed", []string{"--policy", badPolicy, good}, ExitTrouble, 0},
		{"unknown preset", []string{"--policy", "preset:nope", good}, ExitTrouble, 0},
		{"usage", []string{"--jobs", "-1", good}, ExitTrouble, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, t.Context(), false, append([]string{"scan", "--no-cache"}, tc.args...)...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", r.code, tc.code, r.stderr)
			}
			if n := len(ndjsonRecords(t, r.stdout)); n != tc.records {
				t.Errorf("%d records, want %d", n, tc.records)
			}
		})
	}
}

func ffprobeOrSkip(t *testing.T) { t.Helper(); testenv.FFprobe(t) }

// junitDoc is what CI servers read of a JUnit file.
type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Suites   []struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
		Cases    []struct {
			Name      string    `xml:"name,attr"`
			Classname string    `xml:"classname,attr"`
			Failure   *struct{} `xml:"failure"`
			Error     *struct{} `xml:"error"`
			Skipped   *struct{} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestScanJUnitParsesBack(t *testing.T) {
	ffprobeOrSkip(t)
	root := mediaTree(t, map[string]string{"good.mp4": testmedia.H264AAC, "vp9.webm": testmedia.VP9Opus, "fake.mp4": testmedia.Text})
	cases := []struct {
		name                      string
		policy                    string
		files, failing, erroneous int
	}{
		{"with a policy", "preset:web", 3, 1, 1},
		{"without: one case per file", "", 3, 0, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "junit.xml")
			args := []string{"scan", "--no-cache", "--junit", path, root}
			if tc.policy != "" {
				args = append(args, "--policy", tc.policy)
			}
			if r := runCLI(t, t.Context(), false, args...); r.code != ExitTrouble {
				t.Fatalf("exit %d, want 2 (fake.mp4); stderr:\n%s", r.code, r.stderr)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var doc junitDoc
			if err := xml.Unmarshal(data, &doc); err != nil {
				t.Fatalf("JUnit does not parse: %v\n%s", err, data)
			}
			checkJUnit(t, doc, root, tc.files, tc.failing, tc.erroneous)
		})
	}
}

// checkJUnit checks the counts against the test cases and that files
// with failures and errors are the expected number.
func checkJUnit(t *testing.T, doc junitDoc, root string, files, failingFiles, erroneousFiles int) {
	t.Helper()
	if len(doc.Suites) != 1 {
		t.Fatalf("%d suites, want 1", len(doc.Suites))
	}
	s := doc.Suites[0]
	classes, failing, erroneous := map[string]bool{}, map[string]bool{}, map[string]bool{}
	failures, errs := 0, 0
	for _, c := range s.Cases {
		classes[c.Classname] = true
		if c.Failure != nil {
			failures++
			failing[c.Classname] = true
		}
		if c.Error != nil {
			errs++
			erroneous[c.Classname] = true
		}
	}
	if s.Tests != len(s.Cases) || s.Failures != failures || s.Errors != errs || doc.Tests != s.Tests || doc.Failures != failures {
		t.Errorf("counts tests=%d failures=%d errors=%d, cases say %d, %d, %d", s.Tests, s.Failures, s.Errors, len(s.Cases), failures, errs)
	}
	if len(classes) != files || len(failing) != failingFiles || len(erroneous) != erroneousFiles {
		t.Errorf("%d files, %d failing, %d with errors; want %d, %d, %d", len(classes), len(failing), len(erroneous), files, failingFiles, erroneousFiles)
	}
	if !erroneous[filepath.Join(root, "fake.mp4")] {
		t.Errorf("fake.mp4 is not an error case: %v", erroneous)
	}
}

func TestScanProgressBar(t *testing.T) {
	ffprobeOrSkip(t)
	files := map[string]string{}
	for i := range 8 {
		files[fmt.Sprintf("%d.mp4", i)] = testmedia.H264AAC
	}
	root := mediaTree(t, files)
	cases := []struct {
		name    string
		tty     bool
		args    []string
		drawn   bool
		summary bool
	}{
		{"terminal", true, nil, true, true},
		{"terminal, quiet", true, []string{"-q"}, false, false},
		{"piped", false, nil, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"scan", "--no-cache", "-j1", root}, tc.args...)
			r := runCLI(t, t.Context(), tc.tty, args...)
			if r.code != ExitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if drawn := strings.Contains(r.stderr, "\r[") && strings.Contains(r.stderr, "/8 files"); drawn != tc.drawn {
				t.Errorf("progress drawn = %v, want %v; stderr %q", drawn, tc.drawn, r.stderr)
			}
			if got := strings.Contains(r.stderr, "Scanned 8 files"); got != tc.summary {
				t.Errorf("summary on stderr = %v, want %v", got, tc.summary)
			}
		})
	}
}

func TestProgressLine(t *testing.T) {
	cases := []struct {
		name    string
		state   progressState
		elapsed time.Duration
		want    string
	}{
		{"walking", progressState{done: 5, found: 20, walking: true}, time.Second, "[#####---------------] 5/20+ files  5.0/s"},
		{"with eta, failures, cache", progressState{done: 10, found: 40, failed: 2, cached: 3}, 5 * time.Second,
			"[#####---------------] 10/40 files  2.0/s  ETA 0:15  2 failed  3 cached"},
		{"nothing yet", progressState{}, 0, "[--------------------] 0/0 files  0.0/s"},
		{"done", progressState{done: 3, found: 3}, time.Second, "[####################] 3/3 files  3.0/s"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := progressLine(tc.state, tc.elapsed); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
