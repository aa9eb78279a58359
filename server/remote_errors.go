package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/remote"
	"github.com/ffprobe-api/ffprobe-api/security/netguard"
)

// remoteFailure is the public error for a remote analysis that failed
// while opening its session (opening) or while ffprobe read it, counted
// by reason. Messages name only what the client sent: the host as given,
// never an address it resolved to or one a redirect pointed at.
func (s *Server) remoteFailure(ctx context.Context, err error, requested string, opening bool) error {
	e, reason := describeRemoteError(err, requested, s.cfg.Remote)
	if reason != "" {
		s.metrics.guards.remoteRefused.WithLabelValues(reason).Inc()
	}
	switch {
	case e != nil:
		return e
	case ctx.Err() != nil || !opening || errors.Is(err, probe.ErrNotMedia):
		return describeProbeError(err, s.cfg.ProbeTimeout)
	}
	s.metrics.guards.remoteRefused.WithLabelValues(remoteRefusedOrigin).Inc()
	return wrapError(CodeURLFetchFailed, err, "the origin %s could not be reached", requestedHost(requested))
}

// describeRemoteError maps what the guard and the content server report
// about the URL requested; nil when err is none of theirs. reason labels
// the metric.
func describeRemoteError(err error, requested string, rc RemoteConfig) (e *Error, reason string) {
	var blocked *netguard.BlockedError
	var origin *remote.OriginError
	switch {
	case errors.As(err, &blocked):
		return wrapError(CodeURLBlocked, err, "%s", blockedMessage(blocked, requestedHost(requested))), remoteRefusedBlocked
	case errors.Is(err, netguard.ErrInvalidURL), errors.Is(err, remote.ErrInvalidURL):
		return wrapError(CodeURLBlocked, err, "%s", invalidURLMessage(err, requested)), remoteRefusedBlocked
	case errors.Is(err, remote.ErrManifestNotAllowed):
		return wrapError(CodeNotMedia, err, `the URL is an HLS or DASH manifest; send "allow_manifests": true to analyse it`), ""
	case errors.Is(err, remote.ErrBudgetExceeded):
		return wrapError(CodeURLBudgetExceeded, err, "analysing this URL needs more than the server's budget of %d bytes from the origin; "+
			"a file with its index at the front (MP4 faststart) needs far less", rc.MaxBytes), remoteRefusedBudget
	case errors.Is(err, remote.ErrTimeout):
		return wrapError(CodeURLTimeout, err, "the origin did not deliver what ffprobe needed within the server's limit of %s", rc.Timeout), remoteRefusedTimeout
	case errors.As(err, &origin):
		return wrapError(CodeURLFetchFailed, err, "the origin answered %d %s", origin.Status, http.StatusText(origin.Status)), remoteRefusedOrigin
	case errors.Is(err, netguard.ErrTooManyRedirects):
		return wrapError(CodeURLFetchFailed, err, "the origin redirected more times than the server follows"), remoteRefusedOrigin
	case errors.Is(err, remote.ErrOrigin):
		return wrapError(CodeURLFetchFailed, err, "the origin's answer cannot be used: it is inconsistent, or the file changed during the analysis"), remoteRefusedOrigin
	}
	return nil, ""
}

// blockedMessage says which destination the guard refused, naming only
// what the client sent: an address a name resolved to stays in the log,
// and so does the target of a redirect or of a manifest's entry.
func blockedMessage(b *netguard.BlockedError, requested string) string {
	switch {
	case b.Host != "" && !strings.EqualFold(b.Host, requested):
		return "the origin redirected (or its manifest pointed) to a destination the server does not fetch from"
	case b.IP.IsValid() && b.Host != b.IP.String():
		return fmt.Sprintf("the server does not fetch from %s: it resolves to an address that is not allowed (%s)", requested, b.Reason)
	}
	return fmt.Sprintf("the server does not fetch from %s: %s", requested, b.Reason)
}

// invalidURLMessage is the guard's complaint about the URL requested,
// which shows it without user-info, query or fragment. When the URL
// requested is valid, the complaint is about where the origin redirected,
// which is not repeated.
func invalidURLMessage(err error, requested string) string {
	if _, verr := netguard.ValidateURL(requested); verr == nil {
		return "the origin redirected (or its manifest pointed) to a URL the server does not fetch"
	}
	msg := err.Error()
	if i := strings.Index(msg, "invalid remote URL"); i >= 0 {
		msg = msg[i:]
	}
	return "the server does not fetch this URL: " + msg
}

// requestedHost is the URL's host in the guard's normal form, for
// messages and for telling a redirect's target from the URL given.
func requestedHost(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	if host, err := netguard.NormalizeHost(u.Hostname()); err == nil {
		return host
	}
	return u.Hostname()
}
