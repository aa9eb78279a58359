package security

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestRefreshToken(t *testing.T) {
	shape := regexp.MustCompile(`^fpr_[A-Za-z0-9]{43}$`)
	seen := map[string]bool{}
	for range 1000 {
		tok, err := GenerateRefreshToken()
		if err != nil {
			t.Fatal(err)
		}
		if !shape.MatchString(tok.Secret()) || seen[tok.Secret()] {
			t.Fatalf("refresh token %q is malformed or repeated", tok.Secret())
		}
		seen[tok.Secret()] = true
		parsed, err := ParseRefreshToken(tok.Secret())
		if err != nil || parsed.Hash() != tok.Hash() || !tok.MatchesHash(parsed.Hash()) {
			t.Fatalf("ParseRefreshToken(generated) = %v, %v", parsed, err)
		}
		if strings.Contains(tok.String(), tok.Secret()[4:8]) {
			t.Fatal("String shows the token")
		}
	}
	key, _ := GenerateAPIKey()
	for name, s := range map[string]string{"API key": key.Secret(), "empty": "", "short": "fpr_abc"} {
		if _, err := ParseRefreshToken(s); !errors.Is(err, ErrMalformedRefreshToken) {
			t.Errorf("ParseRefreshToken(%s) = %v", name, err)
		}
	}
}

func TestCheckRefresh(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	live := SessionTimes{ExpiresAt: now.Add(time.Hour), AbsoluteExpiresAt: now.Add(24 * time.Hour)}
	tests := []struct {
		name string
		s    func(SessionTimes) SessionTimes
		want error
	}{
		{"live", func(s SessionTimes) SessionTimes { return s }, nil},
		{"used", func(s SessionTimes) SessionTimes { s.UsedAt = now.Add(-time.Minute); return s }, ErrRefreshTokenReused},
		{"used and revoked", func(s SessionTimes) SessionTimes {
			s.UsedAt, s.RevokedAt = now.Add(-time.Minute), now.Add(-time.Second)
			return s
		}, ErrRefreshTokenReused},
		{"used and expired", func(s SessionTimes) SessionTimes {
			s.UsedAt, s.ExpiresAt = now.Add(-2*time.Hour), now.Add(-time.Hour)
			return s
		}, ErrRefreshTokenReused},
		{"revoked", func(s SessionTimes) SessionTimes { s.RevokedAt = now.Add(-time.Second); return s }, ErrSessionRevoked},
		{"idle expiry now", func(s SessionTimes) SessionTimes { s.ExpiresAt = now; return s }, ErrSessionExpired},
		{"absolute expiry passed", func(s SessionTimes) SessionTimes { s.AbsoluteExpiresAt = now.Add(-time.Second); return s }, ErrSessionExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckRefresh(tt.s(live), now)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("CheckRefresh = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSessionConfig(t *testing.T) {
	c := DefaultSessionConfig()
	if c.AccessTTL != 15*time.Minute || c.IdleTimeout != 24*time.Hour || c.AbsoluteTimeout != 30*24*time.Hour {
		t.Fatalf("defaults %+v are not the documented 15m, 24h, 30d", c)
	}
	err := c.Validate()
	if err == nil || !strings.Contains(err.Error(), "secret has 0 bytes") {
		t.Fatalf("Validate without a secret = %v", err)
	}
	c.Secret = testSecret
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate(defaults + secret) = %v", err)
	}
	if _, err := c.TokenIssuer(); err != nil {
		t.Fatalf("TokenIssuer: %v", err)
	}
	bad := c
	bad.Secret, bad.AccessTTL, bad.IdleTimeout, bad.AbsoluteTimeout = testSecret[:8], 2*time.Hour, time.Hour, time.Minute
	err = bad.Validate()
	for _, want := range []string{"secret has 8 bytes", "at most 1h", "idle timeout 1h0m0s is shorter", "absolute timeout 1m0s is shorter"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate(bad) = %v; want it to say %q (every problem at once)", err, want)
		}
	}

	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	idle, absolute := c.LoginExpiry(now)
	if !idle.Equal(now.Add(24*time.Hour)) || !absolute.Equal(now.Add(30*24*time.Hour)) {
		t.Errorf("LoginExpiry = %v, %v", idle, absolute)
	}
	late := absolute.Add(-time.Hour)
	if got := c.RotatedExpiry(late, absolute); !got.Equal(absolute) {
		t.Errorf("RotatedExpiry an hour before the absolute end = %v, want %v (capped)", got, absolute)
	}
}
