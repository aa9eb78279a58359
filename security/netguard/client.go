package netguard

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// NewClient returns an *http.Client that fetches only what cfg allows:
// its transport dials through the guard's dialer (public addresses only,
// unless cfg.AllowPrivate), ignores proxy settings from the environment,
// keeps no cookies, does not ask for compressed responses (byte counts
// stay exact and no decompression bomb can grow), and bounds dialling,
// TLS handshakes and the wait for response headers.
//
// Its CheckRedirect checks every redirect target with cfg.CheckURL, stops
// after cfg.MaxRedirects, always drops Referer (it would carry the
// previous URL's query), and once the chain has left the first request's
// origin drops every header except Range, If-Range, Accept,
// Accept-Language and User-Agent: Authorization, Cookie and whatever else
// the caller set never reach another origin. The returned error is
// cfg.Validate's.
func NewClient(cfg Config) (*http.Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	d := &dialer{cfg: cfg}
	transport := &http.Transport{
		Proxy:                  nil,
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    cfg.dialTimeout(),
		ResponseHeaderTimeout:  cfg.responseHeaderTimeout(),
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		DisableCompression:     true,
		MaxIdleConnsPerHost:    4,
		IdleConnTimeout:        30 * time.Second,
	}
	return &http.Client{
		Transport:     transport,
		CheckRedirect: redirectPolicy(cfg),
	}, nil
}

// headersKeptAcrossOrigins are the request headers that survive a
// redirect to another origin: they say which bytes and what form are
// wanted, and carry no credentials.
var headersKeptAcrossOrigins = map[string]bool{
	"Range": true, "If-Range": true, "Accept": true, "Accept-Language": true, "User-Agent": true,
}

func redirectPolicy(cfg Config) func(*http.Request, []*http.Request) error {
	limit := cfg.maxRedirects()
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > limit {
			return fmt.Errorf("netguard: %w: the origin redirected more than %d times", ErrTooManyRedirects, limit)
		}
		if _, err := cfg.CheckURL(req.URL.String()); err != nil {
			return fmt.Errorf("redirect %d: %w", len(via), err)
		}
		req.Header.Del("Referer")
		if leftOrigin(via, req) {
			for name := range req.Header {
				if !headersKeptAcrossOrigins[name] {
					delete(req.Header, name)
				}
			}
		}
		return nil
	}
}

// leftOrigin reports whether any hop of the chain so far, or the next
// one, is on another origin than the first request.
func leftOrigin(via []*http.Request, next *http.Request) bool {
	first := Origin(via[0].URL)
	if Origin(next.URL) != first {
		return true
	}
	for _, r := range via[1:] {
		if Origin(r.URL) != first {
			return true
		}
	}
	return false
}

// Origin is u's scheme, host and port as one comparable string
// ("https://example.com:443"), the unit the browser same-origin rule uses.
func Origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(strings.TrimSuffix(u.Hostname(), ".")) + ":" + port
}
