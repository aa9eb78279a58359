package security

import (
	"container/list"
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// LoginLimiter slows down password guessing: after a few failures for a
// key (an account, a client address), each further failure makes the key
// wait twice as long before its next attempt. Keys are opaque strings;
// LoginKeyUser and LoginKeyIP make them. LoginThrottle keeps them in
// memory; a shared backend (Redis) can implement the same interface for
// several instances.
type LoginLimiter interface {
	// Wait returns how long key must still wait before its next attempt;
	// 0 means it may try now. A caller refuses an attempt that must wait
	// without checking the password.
	Wait(ctx context.Context, key string) (time.Duration, error)
	// Failed records a failed attempt and returns how long key must now
	// wait.
	Failed(ctx context.Context, key string) (time.Duration, error)
	// Succeeded forgets key's failures.
	Succeeded(ctx context.Context, key string) error
}

// LoginKeyUser is the throttle key of a username, in the form usernames
// are compared (trimmed, lowercased), so "Ada" and "ada " share one.
func LoginKeyUser(username string) string {
	return "user:" + strings.ToLower(strings.TrimSpace(username))
}

// LoginKeyIP is the throttle key of a client address: the address itself
// for IPv4 (also when IPv4-mapped), its /64 for IPv6, since one host
// usually holds a whole /64.
func LoginKeyIP(addr netip.Addr) string {
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return "ip:" + p.String()
	}
	return "ip:" + addr.String()
}

// ThrottleConfig tunes a LoginThrottle.
type ThrottleConfig struct {
	FreeFailures int           // failures allowed before any wait
	BaseDelay    time.Duration // wait after the first failure beyond FreeFailures; doubles with each one more
	MaxDelay     time.Duration // the longest wait (the lockout window)
	ForgetAfter  time.Duration // a key without failures this long starts afresh
	MaxKeys      int           // keys kept at most; the least recently failed go first
	Now          func() time.Time
}

// DefaultThrottleConfig: 5 free failures, then 1 s, 2 s, 4 s … up to 15
// minutes; forgotten after an hour without failures; at most 100 000 keys
// (a few MB).
func DefaultThrottleConfig() ThrottleConfig {
	return ThrottleConfig{FreeFailures: 5, BaseDelay: time.Second, MaxDelay: 15 * time.Minute,
		ForgetAfter: time.Hour, MaxKeys: 100_000, Now: time.Now}
}

// Validate checks that the settings make sense together.
func (c ThrottleConfig) Validate() error {
	switch {
	case c.FreeFailures < 0 || c.BaseDelay <= 0 || c.MaxKeys < 1:
		return fmt.Errorf("login throttle: free failures %d, base delay %s and max keys %d must be positive", c.FreeFailures, c.BaseDelay, c.MaxKeys)
	case c.MaxDelay < c.BaseDelay:
		return fmt.Errorf("login throttle: max delay %s is shorter than base delay %s", c.MaxDelay, c.BaseDelay)
	case c.ForgetAfter < c.MaxDelay:
		return fmt.Errorf("login throttle: forgetting after %s would end a %s lockout early", c.ForgetAfter, c.MaxDelay)
	}
	return nil
}

// LoginThrottle is the in-memory LoginLimiter, safe for concurrent use.
// Its size is bounded: beyond MaxKeys the least recently failed key is
// dropped, so a flood of distinct keys costs memory only up to the bound
// (and may let the oldest lockout lapse early, which the per-address key
// of the same flood makes up for).
type LoginThrottle struct {
	cfg     ThrottleConfig
	mu      sync.Mutex
	entries map[string]*list.Element // of *throttleEntry
	recent  *list.List               // most recently failed first
}

type throttleEntry struct {
	key        string
	failures   int
	lastFailed time.Time
}

var _ LoginLimiter = (*LoginThrottle)(nil)

// NewLoginThrottle returns an empty throttle; a nil cfg.Now is time.Now.
func NewLoginThrottle(cfg ThrottleConfig) (*LoginThrottle, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &LoginThrottle{cfg: cfg, entries: map[string]*list.Element{}, recent: list.New()}, nil
}

// Wait implements LoginLimiter.
func (t *LoginThrottle) Wait(_ context.Context, key string) (time.Duration, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.cfg.Now()
	el, ok := t.entries[key]
	if !ok {
		return 0, nil
	}
	e := el.Value.(*throttleEntry)
	if t.stale(e, now) {
		t.remove(el)
		return 0, nil
	}
	return max(0, e.lastFailed.Add(t.delay(e.failures)).Sub(now)), nil
}

// Failed implements LoginLimiter.
func (t *LoginThrottle) Failed(_ context.Context, key string) (time.Duration, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.cfg.Now()
	t.dropStale(now)
	el, ok := t.entries[key]
	if !ok {
		el = t.recent.PushFront(&throttleEntry{key: key})
		t.entries[key] = el
	}
	e := el.Value.(*throttleEntry)
	e.failures++
	e.lastFailed = now
	t.recent.MoveToFront(el)
	for t.recent.Len() > t.cfg.MaxKeys {
		t.remove(t.recent.Back())
	}
	return t.delay(e.failures), nil
}

// Succeeded implements LoginLimiter.
func (t *LoginThrottle) Succeeded(_ context.Context, key string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if el, ok := t.entries[key]; ok {
		t.remove(el)
	}
	return nil
}

// Len returns how many keys the throttle holds.
func (t *LoginThrottle) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.recent.Len()
}

// delay is the wait after the given number of failures: none up to
// FreeFailures, then BaseDelay doubling with each failure, at most MaxDelay.
func (t *LoginThrottle) delay(failures int) time.Duration {
	beyond := failures - t.cfg.FreeFailures
	if beyond <= 0 {
		return 0
	}
	d := t.cfg.BaseDelay
	for i := 1; i < beyond && d < t.cfg.MaxDelay; i++ {
		d *= 2
	}
	return min(d, t.cfg.MaxDelay)
}

func (t *LoginThrottle) stale(e *throttleEntry, now time.Time) bool {
	return now.Sub(e.lastFailed) >= t.cfg.ForgetAfter
}

// dropStale removes forgotten keys from the old end of the list.
func (t *LoginThrottle) dropStale(now time.Time) {
	for el := t.recent.Back(); el != nil && t.stale(el.Value.(*throttleEntry), now); el = t.recent.Back() {
		t.remove(el)
	}
}

func (t *LoginThrottle) remove(el *list.Element) {
	t.recent.Remove(el)
	delete(t.entries, el.Value.(*throttleEntry).key)
}
