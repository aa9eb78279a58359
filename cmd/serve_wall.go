//go:build !lean

package cmd

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/security"
	"github.com/ffprobe-api/ffprobe-api/security/clientip"
	"github.com/ffprobe-api/ffprobe-api/security/ratelimit"
	"github.com/ffprobe-api/ffprobe-api/server"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// The flags of serve's outer defences: rate limits, client addresses,
// remote URLs and what counts as media (docs/security.md).
func addServeGuardFlags(f *pflag.FlagSet) {
	plan, remote := ratelimit.DefaultPlan(), server.DefaultRemoteConfig()
	f.String("rate-limit-ip", plan.PerIP.String(), "requests per client address, RATE/UNIT[:BURST] with UNIT s, m or h (health, ready and metrics are not limited)")
	for _, role := range security.Roles() {
		f.String("rate-limit-"+string(role), plan.PerRole[role].String(), "requests per "+string(role)+" (per API key, or per user for access tokens)")
	}
	f.String("rate-limit-login", plan.Login.String(), "login attempts per client address (besides the per-account back-off)")
	f.String("redis-url", "", "keep rate limits in Redis, shared by every instance: redis://[:PASSWORD@]HOST:6379/0, rediss:// for TLS (secret: also FFPROBE_API_REDIS_URL_FILE)")
	f.String("rate-limit-on-redis-failure", string(ratelimit.FailClosed), "while Redis is unreachable: closed (refuse with 503) or local (this instance's own limits)")
	f.StringSlice("trusted-proxies", nil, "reverse proxies (CIDRs or addresses) whose --forwarded-header names the client; none: the client is the TCP peer")
	f.String("forwarded-header", "xff", "the header trusted proxies name the client in: xff (X-Forwarded-For) or forwarded (RFC 7239)")
	f.StringSlice("allow-cidrs", nil, "only these client addresses may call the API (CIDRs or addresses); none: all")
	f.StringSlice("deny-cidrs", nil, "these client addresses may not call the API, even when allowed (403)")
	f.StringSlice("url-allow-hosts", nil, "remote URLs: the only hosts fetched (media.example.com, *.example.com); none: any public host")
	f.StringSlice("url-deny-hosts", nil, "remote URLs: hosts never fetched (wins over --url-allow-hosts)")
	f.String("url-max-bytes", fmt.Sprintf("%dMiB", remote.MaxBytes>>20), "remote URLs: the most bytes one analysis may take from the origin")
	f.Duration("url-timeout", remote.Timeout, "remote URLs: time limit of one analysis's fetching")
	f.StringSlice("url-allow-private", nil, "remote URLs: private ranges (CIDRs) that may be fetched after all; for tests and intranets, refused in production mode")
	f.StringSlice("upload-extensions", nil, fmt.Sprintf("file name extensions uploads may have; * for any (default: %s and %d more audio and video extensions, listed in docs/api.md)",
		strings.Join(server.DefaultUploadExtensions[:4], ", "), len(server.DefaultUploadExtensions)-4))
	f.StringSlice("allowed-formats", nil, "formats an analysis may find (e.g. mp4,matroska); default any but still images; * for any")
}

// serveGuardConfig reads those flags into cfg; every problem at once.
func serveGuardConfig(v *viper.Viper, cfg *server.Config) []error {
	var problems []error
	problems = append(problems, serveRateLimits(v, &cfg.RateLimit)...)
	problems = append(problems, serveClientIP(v, &cfg.ClientIP)...)
	problems = append(problems, serveRemote(v, &cfg.Remote)...)
	cfg.Media.UploadExtensions = server.DefaultMediaPolicy().UploadExtensions
	if exts := listOf(v, "upload-extensions"); len(exts) > 0 {
		cfg.Media.UploadExtensions = make([]string, len(exts))
		for i, ext := range exts {
			cfg.Media.UploadExtensions[i] = strings.ToLower(strings.TrimPrefix(ext, "."))
		}
	}
	cfg.Media.Formats = listOf(v, "allowed-formats")
	return problems
}

func serveRateLimits(v *viper.Viper, rl *server.RateLimitConfig) []error {
	var problems []error
	// A value that does not parse is reported here and the default kept,
	// so that the server's own validation does not report it again.
	policy := func(key string, fallback ratelimit.Policy) ratelimit.Policy {
		p, err := ratelimit.ParsePolicy(fallback.Name, v.GetString(key))
		if err != nil {
			problems = append(problems, fmt.Errorf("--%s: %w", key, err))
			return fallback
		}
		return p
	}
	defaults := ratelimit.DefaultPlan()
	rl.Enabled = true
	rl.Plan = ratelimit.Plan{PerIP: policy("rate-limit-ip", defaults.PerIP), PerRole: map[security.Role]ratelimit.Policy{},
		Login: policy("rate-limit-login", defaults.Login)}
	for _, role := range security.Roles() {
		rl.Plan.PerRole[role] = policy("rate-limit-"+string(role), defaults.PerRole[role])
	}
	mode, err := ratelimit.ParseFailureMode(v.GetString("rate-limit-on-redis-failure"))
	if err != nil {
		problems = append(problems, fmt.Errorf("--rate-limit-on-redis-failure: %w", err))
	}
	rl.OnRedisFailure, rl.RedisURL = mode, strings.TrimSpace(v.GetString("redis-url"))
	if rl.RedisURL != "" {
		client, err := ratelimit.NewRedisClient(rl.RedisURL) // checks the URL; connects at the first request
		if err != nil {
			problems = append(problems, fmt.Errorf("--redis-url: %w", err))
		} else {
			_ = client.Close()
		}
	}
	return problems
}

func serveClientIP(v *viper.Viper, c *server.ClientIPConfig) []error {
	var problems []error
	prefixes := func(key string) []netip.Prefix {
		p, err := clientip.ParsePrefixes(listOf(v, key))
		if err != nil {
			problems = append(problems, fmt.Errorf("--%s: %w", key, err))
		}
		return p
	}
	c.TrustedProxies, c.Allow, c.Deny = prefixes("trusted-proxies"), prefixes("allow-cidrs"), prefixes("deny-cidrs")
	switch h := strings.ToLower(strings.TrimSpace(v.GetString("forwarded-header"))); h {
	case "", "xff", "x-forwarded-for":
		c.Header = clientip.XForwardedFor
	case "forwarded":
		c.Header = clientip.Forwarded
	default:
		problems = append(problems, fmt.Errorf("--forwarded-header %q: want xff (X-Forwarded-For) or forwarded (RFC 7239)", h))
	}
	return problems
}

func serveRemote(v *viper.Viper, r *server.RemoteConfig) []error {
	var problems []error
	r.Guard.AllowHosts, r.Guard.DenyHosts = listOf(v, "url-allow-hosts"), listOf(v, "url-deny-hosts")
	private, err := clientip.ParsePrefixes(listOf(v, "url-allow-private"))
	if err != nil {
		problems = append(problems, fmt.Errorf("--url-allow-private: %w", err))
	}
	r.Guard.AllowPrivate = private
	if maxBytes, err := server.ParseByteSize(v.GetString("url-max-bytes")); err != nil {
		problems = append(problems, fmt.Errorf("--url-max-bytes: %w", err))
	} else {
		r.MaxBytes = maxBytes
	}
	r.Timeout = v.GetDuration("url-timeout")
	return problems
}

// listOf reads a list key: flag values as given (comma-separated), or an
// environment variable or config value split at commas.
func listOf(v *viper.Viper, key string) []string {
	var out []string
	for _, item := range v.GetStringSlice(key) {
		for part := range strings.SplitSeq(item, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}
