package scan

import (
	"context"
	"sync"
)

// entryQueue hands the walk's files to the probing workers. It is
// unbounded, so the walk runs ahead and the total is known early (for the
// progress bar); an Entry is about a hundred bytes, so even a million
// files fit.
type entryQueue struct {
	mu      sync.Mutex
	ready   sync.Cond
	entries []Entry
	closed  bool
}

func newEntryQueue() *entryQueue {
	q := &entryQueue{}
	q.ready.L = &q.mu
	return q
}

func (q *entryQueue) push(e Entry) {
	q.mu.Lock()
	q.entries = append(q.entries, e)
	q.mu.Unlock()
	q.ready.Signal()
}

// close ends the queue: pop drains what is left, then reports false.
func (q *entryQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.ready.Broadcast()
}

// pop waits for the next entry. It reports false when the queue is closed
// and empty, or at once when ctx is done.
func (q *entryQueue) pop(ctx context.Context) (Entry, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.entries) == 0 && !q.closed && ctx.Err() == nil {
		q.ready.Wait()
	}
	if ctx.Err() != nil || len(q.entries) == 0 {
		return Entry{}, false
	}
	e := q.entries[0]
	q.entries[0] = Entry{}
	q.entries = q.entries[1:]
	return e, true
}

// wakeOnDone wakes the waiting workers when ctx is done.
func (q *entryQueue) wakeOnDone(ctx context.Context) (stop func() bool) {
	return context.AfterFunc(ctx, func() {
		q.mu.Lock()
		defer q.mu.Unlock()
		q.ready.Broadcast()
	})
}
