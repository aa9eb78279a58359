package server_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/server"
	"github.com/ffprobe-api/ffprobe-api/server/servertest"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// apiServer is a real server listening on 127.0.0.1:0 with a real SQLite
// store and a real ffprobe (or a fake one for failures ffprobe cannot be
// made to show), driven by a validating client.
type apiServer struct {
	*server.Server
	Store    store.Store
	Client   *servertest.Client // authenticated as the admin unless a request says otherwise (as)
	Anon     *servertest.Client // sends no credentials
	Keys     map[string]string  // each test user's API key, by username
	Log      *syncBuffer
	TempDir  string
	MediaDir string // the root "media"

	cancel context.CancelFunc
	done   chan error
	once   sync.Once
	err    error
}

type serverSetup struct {
	cfg     server.Config
	ffprobe string      // the binary; the real one unless a test gives a fake
	store   store.Store // nil: a new SQLite database in the test's directory
	// clientIP stands in for a proxy-aware client address resolver.
	clientIP func(*http.Request) netip.Addr
}

// startServer starts a server; setup functions adjust the configuration.
func startServer(t testing.TB, setups ...func(*serverSetup)) *apiServer {
	t.Helper()
	base := t.TempDir()
	s := &apiServer{Log: &syncBuffer{}, TempDir: filepath.Join(base, "tmp"), MediaDir: filepath.Join(base, "media")}
	must(t, os.MkdirAll(s.MediaDir, 0o755))
	cfg := server.DefaultConfig()
	cfg.Addr, cfg.TempDir = "127.0.0.1:0", s.TempDir
	cfg.Workers, cfg.QueueSize = 2, 4
	cfg.Roots = []server.Root{{Name: "media", Dir: s.MediaDir}}
	cfg.Auth = testAuthConfig()
	setup := &serverSetup{cfg: cfg, ffprobe: testenv.FFprobe(t)}
	for _, f := range setups {
		f(setup)
	}
	st := setup.store
	if st == nil {
		st = openSQLite(t, filepath.Join(base, "db.sqlite"))
	}
	s.Store, s.Keys = st, addTestUsers(t, st)
	srv, err := server.New(setup.cfg, server.Deps{
		Store: st, Prober: probe.New(probe.Config{Path: setup.ffprobe}), FFprobePath: setup.ffprobe,
		Logger: slog.New(slog.NewJSONHandler(s.Log, nil)), ClientIP: setup.clientIP,
	})
	must(t, err)
	must(t, srv.Open())
	s.Server = srv
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel, s.done = cancel, make(chan error, 1)
	go func() { s.done <- srv.Serve(ctx) }()
	s.Anon = servertest.NewClient(t, srv.URL())
	s.Client = servertest.NewClient(t, srv.URL())
	s.Client.HTTP.Transport = defaultCredential{key: s.Keys["admin"]}
	t.Cleanup(func() { _ = s.Stop() })
	return s
}

// Stop shuts the server down as SIGTERM would and returns Serve's result.
func (s *apiServer) Stop() error {
	s.once.Do(func() {
		s.cancel()
		select {
		case s.err = <-s.done:
		case <-time.After(time.Minute):
			s.err = errors.New("Serve did not return within a minute of shutdown")
		}
	})
	return s.err
}

// addMedia copies a test sample into the media root under name.
func (s *apiServer) addMedia(t testing.TB, sample, name string) string {
	t.Helper()
	data, err := os.ReadFile(testmedia.Path(t, sample))
	must(t, err)
	must(t, os.MkdirAll(filepath.Dir(filepath.Join(s.MediaDir, name)), 0o755))
	must(t, os.WriteFile(filepath.Join(s.MediaDir, name), data, 0o644))
	return name
}

// uploadSample uploads a test sample as the given user ("" is the admin).
func (s *apiServer) uploadSample(t *testing.T, user, sample string, fields map[string]string) *servertest.Response {
	t.Helper()
	f, err := os.Open(testmedia.Path(t, sample))
	must(t, err)
	defer f.Close()
	req := s.Client.UploadRequest(sample, f, fields)
	if user != "" {
		s.as(req, user)
	}
	return s.Client.Do(req)
}

// tempFiles lists what is left in the server's temporary directory.
func (s *apiServer) tempFiles(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(s.TempDir)
	must(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// countAnalyses counts every stored analysis.
func (s *apiServer) countAnalyses(t *testing.T) int {
	t.Helper()
	page, err := s.Store.ListAnalyses(context.Background(), store.AnalysisFilter{Limit: store.MaxLimit})
	must(t, err)
	return len(page.Analyses)
}

// metric reads one sample of the server's /metrics, 0 when absent.
func (s *apiServer) metric(t *testing.T, name string) float64 {
	t.Helper()
	return s.Client.Metric(name)
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// lineWith returns the first log line containing every part, or "".
func (b *syncBuffer) lineWith(parts ...string) string {
	for _, line := range strings.Split(b.String(), "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			return line
		}
	}
	return ""
}

func fakeFFprobe(t *testing.T, body string) string { return servertest.FakeFFprobe(t, body) }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// analysis is the part of an Analysis answer the tests read.
type analysis struct {
	ID      string `json:"id"`
	OwnerID string `json:"owner_id"`
	Source  struct {
		Kind string `json:"kind"`
		Name string `json:"name"`
	} `json:"source"`
	ContentHash string `json:"content_hash"`
	Container   string `json:"container"`
	VideoCodec  string `json:"video_codec"`
	AudioCodec  string `json:"audio_codec"`
	FileSize    int64  `json:"file_size"`
	Summary     struct {
		Container string `json:"container"`
		Video     []struct {
			Codec string `json:"codec"`
			Width int    `json:"width"`
		} `json:"video"`
	} `json:"summary"`
	Report *struct {
		Format struct {
			Filename   string `json:"filename"`
			FormatName string `json:"format_name"`
		} `json:"format"`
	} `json:"report"`
	Policy *struct {
		Policy   string `json:"policy"`
		OK       bool   `json:"ok"`
		Outcomes []struct {
			Rule   string `json:"rule"`
			Passed bool   `json:"passed"`
		} `json:"outcomes"`
	} `json:"policy"`
}
