//go:build !lean

package cmd

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/ffprobe-api/ffprobe-api/probe/scan"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// postgresSchemaURL makes a schema of its own in the test database and
// returns a URL that uses it; the schema is dropped at the end.
func postgresSchemaURL(t *testing.T) string {
	t.Helper()
	base := testenv.PostgresURL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to the test database: %v", err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "scantest_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// TestScanCacheInStore runs the incremental scan against the real stores:
// a rescan probes nothing and gives the same summaries, a changed file is
// probed again, and the policy is evaluated again on kept results.
func TestScanCacheInStore(t *testing.T) {
	ffprobeOrSkip(t)
	backends := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return "sqlite://" + filepath.Join(t.TempDir(), "scan.db") },
		"postgres": postgresSchemaURL,
	}
	for name, dbURL := range backends {
		t.Run(name, func(t *testing.T) {
			db := dbURL(t)
			root := mediaTree(t, map[string]string{
				"a.mp4": testmedia.H264AAC, "sub/b.mkv": testmedia.MKVMulti, "c.flac": testmedia.FLAC, "fake.mp4": testmedia.Text,
			})
			args := []string{"scan", "--db", db, "--policy", "preset:web", root}
			first := runCLI(t, t.Context(), false, args...)
			second := runCLI(t, t.Context(), false, args...)
			if first.code != ExitTrouble || second.code != ExitTrouble {
				t.Fatalf("exit %d then %d, want 2 (fake.mp4): %s", first.code, second.code, second.stderr)
			}
			compareRescan(t, ndjsonRecords(t, first.stdout), ndjsonRecords(t, second.stdout))

			changed := filepath.Join(root, "a.mp4")
			replaceFile(t, changed, testmedia.Path(t, testmedia.VP9Opus))
			third := ndjsonRecords(t, runCLI(t, t.Context(), false, args...).stdout)
			for input, r := range third {
				if r.Cached == (input == changed) {
					t.Errorf("%s: cached=%v after only a.mp4 changed", input, r.Cached)
				}
			}
			if third[changed].Summary == nil || third[changed].Summary.Container != "webm" {
				t.Errorf("changed file not probed again: %+v", third[changed].Summary)
			}
		})
	}
}

func compareRescan(t *testing.T, first, second map[string]scanRecord) {
	t.Helper()
	if len(first) != 4 || len(second) != 4 {
		t.Fatalf("%d then %d records, want 4", len(first), len(second))
	}
	for input, a := range first {
		b := second[input]
		if a.Cached || !b.Cached {
			t.Errorf("%s: cached %v then %v, want false then true", input, a.Cached, b.Cached)
		}
		ja, _ := json.Marshal(struct{ S, P, E any }{a.Summary, a.Policy, a.Error})
		jb, _ := json.Marshal(struct{ S, P, E any }{b.Summary, b.Policy, b.Error})
		if string(ja) != string(jb) {
			t.Errorf("%s: the kept result differs from the first\nfirst %s\nkept  %s", input, ja, jb)
		}
	}
}

// cancelAfterWrites is an output that cancels the scan after n writes
// (the JSON renderer writes one record per write).
type cancelAfterWrites struct {
	buf    bytes.Buffer
	n      int
	cancel context.CancelFunc
}

func (w *cancelAfterWrites) Write(p []byte) (int, error) {
	if w.n--; w.n == 0 {
		defer w.cancel()
	}
	return w.buf.Write(p)
}

// replaceFile writes src's bytes over path (a new inode, so hard-linked
// samples stay as they are) with a later modification time.
func replaceFile(t *testing.T, path, src string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
}

