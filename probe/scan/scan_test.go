package scan_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
	"github.com/ffprobe-api/ffprobe-api/probe/scan"
)

// countingProber is the real client, counting the ffprobe runs.
type countingProber struct {
	probe.Prober
	probes atomic.Int64
}

func (c *countingProber) Probe(ctx context.Context, path string, opts probe.Options) (*probe.Result, error) {
	c.probes.Add(1)
	return c.Prober.Probe(ctx, path, opts)
}

func newProber(t *testing.T) *countingProber {
	t.Helper()
	return &countingProber{Prober: probe.New(probe.Config{Path: testenv.FFprobe(t)})}
}

// memoryCache is the scan.Cache contract kept in a map; the store-backed
// cache is tested with SQLite and Postgres in cmd.
type memoryCache struct {
	mu   sync.Mutex
	rows map[string]memoryRow
}

type memoryRow struct {
	key  scan.CacheKey
	kept scan.Cached
}

func newMemoryCache() *memoryCache { return &memoryCache{rows: map[string]memoryRow{}} }

func (m *memoryCache) Lookup(_ context.Context, key scan.CacheKey, withReport bool) (*scan.Cached, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	row, ok := m.rows[key.Path+"\x00"+key.OptionsHash]
	if !ok || row.key.Size != key.Size || !row.key.ModTime.Equal(key.ModTime) || row.key.FFprobeVersion != key.FFprobeVersion {
		return nil, scan.ErrCacheMiss
	}
	kept := row.kept
	if kept.Result != nil && !withReport {
		r := *kept.Result
		r.Report = nil
		kept.Result = &r
	}
	return &kept, nil
}

func (m *memoryCache) Save(_ context.Context, key scan.CacheKey, c *scan.Cached) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rows[key.Path+"\x00"+key.OptionsHash] = memoryRow{key: key, kept: *c}
	return nil
}

func (m *memoryCache) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.rows)
}

