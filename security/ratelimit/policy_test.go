package ratelimit

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name    string
		p       Policy
		wantErr string // "" for valid
	}{
		{"valid", Policy{Name: "ip", Rate: 20, Burst: 60}, ""},
		{"fractional rate", Policy{Name: "login", Rate: 5.0 / 60, Burst: 5}, ""},
		{"dots dashes underscores digits", Policy{Name: "role-analyst_2.x", Rate: 1, Burst: 1}, ""},
		{"no name", Policy{Rate: 1, Burst: 1}, "policy name"},
		{"upper case name", Policy{Name: "IP", Rate: 1, Burst: 1}, "policy name"},
		{"quote in name", Policy{Name: `a"b`, Rate: 1, Burst: 1}, "policy name"},
		{"space in name", Policy{Name: "a b", Rate: 1, Burst: 1}, "policy name"},
		{"name too long", Policy{Name: strings.Repeat("a", 65), Rate: 1, Burst: 1}, "policy name"},
		{"zero rate", Policy{Name: "x", Rate: 0, Burst: 1}, "rate"},
		{"negative rate", Policy{Name: "x", Rate: -1, Burst: 1}, "rate"},
		{"NaN rate", Policy{Name: "x", Rate: math.NaN(), Burst: 1}, "rate"},
		{"infinite rate", Policy{Name: "x", Rate: math.Inf(1), Burst: 1}, "rate"},
		{"zero burst", Policy{Name: "x", Rate: 1, Burst: 0}, "burst"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Validate() = %v, want an error about %q", err, tt.wantErr)
			}
		})
	}
}

func TestParsePolicy(t *testing.T) {
	tests := []struct {
		spec      string
		wantRate  float64
		wantBurst int
		wantStr   string
	}{
		{"10/s:40", 10, 40, "10/s:40"},
		{"10/s", 10, 10, "10/s:10"},
		{"5/m", 5.0 / 60, 5, "5/m:5"},
		{"5/m:1", 5.0 / 60, 1, "5/m:1"},
		{"100/h:20", 100.0 / 3600, 20, "100/h:20"},
		{"0.5/s:3", 0.5, 3, "30/m:3"},
		{"0.5/s", 0.5, 1, "30/m:1"},
		{" 2/s:4 ", 2, 4, "2/s:4"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			p, err := ParsePolicy("x", tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(p.Rate-tt.wantRate) > 1e-12 || p.Burst != tt.wantBurst || p.Name != "x" {
				t.Fatalf("ParsePolicy = %+v, want rate %v burst %d", p, tt.wantRate, tt.wantBurst)
			}
			if got := p.String(); got != tt.wantStr {
				t.Errorf("String() = %q, want %q", got, tt.wantStr)
			}
			again, err := ParsePolicy("x", p.String())
			if err != nil || math.Abs(again.Rate-p.Rate) > 1e-12 || again.Burst != p.Burst {
				t.Errorf("String() does not parse back: %+v, %v", again, err)
			}
		})
	}
}

func TestParsePolicyRefuses(t *testing.T) {
	tests := []struct{ name, spec, want string }{
		{"empty", "", "no /UNIT"},
		{"no unit", "10", "no /UNIT"},
		{"unknown unit", "10/d", "not s, m or h"},
		{"word count", "ten/s", "count"},
		{"zero count", "0/s", "count"},
		{"negative count", "-1/s", "count"},
		{"infinite count", "Inf/s", "count"},
		{"zero burst", "1/s:0", "burst"},
		{"fractional burst", "1/s:2.5", "burst"},
		{"word burst", "1/s:lots", "burst"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolicy("viewer", tt.spec)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "viewer") {
				t.Fatalf("ParsePolicy(%q) = %v; want an error naming the limit and about %q", tt.spec, err, tt.want)
			}
		})
	}
	if _, err := ParsePolicy("Bad Name", "1/s"); err == nil {
		t.Error("ParsePolicy accepted an invalid policy name")
	}
}

func TestPolicyWindow(t *testing.T) {
	tests := []struct {
		p    Policy
		want time.Duration
	}{
		{Policy{Rate: 20, Burst: 60}, 3 * time.Second},
		{Policy{Rate: 5.0 / 60, Burst: 5}, 60 * time.Second},
		{Policy{Rate: 100, Burst: 1}, time.Second}, // at least one second
		{Policy{Rate: 3, Burst: 10}, 4 * time.Second},
	}
	for _, tt := range tests {
		if got := tt.p.Window(); got != tt.want {
			t.Errorf("%+v.Window() = %v, want %v", tt.p, got, tt.want)
		}
	}
}
