package remote

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/ffprobe-api/ffprobe-api/probe"
)

// Open starts a session for req: it checks the URL, makes the first
// request to the origin (so that a refused address, an error status, an
// empty file or a manifest that is not allowed is reported here, before
// ffprobe runs) and returns the session whose URL ffprobe is to open. ctx
// bounds the whole session, as does its time limit.
//
// Errors wrap ErrInvalidURL (or Config.CheckURL's error), ErrOrigin
// (*OriginError for a status), ErrManifestNotAllowed, ErrBudgetExceeded,
// ErrTimeout, probe.ErrNotMedia (an empty file), or the client's error
// (a *netguard.BlockedError for a refused destination).
func (srv *Server) Open(ctx context.Context, req Request) (*Session, error) {
	u, err := srv.checkURL(req.URL)
	if err != nil {
		return nil, err
	}
	s, err := srv.newSession(ctx, req, u)
	if err != nil {
		return nil, err
	}
	if err := s.openMain(u); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Session) openMain(u *url.URL) error {
	res, err := s.resourceFor(u)
	if err != nil {
		return err
	}
	if err := s.prepare(res); err != nil {
		var oerr *OriginError
		if errors.As(err, &oerr) && oerr.Status == 416 {
			return fmt.Errorf("remote %s: %w: the file is empty (0 bytes)", res.shown, probe.ErrNotMedia)
		}
		return err
	}
	s.mu.Lock()
	s.kind = res.kind
	s.mu.Unlock()
	if res.kind != dashManifest {
		s.setURL(s.exactURL(u))
		return nil
	}
	// A DASH manifest is served under a prefix route, so that the
	// relative references and templates in it resolve to this server.
	final := res.finalURL
	withoutQuery := url.URL{Scheme: final.Scheme, Host: final.Host, Path: final.Path, RawPath: final.RawPath}
	s.mu.Lock()
	s.aliases[withoutQuery.String()] = res.key
	s.mu.Unlock()
	s.setURL(s.prefixURL(originOf(final)) + withoutQuery.EscapedPath())
	return nil
}

func (s *Session) setURL(u string) {
	s.mu.Lock()
	s.url = u
	s.mu.Unlock()
}

// prepare opens res (the first request) and, for a manifest, loads and
// rewrites it (once).
func (s *Session) prepare(res *resource) error {
	if err := res.open(s.ctx, s); err != nil {
		return err
	}
	if res.kind == media {
		if res.emptyFile() {
			return fmt.Errorf("remote %s: %w: the file is empty (0 bytes)", res.shown, probe.ErrNotMedia)
		}
		return nil
	}
	if !s.allowManifests {
		return fmt.Errorf("remote: %w: %s is %s; allow manifests for this request to probe it",
			ErrManifestNotAllowed, res.shown, res.kind)
	}
	return res.rewriteOnce(func() ([]byte, error) { return s.rewriteManifest(res) })
}

// checkURL vets a URL with Config.CheckURL, or the basic checks.
func (srv *Server) checkURL(raw string) (*url.URL, error) {
	if srv.cfg.CheckURL != nil {
		return srv.cfg.CheckURL(raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("remote: %w: it does not parse as a URL", ErrInvalidURL)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("remote: %w: scheme %q is not allowed; only http and https", ErrInvalidURL, u.Scheme)
	case u.User != nil:
		return nil, fmt.Errorf("remote: %w: user-info (name@) is not allowed; send credentials in headers", ErrInvalidURL)
	case u.Host == "" || u.Opaque != "":
		return nil, fmt.Errorf("remote: %w: the URL has no host", ErrInvalidURL)
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}
