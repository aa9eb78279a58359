package security

import (
	"errors"
	"strings"
	"testing"
)

func TestCanMatrix(t *testing.T) {
	// The words: admin everything; analyst creates analyses, reads
	// and deletes its own, manages its own keys; viewer reads its own.
	want := map[Role][]Action{
		RoleAdmin:   Actions(),
		RoleAnalyst: {CreateAnalysis, ReadAnalysis, DeleteAnalysis, ManageOwnKeys},
		RoleViewer:  {ReadAnalysis},
		"root":      nil,
		"":          nil,
		"Admin":     nil,
	}
	for role, allowed := range want {
		for _, action := range Actions() {
			expect := contains(allowed, action)
			p := Principal{UserID: "u1", Role: string(role)}
			if got := Can(p, action); got != expect {
				t.Errorf("Can(%q, %s) = %v, want %v", role, action, got, expect)
			}
		}
	}
}

func contains(list []Action, a Action) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

func TestCanRefuses(t *testing.T) {
	if Can(Principal{Role: RoleAdmin}, ReadAnalysis) {
		t.Error("an admin role without a user ID (unauthenticated) may read")
	}
	if Can(Principal{UserID: "a", Role: RoleAdmin}, Action("analysis.purge")) {
		t.Error("an admin may take an action that does not exist")
	}
}

func TestRoles(t *testing.T) {
	for _, r := range Roles() {
		if got, err := ParseRole(string(r)); err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	for _, bad := range []string{"", "root", "ADMIN", " admin"} {
		if _, err := ParseRole(bad); err == nil {
			t.Errorf("ParseRole(%q) accepted", bad)
		}
	}
	tests := []struct {
		user, key Role
		covers    bool
		effective Role
	}{
		{RoleAdmin, RoleAdmin, true, RoleAdmin},
		{RoleAdmin, RoleViewer, true, RoleViewer},
		{RoleAnalyst, RoleAnalyst, true, RoleAnalyst},
		{RoleAnalyst, RoleAdmin, false, RoleAnalyst},
		{RoleViewer, RoleAnalyst, false, RoleViewer},
		{RoleViewer, "root", false, ""},
		{"root", RoleViewer, false, ""},
	}
	for _, tt := range tests {
		if got := tt.user.Covers(tt.key); got != tt.covers {
			t.Errorf("%q.Covers(%q) = %v, want %v", tt.user, tt.key, got, tt.covers)
		}
		if got := EffectiveRole(tt.user, tt.key); got != tt.effective {
			t.Errorf("EffectiveRole(%q, %q) = %q, want %q", tt.user, tt.key, got, tt.effective)
		}
	}
}

func TestAuditActorCLI(t *testing.T) {
	for in, want := range map[string]string{"alice": "cli:alice", "": "cli:unknown", " ": "cli:unknown"} {
		if got := AuditActorCLI(in); got != want {
			t.Errorf("AuditActorCLI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckUsername(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"ada", true},
		{" ada ", true}, // the store trims
		{"ada.lovelace@example.org", true},
		{"josé-ñ_1", true},
		{"", false},
		{"   ", false},
		{"ada lovelace", false},
		{"ada\nINFO forged line", false},
		{"ada\x1b[31m", false},
		{"ada\u200bhidden", false}, // zero-width space is not printable
		{"bad\xffutf8", false},
		{strings.Repeat("a", MaxUsernameChars), true},
		{strings.Repeat("é", MaxUsernameChars+1), false},
	}
	for _, tt := range tests {
		if err := CheckUsername(tt.name); (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrBadUsername)) {
			t.Errorf("CheckUsername(%q) = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}
