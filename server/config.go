package server

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Config is everything the server needs to know, filled from flags by cmd.
// DefaultConfig gives the defaults; Validate lists every problem at once.
type Config struct {
	Addr            string        // listen address
	Roots           []Root        // directories whose files JSON requests may name
	TempDir         string        // the server's own folder for uploads; swept at start
	MaxUploadSize   int64         // bytes of one uploaded file
	MaxJSONSize     int64         // bytes of a JSON request body
	Workers         int           // ffprobe processes at once
	QueueSize       int           // analysis requests admitted beyond the workers
	ProbeTimeout    time.Duration // one ffprobe run
	QueueTimeout    time.Duration // longest wait for a free worker before 503
	ShutdownTimeout time.Duration // time in-flight requests get to finish at shutdown
	TLSCert         string        // PEM certificate chain; with TLSKey enables HTTPS
	TLSKey          string
	CORSOrigins     []string // origins (scheme://host[:port]) browsers may call from
	MetricsAddr     string   // a separate listener for /metrics; "" serves it on Addr
	MetricsToken    string   // bearer token /metrics on the main listener requires
	MinFreeTemp     int64    // free bytes the temporary directory must keep

	ReadHeaderTimeout time.Duration // to read a request's headers
	ReadTimeout       time.Duration // to read a whole request, uploads excepted
	UploadIdleTimeout time.Duration // an upload that sends nothing for this long is dropped
	UploadTimeout     time.Duration // the longest an upload may take in all
	WriteTimeout      time.Duration // to write an answer (analyses get probe + queue time on top)
	IdleTimeout       time.Duration // a kept-alive connection with no request
	MaxHeaderBytes    int           // request line and headers

	Auth AuthConfig // API keys, password logins and sessions

	RateLimit RateLimitConfig // per address, per principal and login limits; off unless Enabled
	ClientIP  ClientIPConfig  // trusted proxies, allow and deny lists
	Remote    RemoteConfig    // remote URL analyses: the network guard, budget and time limit
	Media     MediaPolicy     // upload extensions and formats accepted
}

// Defaults.
const (
	DefaultAddr          = "127.0.0.1:8080"
	DefaultMaxUploadSize = 50 << 30 // 50 GiB
	DefaultMaxJSONSize   = 1 << 20  // 1 MiB
	DefaultMinFreeTemp   = 1 << 30  // 1 GiB
)

// DefaultConfig is the configuration of `serve` with no flags, except
// TempDir, which cmd sets to <data dir>/tmp, and RateLimit, which serve
// turns on (with ratelimit.DefaultPlan) and a Config leaves off.
func DefaultConfig() Config {
	workers := runtime.NumCPU()
	return Config{
		Addr:              DefaultAddr,
		MaxUploadSize:     DefaultMaxUploadSize,
		MaxJSONSize:       DefaultMaxJSONSize,
		Workers:           workers,
		QueueSize:         4 * workers,
		ProbeTimeout:      60 * time.Second,
		QueueTimeout:      30 * time.Second,
		ShutdownTimeout:   30 * time.Second,
		MinFreeTemp:       DefaultMinFreeTemp,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		UploadIdleTimeout: 60 * time.Second,
		UploadTimeout:     2 * time.Hour,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		Auth:              DefaultAuthConfig(),
		Remote:            DefaultRemoteConfig(),
		Media:             DefaultMediaPolicy(),
	}
}

// TLS reports whether the server speaks HTTPS.
func (c Config) TLS() bool { return c.TLSCert != "" }

// Validate checks every field and returns all problems in one error, one
// per line, each naming its flag.
func (c Config) Validate() error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		add("--addr %q: want host:port, e.g. 127.0.0.1:8080 or :8080", c.Addr)
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			add("--metrics-addr %q: want host:port, e.g. 127.0.0.1:9090", c.MetricsAddr)
		}
	}
	if c.TempDir == "" || !filepath.IsAbs(c.TempDir) {
		add("--temp-dir %q: want an absolute directory", c.TempDir)
	}
	c.validateSizes(add)
	c.validateDurations(add)
	c.validateTLS(add)
	for _, o := range c.CORSOrigins {
		if err := checkOrigin(o); err != nil {
			add("--cors-origins %q: %v", o, err)
		}
	}
	problems = append(problems, checkRoots(c.Roots)...)
	problems = append(problems, c.Auth.problems()...)
	problems = append(problems, c.RateLimit.problems()...)
	problems = append(problems, c.ClientIP.problems()...)
	problems = append(problems, c.Remote.problems()...)
	problems = append(problems, c.Media.problems()...)
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

func (c Config) validateSizes(add func(string, ...any)) {
	if c.MaxUploadSize <= 0 {
		add("--max-upload-size %d: must be positive", c.MaxUploadSize)
	}
	if c.MaxJSONSize <= 0 {
		add("--max-json-size %d: must be positive", c.MaxJSONSize)
	}
	if c.Workers < 1 {
		add("--workers %d: at least 1", c.Workers)
	}
	if c.QueueSize < 0 {
		add("--queue-size %d: must not be negative", c.QueueSize)
	}
	if c.MinFreeTemp < 0 {
		add("--min-free-temp %d: must not be negative", c.MinFreeTemp)
	}
	if c.MaxHeaderBytes < 1024 {
		add("max header bytes %d: at least 1024", c.MaxHeaderBytes)
	}
}

func (c Config) validateDurations(add func(string, ...any)) {
	for _, d := range []struct {
		flag  string
		value time.Duration
	}{
		{"--probe-timeout", c.ProbeTimeout}, {"--queue-timeout", c.QueueTimeout},
		{"--shutdown-timeout", c.ShutdownTimeout}, {"--upload-timeout", c.UploadTimeout},
		{"read header timeout", c.ReadHeaderTimeout}, {"read timeout", c.ReadTimeout},
		{"upload idle timeout", c.UploadIdleTimeout}, {"write timeout", c.WriteTimeout},
		{"idle timeout", c.IdleTimeout},
	} {
		if d.value <= 0 {
			add("%s %s: must be positive", d.flag, d.value)
		}
	}
}

func (c Config) validateTLS(add func(string, ...any)) {
	if (c.TLSCert == "") != (c.TLSKey == "") {
		add("--tls-cert and --tls-key: give both or neither")
		return
	}
	for flag, path := range map[string]string{"--tls-cert": c.TLSCert, "--tls-key": c.TLSKey} {
		if path == "" {
			continue
		}
		if _, err := os.Stat(path); err != nil {
			add("%s %s: %v", flag, path, describeFileError(err))
		}
	}
}

// checkOrigin accepts scheme://host[:port] and nothing else: no path, no
// wildcard (an API that accepts uploads names the pages it trusts).
func checkOrigin(o string) error {
	if o == "*" {
		return errors.New("a wildcard is not allowed; list each origin")
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("want scheme://host[:port], e.g. https://app.example.com")
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return errors.New("an origin has no path, query or user part")
	}
	return nil
}

func describeFileError(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "no such file"
	case errors.Is(err, os.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}
