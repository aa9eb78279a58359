package ratelimit

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/security"
)

// refusal is what the test error writer saw.
type refusalSeen struct {
	status  int
	message string
	cause   error
}

// testErrorWriter writes a small JSON body, as the server's would, and
// records its arguments.
func testErrorWriter(seen *[]refusalSeen) ErrorWriter {
	return func(w http.ResponseWriter, r *http.Request, status int, message string, cause error) {
		*seen = append(*seen, refusalSeen{status, message, cause})
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":{"message":%q}}`, message)
	}
}

var okHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })

func fixedIP(s string) func(*http.Request) netip.Addr {
	return func(*http.Request) netip.Addr { return netip.MustParseAddr(s) }
}

func TestMiddlewareAllowsThenRefuses(t *testing.T) {
	clock := newFakeClock()
	var seen []refusalSeen
	p := Policy{Name: "ip", Rate: 0.5, Burst: 2}
	h := Middleware(MiddlewareConfig{
		Limiter: NewMemory(MemoryConfig{Now: clock.Now}), Select: ByIP(p, fixedIP("192.0.2.7")),
		WriteError: testErrorWriter(&seen),
	})(okHandler)

	tests := []struct {
		name                                string
		wantStatus                          int
		wantLimit, wantPolicy, wantRetryAft string
	}{
		{"first", http.StatusNoContent, `"ip";r=1;t=2`, `"ip";q=2;w=4`, ""},
		{"second", http.StatusNoContent, `"ip";r=0;t=4`, `"ip";q=2;w=4`, ""},
		{"third is refused", http.StatusTooManyRequests, `"ip";r=0;t=2`, `"ip";q=2;w=4`, "2"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/analyses", nil))
		hd := rec.Header()
		if rec.Code != tt.wantStatus || hd.Get("RateLimit") != tt.wantLimit || hd.Get("RateLimit-Policy") != tt.wantPolicy || hd.Get("Retry-After") != tt.wantRetryAft {
			t.Fatalf("%s: %d RateLimit=%q RateLimit-Policy=%q Retry-After=%q; want %d %q %q %q", tt.name, rec.Code,
				hd.Get("RateLimit"), hd.Get("RateLimit-Policy"), hd.Get("Retry-After"), tt.wantStatus, tt.wantLimit, tt.wantPolicy, tt.wantRetryAft)
		}
	}
	if len(seen) != 1 || seen[0].status != http.StatusTooManyRequests || seen[0].cause != nil ||
		seen[0].message != `too many requests: the "ip" limit allows bursts of 2, then 30 a minute; retry in 2 s` {
		t.Errorf("error writer calls %+v", seen)
	}
}

// A limiter that cannot decide makes a 503 with Retry-After, never a pass.
func TestMiddlewareFailsClosed(t *testing.T) {
	var seen []refusalSeen
	redis := NewRedis(newTestClient(t, "redis://"+closedAddr(t)+"/0"), "x:")
	h := Middleware(MiddlewareConfig{
		Limiter: redis, Select: ByIP(Policy{Name: "ip", Rate: 1, Burst: 1}, fixedIP("192.0.2.7")),
		WriteError: testErrorWriter(&seen),
	})(okHandler)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "5" {
		t.Fatalf("status %d, Retry-After %q; want 503 and 5", rec.Code, rec.Header().Get("Retry-After"))
	}
	if len(seen) != 1 || !errors.Is(seen[0].cause, ErrUnavailable) || strings.Contains(seen[0].message, "127.0.0.1") {
		t.Errorf("error writer calls %+v: want one with the cause for the log and no address in the message", seen)
	}
}

func TestMiddlewareByPrincipal(t *testing.T) {
	plan := DefaultPlan()
	var seen []refusalSeen
	var observed []string
	h := Middleware(MiddlewareConfig{
		Limiter: NewMemory(MemoryConfig{Now: newFakeClock().Now}), Select: ByPrincipal(plan), WriteError: testErrorWriter(&seen),
		Observe: func(p Policy, d Decision, err error) {
			observed = append(observed, fmt.Sprintf("%s %d %v", p.Name, d.Remaining, err))
		},
	})(okHandler)
	serve := func(pr *security.Principal) http.Header {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		if pr != nil {
			r = r.WithContext(security.WithPrincipal(r.Context(), *pr))
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Header()
	}
	if got := serve(nil).Values("RateLimit"); got != nil {
		t.Errorf("a request without a principal got %q; want no per-principal limit", got)
	}
	viewer := &security.Principal{UserID: "u1", Role: security.RoleViewer}
	serve(viewer)
	if got := serve(viewer).Get("RateLimit"); got != `"role-viewer";r=28;t=1` {
		t.Errorf("viewer's second request: RateLimit %q", got)
	}
	// The same user through an API key has a budget of its own.
	if got := serve(&security.Principal{UserID: "u1", Role: security.RoleViewer, KeyID: "k9"}).Get("RateLimit"); got != `"role-viewer";r=29;t=1` {
		t.Errorf("the user's API key: RateLimit %q", got)
	}
	if want := []string{"role-viewer 29 <nil>", "role-viewer 28 <nil>", "role-viewer 29 <nil>"}; !slices.Equal(observed, want) {
		t.Errorf("observed %q, want %q", observed, want)
	}
}

// The per-address and per-principal middlewares stacked: both limits are
// reported.
func TestMiddlewareStacked(t *testing.T) {
	var seen []refusalSeen
	lim := NewMemory(MemoryConfig{Now: newFakeClock().Now})
	plan := DefaultPlan()
	byPrincipal := Middleware(MiddlewareConfig{Limiter: lim, Select: ByPrincipal(plan), WriteError: testErrorWriter(&seen)})
	authenticate := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(security.WithPrincipal(r.Context(), security.Principal{UserID: "u", Role: security.RoleAdmin})))
		})
	}
	byIP := Middleware(MiddlewareConfig{Limiter: lim, Select: ByIP(plan.PerIP, fixedIP("2001:db8::1")), WriteError: testErrorWriter(&seen)})
	rec := httptest.NewRecorder()
	byIP(authenticate(byPrincipal(okHandler))).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	want := []string{`"ip";r=59;t=1`, `"role-admin";r=99;t=1`}
	if got := rec.Header().Values("RateLimit"); !slices.Equal(got, want) {
		t.Errorf("RateLimit lines %q, want %q", got, want)
	}
}
