//go:build !lean

package cmd

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe/scan"
)

// progressBar redraws one status line on a terminal (stderr) while a scan
// runs: files done of the total, rate, time left, failures. Only for a
// terminal: the line is rewritten in place with a carriage return.
type progressBar struct {
	w        io.Writer
	progress *scan.Progress
	start    time.Time
	stop     chan struct{}
	done     sync.WaitGroup
}

// startProgressBar draws the bar every interval until Stop.
func startProgressBar(w io.Writer, p *scan.Progress, interval time.Duration) *progressBar {
	b := &progressBar{w: w, progress: p, start: time.Now(), stop: make(chan struct{})}
	b.done.Go(func() {
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-b.stop:
				return
			case now := <-tick.C:
				fmt.Fprint(b.w, "\r"+progressLine(b.snapshot(), now.Sub(b.start))+"\x1b[K")
			}
		}
	})
	return b
}

// Stop ends the bar and clears its line. A nil bar is a no-op.
func (b *progressBar) Stop() {
	if b == nil {
		return
	}
	close(b.stop)
	b.done.Wait()
	fmt.Fprint(b.w, "\r\x1b[K")
}

// progressState is one reading of the counters.
type progressState struct {
	done, found, failed, cached int64
	walking                     bool
}

func (b *progressBar) snapshot() progressState {
	p := b.progress
	return progressState{
		done: p.Done.Load(), found: p.Found.Load(), failed: p.Failed.Load(), cached: p.Cached.Load(),
		walking: !p.WalkDone.Load(),
	}
}

const progressBarWidth = 20

// progressLine is the status line, e.g.
//
//	[########------------] 120/300 files  8.0/s  ETA 0:23  2 failed  40 cached
//
// While the walk goes on the total ends in "+" and there is no ETA yet.
func progressLine(s progressState, elapsed time.Duration) string {
	total := max(s.found, s.done)
	filled := 0
	if total > 0 {
		filled = int(s.done * progressBarWidth / total)
	}
	var b strings.Builder
	b.WriteString("[" + strings.Repeat("#", filled) + strings.Repeat("-", progressBarWidth-filled) + "] ")
	fmt.Fprintf(&b, "%d/%d", s.done, total)
	if s.walking {
		b.WriteString("+")
	}
	b.WriteString(" files")
	rate := 0.0
	if secs := elapsed.Seconds(); secs > 0 {
		rate = float64(s.done) / secs
	}
	fmt.Fprintf(&b, "  %.1f/s", rate)
	if !s.walking && rate > 0 && total > s.done {
		eta := time.Duration(float64(total-s.done) / rate * float64(time.Second))
		fmt.Fprintf(&b, "  ETA %s", clock(eta.Seconds()))
	}
	if s.failed > 0 {
		fmt.Fprintf(&b, "  %d failed", s.failed)
	}
	if s.cached > 0 {
		fmt.Fprintf(&b, "  %d cached", s.cached)
	}
	return b.String()
}
