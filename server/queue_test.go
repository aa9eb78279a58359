package server

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestQueueAdmitsWorkersPlusQueueThenRefuses(t *testing.T) {
	m := newMetrics(func() float64 { return 0 })
	q := newProbeQueue(2, 3, time.Second, m)
	var releases []func()
	for i := range 5 {
		release, err := q.admit()
		if err != nil {
			t.Fatalf("admit %d: %v", i+1, err)
		}
		releases = append(releases, release)
	}
	if _, err := q.admit(); !errors.Is(err, errQueueFull) {
		t.Fatalf("admit 6 = %v, want queue full", err)
	}
	if got := testutil.ToFloat64(m.queueDepth); got != 5 {
		t.Errorf("queue depth = %v, want 5", got)
	}
	releases[0]()
	release, err := q.admit()
	if err != nil {
		t.Fatalf("admit after a release: %v", err)
	}
	release()
	for _, r := range releases[1:] {
		r()
	}
	if got := testutil.ToFloat64(m.queueDepth); got != 0 {
		t.Errorf("queue depth after all released = %v, want 0", got)
	}
}

func TestQueueRunsAtMostWorkersAndTimesOut(t *testing.T) {
	m := newMetrics(func() float64 { return 0 })
	q := newProbeQueue(1, 1, 50*time.Millisecond, m)
	started, unblock := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- q.run(context.Background(), func() { close(started); <-unblock })
	}()
	<-started
	if got := testutil.ToFloat64(m.probesInFlight); got != 1 {
		t.Errorf("in flight = %v, want 1", got)
	}
	err := q.run(context.Background(), func() { t.Error("a second worker ran") })
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeQueueFull {
		t.Errorf("second run = %v, want queue_full after the queue timeout", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := q.run(ctx, func() {}); !errors.Is(err, context.Canceled) {
		t.Errorf("run with a canceled context = %v", err)
	}
	close(unblock)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := testutil.ToFloat64(m.probesInFlight); got != 0 {
		t.Errorf("in flight after = %v, want 0", got)
	}
}
