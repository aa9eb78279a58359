package storetest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ffprobe-api/ffprobe-api/store"
)

var analysisTests = map[string]func(*testing.T, store.Store){
	"RoundTrip":         testAnalysisRoundTrip,
	"DefaultsFilled":    testAnalysisDefaults,
	"CreateErrors":      testAnalysisCreateErrors,
	"GetDeleteNotFound": testAnalysisNotFound,
	"Purge":             testAnalysisPurge,
	"OwnerCascade":      testAnalysisOwnerCascade,
	"HostileJSON":       testAnalysisHostileJSON,
}

func testAnalysisRoundTrip(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	want := newAnalysis(u.ID, 0)
	want.PolicyResult = json.RawMessage(`{"passed":false,"violations":[{"rule":"max-bitrate"}]}`)
	want.BytesFetched = 4096
	mustCreate(t, s, want)
	got, err := s.GetAnalysis(ctxOf(t), want.ID)
	wantErr(t, "get", err, nil)
	sameAnalysis(t, got, want)

	local := newAnalysis("", time.Second)
	local.Status, local.Error, local.Report, local.Summary = store.StatusFailed, "not a media file", nil, nil
	local.FileModTime = time.Time{}
	mustCreate(t, s, local)
	got, err = s.GetAnalysis(ctxOf(t), local.ID)
	wantErr(t, "get local", err, nil)
	sameAnalysis(t, got, local)
}

func testAnalysisDefaults(t *testing.T, s store.Store) {
	a := newAnalysis("", 0)
	a.CreatedAt = time.Time{}
	before := store.Now()
	mustCreate(t, s, a)
	id, err := uuid.Parse(a.ID)
	if err != nil || id.Version() != 7 {
		t.Fatalf("ID %q is not a UUIDv7 (%v)", a.ID, err)
	}
	if a.CreatedAt.Before(before) || a.CreatedAt.After(store.Now()) {
		t.Fatalf("CreatedAt %v not filled with the current time", a.CreatedAt)
	}
	got, err := s.GetAnalysis(ctxOf(t), a.ID)
	wantErr(t, "get", err, nil)
	if !got.CreatedAt.Equal(a.CreatedAt) {
		t.Fatalf("CreatedAt read back %v, want %v", got.CreatedAt, a.CreatedAt)
	}
}

func testAnalysisCreateErrors(t *testing.T, s store.Store) {
	existing := mustCreate(t, s, newAnalysis("", 0))
	cases := []struct {
		name   string
		change func(a *store.Analysis)
		want   error
	}{
		{"unknown source kind", func(a *store.Analysis) { a.SourceKind = "ftp" }, store.ErrInvalid},
		{"unknown status", func(a *store.Analysis) { a.Status = "maybe" }, store.ErrInvalid},
		{"empty source key", func(a *store.Analysis) { a.SourceKey = "" }, store.ErrInvalid},
		{"short content hash", func(a *store.Analysis) { a.ContentHash = "abc" }, store.ErrInvalid},
		{"summary not JSON", func(a *store.Analysis) { a.Summary = json.RawMessage(`{"a":`) }, store.ErrInvalid},
		{"negative size", func(a *store.Analysis) { a.FileSize = -1 }, store.ErrInvalid},
		{"duplicate ID", func(a *store.Analysis) { a.ID = existing.ID }, store.ErrConflict},
		{"owner who does not exist", func(a *store.Analysis) { a.OwnerID = "no-such-user" }, store.ErrNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := newAnalysis("", time.Minute)
			c.change(a)
			err := s.CreateAnalysis(ctxOf(t), a)
			wantErr(t, c.name, err, c.want)
			if err != nil && c.want == store.ErrInvalid && !strings.Contains(err.Error(), "analysis") {
				t.Errorf("error %q does not say which record is wrong", err)
			}
		})
	}
}

