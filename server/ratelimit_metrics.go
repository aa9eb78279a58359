package server

import (
	"github.com/ffprobe-api/ffprobe-api/security/ratelimit"
	"github.com/prometheus/client_golang/prometheus"
)

// guardMetrics count what the outer defences refuse: rate limits, the
// address lists, remote URLs. docs/metrics.md documents each.
type guardMetrics struct {
	rateLimited        *prometheus.CounterVec // policy
	limiterErrors      prometheus.Counter
	limiterUnavailable prometheus.Counter
	addressRefused     prometheus.Counter
	remoteBytes        prometheus.Counter
	remoteRefused      *prometheus.CounterVec // reason
}

// Reasons of ffprobe_api_remote_refused_total.
const (
	remoteRefusedBlocked = "blocked"
	remoteRefusedBudget  = "budget"
	remoteRefusedTimeout = "timeout"
	remoteRefusedOrigin  = "origin"
)

func newGuardMetrics(f factory) guardMetrics {
	g := guardMetrics{
		rateLimited: f.counterVec("rate_limited_total",
			"Requests refused with 429 by a rate limit, by policy (ip, login, role-admin, role-analyst, role-viewer).", "policy"),
		limiterErrors: f.counter("rate_limit_backend_errors_total",
			"Failed calls to the shared rate limit backend (Redis)."),
		limiterUnavailable: f.counter("rate_limit_unavailable_total",
			"Rate limit decisions made without the shared backend (a request meets up to two limits): refused with 503 (closed mode) or by local buckets (local mode)."),
		addressRefused: f.counter("address_refused_total",
			"Requests refused with 403 forbidden_address by --allow-cidrs or --deny-cidrs."),
		remoteBytes: f.counter("remote_fetched_bytes_total",
			"Bytes of response bodies fetched from origins for remote URL analyses."),
		remoteRefused: f.counterVec("remote_refused_total",
			"Remote URL analyses that failed before a result, by reason: blocked, budget, timeout, origin.", "reason"),
	}
	for _, reason := range []string{remoteRefusedBlocked, remoteRefusedBudget, remoteRefusedTimeout, remoteRefusedOrigin} {
		g.remoteRefused.WithLabelValues(reason)
	}
	return g
}

// observeRateLimit counts the refusals of one rate limit decision.
func (m *metrics) observeRateLimit(p ratelimit.Policy, d ratelimit.Decision, err error) {
	if err == nil && !d.Allowed {
		m.guards.rateLimited.WithLabelValues(p.Name).Inc()
	}
}