// TestScanInterruptedKeepsWholeOutput cancels a scan once it has written
// three records (as Ctrl-C does: the command's context ends): exit 2, the
// JSON array is closed and complete, and the cache holds exactly the files
// that were reported. scan_interrupt.txtar does it with a real SIGINT.
func TestScanInterruptedKeepsWholeOutput(t *testing.T) {
	ffprobeOrSkip(t)
	files := map[string]string{}
	for i := range 60 {
		files[fmt.Sprintf("%02d.mp4", i)] = testmedia.H264AAC
	}
	root := mediaTree(t, files)
	db := "sqlite://" + filepath.Join(t.TempDir(), "scan.db")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &cancelAfterWrites{n: 3, cancel: cancel}
	var errOut syncBuffer
	code := Run(ctx, &IOStreams{In: strings.NewReader(""), Out: out, ErrOut: &errOut}, []string{"scan", "-j1", "--db", db, "-o", "json", root})
	if code != ExitTrouble || !strings.Contains(errOut.String(), "interrupted") {
		t.Fatalf("exit %d, stderr %s; want 2 and an interrupted summary", code, errOut.String())
	}
	var recs []scanRecord
	if err := json.Unmarshal(out.buf.Bytes(), &recs); err != nil {
		t.Fatalf("output is not whole JSON: %v\n%s", err, out.buf.Bytes())
	}
	if len(recs) < 3 || len(recs) == 60 {
		t.Fatalf("%d records: the scan was not interrupted after the third", len(recs))
	}
	// What was reported is kept, and only that.
	st, err := store.Open(t.Context(), db, store.Options{Backends: storeBackends()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	page, err := st.ListAnalyses(t.Context(), store.AnalysisFilter{SourceKind: store.SourceScan, Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]bool{}
	for _, a := range page.Analyses {
		kept[a.SourceKey] = true
	}
	for _, rec := range recs {
		if !kept[rec.Input] {
			t.Errorf("%s was reported but not kept", rec.Input)
		}
	}
	if len(kept) != len(recs) {
		t.Errorf("%d files kept, %d reported", len(kept), len(recs))
	}
}

// TestScanCorpus scans the real corpus as a tree: every media file gets a
// record, ok or a typed failure, and a rescan takes everything from the
// cache.
func TestScanCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("scans about 200 files; skipped with -short")
	}
	ffprobeOrSkip(t)
	corpus := testenv.CorpusDir(t)
	want := corpusMediaFiles(t, corpus)
	db := "sqlite://" + filepath.Join(t.TempDir(), "scan.db")
	first := runCLI(t, t.Context(), false, "scan", "--db", db, corpus)
	recs := ndjsonRecords(t, first.stdout)
	if len(recs) != want {
		t.Errorf("%d records for %d media files", len(recs), want)
	}
	ok := 0
	for input, r := range recs {
		switch {
		case r.Status == "ok":
			ok++
		case r.Error == nil || r.Error.Code == "input_error" || r.Error.Code == "timeout":
			t.Errorf("%s: failure without a proper code: %+v", input, r.Error)
		}
	}
	t.Logf("corpus: %d files, %d analysed, %d not (see the summary)\n%s", len(recs), ok, len(recs)-ok, first.stderr)
	if ok < len(recs)*3/4 {
		t.Errorf("only %d of %d corpus files analysed", ok, len(recs))
	}
	second := ndjsonRecords(t, runCLI(t, t.Context(), false, "scan", "--db", db, corpus).stdout)
	for input, r := range second {
		if !r.Cached {
			t.Errorf("%s: not taken from the cache on the rescan", input)
		}
	}
}

// corpusMediaFiles counts the corpus files the default filter probes.
func corpusMediaFiles(t *testing.T, dir string) int {
	t.Helper()
	exts := map[string]bool{}
	for _, e := range scan.DefaultExtensions {
		exts[e] = true
	}
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && exts[strings.ToLower(strings.TrimPrefix(filepath.Ext(p), "."))] {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// BenchmarkScanRescan is a rescan of an unchanged tree of 200 files kept
// in SQLite: the whole command line (start, ffprobe -version, walk, a
// cache look-up per file, ndjson out). Compare with one probe per file
// (tens of milliseconds) for the speed-up; bench/scan.sh measures both.
func BenchmarkScanRescan(b *testing.B) {
	testenv.FFprobe(b)
	root := b.TempDir()
	for i := range 200 {
		if err := os.Link(testmedia.Path(b, testmedia.H264AAC), filepath.Join(root, fmt.Sprintf("%03d.mp4", i))); err != nil {
			b.Fatal(err)
		}
	}
	home := b.TempDir()
	b.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	b.Setenv("XDG_DATA_HOME", filepath.Join(home, ".data"))
	args := []string{"scan", "-q", "--db", "sqlite://" + filepath.Join(home, "scan.db"), root}
	run := func() {
		var out, errOut strings.Builder
		if code := Run(context.Background(), &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}, args); code != ExitOK {
			b.Fatalf("exit %d: %s", code, errOut.String())
		}
	}
	run() // fill the cache; b.Loop times only what follows
	for b.Loop() {
		run()
	}
	b.ReportMetric(float64(200*b.N)/b.Elapsed().Seconds(), "files/s")
}
