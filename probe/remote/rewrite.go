package remote

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// rewriteManifest loads res (a manifest) and rewrites every URI in it to
// point at this server.
func (s *Session) rewriteManifest(res *resource) ([]byte, error) {
	limit := positiveOr(s.srv.cfg.MaxManifestBytes, DefaultMaxManifestBytes)
	body, err := res.loadManifest(s.ctx, s, limit)
	if err != nil {
		return nil, err
	}
	if res.kind == hlsPlaylist {
		return rewriteHLS(body, s.hlsReference(res.finalURL)), nil
	}
	return rewriteDASH(body, s.dashReference(res.finalURL)), nil
}

// hlsReference maps a URI of an HLS playlist at base to an exact route:
// HLS URIs are plain URLs, resolved here against the playlist's URL after
// redirects.
func (s *Session) hlsReference(base *url.URL) func(string) string {
	return func(ref string) string {
		u, err := base.Parse(ref)
		if err != nil {
			return s.refusedURL(fmt.Errorf("remote: %w: a URI in the playlist %s does not parse", ErrInvalidURL, shownURL(base)), "")
		}
		checked, err := s.srv.checkURL(u.String())
		if err != nil {
			return s.refusedURL(err, ref)
		}
		return s.exactURL(checked)
	}
}

var (
	schemePrefix = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)
	absoluteHTTP = regexp.MustCompile(`^(?i:https?)://[^/?#]*`)
)

// dashReference maps a URL-bearing value of a DASH manifest at base.
// Relative references stay as they are: they resolve against the
// manifest's URL on this server, a prefix route for its origin. Absolute
// ones and those starting with "/" or "//" get a prefix route for their
// origin, keeping their path, query and $templates$ verbatim. Another
// scheme is refused. (A root-relative reference is taken against the
// manifest's origin even under a BaseURL of another origin; a known
// simplification.)
func (s *Session) dashReference(base *url.URL) func(string) string {
	return func(ref string) string {
		ref = strings.TrimSpace(ref)
		switch {
		case strings.HasPrefix(ref, "//"):
			ref = base.Scheme + ":" + ref
		case strings.HasPrefix(ref, "/"):
			return s.prefixURL(originOf(base)) + ref
		case ref == "" || !schemePrefix.MatchString(ref):
			return ref
		}
		origin := absoluteHTTP.FindString(ref)
		if origin == "" {
			return s.refusedURL(fmt.Errorf("remote: %w: the manifest %s names a URL whose scheme is not http or https", ErrInvalidURL, shownURL(base)), ref)
		}
		checked, err := s.srv.checkURL(origin + "/")
		if err != nil {
			return s.refusedURL(err, ref)
		}
		rest := ref[len(origin):]
		if !strings.HasPrefix(rest, "/") {
			rest = "/" + rest
		}
		return s.prefixURL(originOf(checked)) + rest
	}
}
