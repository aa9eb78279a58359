package security

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newFakeClock() *fakeClock               { return &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }
func testThrottleConfig(c *fakeClock) ThrottleConfig {
	cfg := DefaultThrottleConfig()
	cfg.FreeFailures, cfg.BaseDelay, cfg.MaxDelay, cfg.ForgetAfter = 3, time.Second, 10*time.Second, time.Minute
	cfg.Now = c.now
	return cfg
}

func newTestThrottle(t *testing.T, cfg ThrottleConfig) *LoginThrottle {
	t.Helper()
	th, err := NewLoginThrottle(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return th
}

func TestLoginThrottleBackOff(t *testing.T) {
	clock := newFakeClock()
	th := newTestThrottle(t, testThrottleConfig(clock))
	ctx := context.Background()
	const key = "user:ada"
	// 3 free failures, then 1 s, 2 s, 4 s, 8 s, then the 10 s cap.
	for i, want := range []time.Duration{0, 0, 0, 1, 2, 4, 8, 10, 10} {
		if w, _ := th.Wait(ctx, key); w != 0 {
			t.Fatalf("before failure %d: Wait = %s, want 0 (the previous lockout has passed)", i+1, w)
		}
		got, _ := th.Failed(ctx, key)
		if got != want*time.Second {
			t.Fatalf("failure %d: wait %s, want %s", i+1, got, want*time.Second)
		}
		if w, _ := th.Wait(ctx, key); w != got {
			t.Fatalf("failure %d: Wait right after = %s, want %s", i+1, w, got)
		}
		clock.advance(got / 2)
		if w, _ := th.Wait(ctx, key); w != got-got/2 {
			t.Fatalf("failure %d: Wait halfway = %s, want %s", i+1, w, got-got/2)
		}
		clock.advance(got - got/2)
	}
	if w, _ := th.Wait(ctx, "user:bob"); w != 0 {
		t.Errorf("another key waits %s", w)
	}
}

func TestLoginThrottleForgets(t *testing.T) {
	clock := newFakeClock()
	th := newTestThrottle(t, testThrottleConfig(clock))
	ctx := context.Background()
	for range 5 {
		th.Failed(ctx, "a")
		th.Failed(ctx, "b")
	}
	if err := th.Succeeded(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if w, _ := th.Wait(ctx, "a"); w != 0 {
		t.Errorf("after success: Wait = %s, want 0", w)
	}
	if got, _ := th.Failed(ctx, "a"); got != 0 {
		t.Errorf("first failure after a success waits %s; the count should restart", got)
	}
	clock.advance(time.Minute) // ForgetAfter without failures
	if w, _ := th.Wait(ctx, "b"); w != 0 {
		t.Errorf("after ForgetAfter: Wait = %s, want 0", w)
	}
	if got, _ := th.Failed(ctx, "b"); got != 0 {
		t.Errorf("failure after ForgetAfter waits %s; the count should restart", got)
	}
	if n := th.Len(); n != 1 {
		t.Errorf("Len = %d; the stale key a should have been dropped, b kept", n)
	}
}

func TestLoginThrottleBounded(t *testing.T) {
	clock := newFakeClock()
	cfg := testThrottleConfig(clock)
	cfg.MaxKeys = 100
	th := newTestThrottle(t, cfg)
	ctx := context.Background()
	for range 10 {
		th.Failed(ctx, "victim")
	}
	for i := range 1000 {
		th.Failed(ctx, fmt.Sprintf("junk-%d", i))
		if i == 50 {
			th.Failed(ctx, "victim") // recently failed keys stay
		}
	}
	if n := th.Len(); n != 100 {
		t.Fatalf("Len = %d, want the bound 100", n)
	}
	if w, _ := th.Wait(ctx, "junk-0"); w != 0 {
		t.Error("the least recently failed key was kept")
	}
	if w, _ := th.Wait(ctx, "junk-999"); w != 0 {
		t.Errorf("a key with one failure waits %s", w)
	}
}

func TestLoginThrottleConcurrent(t *testing.T) {
	clock := newFakeClock()
	cfg := testThrottleConfig(clock)
	th := newTestThrottle(t, cfg)
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				key := fmt.Sprintf("k%d", (g*200+i)%16)
				th.Wait(ctx, key)
				th.Failed(ctx, key)
			}
		})
	}
	wg.Wait()
	for i := range 16 { // 100 failures each: capped
		if w, _ := th.Wait(ctx, fmt.Sprintf("k%d", i)); w != cfg.MaxDelay {
			t.Fatalf("k%d waits %s after 100 failures, want %s", i, w, cfg.MaxDelay)
		}
	}
}

func TestThrottleConfigValidate(t *testing.T) {
	good := DefaultThrottleConfig()
	if err := good.Validate(); err != nil {
		t.Fatalf("default: %v", err)
	}
	tests := map[string]func(*ThrottleConfig){
		"no base delay":          func(c *ThrottleConfig) { c.BaseDelay = 0 },
		"max below base":         func(c *ThrottleConfig) { c.MaxDelay = c.BaseDelay / 2 },
		"forget before lockout":  func(c *ThrottleConfig) { c.ForgetAfter = c.MaxDelay - time.Second },
		"no keys":                func(c *ThrottleConfig) { c.MaxKeys = 0 },
		"negative free failures": func(c *ThrottleConfig) { c.FreeFailures = -1 },
	}
	for name, change := range tests {
		c := good
		change(&c)
		if _, err := NewLoginThrottle(c); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestLoginKeys(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"username folded", LoginKeyUser("  Ada "), "user:ada"},
		{"IPv4", LoginKeyIP(netip.MustParseAddr("192.0.2.7")), "ip:192.0.2.7"},
		{"IPv4-mapped", LoginKeyIP(netip.MustParseAddr("::ffff:192.0.2.7")), "ip:192.0.2.7"},
		{"IPv6 to its /64", LoginKeyIP(netip.MustParseAddr("2001:db8:1:2:aaaa::1")), "ip:2001:db8:1:2::/64"},
		{"IPv6 same /64", LoginKeyIP(netip.MustParseAddr("2001:db8:1:2:ffff::9")), "ip:2001:db8:1:2::/64"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
