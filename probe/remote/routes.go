package remote

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
)

// routeKind says how a content-server path maps to an origin URL.
type routeKind int

const (
	// exactRoute: /<token>/<id>/<name> is one origin URL (query included;
	// name is only for ffprobe's messages).
	exactRoute routeKind = iota
	// prefixRoute: /<token>/<id>/<path>?<query> is origin root + path and
	// query, for DASH manifests, whose templates ffprobe expands itself.
	prefixRoute
	// refusedRoute: a URI a manifest named that may not be fetched.
	refusedRoute
)

type route struct {
	kind   routeKind
	target string // exact: the origin URL; prefix: "scheme://host[:port]"
	err    error  // refused: why
}

// addRoute registers rt and returns its id, reusing the id of an equal
// route. The caller holds s.mu.
func (s *Session) addRoute(rt route) string {
	key := strconv.Itoa(int(rt.kind)) + " " + rt.target
	if id, ok := s.routeIDs[key]; ok && rt.kind != refusedRoute {
		return id
	}
	id := strconv.Itoa(len(s.routes))
	s.routes[id] = rt
	s.routeIDs[key] = id
	return id
}

// exactURL is the content-server URL for the origin URL u.
func (s *Session) exactURL(u *url.URL) string {
	s.mu.Lock()
	id := s.addRoute(route{kind: exactRoute, target: u.String()})
	s.mu.Unlock()
	return s.srv.base + "/" + s.token + "/" + id + "/" + displayName(u)
}

// prefixURL is the content-server URL standing for origin's root,
// without a trailing slash: append an absolute path.
func (s *Session) prefixURL(origin string) string {
	s.mu.Lock()
	id := s.addRoute(route{kind: prefixRoute, target: origin})
	s.mu.Unlock()
	return s.srv.base + "/" + s.token + "/" + id
}

// refusedURL is a content-server URL that answers 403 and records err
// when ffprobe asks for it. It ends in the refused URL's file name (ref's
// last path segment): ffprobe's HLS demuxer refuses a whole playlist
// when a segment URL lacks a media extension.
func (s *Session) refusedURL(err error, ref string) string {
	s.mu.Lock()
	id := s.addRoute(route{kind: refusedRoute, err: err})
	s.mu.Unlock()
	name := "refused"
	if u, perr := url.Parse(ref); perr == nil {
		name = displayName(u)
	}
	return s.srv.base + "/" + s.token + "/" + id + "/" + name
}

var errUnknownRoute = errors.New("remote: no such resource in this session")

// resolve is the origin URL a request for /<token>/<id>/<rest>?<query>
// stands for. rest is still escaped.
func (s *Session) resolve(id, rest, rawQuery string) (string, error) {
	s.mu.Lock()
	rt, ok := s.routes[id]
	s.mu.Unlock()
	switch {
	case !ok:
		return "", errUnknownRoute
	case rt.kind == refusedRoute:
		return "", rt.err
	case rt.kind == exactRoute:
		return rt.target, nil
	}
	target := rt.target + "/" + rest
	if rawQuery != "" {
		target += "?" + rawQuery
	}
	u, err := url.Parse(target)
	if err != nil || originOf(u) != rt.target {
		return "", errUnknownRoute
	}
	if alias, ok := s.aliases[u.String()]; ok {
		return alias, nil
	}
	return u.String(), nil
}

// originOf is "scheme://host[:port]" of u as written.
func originOf(u *url.URL) string { return u.Scheme + "://" + u.Host }

// sameOrigin compares scheme, host and port, default ports included.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) &&
		portOrDefault(a) == portOrDefault(b)
}

func portOrDefault(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// displayName is the last segment of u's path, kept to safe characters
// (ffprobe shows it in messages); "input" when nothing is left.
func displayName(u *url.URL) string {
	last := u.Path[strings.LastIndexByte(u.Path, '/')+1:]
	var b strings.Builder
	for _, r := range last {
		if r < 128 && (r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
		if b.Len() == 80 {
			break
		}
	}
	if name := strings.Trim(b.String(), "."); name != "" {
		return name
	}
	return "input"
}
