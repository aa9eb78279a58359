package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

var listTests = map[string]func(*testing.T, store.Store){
	"Filters":              testListFilters,
	"PagesInOrder":         testListPages,
	"StableUnderInserts":   testListStableUnderInserts,
	"TiesBrokenByID":       testListTies,
	"BadCursor":            testListBadCursor,
	"DefaultLimit":         testListDefaultLimit,
	"ReportLeftOutOfLists": testListNoReport,
}

func testListFilters(t *testing.T, s store.Store) {
	alice, bob := mustUser(t, s, "alice"), mustUser(t, s, "bob")
	mk := func(owner string, offset time.Duration, change func(a *store.Analysis)) string {
		a := newAnalysis(owner, offset)
		change(a)
		return mustCreate(t, s, a).ID
	}
	mp4 := mk(alice.ID, 1*time.Hour, func(a *store.Analysis) {})
	mkv := mk(alice.ID, 2*time.Hour, func(a *store.Analysis) { a.Container, a.VideoCodec, a.AudioCodec = "matroska,webm", "hevc", "opus" })
	failed := mk(bob.ID, 3*time.Hour, func(a *store.Analysis) { a.Status, a.Error = store.StatusFailed, "truncated" })
	scan := mk("", 4*time.Hour, func(a *store.Analysis) { a.SourceKind, a.SourceKey, a.VideoCodec = store.SourceScan, "/m/x.mp4", "" })
	url := mk(bob.ID, 5*time.Hour, func(a *store.Analysis) { a.SourceKind, a.AudioCodec, a.VideoCodec = store.SourceURL, "flac", "" })

	cases := []struct {
		name   string
		filter store.AnalysisFilter
		want   []string // newest first
	}{
		{"everything", store.AnalysisFilter{}, []string{url, scan, failed, mkv, mp4}},
		{"owner alice", store.AnalysisFilter{OwnerID: alice.ID}, []string{mkv, mp4}},
		{"owner bob", store.AnalysisFilter{OwnerID: bob.ID}, []string{url, failed}},
		{"owner nobody", store.AnalysisFilter{OwnerID: "nobody"}, nil},
		{"source kind scan", store.AnalysisFilter{SourceKind: store.SourceScan}, []string{scan}},
		{"container", store.AnalysisFilter{Container: "matroska,webm"}, []string{mkv}},
		{"video codec", store.AnalysisFilter{Codec: "hevc"}, []string{mkv}},
		{"audio codec", store.AnalysisFilter{Codec: "aac"}, []string{scan, failed, mp4}},
		{"status failed", store.AnalysisFilter{Status: store.StatusFailed}, []string{failed}},
		{"created from (inclusive)", store.AnalysisFilter{CreatedFrom: base.Add(4 * time.Hour)}, []string{url, scan}},
		{"created to (exclusive)", store.AnalysisFilter{CreatedTo: base.Add(2 * time.Hour)}, []string{mp4}},
		{"date range", store.AnalysisFilter{CreatedFrom: base.Add(2 * time.Hour), CreatedTo: base.Add(4 * time.Hour)}, []string{failed, mkv}},
		{"owner and status", store.AnalysisFilter{OwnerID: bob.ID, Status: store.StatusOK}, []string{url}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, err := s.ListAnalyses(ctxOf(t), c.filter)
			wantErr(t, c.name, err, nil)
			if got := ids(page.Analyses); !slices.Equal(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			if page.Next != "" {
				t.Fatalf("a single page has a next cursor %q", page.Next)
			}
		})
	}
}

// listAll pages through f with the given page size.
func listAll(t *testing.T, s store.Store, f store.AnalysisFilter) []string {
	t.Helper()
	var all []string
	for range 1000 {
		page, err := s.ListAnalyses(ctxOf(t), f)
		wantErr(t, "list page", err, nil)
		if len(page.Analyses) > f.Limit {
			t.Fatalf("page of %d rows, limit %d", len(page.Analyses), f.Limit)
		}
		all = append(all, ids(page.Analyses)...)
		if page.Next == "" {
			return all
		}
		f.Cursor = page.Next
	}
	t.Fatal("pagination does not end")
	return nil
}

