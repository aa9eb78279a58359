package ratelimit

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

// countingCounter is a Counter for tests.
type countingCounter struct {
	mu sync.Mutex
	n  int
}

func (c *countingCounter) Inc() { c.mu.Lock(); c.n++; c.mu.Unlock() }

func (c *countingCounter) value() int { c.mu.Lock(); defer c.mu.Unlock(); return c.n }

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) count(s string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Count(b.buf.String(), s)
}

type failoverRig struct {
	proxy   *tcpProxy
	clock   *fakeClock
	log     *syncBuffer
	errs    *countingCounter
	unavail *countingCounter
	limiter *Failover
}

// newFailoverRig is a Failover over a real Redis reached through a proxy
// the test can cut.
func newFailoverRig(t *testing.T, mode FailureMode) *failoverRig {
	u := testRedisURL(t)
	prefix := testPrefix(t, u)
	r := &failoverRig{proxy: newTCPProxy(t, redisTarget(t, u)), clock: newFakeClock(), log: &syncBuffer{},
		errs: &countingCounter{}, unavail: &countingCounter{}}
	primary := NewRedis(newTestClient(t, withHost(t, u, r.proxy.addr)), prefix)
	var err error
	r.limiter, err = NewFailover(primary, FailoverConfig{
		Mode: mode, Now: r.clock.Now, Logger: slog.New(slog.NewTextHandler(r.log, nil)),
		BackendErrors: r.errs, UnavailableDecisions: r.unavail,
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFailoverClosed(t *testing.T) {
	r := newFailoverRig(t, FailClosed)
	p := Policy{Name: "p", Rate: 0.001, Burst: 100}
	if d := mustAllow(t, r.limiter, "k", p); !d.Allowed || d.Remaining != 99 {
		t.Fatalf("through Redis: %+v", d)
	}
	r.proxy.stop() // Redis becomes unreachable mid-test
	for i := range 20 {
		_, err := r.limiter.Allow(context.Background(), "k", p)
		if !errors.Is(err, ErrUnavailable) {
			t.Fatalf("request %d with Redis down: %v, want ErrUnavailable (fail closed)", i, err)
		}
	}
	if !r.limiter.Down() {
		t.Error("Down() = false with Redis unreachable")
	}
	// One call reached for Redis; the others waited out RetryInterval.
	if r.errs.value() != 1 || r.unavail.value() != 20 {
		t.Errorf("backend errors %d, decisions without Redis %d; want 1 and 20", r.errs.value(), r.unavail.value())
	}

	r.proxy.start()
	r.clock.Advance(DefaultRetryInterval)
	if d := mustAllow(t, r.limiter, "k", p); !d.Allowed || d.Remaining != 98 {
		t.Fatalf("after Redis came back: %+v, want the shared bucket (98 left)", d)
	}
	if got := r.log.count("rate limit backend unreachable"); got != 1 {
		t.Errorf("%d 'unreachable' log lines for one outage, want 1:\n%s", got, r.log.buf.String())
	}
	if got := r.log.count("reachable again"); got != 1 {
		t.Errorf("%d 'reachable again' lines, want 1", got)
	}
}

func TestFailoverLocal(t *testing.T) {
	r := newFailoverRig(t, FailLocal)
	p := Policy{Name: "p", Rate: 0.001, Burst: 3}
	mustAllow(t, r.limiter, "k", p) // 2 left in Redis
	r.proxy.stop()
	// Locally the bucket starts full: 3 allowed, then refused.
	for i, want := range []bool{true, true, true, false} {
		if d := mustAllow(t, r.limiter, "k", p); d.Allowed != want {
			t.Fatalf("local request %d: %+v, want allowed=%v", i+1, d, want)
		}
	}
	r.clock.Advance(DefaultRetryInterval)
	mustAllow(t, r.limiter, "k", p) // tries Redis again, fails, decides locally
	if r.errs.value() != 2 {
		t.Errorf("%d backend errors, want 2 (one per retry interval)", r.errs.value())
	}
	if got := r.log.count("rate limit backend unreachable"); got != 1 {
		t.Errorf("%d 'unreachable' lines while down, want 1", got)
	}
}

// Errors that are not the backend's pass through without tripping it.
func TestFailoverPassesOtherErrors(t *testing.T) {
	f, err := NewFailover(NewMemory(MemoryConfig{}), FailoverConfig{Mode: FailLocal})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Allow(context.Background(), "k", Policy{Name: "BAD"}); err == nil || errors.Is(err, ErrUnavailable) {
		t.Fatalf("invalid policy: %v, want a policy error", err)
	}
	if f.Down() {
		t.Error("an invalid policy marked the backend down")
	}
}

func TestParseFailureMode(t *testing.T) {
	for in, want := range map[string]FailureMode{"closed": FailClosed, "local": FailLocal} {
		if got, err := ParseFailureMode(in); got != want || err != nil {
			t.Errorf("ParseFailureMode(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "open", "Closed"} {
		if _, err := ParseFailureMode(bad); err == nil {
			t.Errorf("ParseFailureMode(%q) succeeded", bad)
		}
	}
	if _, err := NewFailover(NewMemory(MemoryConfig{}), FailoverConfig{Mode: "open"}); err == nil {
		t.Error("NewFailover accepted mode open")
	}
}
