package storetest

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// Bench measures a backend: single and parallel inserts, filtered list
// queries and cache look-ups, each reported in rows (or queries) per
// second. open returns a fresh, migrated store. Numbers are reported, never
// asserted.
func Bench(b *testing.B, open func(b *testing.B) store.Store) {
	b.Run("Insert", func(b *testing.B) { benchInsert(b, open(b), false) })
	b.Run("InsertParallel", func(b *testing.B) { benchInsert(b, open(b), true) })
	b.Run("ListFiltered", func(b *testing.B) { benchList(b, open(b)) })
	b.Run("FindCached", func(b *testing.B) { benchFindCached(b, open(b)) })
}

// benchRow is an analysis with a report of realistic size (about 6 KB).
func benchRow(i int, owner string) *store.Analysis {
	a := newAnalysis(owner, time.Duration(i)*time.Millisecond)
	a.SourceKey = fmt.Sprintf("/media/%06d.mp4", i)
	report := `{"streams":[`
	for s := range 12 {
		report += fmt.Sprintf(`{"index":%d,"codec_name":"h264","profile":"High","width":1920,"height":1080,"r_frame_rate":"30000/1001","tags":{"language":"eng","handler_name":"VideoHandler"}},`, s)
	}
	a.Report = []byte(report + `{}],"format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"10.5"}}`)
	if i%3 == 0 {
		a.VideoCodec, a.Container = "hevc", "matroska,webm"
	}
	return a
}

func benchInsert(b *testing.B, s store.Store, parallel bool) {
	ctx := b.Context()
	var n atomic.Int64
	if parallel {
		b.SetParallelism(4) // 4 goroutines per CPU
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := s.CreateAnalysis(ctx, benchRow(int(n.Add(1)), "")); err != nil {
					b.Error(err)
					return
				}
			}
		})
	} else {
		for b.Loop() {
			if err := s.CreateAnalysis(ctx, benchRow(int(n.Add(1)), "")); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n.Load())/b.Elapsed().Seconds(), "rows/s")
}

// seed inserts rows analyses, a third of them owned by one user.
func seed(b *testing.B, s store.Store, rows int) string {
	u := &store.User{Username: "bench", Role: store.RoleAnalyst}
	if err := s.CreateUser(b.Context(), u); err != nil {
		b.Fatal(err)
	}
	for i := range rows {
		owner := ""
		if i%3 == 1 {
			owner = u.ID
		}
		if err := s.CreateAnalysis(b.Context(), benchRow(i, owner)); err != nil {
			b.Fatal(err)
		}
	}
	return u.ID
}

const benchRows = 5000

func benchList(b *testing.B, s store.Store) {
	owner := seed(b, s, benchRows)
	filters := []store.AnalysisFilter{
		{Limit: 50},
		{Limit: 50, OwnerID: owner},
		{Limit: 50, Codec: "hevc"},
		{Limit: 50, Container: "matroska,webm", Status: store.StatusOK, CreatedFrom: base.Add(time.Second)},
	}
	rows, i := 0, 0
	for b.Loop() {
		page, err := s.ListAnalyses(b.Context(), filters[i%len(filters)])
		if err != nil {
			b.Fatal(err)
		}
		rows += len(page.Analyses)
		i++
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "queries/s")
}

func benchFindCached(b *testing.B, s store.Store) {
	seed(b, s, benchRows)
	i := 0
	for b.Loop() {
		a := newAnalysis("", time.Duration(3*(i%(benchRows/3)))*time.Millisecond) // a local (unowned) row
		_, err := s.FindCached(b.Context(), store.CacheKey{ContentHash: a.ContentHash, OptionsHash: a.OptionsHash, FFprobeVersion: a.FFprobeVersion})
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "lookups/s")
}
