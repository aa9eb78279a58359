package server

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// handlerOnly is a Server with everything the router needs and no store or
// prober: enough for requests that never reach an analysis handler.
func handlerOnly(t *testing.T) *Server {
	t.Helper()
	cfg := DefaultConfig()
	cfg.TempDir = t.TempDir()
	s := &Server{cfg: cfg, log: slog.New(slog.DiscardHandler), roots: &rootSet{byName: nil}}
	s.metrics = newMetrics(func() float64 { return 0 })
	s.queue = newProbeQueue(1, 1, cfg.QueueTimeout, s.metrics)
	s.handler = s.buildHandler()
	return s
}

func TestEveryMetricIsDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "metrics.md"))
	if err != nil {
		t.Fatal(err)
	}
	documented := regexp.MustCompile("`(ffprobe_api_[a-z_]+)`").FindAllStringSubmatch(string(doc), -1)
	var names []string
	for _, m := range documented {
		names = append(names, m[1])
	}
	s := handlerOnly(t)
	for _, name := range s.metrics.names {
		if !slices.Contains(names, name) {
			t.Errorf("metric %s is registered but not documented in docs/metrics.md", name)
		}
	}
	for _, name := range names {
		if !slices.Contains(s.metrics.names, name) {
			t.Errorf("docs/metrics.md documents %s, which the server does not register", name)
		}
	}
	// Whatever the registry exports is either one of ours or a standard
	// collector's, documented as a family.
	families, err := s.metrics.registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		name := f.GetName()
		if !slices.Contains(s.metrics.names, name) && !strings.HasPrefix(name, "go_") && !strings.HasPrefix(name, "process_") && !strings.HasPrefix(name, "promhttp_") {
			t.Errorf("the registry exports %s, which is neither the server's nor a documented standard family", name)
		}
	}
}

func TestRandomPathsAddNoSeries(t *testing.T) {
	s := handlerOnly(t)
	methods := []string{"GET", "POST", "PUT", "BREW", "PROPFIND", "X" + fmt.Sprint(rand.Int())}
	for i := range 500 {
		path := fmt.Sprintf("/%x/%d", rand.Uint64(), i)
		if i%2 == 0 {
			path = "/api/v1/" + path[1:]
		}
		r := httptest.NewRequest(methods[i%len(methods)], path, nil)
		w := httptest.NewRecorder()
		s.handler.ServeHTTP(w, r)
		if w.Code != http.StatusNotFound {
			t.Fatalf("%s %s = %d, want 404", r.Method, path, w.Code)
		}
	}
	families, err := s.metrics.registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	series := 0
	for _, f := range families {
		if f.GetName() != "ffprobe_api_http_requests_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			series++
			for _, l := range m.GetLabel() {
				if l.GetName() == "route" && l.GetValue() != unmatchedRoute {
					t.Errorf("route label %q for an unmatched path", l.GetValue())
				}
			}
		}
	}
	// route=unmatched × {GET, POST, PUT, OTHER} × status 404.
	if series != 4 {
		t.Errorf("500 random paths made %d series of http_requests_total, want 4", series)
	}
}
