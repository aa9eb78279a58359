package security

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// cheapParams keep most tests fast; TestPasswordDefaultParams uses the
// real ones once.
var cheapParams = Argon2Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func newTestHasher(t *testing.T, p Argon2Params) *PasswordHasher {
	t.Helper()
	h, err := NewPasswordHasher(p, 2)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestPasswordRoundTrip(t *testing.T) {
	h := newTestHasher(t, cheapParams)
	ctx := context.Background()
	for _, pw := range []string{"correct horse battery staple", "ünïcödé-pässwörd", strings.Repeat("x", MaxPasswordBytes), "  spaces around  "} {
		enc, err := h.Hash(ctx, pw)
		if err != nil {
			t.Fatalf("Hash(%d bytes): %v", len(pw), err)
		}
		if strings.Contains(enc, pw) {
			t.Fatalf("encoded hash contains the password")
		}
		if ok, err := h.Verify(ctx, enc, pw); !ok || err != nil {
			t.Errorf("Verify(right password) = %v, %v", ok, err)
		}
		for _, wrong := range []string{"Y" + pw[1:], pw[:len(pw)-1], strings.ToUpper(pw), ""} {
			if ok, err := h.Verify(ctx, enc, wrong); ok || err != nil {
				t.Errorf("Verify(wrong password %q…) = %v, %v; want false, nil", truncate(wrong), ok, err)
			}
		}
	}
}

func truncate(s string) string { return s[:min(len(s), 12)] }

func TestPasswordDefaultParams(t *testing.T) {
	h := newTestHasher(t, DefaultArgon2Params())
	ctx := context.Background()
	enc, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=65536,t=3,p=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !phc.MatchString(enc) {
		t.Fatalf("encoded hash %q is not the documented PHC string", enc)
	}
	again, _ := h.Hash(ctx, "correct horse battery staple")
	if again == enc {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	if h.NeedsRehash(enc) {
		t.Error("NeedsRehash(hash with current params) = true")
	}
	if ok, err := h.Verify(ctx, enc, "correct horse battery stapler"); ok || err != nil {
		t.Errorf("Verify(wrong) = %v, %v", ok, err)
	}
}

// TestPasswordReferenceHashes verifies hashes made by the reference C
// implementation (through argon2-cffi, from its README): proof that the
// encoding and parameters are the standard ones, not merely self-consistent.
func TestPasswordReferenceHashes(t *testing.T) {
	h := newTestHasher(t, DefaultArgon2Params())
	tests := []struct{ name, encoded, password string }{
		{"m=64MiB t=3 p=4", "$argon2id$v=19$m=65536,t=3,p=4$MIIRqgvgQbgj220jfp0MPA$YfwJSVjtjSU0zzV/P3S9nnQ/USre2wvJMjfCIjrTQbg", "correct horse battery staple"},
		{"m=100MiB t=2 p=8, 16-byte key", "$argon2id$v=19$m=102400,t=2,p=8$tSm+JOWigOgPZx/g44K5fQ$WDyus6py50bVFIPkjA28lQ", "s3kr3tp4ssw0rd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if ok, err := h.Verify(context.Background(), tt.encoded, tt.password); !ok || err != nil {
				t.Fatalf("Verify = %v, %v; want true", ok, err)
			}
			if !h.NeedsRehash(tt.encoded) {
				t.Error("NeedsRehash(hash with other params) = false")
			}
		})
	}
}

func TestPasswordTampering(t *testing.T) {
	h := newTestHasher(t, cheapParams)
	ctx := context.Background()
	const pw = "correct horse battery staple"
	enc, err := h.Hash(ctx, pw)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(enc, "$") // "", argon2id, v=19, params, salt, key
	join := func(p ...string) string { return strings.Join(p, "$") }
	flip := func(s string) string { // change the first character, staying in base64
		if s[0] == 'A' {
			return "B" + s[1:]
		}
		return "A" + s[1:]
	}
	tests := []struct {
		name      string
		encoded   string
		malformed bool // else: well-formed but must not match
	}{
		{"key changed", join("", parts[1], parts[2], parts[3], parts[4], flip(parts[5])), false},
		{"salt changed", join("", parts[1], parts[2], parts[3], flip(parts[4]), parts[5]), false},
		{"time changed", join("", parts[1], parts[2], "m=1024,t=2,p=1", parts[4], parts[5]), false},
		{"memory changed", join("", parts[1], parts[2], "m=2048,t=1,p=1", parts[4], parts[5]), false},
		{"algorithm argon2i", join("", "argon2i", parts[2], parts[3], parts[4], parts[5]), true},
		{"version 16", join("", parts[1], "v=16", parts[3], parts[4], parts[5]), true},
		{"params reordered", join("", parts[1], parts[2], "t=1,m=1024,p=1", parts[4], parts[5]), true},
		{"leading zero", join("", parts[1], parts[2], "m=01024,t=1,p=1", parts[4], parts[5]), true},
		{"extra param", join("", parts[1], parts[2], parts[3]+",x=1", parts[4], parts[5]), true},
		{"4 GiB memory", join("", parts[1], parts[2], "m=4194304,t=1,p=1", parts[4], parts[5]), true},
		{"1000 passes", join("", parts[1], parts[2], "m=1024,t=1000,p=1", parts[4], parts[5]), true},
		{"padded base64", join("", parts[1], parts[2], parts[3], parts[4]+"==", parts[5]), true},
		{"not base64", join("", parts[1], parts[2], parts[3], parts[4], "!!!"+parts[5][3:]), true},
		{"key truncated to 8 bytes", join("", parts[1], parts[2], parts[3], parts[4], parts[5][:11]), true},
		{"missing key", join("", parts[1], parts[2], parts[3], parts[4]), true},
		{"trailing part", enc + "$x", true},
		{"bcrypt", "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW", true},
		{"plain text", pw, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := h.Verify(ctx, tt.encoded, pw)
			if ok {
				t.Fatal("Verify accepted a tampered hash")
			}
			if tt.malformed != errors.Is(err, ErrMalformedPasswordHash) {
				t.Fatalf("Verify error = %v; want ErrMalformedPasswordHash: %v", err, tt.malformed)
			}
			if err != nil && strings.Contains(err.Error(), pw) {
				t.Fatal("the error message contains the password")
			}
			if !h.NeedsRehash(tt.encoded) && tt.malformed {
				t.Error("NeedsRehash(malformed) = false")
			}
		})
	}
}

