// Package scan analyses trees of media files: it walks folders with
// include and exclude globs and an extension filter, probes the files in
// parallel, reuses earlier results for files that did not change (through
// a Cache the caller provides), checks each file against a policy, and
// tallies what it found. Outcomes are delivered as each file finishes.
//
// scan imports only probe and probe/policy.
package scan

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
)

// Config is what a scan does.
type Config struct {
	Prober  probe.Prober
	Options probe.Options // per file; Options.Timeout bounds each probe
	Filter  Filter
	// Jobs is how many files are probed at once; 0 means one per CPU.
	Jobs int
	// Cache, when not nil, is consulted before probing and filled after.
	Cache Cache
	// CacheSalt goes into the options hash (see OptionsHash).
	CacheSalt string
	// Policy, when not nil, is evaluated on every file analysed, cached or
	// not (that costs no ffprobe run).
	Policy *policy.Policy
}

// Scanner runs one scan at a time.
type Scanner struct {
	cfg         Config
	filter      *compiledFilter
	optionsHash string
	progress    Progress
}

// Progress is a live view of a running scan, safe to read from any
// goroutine (for a progress bar).
type Progress struct {
	Found    atomic.Int64 // files listed by the walk so far
	Done     atomic.Int64 // files finished (analysed or failed)
	Failed   atomic.Int64
	Cached   atomic.Int64
	WalkDone atomic.Bool // the walk is over: Found is the total
}

func (p *Progress) reset() {
	p.Found.Store(0)
	p.Done.Store(0)
	p.Failed.Store(0)
	p.Cached.Store(0)
	p.WalkDone.Store(false)
}

func (p *Progress) count(o Outcome) {
	p.Done.Add(1)
	if o.Status != StatusOK {
		p.Failed.Add(1)
	}
	if o.Cached {
		p.Cached.Add(1)
	}
}

// New checks cfg and returns a Scanner. Errors name the bad flag.
func New(cfg Config) (*Scanner, error) {
	if cfg.Prober == nil {
		return nil, fmt.Errorf("scan: no prober")
	}
	if cfg.Jobs < 0 {
		return nil, fmt.Errorf("--jobs %d: must be 1 or more (0 means one per CPU)", cfg.Jobs)
	}
	if cfg.Jobs == 0 {
		cfg.Jobs = runtime.NumCPU()
	}
	f, err := cfg.Filter.compile()
	if err != nil {
		return nil, err
	}
	return &Scanner{cfg: cfg, filter: f, optionsHash: OptionsHash(cfg.Options, cfg.CacheSalt)}, nil
}

// Progress is the running scan's progress.
func (s *Scanner) Progress() *Progress { return &s.progress }

// Run scans roots (files and folders) and calls sink with each outcome as
// it finishes, from one goroutine at a time. It returns the tally; when
// ctx is cancelled it stops starting probes, kills the running ones
// (their files count as unfinished, nothing of them is kept) and returns
// what was done with Interrupted set. The error is for a scan that could
// not start: ffprobe missing.
func (s *Scanner) Run(ctx context.Context, roots []string, sink func(Outcome)) (*Tally, error) {
	start := time.Now()
	s.progress.reset()
	version, err := s.cfg.Prober.Version(ctx)
	if err != nil {
		return nil, err
	}
	tally := newTally()
	if s.cfg.Policy != nil {
		tally.Policy = newPolicyTally(s.cfg.Policy)
	}
	results := make(chan Outcome, s.cfg.Jobs)
	queue := newEntryQueue()
	defer queue.wakeOnDone(ctx)()
	visitor := &queueVisitor{queue: queue, results: results, progress: &s.progress, skips: tally.Skipped}

	var wg sync.WaitGroup
	wg.Go(func() {
		defer queue.close()
		defer s.progress.WalkDone.Store(true)
		(&walker{filter: s.filter, visit: visitor}).walk(ctx, roots)
	})
	for range s.cfg.Jobs {
		wg.Go(func() { s.work(ctx, queue, version, results) })
	}
	go func() { wg.Wait(); close(results) }()

	for o := range results {
		tally.add(o)
		s.progress.count(o)
		sink(o)
	}
	if ctx.Err() != nil {
		tally.Interrupted = true
		tally.Unfinished = int(s.progress.Found.Load()) - tally.Total()
	}
	tally.Elapsed = time.Since(start)
	return tally, nil
}

// work probes files from the queue until it is empty or ctx is done.
func (s *Scanner) work(ctx context.Context, queue *entryQueue, version string, results chan<- Outcome) {
	for {
		e, ok := queue.pop(ctx)
		if !ok {
			return
		}
		o, finished := s.scanFile(ctx, e, version)
		if !finished {
			return
		}
		results <- o
	}
}

// queueVisitor takes the walk's findings: files to the queue, unreadable
// entries straight to the results, skips counted (read after the walk).
type queueVisitor struct {
	queue    *entryQueue
	results  chan<- Outcome
	progress *Progress
	skips    map[SkipReason]int
}

func (v *queueVisitor) file(e Entry) {
	v.progress.Found.Add(1)
	v.queue.push(e)
}

func (v *queueVisitor) skipped(_ string, reason SkipReason) { v.skips[reason]++ }

func (v *queueVisitor) unreadable(path string, err error) {
	v.progress.Found.Add(1)
	v.results <- Outcome{Entry: Entry{Path: path}, Status: StatusFailed, Err: &UnreadableError{Path: path, Err: err}}
}
