package server_test

import (
	"crypto/rand"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/security/ratelimit"
	"github.com/ffprobe-api/ffprobe-api/server"
)

// withRedisLimits turns rate limits on with l, kept in Redis at url under
// a prefix of the test's own, in the given failure mode.
func withRedisLimits(t testing.TB, l limits, url, prefix string, mode ratelimit.FailureMode) func(*serverSetup) {
	return func(c *serverSetup) {
		c.cfg.RateLimit = server.RateLimitConfig{Enabled: true, Plan: l.plan(t), RedisURL: url, RedisPrefix: prefix, OnRedisFailure: mode}
	}
}

// testRedisPrefix keeps one test's buckets apart from every other run's.
func testRedisPrefix(t testing.TB) string {
	return "ffprobe-api-test:" + strings.ReplaceAll(t.Name(), "/", ":") + ":" + rand.Text() + ":"
}

func TestRateLimitsSharedThroughRedis(t *testing.T) {
	url, prefix := testenv.RedisURL(t), testRedisPrefix(t)
	a := startServer(t, withRedisLimits(t, limits{ip: "4/m:4"}, url, prefix, ratelimit.FailClosed))
	b := startServer(t, withRedisLimits(t, limits{ip: "4/m:4"}, url, prefix, ratelimit.FailClosed))
	for i, s := range []*apiServer{a, b, a, b} {
		res := s.Client.Get("/api/v1/analyses")
		want := `"ip";r=` + strconv.Itoa(3-i) + ";"
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(rateLimitMember(res, "RateLimit", "ip"), want) {
			t.Fatalf("request %d = %d with RateLimit %q; want 200 and %s…: the two instances draw from one bucket",
				i+1, res.StatusCode, res.Header.Values("RateLimit"), want)
		}
	}
	wantRateLimited(t, a.Client.Get("/api/v1/analyses"), "ip")
	wantRateLimited(t, b.Client.Get("/api/v1/analyses"), "ip")
}

// unreachableRedis is a redis:// URL of a loopback port nothing listens
// on: every connection is refused at once.
func unreachableRedis(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	addr := ln.Addr().String()
	must(t, ln.Close())
	return "redis://:not-used@" + addr + "/0"
}

func TestRateLimitsWithRedisDownFailClosed(t *testing.T) {
	s := startServer(t, withRedisLimits(t, limits{ip: "2/m:2"}, unreachableRedis(t), "", ratelimit.FailClosed))
	for range 3 {
		res := s.Client.Get("/api/v1/analyses")
		if res.StatusCode != http.StatusServiceUnavailable || res.ErrorCode() != "rate_limiter_unavailable" || res.Header.Get("Retry-After") != "5" {
			t.Fatalf("= %d %s, Retry-After %q; want 503 rate_limiter_unavailable, Retry-After 5: %s",
				res.StatusCode, res.ErrorCode(), res.Header.Get("Retry-After"), res.Body)
		}
	}
	if res := s.Anon.Get("/api/v1/health"); res.StatusCode != http.StatusOK {
		t.Errorf("health = %d; it is not limited, so Redis does not matter to it", res.StatusCode)
	}
	if n := s.metric(t, "ffprobe_api_rate_limit_backend_errors_total"); n < 1 {
		t.Errorf("ffprobe_api_rate_limit_backend_errors_total = %v, want at least 1", n)
	}
	if n := s.metric(t, "ffprobe_api_rate_limit_unavailable_total"); n != 3 {
		t.Errorf("ffprobe_api_rate_limit_unavailable_total = %v, want 3", n)
	}
	if line := s.Log.lineWith("rate limit backend unreachable", `"mode":"closed"`); line == "" || strings.Contains(line, "not-used") {
		t.Errorf("want one log line about Redis, without its password; got %q\n%s", line, s.Log.String())
	}
	if n := strings.Count(s.Log.String(), "rate limit backend unreachable"); n != 1 {
		t.Errorf("%d log lines about the outage, want 1", n)
	}
}

func TestRateLimitsWithRedisDownFailLocal(t *testing.T) {
	s := startServer(t, withRedisLimits(t, limits{ip: "2/m:2"}, unreachableRedis(t), "", ratelimit.FailLocal))
	for i := range 2 {
		if res := s.Client.Get("/api/v1/analyses"); res.StatusCode != http.StatusOK || rateLimitMember(res, "RateLimit", "ip") == "" {
			t.Fatalf("request %d = %d, RateLimit %q; want 200 decided by the local buckets", i+1, res.StatusCode, res.Header.Get("RateLimit"))
		}
	}
	wantRateLimited(t, s.Client.Get("/api/v1/analyses"), "ip")
	// Two decisions for each allowed request (its address, its principal),
	// one for the refused one.
	if n := s.metric(t, "ffprobe_api_rate_limit_unavailable_total"); n != 5 {
		t.Errorf("ffprobe_api_rate_limit_unavailable_total = %v, want 5", n)
	}
}