func testAnalysisNotFound(t *testing.T, s store.Store) {
	_, err := s.GetAnalysis(ctxOf(t), "missing")
	wantErr(t, "get missing", err, store.ErrNotFound)
	wantErr(t, "delete missing", s.DeleteAnalysis(ctxOf(t), "missing"), store.ErrNotFound)
	a := mustCreate(t, s, newAnalysis("", 0))
	wantErr(t, "delete", s.DeleteAnalysis(ctxOf(t), a.ID), nil)
	_, err = s.GetAnalysis(ctxOf(t), a.ID)
	wantErr(t, "get deleted", err, store.ErrNotFound)
	wantErr(t, "delete twice", s.DeleteAnalysis(ctxOf(t), a.ID), store.ErrNotFound)
}

func testAnalysisPurge(t *testing.T, s store.Store) {
	const old, recent = 1100, 3 // more old rows than one purge batch
	for i := range old {
		mustCreate(t, s, newAnalysis("", -100*24*time.Hour+time.Duration(i)*time.Millisecond))
	}
	for i := range recent {
		mustCreate(t, s, newAnalysis("", -time.Duration(i)*time.Hour))
	}
	n, err := s.PurgeAnalyses(ctxOf(t), base.Add(-90*24*time.Hour))
	wantErr(t, "purge", err, nil)
	if n != old {
		t.Fatalf("purged %d analyses, want %d", n, old)
	}
	page, err := s.ListAnalyses(ctxOf(t), store.AnalysisFilter{Limit: store.MaxLimit})
	wantErr(t, "list", err, nil)
	if len(page.Analyses) != recent {
		t.Fatalf("%d analyses left, want %d", len(page.Analyses), recent)
	}
	n, err = s.PurgeAnalyses(ctxOf(t), base.Add(-90*24*time.Hour))
	if err != nil || n != 0 {
		t.Fatalf("second purge: %d, %v; want 0, nil", n, err)
	}
}

func testAnalysisOwnerCascade(t *testing.T, s store.Store) {
	alice, bob := mustUser(t, s, "alice"), mustUser(t, s, "bob")
	a := mustCreate(t, s, newAnalysis(alice.ID, 0))
	b := mustCreate(t, s, newAnalysis(bob.ID, time.Second))
	local := mustCreate(t, s, newAnalysis("", 2*time.Second))
	wantErr(t, "delete alice", s.DeleteUser(ctxOf(t), alice.ID), nil)
	_, err := s.GetAnalysis(ctxOf(t), a.ID)
	wantErr(t, "alice's analysis after her deletion", err, store.ErrNotFound)
	for _, keep := range []*store.Analysis{b, local} {
		_, err := s.GetAnalysis(ctxOf(t), keep.ID)
		wantErr(t, "analysis of another owner", err, nil)
	}
}

// testAnalysisHostileJSON stores what a hostile file's tags can put in
// ffprobe's JSON: a NUL escape, control characters, invalid UTF-8. Every
// backend must keep it (Postgres replaces what JSONB cannot hold with
// U+FFFD) and give back valid JSON.
func testAnalysisHostileJSON(t *testing.T, s store.Store) {
	a := newAnalysis("", 0)
	a.Report = json.RawMessage("{\"tags\":{\"title\":\"a\\u0000b\\\\u0000c\\n\",\"raw\":\"\xff\xfe\"}}")
	mustCreate(t, s, a)
	got, err := s.GetAnalysis(ctxOf(t), a.ID)
	wantErr(t, "get", err, nil)
	var doc struct {
		Tags map[string]string `json:"tags"`
	}
	if err := json.Unmarshal(got.Report, &doc); err != nil {
		t.Fatalf("report read back is not JSON: %v: %q", err, got.Report)
	}
	title := doc.Tags["title"]
	if title != "a\x00b\\u0000c\n" && title != "a\uFFFDb\\u0000c\n" {
		t.Fatalf("title read back %q: the NUL must survive or become U+FFFD, the escaped backslash must stay", title)
	}
}
