package ratelimit

import (
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
)

// ErrorWriter answers a refused request in the server's error shape.
// status is 429 (the limit is reached; cause is nil) or 503 (the limiter
// could not decide; cause is why, for the log only). message is safe to
// show. The RateLimit and Retry-After headers are already set.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, status int, message string, cause error)

// Selector picks the bucket a request draws from; ok false lets the
// request through without this limit.
type Selector func(r *http.Request) (key string, p Policy, ok bool)

// UnavailableRetryAfter is the Retry-After of a 503 answered because the
// limiter could not decide.
const UnavailableRetryAfter = 5 * time.Second

// MiddlewareConfig is what Middleware needs.
type MiddlewareConfig struct {
	Limiter    Limiter
	Select     Selector
	WriteError ErrorWriter
	// Observe, if set, is called with every decision (err non-nil when
	// there was none), e.g. to count refusals by policy.
	Observe func(p Policy, d Decision, err error)
}

// Middleware limits the requests Select picks: an allowed request gets
// the RateLimit headers and goes on; a refused one gets them, Retry-After
// and a 429; when the limiter fails (Redis down in FailClosed mode), a
// 503 with Retry-After: 5, failing closed.
func Middleware(cfg MiddlewareConfig) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key, p, ok := cfg.Select(r)
			if !ok {
				next.ServeHTTP(w, r)
				return
			}
			d, err := cfg.Limiter.Allow(r.Context(), key, p)
			if cfg.Observe != nil {
				cfg.Observe(p, d, err)
			}
			switch {
			case err != nil:
				w.Header().Set(HeaderRetryAfter, strconv.FormatInt(ceilSeconds(UnavailableRetryAfter), 10))
				cfg.WriteError(w, r, http.StatusServiceUnavailable,
					"rate limiting is unavailable, so the request was refused; retry later", err)
			case !d.Allowed:
				d.WriteHeaders(w.Header(), p)
				cfg.WriteError(w, r, http.StatusTooManyRequests, refusal(p, d), nil)
			default:
				d.WriteHeaders(w.Header(), p)
				next.ServeHTTP(w, r)
			}
		})
	}
}

func refusal(p Policy, d Decision) string {
	count, unit := p.perUnit()
	return fmt.Sprintf("too many requests: the %q limit allows bursts of %d, then %g a %s; retry in %d s",
		p.Name, p.Burst, count, unit.long, max(1, ceilSeconds(d.RetryAfter)))
}

// ByIP limits every request by its client address with p; clientIP is
// the address the server trusts (clientip.Resolver.ClientIP).
func ByIP(p Policy, clientIP func(*http.Request) netip.Addr) Selector {
	return func(r *http.Request) (string, Policy, bool) {
		return KeyIP(clientIP(r)), p, true
	}
}

// ByPrincipal limits authenticated requests by their principal with the
// plan's policy of its role; a request without a principal passes (the
// per-address limit covers it).
func ByPrincipal(plan Plan) Selector {
	return func(r *http.Request) (string, Policy, bool) {
		pr, ok := security.PrincipalFrom(r.Context())
		if !ok {
			return "", Policy{}, false
		}
		return plan.ForPrincipal(pr)
	}
}
