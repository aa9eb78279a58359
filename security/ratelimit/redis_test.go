package ratelimit

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// withHost is rawURL pointing at addr instead, password and database kept.
func withHost(t testing.TB, rawURL, addr string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = addr
	return u.String()
}

func TestRedisBurstRefillAndTTL(t *testing.T) {
	u := testRedisURL(t)
	prefix := testPrefix(t, u)
	c := newTestClient(t, u)
	l := NewRedis(c, prefix)
	p := Policy{Name: "test", Rate: 20, Burst: 3} // a token every 50 ms

	for i, want := range []int{2, 1, 0} {
		d := mustAllow(t, l, "k", p)
		if !d.Allowed || d.Remaining != want {
			t.Fatalf("request %d: %+v, want allowed with %d left", i+1, d, want)
		}
	}
	d := mustAllow(t, l, "k", p)
	if d.Allowed || d.RetryAfter <= 0 || d.RetryAfter > 50*time.Millisecond {
		t.Fatalf("4th request: %+v, want refused with a retry within 50 ms", d)
	}
	ttl, err := c.PTTL(context.Background(), prefix+"test:k").Result()
	if err != nil || ttl <= 0 || ttl > 1150*time.Millisecond {
		t.Errorf("bucket TTL %v (%v), want the refill time (150 ms) plus 1 s at most", ttl, err)
	}
	time.Sleep(120 * time.Millisecond) // two tokens' worth at 20/s
	if d := mustAllow(t, l, "k", p); !d.Allowed {
		t.Errorf("after 120 ms still refused: %+v", d)
	}
}

// Two instances with their own clients share one budget.
func TestRedisSharedBudget(t *testing.T) {
	u := testRedisURL(t)
	prefix := testPrefix(t, u)
	a := NewRedis(newTestClient(t, u), prefix)
	b := NewRedis(newTestClient(t, u), prefix)
	p := Policy{Name: "shared", Rate: 0.001, Burst: 40} // no refill within the test

	var allowed atomic.Int64
	var wg sync.WaitGroup
	for i := range 20 {
		l := a
		if i%2 == 1 {
			l = b
		}
		wg.Go(func() {
			for range 5 {
				d, err := l.Allow(context.Background(), "client", p)
				if err != nil {
					t.Error(err)
					return
				}
				if d.Allowed {
					allowed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if got := allowed.Load(); got != int64(p.Burst) {
		t.Fatalf("%d of 100 requests over two instances allowed, want exactly the shared burst %d", got, p.Burst)
	}
	if d := mustAllow(t, a, "other-client", p); !d.Allowed || d.Remaining != p.Burst-1 {
		t.Errorf("another key is affected: %+v", d)
	}
}

func TestRedisUnreachable(t *testing.T) {
	l := NewRedis(newTestClient(t, "redis://"+closedAddr(t)+"/0"), "x:")
	_, err := l.Allow(context.Background(), "k", Policy{Name: "p", Rate: 1, Burst: 1})
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Allow against a closed port = %v, want ErrUnavailable", err)
	}
}

// The password in the URL is used: a Redis user made for the test gets
// in with it and not without it.
func TestRedisPassword(t *testing.T) {
	u := testRedisURL(t)
	admin := newTestClient(t, u)
	prefix := testPrefix(t, u)
	ctx := context.Background()
	user, password := "ffprobe-api-test-"+strings.ToLower(strings.TrimSuffix(strings.Split(prefix, ":")[1], ":")), "s3cret-"+prefix
	if err := admin.Do(ctx, "ACL", "SETUSER", user, "on", ">"+password, "~"+prefix+"*", "+@all").Err(); err != nil {
		t.Skipf("this Redis does not allow ACL SETUSER (%v); the password case is untested", err)
	}
	t.Cleanup(func() { admin.Do(context.Background(), "ACL", "DELUSER", user) })

	parsed, _ := url.Parse(u)
	parsed.User = url.UserPassword(user, password)
	good := NewRedis(newTestClient(t, parsed.String()), prefix)
	if d := mustAllow(t, good, "k", Policy{Name: "p", Rate: 1, Burst: 2}); !d.Allowed {
		t.Errorf("with the password: %+v", d)
	}
	parsed.User = url.UserPassword(user, "wrong")
	bad := NewRedis(newTestClient(t, parsed.String()), prefix)
	if _, err := bad.Allow(ctx, "k", Policy{Name: "p", Rate: 1, Burst: 2}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("with a wrong password: %v, want ErrUnavailable", err)
	}
}

func TestNewRedisClientOptions(t *testing.T) {
	tests := []struct {
		name  string
		url   string
		check func(t *testing.T, o *redis.Options)
	}{
		{"password and db", "redis://:pw@cache.internal:6380/3", func(t *testing.T, o *redis.Options) {
			if o.Password != "pw" || o.Addr != "cache.internal:6380" || o.DB != 3 || o.TLSConfig != nil {
				t.Errorf("options %+v", o)
			}
		}},
		{"rediss is TLS", "rediss://user:pw@cache.example.com", func(t *testing.T, o *redis.Options) {
			if o.TLSConfig == nil || o.TLSConfig.ServerName != "cache.example.com" || o.Username != "user" {
				t.Errorf("TLS config %+v, user %q", o.TLSConfig, o.Username)
			}
		}},
		{"fast-failing defaults", "redis://localhost", func(t *testing.T, o *redis.Options) {
			if o.DialTimeout != time.Second || o.ReadTimeout != 500*time.Millisecond || o.MaxRetries != 0 || o.DialerRetries != 1 {
				t.Errorf("dial %v read %v retries %d dial retries %d", o.DialTimeout, o.ReadTimeout, o.MaxRetries, o.DialerRetries)
			}
		}},
		{"the URL's timeouts win", "redis://localhost?dial_timeout=3&read_timeout=2s&max_retries=2", func(t *testing.T, o *redis.Options) {
			if o.DialTimeout != 3*time.Second || o.ReadTimeout != 2*time.Second || o.MaxRetries != 2 {
				t.Errorf("dial %v read %v retries %d", o.DialTimeout, o.ReadTimeout, o.MaxRetries)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewRedisClient(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			tt.check(t, c.Options())
		})
	}
}

func TestNewRedisClientRefusesWithoutLeakingPassword(t *testing.T) {
	for _, bad := range []string{"redis://:hunter2secret@host:notaport", "http://:hunter2secret@host", "redis://:hunter2secret@host/notadb"} {
		_, err := NewRedisClient(bad)
		if err == nil {
			t.Errorf("NewRedisClient(%q) succeeded", bad)
			continue
		}
		if strings.Contains(err.Error(), "hunter2secret") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
}