func TestPasswordPolicy(t *testing.T) {
	h := newTestHasher(t, cheapParams)
	tests := []struct {
		name     string
		password string
		want     error
	}{
		{"empty", "", ErrPasswordTooShort},
		{"11 characters", "abcdefghijk", ErrPasswordTooShort},
		{"12 characters", "abcdefghijkl", nil},
		{"12 characters of 2 bytes each", strings.Repeat("é", 12), nil},
		{"11 characters of 3 bytes each", strings.Repeat("€", 11), ErrPasswordTooShort},
		{"1024 bytes", strings.Repeat("a", MaxPasswordBytes), nil},
		{"1025 bytes", strings.Repeat("a", MaxPasswordBytes+1), ErrPasswordTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckPassword(tt.password); !errors.Is(err, tt.want) {
				t.Fatalf("CheckPassword = %v, want %v", err, tt.want)
			}
			if _, err := h.Hash(context.Background(), tt.password); !errors.Is(err, tt.want) {
				t.Fatalf("Hash = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestPasswordVerifyRefusals(t *testing.T) {
	h := newTestHasher(t, cheapParams)
	ctx := context.Background()
	enc, _ := h.Hash(ctx, "correct horse battery staple")
	if ok, err := h.Verify(ctx, enc, strings.Repeat("a", MaxPasswordBytes+1)); ok || !errors.Is(err, ErrPasswordTooLong) {
		t.Errorf("Verify(oversized password) = %v, %v; want ErrPasswordTooLong", ok, err)
	}
	if ok, err := h.Verify(ctx, "", "correct horse battery staple"); ok || !errors.Is(err, ErrNoPassword) {
		t.Errorf("Verify(no hash) = %v, %v; want ErrNoPassword", ok, err)
	}
	if err := h.VerifyNoUser(ctx, "correct horse battery staple"); err != nil {
		t.Errorf("VerifyNoUser = %v", err)
	}
	if err := h.VerifyNoUser(ctx, strings.Repeat("a", MaxPasswordBytes+1)); !errors.Is(err, ErrPasswordTooLong) {
		t.Errorf("VerifyNoUser(oversized) = %v", err)
	}
}

func TestPasswordHasherBoundsConcurrency(t *testing.T) {
	h, err := NewPasswordHasher(cheapParams, 1)
	if err != nil {
		t.Fatal(err)
	}
	h.slots <- struct{}{} // the one slot is busy
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.Hash(ctx, "correct horse battery staple"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Hash with every slot busy and a cancelled context = %v; want context.Canceled", err)
	}
	<-h.slots
	if _, err := h.Hash(context.Background(), "correct horse battery staple"); err != nil {
		t.Fatalf("Hash with a free slot: %v", err)
	}
}

func TestArgon2ParamsValidate(t *testing.T) {
	tests := []struct {
		name string
		p    Argon2Params
		ok   bool
	}{
		{"default", DefaultArgon2Params(), true},
		{"cheap", cheapParams, true},
		{"no threads", Argon2Params{Memory: 1024, Time: 1, Threads: 0, SaltLen: 16, KeyLen: 32}, false},
		{"no passes", Argon2Params{Memory: 1024, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32}, false},
		{"memory below 8 KiB per lane", Argon2Params{Memory: 15, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32}, false},
		{"short salt", Argon2Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32}, false},
		{"short key", Argon2Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 8}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate = %v, want ok %v", err, tt.ok)
			}
			if _, err := NewPasswordHasher(tt.p, 1); (err == nil) != tt.ok {
				t.Fatalf("NewPasswordHasher = %v, want ok %v", err, tt.ok)
			}
		})
	}
	if _, err := NewPasswordHasher(cheapParams, 0); err == nil {
		t.Error("NewPasswordHasher(maxConcurrent 0) succeeded")
	}
}

// BenchmarkPasswordVerifyDefault measures one login's hashing cost with the
// default parameters (the figure docs/security.md quotes).
func BenchmarkPasswordVerifyDefault(b *testing.B) {
	h, err := NewPasswordHasher(DefaultArgon2Params(), 1)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	enc, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := h.Verify(ctx, enc, "correct horse battery staple"); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkParseAPIKey measures refusing a malformed key and accepting a
// good one: the work done before any database lookup.
func BenchmarkParseAPIKey(b *testing.B) {
	k, _ := GenerateAPIKey()
	for b.Loop() {
		if _, err := ParseAPIKey(k.Secret()); err != nil {
			b.Fatal(err)
		}
		k.Hash()
	}
}