func testListPages(t *testing.T, s store.Store) {
	var want []string
	for i := range 25 {
		want = append(want, mustCreate(t, s, newAnalysis("", time.Duration(i)*time.Second)).ID)
	}
	slices.Reverse(want)
	for _, limit := range []int{1, 7, 10, 25, 100} {
		if got := listAll(t, s, store.AnalysisFilter{Limit: limit}); !slices.Equal(got, want) {
			t.Fatalf("limit %d: paged %v, want %v", limit, got, want)
		}
	}
	// A filter holds across pages.
	odd := listAll(t, s, store.AnalysisFilter{Limit: 3, CreatedFrom: base.Add(20 * time.Second)})
	if !slices.Equal(odd, want[:5]) {
		t.Fatalf("filtered pages %v, want %v", odd, want[:5])
	}
}

func testListStableUnderInserts(t *testing.T, s store.Store) {
	var want []string
	for i := range 20 {
		want = append(want, mustCreate(t, s, newAnalysis("", time.Duration(i)*time.Second)).ID)
	}
	slices.Reverse(want)
	f := store.AnalysisFilter{Limit: 6}
	var got []string
	for page := 0; ; page++ {
		p, err := s.ListAnalyses(ctxOf(t), f)
		wantErr(t, "list", err, nil)
		got = append(got, ids(p.Analyses)...)
		// Newer rows arrive while the client pages: one later than all, one
		// with the same time as the page's last row (and a newer ID).
		mustCreate(t, s, newAnalysis("", time.Hour+time.Duration(page)*time.Second))
		if len(p.Analyses) > 0 {
			mustCreate(t, s, newAnalysis("", p.Analyses[len(p.Analyses)-1].CreatedAt.Sub(base)))
		}
		if p.Next == "" {
			break
		}
		f.Cursor = p.Next
	}
	if !slices.Equal(got, want) {
		t.Fatalf("paging while inserting gave %v, want %v", got, want)
	}
}

func testListTies(t *testing.T, s store.Store) {
	var want []string
	for range 9 {
		want = append(want, mustCreate(t, s, newAnalysis("", 0)).ID) // same CreatedAt
	}
	slices.Sort(want)
	slices.Reverse(want)
	if got := listAll(t, s, store.AnalysisFilter{Limit: 2}); !slices.Equal(got, want) {
		t.Fatalf("rows with equal times paged as %v, want ID order %v", got, want)
	}
}

func testListBadCursor(t *testing.T, s store.Store) {
	for _, c := range []string{"not-base64!", "Zm9v", store.Cursor{ID: ""}.Encode()} {
		_, err := s.ListAnalyses(ctxOf(t), store.AnalysisFilter{Cursor: c})
		wantErr(t, "cursor "+c, err, store.ErrInvalid)
		_, err = s.ListAuditEvents(ctxOf(t), store.AuditFilter{Cursor: c})
		wantErr(t, "audit cursor "+c, err, store.ErrInvalid)
	}
}

func testListDefaultLimit(t *testing.T, s store.Store) {
	for i := range store.DefaultLimit + 3 {
		mustCreate(t, s, newAnalysis("", time.Duration(i)*time.Second))
	}
	page, err := s.ListAnalyses(ctxOf(t), store.AnalysisFilter{})
	wantErr(t, "list", err, nil)
	if len(page.Analyses) != store.DefaultLimit || page.Next == "" {
		t.Fatalf("limit 0 gave %d rows (next %q), want %d and a cursor", len(page.Analyses), page.Next, store.DefaultLimit)
	}
	if store.PageLimit(5000) != store.MaxLimit || store.PageLimit(-1) != store.DefaultLimit {
		t.Fatal("PageLimit does not clamp")
	}
}

func testListNoReport(t *testing.T, s store.Store) {
	a := mustCreate(t, s, newAnalysis("", 0))
	page, err := s.ListAnalyses(ctxOf(t), store.AnalysisFilter{})
	wantErr(t, "list", err, nil)
	if len(page.Analyses) != 1 || page.Analyses[0].Report != nil {
		t.Fatalf("list gave %d rows, report %q; want 1 without its report", len(page.Analyses), page.Analyses[0].Report)
	}
	if !jsonEqual(page.Analyses[0].Summary, a.Summary) {
		t.Fatalf("list lost the summary: %s", page.Analyses[0].Summary)
	}
}
