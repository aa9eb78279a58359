package ratelimit

import (
	"container/list"
	"context"
	"fmt"
	"sync"
	"time"
)

// DefaultMaxKeys is how many buckets a Memory limiter keeps at most: about
// 190 bytes each with an IPv4 key (measured), so some 19 MB.
const DefaultMaxKeys = 100_000

// MemoryConfig tunes a Memory limiter.
type MemoryConfig struct {
	// MaxKeys bounds the number of buckets; 0 is DefaultMaxKeys. Beyond
	// it the least recently used bucket is dropped.
	MaxKeys int
	// Now is the clock; nil is time.Now. Tests set a fake one.
	Now func() time.Time
}

// Memory is the in-process Limiter: the default, for one instance. It is
// safe for concurrent use and its memory is bounded: a bucket that has
// filled up again is the same as no bucket and is dropped when it reaches
// the old end of the use list, and past MaxKeys the least recently used
// bucket goes whatever its state, so a flood of random client addresses
// costs at most MaxKeys buckets. Dropping a bucket that was not full gives
// its key a full one back; with a cap of 100 000 keys that takes a flood
// from 100 000 addresses, which the per-principal limits still meter.
type Memory struct {
	maxKeys int
	now     func() time.Time

	mu      sync.Mutex
	buckets map[string]*list.Element // of *memoryBucket
	lru     *list.List               // most recently used first
}

type memoryBucket struct {
	id     string
	tokens float64
	last   time.Time // when tokens was computed
	full   time.Time // when the bucket will be full again
}

var _ Limiter = (*Memory)(nil)

// NewMemory returns an empty Memory limiter.
func NewMemory(cfg MemoryConfig) *Memory {
	if cfg.MaxKeys <= 0 {
		cfg.MaxKeys = DefaultMaxKeys
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Memory{maxKeys: cfg.MaxKeys, now: cfg.Now, buckets: map[string]*list.Element{}, lru: list.New()}
}

// Allow implements Limiter; it never fails for a valid policy.
func (m *Memory) Allow(_ context.Context, key string, p Policy) (Decision, error) {
	if err := p.Validate(); err != nil {
		return Decision{}, fmt.Errorf("rate limit: %w", err)
	}
	id := bucketID(p, key)
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.dropRefilled(now)
	b := m.bucket(id, p, now)
	b.tokens = min(float64(p.Burst), b.tokens+now.Sub(b.last).Seconds()*p.Rate)
	b.last = now
	allowed := b.tokens >= 1
	if allowed {
		b.tokens--
	}
	d := decide(b.tokens, allowed, p)
	b.full = now.Add(d.Reset)
	return d, nil
}

// bucket returns id's bucket, made full and most recently used.
func (m *Memory) bucket(id string, p Policy, now time.Time) *memoryBucket {
	if el, ok := m.buckets[id]; ok {
		m.lru.MoveToFront(el)
		return el.Value.(*memoryBucket)
	}
	for m.lru.Len() >= m.maxKeys {
		m.remove(m.lru.Back())
	}
	b := &memoryBucket{id: id, tokens: float64(p.Burst), last: now}
	m.buckets[id] = m.lru.PushFront(b)
	return b
}

// dropRefilled removes, from the least recently used end, the buckets
// that are full again (and so no different from absent ones).
func (m *Memory) dropRefilled(now time.Time) {
	for el := m.lru.Back(); el != nil && !now.Before(el.Value.(*memoryBucket).full); el = m.lru.Back() {
		m.remove(el)
	}
}

func (m *Memory) remove(el *list.Element) {
	m.lru.Remove(el)
	delete(m.buckets, el.Value.(*memoryBucket).id)
}

// Len returns how many buckets the limiter holds.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lru.Len()
}
