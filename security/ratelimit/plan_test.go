package ratelimit

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/security"
)

func TestDefaultPlanIsValid(t *testing.T) {
	p := DefaultPlan()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	// Logins are the strictest limit.
	for role, pol := range p.PerRole {
		if p.Login.Rate >= pol.Rate || p.Login.Burst >= pol.Burst {
			t.Errorf("login limit %s is not stricter than %s's %s", p.Login, role, pol)
		}
	}
}

func TestPlanValidateListsEveryProblem(t *testing.T) {
	p := DefaultPlan()
	p.PerIP.Rate = 0
	p.Login.Name = "role-admin" // the admin policy's name
	delete(p.PerRole, security.RoleViewer)
	p.PerRole["root"] = Policy{Name: "root", Rate: 1, Burst: 1}
	err := p.Validate()
	if err == nil {
		t.Fatal("Validate accepted a broken plan")
	}
	for _, want := range []string{`"ip": rate`, `"role-admin" is used twice`, "no policy for role viewer", `unknown role "root"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v\nwant it to mention %q", err, want)
		}
	}
}

func TestKeyIP(t *testing.T) {
	tests := []struct {
		addr netip.Addr
		want string
	}{
		{netip.MustParseAddr("192.0.2.7"), "ip:192.0.2.7"},
		{netip.MustParseAddr("::ffff:192.0.2.7"), "ip:192.0.2.7"},
		{netip.MustParseAddr("2001:db8:1:2:3:4:5:6"), "ip:2001:db8:1:2::/64"},
		{netip.MustParseAddr("2001:db8:1:2:ffff::1"), "ip:2001:db8:1:2::/64"},
		{netip.Addr{}, "ip:unknown"},
	}
	for _, tt := range tests {
		if got := KeyIP(tt.addr); got != tt.want {
			t.Errorf("KeyIP(%v) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

func TestForPrincipal(t *testing.T) {
	plan := DefaultPlan()
	tests := []struct {
		name    string
		pr      security.Principal
		wantKey string
		wantPol string
		wantOK  bool
	}{
		{"user session", security.Principal{UserID: "u1", Role: "analyst"}, "user:u1", "role-analyst", true},
		{"API key", security.Principal{UserID: "u1", Role: "admin", KeyID: "k1"}, "key:k1", "role-admin", true},
		{"unknown role", security.Principal{UserID: "u1", Role: "root"}, "user:u1", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, pol, ok := plan.ForPrincipal(tt.pr)
			if key != tt.wantKey || pol.Name != tt.wantPol || ok != tt.wantOK {
				t.Errorf("ForPrincipal = %q, %q, %v; want %q, %q, %v", key, pol.Name, ok, tt.wantKey, tt.wantPol, tt.wantOK)
			}
		})
	}
}
