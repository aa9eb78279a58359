package server

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/remote"
	"github.com/ffprobe-api/ffprobe-api/security/netguard"
)

// RemoteConfig is how the server fetches remote URLs for analysis
// (docs/security.md, "Remote URLs"): through the network guard, into a
// loopback content server that ffprobe alone reads from.
type RemoteConfig struct {
	// Guard decides what may be fetched: AllowHosts (--url-allow-hosts),
	// DenyHosts (--url-deny-hosts), AllowPrivate (--url-allow-private,
	// refused in production mode). Its LookupIP and Connect are test hooks:
	// tests resolve names and route connections to loopback with them.
	Guard netguard.Config
	// MaxBytes is the byte budget of one analysis (--url-max-bytes).
	MaxBytes int64
	// Timeout bounds one analysis's fetching, from the first request to
	// the end of the probe (--url-timeout).
	Timeout time.Duration
}

// DefaultRemoteConfig: public addresses only, any host, probe/remote's
// budget (64 MiB) and time limit (60 s).
func DefaultRemoteConfig() RemoteConfig {
	return RemoteConfig{MaxBytes: remote.DefaultMaxBytes, Timeout: remote.DefaultTimeout}
}

func (c RemoteConfig) problems() []string {
	var problems []string
	if err := c.Guard.Validate(); err != nil {
		problems = append(problems, err.Error())
	}
	if c.MaxBytes <= 0 {
		problems = append(problems, fmt.Sprintf("--url-max-bytes %d: must be positive", c.MaxBytes))
	}
	if c.Timeout <= 0 {
		problems = append(problems, fmt.Sprintf("--url-timeout %s: must be positive", c.Timeout))
	}
	return problems
}

// remoteDirName is where remote sessions keep their cache files, inside
// the temporary directory. It starts with uploadPrefix, so that the sweep
// at start removes what a crash left behind.
const remoteDirName = uploadPrefix + "remote"

// remoteSources owns the content server, started at the first remote
// analysis (most servers never need it) and closed at shutdown.
type remoteSources struct {
	cfg     RemoteConfig
	tempDir string

	mu     sync.Mutex
	srv    *remote.Server
	closed bool
}

// open starts a session for req: the URL checked, the first bytes
// fetched through the guard.
func (rs *remoteSources) open(ctx context.Context, req remote.Request) (*remote.Session, error) {
	srv, err := rs.server()
	if err != nil {
		return nil, err
	}
	return srv.Open(ctx, req)
}

func (rs *remoteSources) server() (*remote.Server, error) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	switch {
	case rs.closed:
		return nil, fmt.Errorf("remote: %w: the server is shutting down", remote.ErrClosed)
	case rs.srv != nil:
		return rs.srv, nil
	}
	client, err := netguard.NewClient(rs.cfg.Guard)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(rs.tempDir, remoteDirName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("remote sessions' folder: %w", err)
	}
	rs.srv, err = remote.NewServer(remote.Config{Client: client, CheckURL: rs.cfg.Guard.CheckURL,
		MaxBytes: rs.cfg.MaxBytes, Timeout: rs.cfg.Timeout, TempDir: dir})
	return rs.srv, err
}

// close stops the content server (its sessions end) and refuses new ones.
func (rs *remoteSources) close() error {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.closed = true
	if rs.srv == nil {
		return nil
	}
	err := rs.srv.Close()
	return errors.Join(err, os.RemoveAll(filepath.Join(rs.tempDir, remoteDirName)))
}

// closeRemote ends remote analyses at shutdown.
func (s *Server) closeRemote() {
	if s.remote == nil {
		return
	}
	if err := s.remote.close(); err != nil {
		s.log.Warn("remote content server did not close cleanly", "error", err)
	}
}

// urlProber is what remote analyses need of the prober: *probe.Client
// has it.
type urlProber interface {
	ProbeURL(ctx context.Context, in probe.RemoteInput, opts probe.Options) (*probe.Result, error)
}
