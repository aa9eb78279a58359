package ratelimit

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a settable clock, safe for concurrent reads.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func mustAllow(t *testing.T, l Limiter, key string, p Policy) Decision {
	t.Helper()
	d, err := l.Allow(context.Background(), key, p)
	if err != nil {
		t.Fatalf("Allow(%q, %s): %v", key, p.Name, err)
	}
	return d
}

// Burst at once, then refusals, then refill at Rate, with the numbers a
// client sees at each step.
func TestMemoryBurstAndRefill(t *testing.T) {
	clock := newFakeClock()
	m := NewMemory(MemoryConfig{Now: clock.Now})
	p := Policy{Name: "test", Rate: 2, Burst: 3} // a token every 500 ms

	steps := []struct {
		name    string
		advance time.Duration
		want    Decision
	}{
		{"1st of the burst", 0, Decision{Allowed: true, Remaining: 2, Reset: 500 * time.Millisecond}},
		{"2nd", 0, Decision{Allowed: true, Remaining: 1, Reset: time.Second}},
		{"3rd empties the bucket", 0, Decision{Allowed: true, Remaining: 0, Reset: 1500 * time.Millisecond}},
		{"4th refused", 0, Decision{RetryAfter: 500 * time.Millisecond, Reset: 1500 * time.Millisecond}},
		{"200 ms later still refused", 200 * time.Millisecond, Decision{RetryAfter: 300 * time.Millisecond, Reset: 1300 * time.Millisecond}},
		{"a token at 500 ms", 300 * time.Millisecond, Decision{Allowed: true, Remaining: 0, Reset: 1500 * time.Millisecond}},
		{"and only one", 0, Decision{RetryAfter: 500 * time.Millisecond, Reset: 1500 * time.Millisecond}},
		{"an hour later: full, not more", time.Hour, Decision{Allowed: true, Remaining: 2, Reset: 500 * time.Millisecond}},
	}
	for _, s := range steps {
		clock.Advance(s.advance)
		if got := mustAllow(t, m, "k", p); got != s.want {
			t.Fatalf("%s: %+v, want %+v", s.name, got, s.want)
		}
	}
}

func TestMemoryKeysAndPoliciesAreSeparate(t *testing.T) {
	clock := newFakeClock()
	m := NewMemory(MemoryConfig{Now: clock.Now})
	a := Policy{Name: "a", Rate: 1, Burst: 1}
	b := Policy{Name: "b", Rate: 1, Burst: 1}
	if !mustAllow(t, m, "k1", a).Allowed || mustAllow(t, m, "k1", a).Allowed {
		t.Fatal("want the first request of k1 under a allowed, the second refused")
	}
	if !mustAllow(t, m, "k2", a).Allowed {
		t.Error("k2 under a was refused: it shares k1's bucket")
	}
	if !mustAllow(t, m, "k1", b).Allowed {
		t.Error("k1 under b was refused: policies share buckets")
	}
}

// A policy made stricter while buckets exist caps what they hold.
func TestMemoryPolicyShrinks(t *testing.T) {
	clock := newFakeClock()
	m := NewMemory(MemoryConfig{Now: clock.Now})
	mustAllow(t, m, "k", Policy{Name: "p", Rate: 1, Burst: 100})
	d := mustAllow(t, m, "k", Policy{Name: "p", Rate: 1, Burst: 2})
	if !d.Allowed || d.Remaining != 1 {
		t.Errorf("after shrinking the burst to 2: %+v, want allowed with 1 left", d)
	}
}

func TestMemoryRefusesInvalidPolicy(t *testing.T) {
	m := NewMemory(MemoryConfig{})
	if _, err := m.Allow(context.Background(), "k", Policy{Name: "x", Rate: 0, Burst: 1}); err == nil {
		t.Fatal("Allow with a zero rate succeeded")
	}
}

// Many goroutines on one key at one instant: exactly Burst get through.
func TestMemoryConcurrentBurst(t *testing.T) {
	clock := newFakeClock() // frozen: no refill during the test
	m := NewMemory(MemoryConfig{Now: clock.Now})
	p := Policy{Name: "c", Rate: 1, Burst: 50}
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for range 200 {
		wg.Go(func() {
			for range 5 {
				if d, err := m.Allow(context.Background(), "one", p); err == nil && d.Allowed {
					allowed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if got := allowed.Load(); got != int64(p.Burst) {
		t.Fatalf("%d of 1000 concurrent requests allowed, want exactly %d", got, p.Burst)
	}
}

// A flood of distinct client addresses is held to MaxKeys buckets, in
// count and in heap.
func TestMemoryFloodIsBounded(t *testing.T) {
	clock := newFakeClock()
	const maxKeys = 1000
	m := NewMemory(MemoryConfig{MaxKeys: maxKeys, Now: clock.Now})
	p := Policy{Name: "ip", Rate: 1, Burst: 10}
	heapBefore := heapInUse()
	for i := range 200_000 {
		mustAllow(t, m, fmt.Sprintf("ip:10.%d.%d.%d", i>>16&255, i>>8&255, i&255), p)
	}
	if n := m.Len(); n != maxKeys {
		t.Fatalf("%d buckets after 200 000 distinct keys, want the cap %d", n, maxKeys)
	}
	// 200 000 buckets would take tens of MB; 1000 take a few hundred KB.
	if grown := heapInUse() - heapBefore; grown > 4<<20 {
		t.Errorf("heap grew by %d bytes for %d buckets", grown, maxKeys)
	}
	// The most recent key kept its bucket: its second request sees it.
	if d := mustAllow(t, m, "ip:10.3.13.63", p); d.Remaining != 8 {
		t.Errorf("the latest key's bucket was dropped: %+v", d)
	}
	runtime.KeepAlive(m)
}

func heapInUse() int64 {
	runtime.GC()
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	return int64(s.HeapAlloc)
}

// Buckets that have filled up again are dropped without any cap.
func TestMemoryDropsRefilledBuckets(t *testing.T) {
	clock := newFakeClock()
	m := NewMemory(MemoryConfig{Now: clock.Now})
	p := Policy{Name: "ip", Rate: 10, Burst: 10} // full again within 1 s
	for i := range 500 {
		mustAllow(t, m, fmt.Sprint("k", i), p)
	}
	if m.Len() != 500 {
		t.Fatalf("%d buckets, want 500", m.Len())
	}
	clock.Advance(2 * time.Second)
	mustAllow(t, m, "new", p)
	if m.Len() != 1 {
		t.Errorf("%d buckets after all had refilled, want only the new one", m.Len())
	}
}
