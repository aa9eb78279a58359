package security

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestGenerateAPIKey(t *testing.T) {
	shape := regexp.MustCompile(`^fpa_[A-Za-z0-9]{43}$`)
	const n = 10000
	seenKeys, seenPrefixes := map[string]bool{}, map[string]bool{}
	counts := map[byte]int{}
	for range n {
		k, err := GenerateAPIKey()
		if err != nil {
			t.Fatal(err)
		}
		s := k.Secret()
		if !shape.MatchString(s) || len(s) != APIKeyLen {
			t.Fatalf("key %q is not fpa_ and 43 base62 characters", s)
		}
		if seenKeys[s] || seenPrefixes[k.DisplayPrefix()] {
			t.Fatalf("key or display prefix repeated after %d keys", len(seenKeys))
		}
		seenKeys[s], seenPrefixes[k.DisplayPrefix()] = true, true
		if parsed, err := ParseAPIKey(s); err != nil || parsed != k {
			t.Fatalf("ParseAPIKey(generated) = %v, %v", parsed, err)
		}
		for i := len(APIKeyPrefix); i < len(s); i++ {
			counts[s[i]]++
		}
	}
	// Every one of the 62 characters turns up, none far from its share:
	// 430 000 draws, about 6 935 each; a bias (such as b%62 without
	// rejection) would overweight the first 8 characters by 25%.
	if len(counts) != 62 {
		t.Fatalf("%d distinct characters in %d keys; want all 62", len(counts), n)
	}
	want := float64(n*opaqueTokenChars) / 62
	for c, got := range counts {
		if float64(got) < want*0.9 || float64(got) > want*1.1 {
			t.Errorf("character %q appears %d times; want about %.0f", c, got, want)
		}
	}
}

func TestAPIKeyParts(t *testing.T) {
	const secret = "fpa_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"
	k, err := ParseAPIKey(secret)
	if err != nil {
		t.Fatal(err)
	}
	if got := k.DisplayPrefix(); got != "fpa_01234567" {
		t.Errorf("DisplayPrefix = %q", got)
	}
	// sha256 of the key, computed independently: printf %s KEY | sha256sum
	const wantHash = "d70bc3916833210b561f1becad6ce0015307f9c053d033ce61abf6eef54f8373"
	if got := k.Hash(); got != wantHash {
		t.Errorf("Hash = %q, want %q", got, wantHash)
	}
	if !k.MatchesHash(k.Hash()) || k.MatchesHash(strings.Repeat("0", 64)) || k.MatchesHash("") {
		t.Error("MatchesHash does not tell its own hash from others")
	}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("auth", "key", k)
	for name, out := range map[string]string{
		"%v": fmt.Sprintf("%v", k), "%+v": fmt.Sprintf("%+v", k), "%#v": fmt.Sprintf("%#v", k),
		"%s": fmt.Sprintf("%s", k), "slog": logged.String(),
	} {
		if strings.Contains(out, secret[len(APIKeyPrefix)+apiKeyDisplayRandomChars:]) {
			t.Errorf("%s of an APIKey shows the secret: %s", name, out)
		}
	}
}

func TestParseAPIKeyRefusesMalformed(t *testing.T) {
	good, _ := GenerateAPIKey()
	body := good.Secret()[len(APIKeyPrefix):]
	tests := []struct {
		name, key, why string
	}{
		{"empty", "", `starts with "fpa_"`},
		{"no prefix", body, `starts with "fpa_"`},
		{"refresh token prefix", "fpr_" + body, `starts with "fpa_"`},
		{"upper-case prefix", "FPA_" + body, `starts with "fpa_"`},
		{"one character short", APIKeyPrefix + body[1:], "42 characters"},
		{"one character long", good.Secret() + "a", "44 characters"},
		{"a megabyte", APIKeyPrefix + strings.Repeat("a", 1<<20), "characters after"},
		{"dash", APIKeyPrefix + "-" + body[1:], "position 5"},
		{"space", APIKeyPrefix + body[:42] + " ", "position 47"},
		{"newline", APIKeyPrefix + body[:42] + "\n", "position 47"},
		{"non-ASCII", APIKeyPrefix + "é" + body[2:], "position 5"},
		{"NUL", APIKeyPrefix + body[:20] + "\x00" + body[21:], "position 25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAPIKey(tt.key)
			if !errors.Is(err, ErrMalformedAPIKey) {
				t.Fatalf("ParseAPIKey = %v, want ErrMalformedAPIKey", err)
			}
			if !strings.Contains(err.Error(), tt.why) {
				t.Errorf("error %q does not say %q", err, tt.why)
			}
			if len(tt.key) > 8 && strings.Contains(err.Error(), tt.key[4:12]) {
				t.Errorf("error %q repeats the key", err)
			}
		})
	}
}

func TestCheckAPIKeyValidity(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name             string
		expires, revoked time.Time
		want             error
	}{
		{"never expires", time.Time{}, time.Time{}, nil},
		{"expires later", now.Add(time.Second), time.Time{}, nil},
		{"expires now", now, time.Time{}, ErrAPIKeyExpired},
		{"expired", now.Add(-time.Hour), time.Time{}, ErrAPIKeyExpired},
		{"revoked a moment ago", time.Time{}, now.Add(-time.Millisecond), ErrAPIKeyRevoked},
		{"revoked and expired", now.Add(-time.Hour), now.Add(-2 * time.Hour), ErrAPIKeyRevoked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckAPIKeyValidity(tt.expires, tt.revoked, now); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("CheckAPIKeyValidity = %v, want %v", err, tt.want)
			}
		})
	}
}
