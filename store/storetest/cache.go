package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

var cacheTests = map[string]func(*testing.T, store.Store){
	"ByContentHash":        testCacheByContent,
	"ScanCache":            testScanCache,
	"UpsertReplaces":       testUpsertReplaces,
	"UpsertErrors":         testUpsertErrors,
	"ConcurrentUpserts":    testConcurrentUpserts,
	"KeyWithoutLookupPart": testCacheKeyInvalid,
}

const hashA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

func testCacheByContent(t *testing.T, s store.Store) {
	alice, bob := mustUser(t, s, "alice"), mustUser(t, s, "bob")
	mk := func(owner string, offset time.Duration) *store.Analysis {
		a := newAnalysis(owner, offset)
		a.ContentHash = hashA
		return mustCreate(t, s, a)
	}
	mk(alice.ID, 0)
	newest := mk(alice.ID, time.Minute)
	bobs := mk(bob.ID, 2*time.Minute)
	local := mk("", 3*time.Minute)
	key := store.CacheKey{OwnerID: alice.ID, ContentHash: hashA, OptionsHash: "opts-1", FFprobeVersion: "5.1.6"}
	cases := []struct {
		name   string
		change func(k *store.CacheKey)
		want   *store.Analysis // nil: a miss
	}{
		{"newest of the owner's", func(k *store.CacheKey) {}, newest},
		{"another owner's own", func(k *store.CacheKey) { k.OwnerID = bob.ID }, bobs},
		{"the local CLI's", func(k *store.CacheKey) { k.OwnerID = "" }, local},
		{"owner without analyses", func(k *store.CacheKey) { k.OwnerID = "carol" }, nil},
		{"other options", func(k *store.CacheKey) { k.OptionsHash = "opts-2" }, nil},
		{"other ffprobe", func(k *store.CacheKey) { k.FFprobeVersion = "7.1" }, nil},
		{"other bytes", func(k *store.CacheKey) { k.ContentHash = fmt.Sprintf("%064d", 7) }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := key
			c.change(&k)
			got, err := s.FindCached(ctxOf(t), k)
			if c.want == nil {
				wantErr(t, "miss", err, store.ErrNotFound)
				return
			}
			wantErr(t, "hit", err, nil)
			sameAnalysis(t, got, c.want)
		})
	}
}

func scanRow(path string, size int64, mod time.Time) *store.Analysis {
	a := newAnalysis("", 0)
	a.SourceKind, a.SourceKey, a.FileSize, a.FileModTime = store.SourceScan, path, size, mod
	a.ContentHash, a.CreatedAt = "", time.Time{}
	return a
}

func testScanCache(t *testing.T, s store.Store) {
	mod := base.Add(-time.Hour).Add(123456 * time.Nanosecond) // finer than stored: compared at µs
	row := scanRow("/media/a.mp4", 1000, mod)
	wantErr(t, "upsert", s.UpsertAnalysis(ctxOf(t), row), nil)
	key := store.CacheKey{SourceKey: "/media/a.mp4", FileSize: 1000, FileModTime: mod, OptionsHash: "opts-1", FFprobeVersion: "5.1.6"}
	cases := []struct {
		name   string
		change func(k *store.CacheKey)
		hit    bool
	}{
		{"same file", func(k *store.CacheKey) {}, true},
		{"size changed", func(k *store.CacheKey) { k.FileSize = 1001 }, false},
		{"touched", func(k *store.CacheKey) { k.FileModTime = mod.Add(time.Second) }, false},
		{"other path", func(k *store.CacheKey) { k.SourceKey = "/media/b.mp4" }, false},
		{"other options", func(k *store.CacheKey) { k.OptionsHash = "opts-2" }, false},
		{"other ffprobe", func(k *store.CacheKey) { k.FFprobeVersion = "7.1" }, false},
		{"a user's, not the CLI's", func(k *store.CacheKey) { k.OwnerID = "alice" }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := key
			c.change(&k)
			got, err := s.FindCached(ctxOf(t), k)
			if !c.hit {
				wantErr(t, "miss", err, store.ErrNotFound)
				return
			}
			wantErr(t, "hit", err, nil)
			sameAnalysis(t, got, row)
		})
	}
}

func testUpsertReplaces(t *testing.T, s store.Store) {
	first := scanRow("/media/a.mp4", 1000, base)
	other := scanRow("/media/b.mp4", 5, base)
	otherOptions := scanRow("/media/a.mp4", 1000, base)
	otherOptions.OptionsHash = "opts-2"
	for _, a := range []*store.Analysis{first, other, otherOptions} {
		wantErr(t, "upsert", s.UpsertAnalysis(ctxOf(t), a), nil)
	}
	changed := scanRow("/media/a.mp4", 2000, base.Add(time.Minute))
	wantErr(t, "upsert changed file", s.UpsertAnalysis(ctxOf(t), changed), nil)

	_, err := s.GetAnalysis(ctxOf(t), first.ID)
	wantErr(t, "replaced row", err, store.ErrNotFound)
	for _, keep := range []*store.Analysis{changed, other, otherOptions} {
		_, err := s.GetAnalysis(ctxOf(t), keep.ID)
		wantErr(t, "row "+keep.SourceKey+" "+keep.OptionsHash, err, nil)
	}
	page, err := s.ListAnalyses(ctxOf(t), store.AnalysisFilter{SourceKind: store.SourceScan})
	wantErr(t, "list", err, nil)
	if len(page.Analyses) != 3 {
		t.Fatalf("%d scan rows, want 3: %v", len(page.Analyses), ids(page.Analyses))
	}
}

func testUpsertErrors(t *testing.T, s store.Store) {
	notScan := newAnalysis("", 0)
	wantErr(t, "upsert an upload", s.UpsertAnalysis(ctxOf(t), notScan), store.ErrInvalid)
	bad := scanRow("", 1, base)
	wantErr(t, "upsert without a path", s.UpsertAnalysis(ctxOf(t), bad), store.ErrInvalid)
	wantErr(t, "upsert", s.UpsertAnalysis(ctxOf(t), scanRow("/m/a.mp4", 1, base)), nil)
	wantErr(t, "create a second scan row for the path", s.CreateAnalysis(ctxOf(t), scanRow("/m/a.mp4", 2, base)), store.ErrConflict)
}

func testConcurrentUpserts(t *testing.T, s store.Store) {
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() { errs <- s.UpsertAnalysis(ctxOf(t), scanRow("/m/race.mp4", int64(i), base)) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		wantErr(t, "concurrent upsert", err, nil)
	}
	page, err := s.ListAnalyses(ctxOf(t), store.AnalysisFilter{SourceKind: store.SourceScan})
	wantErr(t, "list", err, nil)
	if len(page.Analyses) != 1 {
		t.Fatalf("%d rows for one path after concurrent upserts, want 1", len(page.Analyses))
	}
}

func testCacheKeyInvalid(t *testing.T, s store.Store) {
	_, err := s.FindCached(ctxOf(t), store.CacheKey{OptionsHash: "x"})
	if !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("key without hash or path: %v, want ErrInvalid", err)
	}
}
