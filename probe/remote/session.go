package remote

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"
)

// Session is one remote source made readable for ffprobe. Its methods are
// safe for concurrent use. Close it when the probe is done.
type Session struct {
	srv            *Server
	token          string
	headers        http.Header
	allowManifests bool
	origin         *url.URL // the request's URL: its origin gets the headers
	timeout        time.Duration
	budget         budget
	dir            string
	ctx            context.Context
	cancel         context.CancelCauseFunc

	mu        sync.Mutex
	routes    map[string]route
	routeIDs  map[string]string
	aliases   map[string]string // prefix-route URL without query → origin URL
	resources map[string]*resource
	url       string // what ffprobe opens
	kind      contentKind
	failures  []error
}

// newSession registers an empty session. ctx bounds it, as does the
// time limit.
func (srv *Server) newSession(ctx context.Context, req Request, u *url.URL) (*Session, error) {
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, fmt.Errorf("remote: session token: %w", err)
	}
	dir, err := os.MkdirTemp(srv.cfg.TempDir, "ffprobe-api-remote-*")
	if err != nil {
		return nil, fmt.Errorf("remote: session folder: %w", err)
	}
	timeout := positiveOr(req.Timeout, srv.cfg.Timeout, DefaultTimeout)
	s := &Session{
		srv: srv, token: hex.EncodeToString(raw[:]), headers: req.Headers.Clone(),
		allowManifests: req.AllowManifests, origin: u, timeout: timeout, dir: dir,
		routes: map[string]route{}, routeIDs: map[string]string{}, aliases: map[string]string{},
		resources: map[string]*resource{},
	}
	s.budget.max = positiveOr(req.MaxBytes, srv.cfg.MaxBytes, DefaultMaxBytes)
	limited, stop := context.WithTimeoutCause(ctx, timeout, fmt.Errorf("%w after %s", ErrTimeout, timeout))
	s.ctx, s.cancel = context.WithCancelCause(limited)
	context.AfterFunc(s.ctx, stop)
	if err := srv.register(s); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// URL is what ffprobe opens: http://127.0.0.1:PORT/<token>/<id>/<name>.
func (s *Session) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// Manifest is "hls" or "dash" when the URL is a manifest, else "".
func (s *Session) Manifest() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return map[contentKind]string{hlsPlaylist: "hls", dashManifest: "dash"}[s.kind]
}

// BytesFetched is how many bytes of response bodies the session has taken
// from origins so far.
func (s *Session) BytesFetched() int64 { return s.budget.used.Load() }

// Err is the first failure while serving ffprobe (a refused or failed
// fetch, the budget, the time limit), or nil. When ffprobe fails, this is
// the reason to report: ffprobe itself only sees a broken connection.
func (s *Session) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failures) == 0 {
		return nil
	}
	return s.failures[0]
}

// Failures are all failures recorded, in order (at most 100).
func (s *Session) Failures() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]error(nil), s.failures...)
}

func (s *Session) fail(err error) {
	if errors.Is(err, ErrClosed) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failures) < 100 {
		s.failures = append(s.failures, err)
	}
}

// Close ends the session: its URL stops answering, fetches in flight are
// cancelled, and its cache files are removed. It is safe to call twice.
func (s *Session) Close() error {
	s.cancel(ErrClosed)
	s.srv.unregister(s.token)
	s.mu.Lock()
	resources := s.resources
	s.resources = map[string]*resource{}
	s.mu.Unlock()
	for _, r := range resources {
		r.close()
	}
	return os.RemoveAll(s.dir)
}

// resourceFor returns the resource for an origin URL, creating it.
func (s *Session) resourceFor(u *url.URL) (*resource, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx.Err() != nil {
		return nil, fmt.Errorf("remote: %w", context.Cause(s.ctx))
	}
	key := u.String()
	if r, ok := s.resources[key]; ok {
		return r, nil
	}
	r := &resource{key: key, shown: shownURL(u)}
	s.resources[key] = r
	return r, nil
}
