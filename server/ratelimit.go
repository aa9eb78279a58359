package server

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/ffprobe-api/ffprobe-api/security/ratelimit"
	"github.com/gorilla/mux"
	"github.com/redis/go-redis/v9"
)

// RateLimitConfig is how fast clients may call the API (docs/security.md,
// "Rate limits"). Limits are off unless Enabled; serve turns them on with
// ratelimit.DefaultPlan unless its flags say otherwise.
type RateLimitConfig struct {
	Enabled bool
	// Plan: per client address (every limited request), per principal by
	// role (after authentication), and per address on the login route.
	Plan ratelimit.Plan
	// RedisURL keeps the buckets in Redis (redis:// or rediss://), so that
	// every instance draws from one budget; "" keeps them in memory.
	RedisURL string
	// RedisPrefix starts every key in Redis; "" is
	// ratelimit.DefaultRedisPrefix.
	RedisPrefix string
	// OnRedisFailure is what happens while Redis cannot be reached:
	// ratelimit.FailClosed ("" too) refuses with 503, ratelimit.FailLocal
	// decides with this instance's own buckets.
	OnRedisFailure ratelimit.FailureMode
}

func (c RateLimitConfig) problems() []string {
	if !c.Enabled {
		return nil
	}
	var problems []string
	if err := c.Plan.Validate(); err != nil {
		problems = append(problems, err.Error())
	}
	if c.OnRedisFailure != "" {
		if _, err := ratelimit.ParseFailureMode(string(c.OnRedisFailure)); err != nil {
			problems = append(problems, "--rate-limit-on-redis-failure: "+err.Error())
		}
	}
	return problems
}

// unlimitedRoutes are never rate limited: orchestrators poll them, and
// /metrics has its own token.
var unlimitedRoutes = map[string]bool{"/api/v1/health": true, "/api/v1/ready": true, "/metrics": true}

// loginRoute is the route whose POSTs meet the login limit as well.
const loginRoute = "/api/v1/auth/login"

// rateLimits is the server's limiter and its middleware.
type rateLimits struct {
	limiter ratelimit.Limiter
	plan    ratelimit.Plan
	redis   *redis.Client // nil when the buckets are in memory
	mw      struct {
		byIP, login, byPrincipal func(http.Handler) http.Handler
	}
}

// newRateLimits builds the limiter of cfg (nil when limits are off): in
// memory, or Redis behind a Failover that logs and counts its outages.
func newRateLimits(cfg RateLimitConfig, m *metrics, log *slog.Logger) (*rateLimits, error) {
	if !cfg.Enabled {
		return nil, nil
	}
	rl := &rateLimits{plan: cfg.Plan, limiter: ratelimit.NewMemory(ratelimit.MemoryConfig{})}
	if cfg.RedisURL != "" {
		client, err := ratelimit.NewRedisClient(cfg.RedisURL)
		if err != nil {
			return nil, fmt.Errorf("--redis-url: %w", err)
		}
		failover, err := ratelimit.NewFailover(ratelimit.NewRedis(client, cfg.RedisPrefix), ratelimit.FailoverConfig{
			Mode: cfg.OnRedisFailure, Logger: log,
			BackendErrors: m.guards.limiterErrors, UnavailableDecisions: m.guards.limiterUnavailable,
		})
		if err != nil {
			_ = client.Close()
			return nil, err
		}
		rl.limiter, rl.redis = failover, client
	}
	middleware := func(sel ratelimit.Selector) func(http.Handler) http.Handler {
		return ratelimit.Middleware(ratelimit.MiddlewareConfig{Limiter: rl.limiter, Select: sel, WriteError: writeRateLimitError, Observe: m.observeRateLimit})
	}
	rl.mw.byIP = middleware(rl.selectByIP)
	rl.mw.login = middleware(rl.selectLogin)
	rl.mw.byPrincipal = middleware(ratelimit.ByPrincipal(cfg.Plan))
	return rl, nil
}

// selectByIP meters every routed request by its client address, except
// the unlimited routes.
func (rl *rateLimits) selectByIP(r *http.Request) (string, ratelimit.Policy, bool) {
	if unlimitedRoutes[routeTemplate(r)] {
		return "", ratelimit.Policy{}, false
	}
	return ratelimit.KeyIP(clientIPOf(r)), rl.plan.PerIP, true
}

// selectLogin meters login attempts by client address.
func (rl *rateLimits) selectLogin(r *http.Request) (string, ratelimit.Policy, bool) {
	if r.Method != http.MethodPost || routeTemplate(r) != loginRoute {
		return "", ratelimit.Policy{}, false
	}
	return ratelimit.KeyIP(clientIPOf(r)), rl.plan.Login, true
}

func routeTemplate(r *http.Request) string {
	if route := mux.CurrentRoute(r); route != nil {
		if tmpl, err := route.GetPathTemplate(); err == nil {
			return tmpl
		}
	}
	return ""
}

// writeRateLimitError answers a refusal in the error shape: 429
// rate_limited, or 503 rate_limiter_unavailable when Redis could not be
// asked (the cause goes to the log). Retry-After is already set.
func writeRateLimitError(w http.ResponseWriter, r *http.Request, status int, message string, cause error) {
	if status == http.StatusServiceUnavailable {
		writeError(w, r, wrapError(CodeRateLimiterUnavailable, cause, "%s", message))
		return
	}
	writeError(w, r, errorf(CodeRateLimited, "%s", message))
}

// withRateLimits meters requests by client address, and login attempts
// by address too. It runs inside the router (after the route template is
// known), so requests that match no route are not metered: they cost a
// 404 and nothing else.
func (s *Server) withRateLimits(next http.Handler) http.Handler {
	if s.limits == nil {
		return next
	}
	return s.limits.mw.byIP(s.limits.mw.login(next))
}

// withPrincipalRateLimit meters authenticated requests by their principal
// (API key or user), with the limit of its role; it runs right after
// authentication.
func (s *Server) withPrincipalRateLimit(next http.Handler) http.Handler {
	if s.limits == nil {
		return next
	}
	return s.limits.mw.byPrincipal(next)
}

// closeRateLimits releases the Redis client.
func (s *Server) closeRateLimits() {
	if s.limits != nil && s.limits.redis != nil {
		_ = s.limits.redis.Close()
	}
}
