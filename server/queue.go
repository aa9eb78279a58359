package server

import (
	"context"
	"errors"
	"time"
)

// probeQueue bounds the analyses in progress: at most workers ffprobe
// processes run, and at most workers+queue requests are admitted at all
// (uploading, hashing, waiting or probing). A request beyond that is
// refused at once with 503 and Retry-After: never an unbounded pile-up.
type probeQueue struct {
	admitted chan struct{} // one token per admitted request
	running  chan struct{} // one token per running ffprobe
	wait     time.Duration // the longest a request waits for a worker
	m        *metrics
}

func newProbeQueue(workers, queue int, wait time.Duration, m *metrics) *probeQueue {
	return &probeQueue{
		admitted: make(chan struct{}, workers+queue),
		running:  make(chan struct{}, workers),
		wait:     wait,
		m:        m,
	}
}

// errQueueFull is the answer when no more requests can be admitted.
var errQueueFull = errorf(CodeQueueFull, "the server is busy with other analyses; retry after the time in Retry-After")

// admit takes a place in the queue without waiting. The returned func
// gives it back; call it exactly once.
func (q *probeQueue) admit() (release func(), err error) {
	select {
	case q.admitted <- struct{}{}:
		q.m.queueDepth.Inc()
		return func() { <-q.admitted; q.m.queueDepth.Dec() }, nil
	default:
		return nil, errQueueFull
	}
}

// run waits for a free worker (at most q.wait) and runs fn on it. An
// admitted request moves from the queue depth to the processes in flight
// while fn runs.
func (q *probeQueue) run(ctx context.Context, fn func()) error {
	timer := time.NewTimer(q.wait)
	defer timer.Stop()
	select {
	case q.running <- struct{}{}:
	case <-timer.C:
		return wrapError(CodeQueueFull, errors.New("no worker became free within the queue timeout"), "the server is busy with other analyses; retry after the time in Retry-After")
	case <-ctx.Done():
		return ctx.Err()
	}
	q.m.queueDepth.Dec()
	q.m.probesInFlight.Inc()
	defer func() {
		q.m.probesInFlight.Dec()
		q.m.queueDepth.Inc()
		<-q.running
	}()
	fn()
	return nil
}
