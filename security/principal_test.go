package security

import (
	"context"
	"testing"
)

func TestPrincipalFromContext(t *testing.T) {
	if _, ok := PrincipalFrom(context.Background()); ok {
		t.Fatal("PrincipalFrom(empty context) reported a principal")
	}
	want := Principal{UserID: "u1", Username: "ada", Role: "analyst", KeyID: "k1"}
	got, ok := PrincipalFrom(WithPrincipal(context.Background(), want))
	if !ok || got != want {
		t.Fatalf("PrincipalFrom = %+v, %v; want %+v, true", got, ok, want)
	}
}

func TestPrincipalCanAccess(t *testing.T) {
	tests := []struct {
		name  string
		p     Principal
		owner string
		want  bool
	}{
		{"owner", Principal{UserID: "u1", Role: "analyst"}, "u1", true},
		{"other user", Principal{UserID: "u1", Role: "analyst"}, "u2", false},
		{"viewer of own", Principal{UserID: "u1", Role: "viewer"}, "u1", true},
		{"admin of other", Principal{UserID: "a", Role: "admin"}, "u2", true},
		{"admin of unowned", Principal{UserID: "a", Role: "admin"}, "", true},
		{"user of unowned", Principal{UserID: "u1", Role: "analyst"}, "", false},
		{"empty principal of unowned", Principal{}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.CanAccess(tt.owner); got != tt.want {
				t.Errorf("CanAccess(%q) = %v, want %v", tt.owner, got, tt.want)
			}
		})
	}
}
