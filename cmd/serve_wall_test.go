//go:build !lean

package cmd

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/security/clientip"
	"github.com/ffprobe-api/ffprobe-api/security/ratelimit"
	"github.com/ffprobe-api/ffprobe-api/server"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// guardConfig parses args as serve's guard flags (env as FFPROBE_API_*
// variables) and returns the configuration and its problems.
func guardConfig(t *testing.T, env map[string]string, args ...string) (server.Config, []error) {
	t.Helper()
	for k, v := range env {
		t.Setenv(k, v)
	}
	f := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	addServeGuardFlags(f)
	if err := f.Parse(args); err != nil {
		t.Fatal(err)
	}
	v := viper.New()
	v.SetEnvPrefix(envPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()
	if err := v.BindPFlags(f); err != nil {
		t.Fatal(err)
	}
	cfg := server.DefaultConfig()
	return cfg, serveGuardConfig(v, &cfg)
}

func TestServeGuardDefaults(t *testing.T) {
	cfg, problems := guardConfig(t, nil)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	want := ratelimit.DefaultPlan()
	rl := cfg.RateLimit
	if !rl.Enabled || rl.Plan.PerIP != want.PerIP || rl.Plan.Login.String() != want.Login.String() || rl.OnRedisFailure != ratelimit.FailClosed || rl.RedisURL != "" {
		t.Errorf("rate limits %+v; want on, in memory, failing closed, with the default plan", rl)
	}
	for _, role := range security.Roles() {
		if rl.Plan.PerRole[role] != want.PerRole[role] {
			t.Errorf("%s: %+v, want %+v", role, rl.Plan.PerRole[role], want.PerRole[role])
		}
	}
	if cfg.ClientIP.Header != clientip.XForwardedFor || len(cfg.ClientIP.TrustedProxies) != 0 {
		t.Errorf("client IP %+v; want X-Forwarded-For from no one", cfg.ClientIP)
	}
	if !slices.Equal(cfg.Media.UploadExtensions, server.DefaultUploadExtensions) || cfg.Media.Formats != nil {
		t.Errorf("media %+v; want the default extensions, any format but images", cfg.Media)
	}
	if cfg.Remote.MaxBytes != 64<<20 || cfg.Remote.Timeout != time.Minute || len(cfg.Remote.Guard.AllowPrivate) != 0 {
		t.Errorf("remote %+v; want 64 MiB, 1m, no private ranges", cfg.Remote)
	}
	if err := cfg.Validate(); err == nil || strings.Contains(err.Error(), "rate") {
		// TempDir is unset here, so Validate must fail, but not about the guards.
		t.Errorf("Validate = %v", err)
	}
}

func TestServeGuardFlags(t *testing.T) {
	cfg, problems := guardConfig(t, map[string]string{"FFPROBE_API_TRUSTED_PROXIES": "10.0.0.0/8,192.0.2.7", "FFPROBE_API_UPLOAD_EXTENSIONS": ".MP4,mkv"},
		"--rate-limit-ip", "100/m:10", "--rate-limit-viewer", "1/h", "--forwarded-header", "forwarded",
		"--redis-url", "rediss://:pw@cache.internal:6380/1", "--rate-limit-on-redis-failure", "local",
		"--allow-cidrs", "10.0.0.0/8", "--deny-cidrs", "10.9.0.0/16,::ffff:10.8.0.0/112",
		"--url-allow-hosts", "media.example.com,*.cdn.example", "--url-max-bytes", "8MiB", "--url-timeout", "5s",
		"--url-allow-private", "127.0.0.0/8", "--allowed-formats", "mp4,matroska")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	rl := cfg.RateLimit
	if rl.Plan.PerIP.Burst != 10 || rl.Plan.PerIP.Rate != 100.0/60 || rl.Plan.PerRole[security.RoleViewer].Burst != 1 ||
		rl.RedisURL != "rediss://:pw@cache.internal:6380/1" || rl.OnRedisFailure != ratelimit.FailLocal {
		t.Errorf("rate limits %+v", rl)
	}
	prefixes := func(specs ...string) []netip.Prefix {
		var out []netip.Prefix
		for _, s := range specs {
			out = append(out, netip.MustParsePrefix(s))
		}
		return out
	}
	ip := cfg.ClientIP
	if ip.Header != clientip.Forwarded || !slices.Equal(ip.TrustedProxies, prefixes("10.0.0.0/8", "192.0.2.7/32")) ||
		!slices.Equal(ip.Allow, prefixes("10.0.0.0/8")) || !slices.Equal(ip.Deny, prefixes("10.9.0.0/16", "10.8.0.0/16")) {
		t.Errorf("client IP %+v", ip)
	}
	r := cfg.Remote
	if !slices.Equal(r.Guard.AllowHosts, []string{"media.example.com", "*.cdn.example"}) || r.MaxBytes != 8<<20 || r.Timeout != 5*time.Second ||
		!slices.Equal(r.Guard.AllowPrivate, prefixes("127.0.0.0/8")) {
		t.Errorf("remote %+v", r)
	}
	if !slices.Equal(cfg.Media.UploadExtensions, []string{"mp4", "mkv"}) || !slices.Equal(cfg.Media.Formats, []string{"mp4", "matroska"}) {
		t.Errorf("media %+v", cfg.Media)
	}
}

func TestServeGuardFlagsListEveryProblem(t *testing.T) {
	code, _, stderr := runCmd(t, "serve", "--rate-limit-ip", "20", "--rate-limit-login", "5/d",
		"--rate-limit-on-redis-failure", "open", "--redis-url", "http://:SECRET-PW@cache", "--trusted-proxies", "proxy.internal",
		"--allow-cidrs", "10.0.0.0/33", "--forwarded-header", "via", "--url-max-bytes", "lots",
		"--url-allow-private", "fe80::1%eth0", "--url-deny-hosts", "*.1.2.3.4", "--upload-extensions", "a/b")
	if code != ExitTrouble {
		t.Fatalf("exit %d, want %d\n%s", code, ExitTrouble, stderr)
	}
	for _, want := range []string{"--rate-limit-ip", "--rate-limit-login", "--rate-limit-on-redis-failure", "--redis-url",
		"--trusted-proxies", "--allow-cidrs", "--forwarded-header", "--url-max-bytes", "--url-allow-private", "deny_hosts", "--upload-extensions"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the error does not mention %s:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "SECRET-PW") {
		t.Errorf("the error shows the Redis password:\n%s", stderr)
	}
}
