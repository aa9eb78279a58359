package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/store"
)

var concurrencyTests = map[string]func(*testing.T, store.Store){
	"WritersAndReaders": testWritersAndReaders,
}

// testWritersAndReaders runs 16 writers of 200 inserts each (25 with
// -short) beside readers that list without pause. Nothing may fail (no
// "database is locked") and every row must be there at the end.
func testWritersAndReaders(t *testing.T, s store.Store) {
	writers, perWriter := 16, 200
	if testing.Short() {
		perWriter = 25
	}
	ctx, stopReaders := context.WithCancel(ctxOf(t))
	defer stopReaders()
	errs := make(chan error, writers+4)
	var readers sync.WaitGroup
	var reads atomic.Int64
	for range 4 {
		readers.Go(func() {
			n, err := readUntilDone(ctx, s)
			reads.Add(n)
			if err != nil {
				errs <- err
			}
		})
	}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				a := newAnalysis("", time.Duration(w*perWriter+i)*time.Millisecond)
				a.SourceKey = fmt.Sprintf("w%d-%d", w, i)
				if err := s.CreateAnalysis(ctxOf(t), a); err != nil {
					errs <- fmt.Errorf("writer %d insert %d: %w", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	stopReaders()
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if reads.Load() == 0 {
		t.Fatal("the readers listed nothing while the writers wrote")
	}
	if got := len(listAll(t, s, store.AnalysisFilter{Limit: store.MaxLimit})); got != writers*perWriter {
		t.Fatalf("%d rows after the writers finished, want %d", got, writers*perWriter)
	}
}

// readUntilDone lists, pausing a moment between lists so that on a small
// machine the readers do not starve the writers of CPU.
func readUntilDone(ctx context.Context, s store.Store) (reads int64, err error) {
	for ctx.Err() == nil {
		_, err := s.ListAnalyses(ctx, store.AnalysisFilter{Codec: "h264", Limit: 20})
		if err != nil && ctx.Err() == nil {
			return reads, fmt.Errorf("reader: %w", err)
		}
		reads++
		time.Sleep(time.Millisecond)
	}
	return reads, nil
}
