package ratelimit

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// The exact syntax of draft-ietf-httpapi-ratelimit-headers-11: a
// structured-field String for the policy, integer parameters.
func TestWriteHeaders(t *testing.T) {
	ip := Policy{Name: "ip", Rate: 20, Burst: 60}
	login := Policy{Name: "login", Rate: 5.0 / 60, Burst: 5}
	tests := []struct {
		name           string
		d              Decision
		p              Policy
		wantPolicy     string
		wantLimit      string
		wantRetryAfter string
	}{
		{"allowed, bucket nearly full", Decision{Allowed: true, Remaining: 59, Reset: 50 * time.Millisecond}, ip,
			`"ip";q=60;w=3`, `"ip";r=59;t=1`, ""},
		{"allowed, reset rounds up", Decision{Allowed: true, Remaining: 2, Reset: 36*time.Second + time.Millisecond}, login,
			`"login";q=5;w=60`, `"login";r=2;t=37`, ""},
		{"allowed, full", Decision{Allowed: true, Remaining: 60}, ip,
			`"ip";q=60;w=3`, `"ip";r=60;t=0`, ""},
		{"refused: t is the Retry-After", Decision{Remaining: 0, RetryAfter: 11500 * time.Millisecond, Reset: 60 * time.Second}, login,
			`"login";q=5;w=60`, `"login";r=0;t=12`, "12"},
		{"refused under a second: at least 1", Decision{RetryAfter: 10 * time.Millisecond, Reset: 3 * time.Second}, ip,
			`"ip";q=60;w=3`, `"ip";r=0;t=1`, "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			tt.d.WriteHeaders(h, tt.p)
			if got := h.Get("RateLimit-Policy"); got != tt.wantPolicy {
				t.Errorf("RateLimit-Policy: %s, want %s", got, tt.wantPolicy)
			}
			if got := h.Get("RateLimit"); got != tt.wantLimit {
				t.Errorf("RateLimit: %s, want %s", got, tt.wantLimit)
			}
			if got := h.Get("Retry-After"); got != tt.wantRetryAfter {
				t.Errorf("Retry-After: %q, want %q", got, tt.wantRetryAfter)
			}
		})
	}
}

// Two limits on one request make two list members, one per field line.
func TestWriteHeadersTwoPolicies(t *testing.T) {
	h := http.Header{}
	Decision{Allowed: true, Remaining: 10, Reset: 2 * time.Second}.WriteHeaders(h, Policy{Name: "ip", Rate: 20, Burst: 60})
	Decision{Allowed: true, Remaining: 3, Reset: time.Second}.WriteHeaders(h, Policy{Name: "role-viewer", Rate: 10, Burst: 30})
	want := []string{`"ip";r=10;t=2`, `"role-viewer";r=3;t=1`}
	if got := h.Values("RateLimit"); !slices.Equal(got, want) {
		t.Errorf("RateLimit lines %q, want %q", got, want)
	}
	wantPolicies := []string{`"ip";q=60;w=3`, `"role-viewer";q=30;w=3`}
	if got := h.Values("RateLimit-Policy"); !slices.Equal(got, wantPolicies) {
		t.Errorf("RateLimit-Policy lines %q, want %q", got, wantPolicies)
	}
}

func TestSFString(t *testing.T) {
	tests := map[string]string{
		"ip":        `"ip"`,
		`a"b`:       `"a\"b"`,
		`back\lash`: `"back\\lash"`,
		"tab\there": `"tab?here"`,
		"é":         `"??"`,
	}
	for in, want := range tests {
		if got := sfString(in); got != want {
			t.Errorf("sfString(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestDecide(t *testing.T) {
	p := Policy{Name: "x", Rate: 2, Burst: 10}
	tests := []struct {
		name    string
		tokens  float64
		allowed bool
		want    Decision
	}{
		{"allowed, 9 left", 9, true, Decision{Allowed: true, Remaining: 9, Reset: 500 * time.Millisecond}},
		{"allowed, 0.5 left", 0.5, true, Decision{Allowed: true, Remaining: 0, Reset: 4750 * time.Millisecond}},
		{"refused at 0.5", 0.5, false, Decision{Remaining: 0, RetryAfter: 250 * time.Millisecond, Reset: 4750 * time.Millisecond}},
		{"refused at 0", 0, false, Decision{Remaining: 0, RetryAfter: 500 * time.Millisecond, Reset: 5 * time.Second}},
		{"negative clamps to 0", -3, false, Decision{Remaining: 0, RetryAfter: 500 * time.Millisecond, Reset: 5 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decide(tt.tokens, tt.allowed, p); got != tt.want {
				t.Errorf("decide(%v, %v) = %+v, want %+v", tt.tokens, tt.allowed, got, tt.want)
			}
		})
	}
}
