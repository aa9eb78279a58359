package ratelimit

import (
	"context"
	"strconv"
	"testing"
)

// One hot key: the cost of a decision under the lock.
func BenchmarkMemoryAllow(b *testing.B) {
	m := NewMemory(MemoryConfig{})
	p := Policy{Name: "bench", Rate: 1e9, Burst: 1 << 30}
	ctx := context.Background()
	for b.Loop() {
		if _, err := m.Allow(ctx, "ip:192.0.2.1", p); err != nil {
			b.Fatal(err)
		}
	}
}

// Many keys from many goroutines, past the key cap: lookups, inserts and
// evictions.
func BenchmarkMemoryAllowManyKeysParallel(b *testing.B) {
	m := NewMemory(MemoryConfig{MaxKeys: 10_000})
	p := Policy{Name: "bench", Rate: 1, Burst: 10}
	ctx := context.Background()
	keys := make([]string, 50_000)
	for i := range keys {
		keys[i] = "ip:" + strconv.Itoa(i)
	}
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := m.Allow(ctx, keys[i%len(keys)], p); err != nil {
				b.Fatal(err)
			}
			i += 7919
		}
	})
}

// One round trip to the local Redis per decision (EVALSHA).
func BenchmarkRedisAllow(b *testing.B) {
	u := testRedisURL(b)
	l := NewRedis(newTestClient(b, u), testPrefix(b, u))
	p := Policy{Name: "bench", Rate: 1e9, Burst: 1 << 30}
	ctx := context.Background()
	for b.Loop() {
		if _, err := l.Allow(ctx, "ip:192.0.2.1", p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRedisAllowParallel(b *testing.B) {
	u := testRedisURL(b)
	l := NewRedis(newTestClient(b, u), testPrefix(b, u))
	p := Policy{Name: "bench", Rate: 1e9, Burst: 1 << 30}
	ctx := context.Background()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := l.Allow(ctx, "ip:192.0.2.1", p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
