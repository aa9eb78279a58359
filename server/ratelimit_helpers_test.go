package server_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/security/ratelimit"
	"github.com/ffprobe-api/ffprobe-api/server"
	"github.com/ffprobe-api/ffprobe-api/server/servertest"
)

// limits are the policies of a test plan as configuration values; empty
// ones are generous enough never to be reached.
type limits struct{ ip, admin, analyst, login string }

const generous = "1000/s:1000"

func orGenerous(spec string) string {
	if spec == "" {
		return generous
	}
	return spec
}

// plan parses l the way serve's flags do.
func (l limits) plan(t testing.TB) ratelimit.Plan {
	t.Helper()
	parse := func(name, spec string) ratelimit.Policy {
		p, err := ratelimit.ParsePolicy(name, orGenerous(spec))
		must(t, err)
		return p
	}
	return ratelimit.Plan{
		PerIP: parse(ratelimit.PolicyIP, l.ip),
		PerRole: map[security.Role]ratelimit.Policy{
			security.RoleAdmin:   parse(ratelimit.RolePolicyName(security.RoleAdmin), l.admin),
			security.RoleAnalyst: parse(ratelimit.RolePolicyName(security.RoleAnalyst), l.analyst),
			security.RoleViewer:  parse(ratelimit.RolePolicyName(security.RoleViewer), ""),
		},
		Login: parse(ratelimit.PolicyLogin, l.login),
	}
}

// withLimits turns rate limits on with l, in memory.
func withLimits(t testing.TB, l limits) func(*serverSetup) {
	return func(c *serverSetup) {
		c.cfg.RateLimit = server.RateLimitConfig{Enabled: true, Plan: l.plan(t)}
	}
}

// rateLimitMember is the member of a RateLimit field for policy, "" when
// the answer has none.
func rateLimitMember(res *servertest.Response, field, policy string) string {
	for _, v := range res.Header.Values(field) {
		if strings.HasPrefix(v, strconv.Quote(policy)+";") {
			return v
		}
	}
	return ""
}

// wantRateLimited fails unless res is a 429 rate_limited naming policy,
// with Retry-After equal to the RateLimit field's t.
func wantRateLimited(t testing.TB, res *servertest.Response, policy string) {
	t.Helper()
	if res.StatusCode != http.StatusTooManyRequests || res.ErrorCode() != "rate_limited" {
		t.Fatalf("= %d %s, want 429 rate_limited: %s", res.StatusCode, res.ErrorCode(), res.Body)
	}
	retry := res.Header.Get("Retry-After")
	if n, err := strconv.Atoi(retry); err != nil || n < 1 {
		t.Errorf("Retry-After %q, want whole seconds of at least 1", retry)
	}
	if got := rateLimitMember(res, "RateLimit", policy); got != strconv.Quote(policy)+";r=0;t="+retry {
		t.Errorf("RateLimit member of %s = %q, want r=0 and t=Retry-After (%s)", policy, got, retry)
	}
	if rateLimitMember(res, "RateLimit-Policy", policy) == "" {
		t.Errorf("no RateLimit-Policy member for %s: %v", policy, res.Header.Values("RateLimit-Policy"))
	}
	var body struct {
		Error struct{ Message string } `json:"error"`
	}
	res.JSON(t, &body)
	if !strings.Contains(body.Error.Message, "the "+strconv.Quote(policy)+" limit") {
		t.Errorf("the message does not name the %s limit: %s", policy, body.Error.Message)
	}
}

// getWith sends GET path as user ("" for no credential) with extra headers.
func (s *apiServer) getWith(t testing.TB, user, path string, header http.Header) *servertest.Response {
	t.Helper()
	client := s.Client
	if user == "" {
		client = s.Anon
	}
	req := client.NewRequest(http.MethodGet, path, nil)
	for k, vs := range header {
		req.Header[k] = vs
	}
	if user != "" && user != "admin" {
		s.as(req, user)
	}
	return client.Do(req)
}

// xff is an X-Forwarded-For header.
func xff(chain string) http.Header { return http.Header{"X-Forwarded-For": {chain}} }
