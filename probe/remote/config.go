package remote

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults for the zero fields of Config and Request.
const (
	// DefaultMaxBytes is the byte budget of one session: enough for the
	// index of a long file whose index is at its end plus ffprobe's 5 MB
	// probe size, far less than most whole files.
	DefaultMaxBytes = 64 << 20
	// DefaultTimeout bounds one session, from Open to Close.
	DefaultTimeout = 60 * time.Second
	// DefaultMaxManifestBytes bounds one HLS or DASH manifest.
	DefaultMaxManifestBytes = 1 << 20
)

// Config configures a Server.
type Config struct {
	// Client makes every request to origins. It must be the network
	// guard's client (netguard.NewClient), whose dialer and redirect
	// checks are what keep probes off private networks. Required.
	Client *http.Client
	// CheckURL, when set, vets every URL before it is fetched: the
	// request's and each one a manifest names (netguard's Config.CheckURL,
	// which applies the host lists early). When nil, only the scheme
	// (http, https), the host and the absence of user-info are checked
	// here; the client still checks every address it dials.
	CheckURL func(raw string) (*url.URL, error)
	// MaxBytes is the default byte budget of a session (DefaultMaxBytes).
	MaxBytes int64
	// Timeout is the default time limit of a session (DefaultTimeout).
	Timeout time.Duration
	// MaxManifestBytes bounds each manifest (DefaultMaxManifestBytes).
	MaxManifestBytes int64
	// TempDir holds the sessions' cache files; default os.TempDir().
	TempDir string
}

// Validate reports every problem with the configuration at once.
func (c Config) Validate() error {
	var problems []string
	if c.Client == nil {
		problems = append(problems, "client is required (the network guard's *http.Client)")
	}
	if c.MaxBytes < 0 || c.MaxManifestBytes < 0 {
		problems = append(problems, "byte limits must not be negative")
	}
	if c.Timeout < 0 {
		problems = append(problems, fmt.Sprintf("timeout %s is negative", c.Timeout))
	}
	if len(problems) > 0 {
		return fmt.Errorf("remote config: %s", strings.Join(problems, "; "))
	}
	return nil
}

// Request is one remote source to probe.
type Request struct {
	// URL is the http or https URL of the media or manifest.
	URL string
	// Headers are sent to the URL's origin (and only to it): for
	// presigned and private sources. Never logged or stored.
	Headers http.Header
	// AllowManifests admits HLS and DASH manifests; otherwise a manifest
	// is refused with ErrManifestNotAllowed.
	AllowManifests bool
	// MaxBytes and Timeout override the Config's defaults for this
	// session when positive.
	MaxBytes int64
	Timeout  time.Duration
}

func positiveOr[T int64 | time.Duration](values ...T) T {
	for _, v := range values {
		if v > 0 {
			return v
		}
	}
	return 0
}
