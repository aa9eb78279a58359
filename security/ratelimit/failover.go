package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// FailureMode is what a Failover does while its shared backend cannot be
// reached.
type FailureMode string

const (
	// FailClosed refuses every request (Allow returns ErrUnavailable and
	// the middleware answers 503): the default, since a limit that lapses
	// whenever Redis does is no limit against someone who can make it
	// lapse.
	FailClosed FailureMode = "closed"
	// FailLocal decides with this instance's in-memory buckets: the
	// service stays up, and each instance lets through up to the whole
	// budget, so N instances allow N times the shared limit.
	FailLocal FailureMode = "local"
)

// ParseFailureMode reads "closed" or "local".
func ParseFailureMode(s string) (FailureMode, error) {
	switch m := FailureMode(s); m {
	case FailClosed, FailLocal:
		return m, nil
	}
	return "", fmt.Errorf("rate limit failure mode %q: want closed (refuse requests while Redis is unreachable) or local (use this instance's own limits)", s)
}

// DefaultRetryInterval is how long a Failover leaves a failed backend
// alone before trying it again.
const DefaultRetryInterval = time.Second

// FailoverConfig tunes a Failover.
type FailoverConfig struct {
	Mode FailureMode // "" is FailClosed
	// Local decides while the backend is down in FailLocal mode; nil
	// makes a Memory limiter with the default settings.
	Local Limiter
	// RetryInterval: after a failure, requests do not wait on the backend
	// again for this long; 0 is DefaultRetryInterval.
	RetryInterval time.Duration
	// Logger gets one line when the backend goes down and one when it
	// comes back, never one per request; nil logs nothing.
	Logger *slog.Logger
	// BackendErrors counts the backend's failed calls; UnavailableDecisions
	// counts the requests decided without it (refused or local). Either may
	// be nil.
	BackendErrors        Counter
	UnavailableDecisions Counter
	Now                  func() time.Time // nil is time.Now
}

// Failover wraps a shared limiter (Redis) with what to do when it cannot
// be reached: after a failure it stops calling the backend for
// RetryInterval (so requests do not each wait for a dial timeout) and
// decides per Mode until a call succeeds again.
type Failover struct {
	primary Limiter
	cfg     FailoverConfig

	mu        sync.Mutex
	down      bool
	nextProbe time.Time
}

var _ Limiter = (*Failover)(nil)

// NewFailover wraps primary.
func NewFailover(primary Limiter, cfg FailoverConfig) (*Failover, error) {
	if cfg.Mode == "" {
		cfg.Mode = FailClosed
	}
	if _, err := ParseFailureMode(string(cfg.Mode)); err != nil {
		return nil, err
	}
	if cfg.Local == nil {
		cfg.Local = NewMemory(MemoryConfig{Now: cfg.Now})
	}
	if cfg.RetryInterval <= 0 {
		cfg.RetryInterval = DefaultRetryInterval
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.BackendErrors = counterOrNone(cfg.BackendErrors)
	cfg.UnavailableDecisions = counterOrNone(cfg.UnavailableDecisions)
	return &Failover{primary: primary, cfg: cfg}, nil
}

// Allow implements Limiter.
func (f *Failover) Allow(ctx context.Context, key string, p Policy) (Decision, error) {
	if f.skipPrimary() {
		return f.unavailable(ctx, key, p, errors.New("the last call failed; not retried yet"))
	}
	d, err := f.primary.Allow(ctx, key, p)
	switch {
	case err == nil:
		f.markUp()
		return d, nil
	case !errors.Is(err, ErrUnavailable) || ctx.Err() != nil:
		return d, err // a bad policy or a gone client: not the backend's fault
	}
	f.cfg.BackendErrors.Inc()
	f.markDown(err)
	return f.unavailable(ctx, key, p, err)
}

func (f *Failover) unavailable(ctx context.Context, key string, p Policy, cause error) (Decision, error) {
	f.cfg.UnavailableDecisions.Inc()
	if f.cfg.Mode == FailLocal {
		return f.cfg.Local.Allow(ctx, key, p)
	}
	if errors.Is(cause, ErrUnavailable) {
		return Decision{}, cause
	}
	return Decision{}, fmt.Errorf("%w: %w", ErrUnavailable, cause)
}

func (f *Failover) skipPrimary() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.down && f.cfg.Now().Before(f.nextProbe)
}

func (f *Failover) markDown(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextProbe = f.cfg.Now().Add(f.cfg.RetryInterval)
	if !f.down {
		f.down = true
		f.cfg.Logger.Warn("rate limit backend unreachable", "mode", string(f.cfg.Mode), "error", err)
	}
}

func (f *Failover) markUp() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		f.down = false
		f.cfg.Logger.Info("rate limit backend reachable again")
	}
}

// Down reports whether the backend is considered unreachable now.
func (f *Failover) Down() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.down
}
