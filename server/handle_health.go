package server

import (
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"time"
)

// readyCheckTimeout bounds each readiness check.
const readyCheckTimeout = 2 * time.Second

// handleHealth is GET /api/v1/health: the process answers. It checks no
// dependency, so that a slow database never gets a live server restarted.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyJSON is the answer of GET /api/v1/ready.
type readyJSON struct {
	Status string               `json:"status"` // ready or not_ready
	Checks map[string]checkJSON `json:"checks"`
}

type checkJSON struct {
	OK      bool   `json:"ok"`
	Message string `json:"message"`
}

// handleReady is GET /api/v1/ready: 200 when the database answers, ffprobe
// is there and the temporary directory has room; else 503. Each check is
// reported; the reasons behind a failure go to the log, not the answer.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	checks := map[string]checkJSON{
		"database":   s.checkDatabase(r.Context()),
		"ffprobe":    s.checkFFprobe(r.Context()),
		"temp_space": s.checkTempSpace(),
	}
	out, status := readyJSON{Status: "ready", Checks: checks}, http.StatusOK
	for name, c := range checks {
		if !c.OK {
			out.Status, status = "not_ready", http.StatusServiceUnavailable
			requestInfoFrom(r.Context()).fail(errorf(CodeNotReady, "%s: %s", name, c.Message))
		}
	}
	writeJSON(w, status, out)
}

func (s *Server) checkDatabase(ctx context.Context) checkJSON {
	ctx, cancel := context.WithTimeout(ctx, readyCheckTimeout)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("readiness: database does not answer", "error", err)
		return checkJSON{Message: "the database does not answer"}
	}
	return checkJSON{OK: true, Message: "the database answers"}
}

func (s *Server) checkFFprobe(ctx context.Context) checkJSON {
	if _, err := exec.LookPath(s.ffprobePath); err != nil {
		s.log.Warn("readiness: ffprobe not found", "ffprobe", s.ffprobePath, "error", err)
		return checkJSON{Message: "ffprobe is not installed or not executable"}
	}
	ctx, cancel := context.WithTimeout(ctx, readyCheckTimeout)
	defer cancel()
	v, err := s.prober.Version(ctx)
	if err != nil {
		s.log.Warn("readiness: ffprobe does not run", "error", err)
		return checkJSON{Message: "ffprobe does not run"}
	}
	return checkJSON{OK: true, Message: "ffprobe " + v}
}

func (s *Server) checkTempSpace() checkJSON {
	free := s.temp.free()
	switch {
	case free < 0:
		return checkJSON{OK: true, Message: "free space is not measured on this platform"}
	case free < s.cfg.MinFreeTemp:
		return checkJSON{Message: fmt.Sprintf("%d bytes free for uploads, below the minimum of %d", free, s.cfg.MinFreeTemp)}
	}
	return checkJSON{OK: true, Message: fmt.Sprintf("%d bytes free for uploads", free)}
}