// run scans roots and returns the outcomes by path with the tally.
func run(t *testing.T, ctx context.Context, cfg scan.Config, roots ...string) (map[string]scan.Outcome, *scan.Tally) {
	t.Helper()
	s, err := scan.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]scan.Outcome{}
	tally, err := s.Run(ctx, roots, func(o scan.Outcome) {
		if _, dup := got[o.Path]; dup {
			t.Errorf("%s delivered twice", o.Path)
		}
		got[o.Path] = o
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != tally.Total() {
		t.Errorf("%d outcomes delivered, tally says %d", len(got), tally.Total())
	}
	return got, tally
}

// plantedTree makes a tree of hard links to generated samples under odd
// names, plus files that cannot be analysed, and says what it holds.
type plantedTree struct {
	root                     string
	ok, notMedia, unreadable int
	videoCodecs              map[string]int
}

func plantTree(t *testing.T, copies int) plantedTree {
	t.Helper()
	root := t.TempDir()
	samples := map[string]string{ // sample → its first video codec ("" for none)
		testmedia.H264AAC: "h264", testmedia.VP9Opus: "vp9", testmedia.MP3: "", testmedia.FLAC: "", testmedia.MKVMulti: "h264",
	}
	tree := plantedTree{root: root, videoCodecs: map[string]int{}}
	folders := []string{"", "a b/c", "ünï cødé/δ", "-dash/--x", "deep/1/2/3/4"}
	for i := range copies {
		for name, codec := range samples {
			dir := filepath.Join(root, folders[i%len(folders)], fmt.Sprintf("set %02d", i))
			link(t, testmedia.Path(t, name), filepath.Join(dir, fmt.Sprintf("-%d %s", i, name)))
			tree.ok++
			if codec != "" {
				tree.videoCodecs[codec]++
			}
		}
	}
	link(t, testmedia.Path(t, testmedia.Text), filepath.Join(root, "notes", "not really.mp4"))
	link(t, testmedia.Path(t, testmedia.Empty), filepath.Join(root, "notes", "empty.mp4"))
	link(t, testmedia.Path(t, testmedia.Text), filepath.Join(root, "notes", "readme.txt")) // skipped: extension
	tree.notMedia = 2
	scan.MakeFIFO(t, filepath.Join(root, "notes", "pipe.mkv"))
	tree.unreadable = 1
	return tree
}

func link(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(src, dst); err != nil {
		t.Fatal(err)
	}
}

func TestScanTreeAndRescan(t *testing.T) {
	copies := 40 // 200 media files
	if testing.Short() {
		copies = 8
	}
	tree := plantTree(t, copies)
	prober, cache := newProber(t), newMemoryCache()
	cfg := scan.Config{Prober: prober, Cache: cache, Jobs: 4, Options: probe.Options{Timeout: 30 * time.Second}}

	got, tally := run(t, t.Context(), cfg, tree.root)
	if tally.OK != tree.ok || tally.Failed != tree.notMedia+tree.unreadable {
		t.Fatalf("ok %d failed %d, want %d and %d; failures: %v", tally.OK, tally.Failed, tree.ok, tree.notMedia+tree.unreadable, failures(tally))
	}
	if tally.Skipped[scan.SkipExtension] != 1 || tally.Cached != 0 {
		t.Errorf("skipped %v cached %d, want 1 by extension and none cached", tally.Skipped, tally.Cached)
	}
	for codec, n := range tree.videoCodecs {
		if tally.VideoCodecs[codec] != n {
			t.Errorf("video codec %s counted %d, want %d (%v)", codec, tally.VideoCodecs[codec], n, tally.VideoCodecs)
		}
	}
	checkFailures(t, got, tree.root)
	if int(prober.probes.Load()) != tree.ok+tree.notMedia {
		t.Errorf("%d probes for %d readable files", prober.probes.Load(), tree.ok+tree.notMedia)
	}
	if cache.len() != tree.ok+tree.notMedia {
		t.Errorf("cache holds %d rows, want %d (the pipe is not kept)", cache.len(), tree.ok+tree.notMedia)
	}

	// Unchanged: nothing is probed again, the summaries are the same.
	prober.probes.Store(0)
	again, tally2 := run(t, t.Context(), cfg, tree.root)
	if prober.probes.Load() != 0 || tally2.Cached != tree.ok+tree.notMedia {
		t.Errorf("rescan probed %d files and found %d cached, want 0 and %d", prober.probes.Load(), tally2.Cached, tree.ok+tree.notMedia)
	}
	for path, o := range got {
		a := again[path]
		if o.Status != a.Status || (o.Status == scan.StatusOK && (!a.Cached || a.Result.Input != path || a.Result.Summary.Container != o.Result.Summary.Container)) {
			t.Errorf("%s: rescan outcome %+v differs from the first %+v", path, a, o)
		}
		if o.Status == scan.StatusFailed && o.ErrorMessage() != a.ErrorMessage() && scan.Cacheable(o.Err) {
			t.Errorf("%s: cached failure %q, first %q", path, a.ErrorMessage(), o.ErrorMessage())
		}
	}

	// A changed file (touched, grown) is probed again, alone.
	changed := filepath.Join(tree.root, "set 00", "-0 "+testmedia.H264AAC)
	replaceWithCopy(t, changed)
	appendBytes(t, changed, 1000)
	prober.probes.Store(0)
	third, _ := run(t, t.Context(), cfg, tree.root)
	if prober.probes.Load() != 1 || third[changed].Cached {
		t.Errorf("after changing one file, %d probes (want 1), its outcome cached=%v", prober.probes.Load(), third[changed].Cached)
	}
	if third[changed].Status != scan.StatusOK || third[changed].Size != got[changed].Size+1000 {
		t.Errorf("changed file: status %s size %d, want ok and %d", third[changed].Status, third[changed].Size, got[changed].Size+1000)
	}
}

func failures(t *scan.Tally) []string {
	var out []string
	for _, o := range t.Failures {
		out = append(out, o.Path+": "+o.Err.Error())
	}
	return out
}

func checkFailures(t *testing.T, got map[string]scan.Outcome, root string) {
	t.Helper()
	for _, name := range []string{"not really.mp4", "empty.mp4"} {
		o := got[filepath.Join(root, "notes", name)]
		if o.Status != scan.StatusFailed || !errors.Is(o.Err, probe.ErrNotMedia) {
			t.Errorf("%s: status %s err %v, want not media", name, o.Status, o.Err)
		}
	}
	var u *scan.UnreadableError
	if o := got[filepath.Join(root, "notes", "pipe.mkv")]; !errors.As(o.Err, &u) {
		t.Errorf("pipe.mkv: err %v, want unreadable", o.Err)
	}
}

// replaceWithCopy breaks a hard link so that changing the file leaves the
// shared sample alone.
func replaceWithCopy(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendBytes(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(make([]byte, n)); err != nil {
		t.Fatal(err)
	}
	future := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(path, future, future); err != nil {
		t.Fatal(err)
	}
}

func TestScanPolicyOnCachedResults(t *testing.T) {
	root := t.TempDir()
	link(t, testmedia.Path(t, testmedia.H264AAC), filepath.Join(root, "web.mp4"))
	link(t, testmedia.Path(t, testmedia.VP9Opus), filepath.Join(root, "not-web.webm"))
	pol, err := policy.Resolve("preset:web")
	if err != nil {
		t.Fatal(err)
	}
	prober, cache := newProber(t), newMemoryCache()
	cfg := scan.Config{Prober: prober, Cache: cache, Jobs: 2, Policy: pol}
	first, tally := run(t, t.Context(), cfg, root)
	if tally.Policy == nil || tally.Policy.Passed != 1 || tally.Policy.Violating != 1 {
		t.Fatalf("policy tally %+v, want one passing and one violating file", tally.Policy)
	}
	prober.probes.Store(0)
	second, tally2 := run(t, t.Context(), cfg, root)
	if prober.probes.Load() != 0 || tally2.Cached != 2 {
		t.Fatalf("rescan probed %d files, %d cached", prober.probes.Load(), tally2.Cached)
	}
	for path, o := range first {
		a, b := o.Policy, second[path].Policy
		if a == nil || b == nil || a.Errors() != b.Errors() || a.Warnings() != b.Warnings() || len(a.Outcomes) != len(b.Outcomes) {
			t.Errorf("%s: verdict on the cached result differs: %+v vs %+v", path, a, b)
		}
	}
	if r := tally2.Policy.Rules; len(r) == 0 || len(tally2.Policy.RuleNames) != len(r) {
		t.Errorf("rule tally %v names %v", r, tally2.Policy.RuleNames)
	}
}

func TestScanInterrupted(t *testing.T) {
	root := t.TempDir()
	for i := range 30 {
		link(t, testmedia.Path(t, testmedia.H264AAC), filepath.Join(root, fmt.Sprintf("%02d.mp4", i)))
	}
	cache := newMemoryCache()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	s, err := scan.New(scan.Config{Prober: newProber(t), Cache: cache, Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	delivered := 0
	tally, err := s.Run(ctx, []string{root}, func(o scan.Outcome) {
		delivered++
		if o.Status != scan.StatusOK {
			t.Errorf("%s: %v (an interrupted probe must not be reported)", o.Path, o.Err)
		}
		if delivered == 3 {
			cancel()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !tally.Interrupted || tally.Total() != delivered || tally.Unfinished != 30-delivered || delivered < 3 {
		t.Errorf("interrupted=%v total=%d delivered=%d unfinished=%d", tally.Interrupted, tally.Total(), delivered, tally.Unfinished)
	}
	if cache.len() != delivered {
		t.Errorf("cache holds %d rows for %d finished files", cache.len(), delivered)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	p := newProber(t)
	for name, cfg := range map[string]scan.Config{
		"no prober":    {},
		"negative job": {Prober: p, Jobs: -1},
		"bad glob":     {Prober: p, Filter: scan.Filter{Exclude: []string{"[x"}}},
	} {
		if _, err := scan.New(cfg); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
}

func TestScanMissingFFprobe(t *testing.T) {
	s, err := scan.New(scan.Config{Prober: probe.New(probe.Config{Path: filepath.Join(t.TempDir(), "no-ffprobe")})})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Run(t.Context(), []string{t.TempDir()}, func(scan.Outcome) { t.Error("an outcome without ffprobe") })
	if !errors.Is(err, probe.ErrNotInstalled) {
		t.Errorf("error %v, want ErrNotInstalled", err)
	}
}
