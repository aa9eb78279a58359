package servertest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
)

// FakeFFprobe writes a script that hands -version and -demuxers to the
// real ffprobe and runs body before a real probe (body may exec something
// else instead). It is for failures real ffprobe cannot be made to show:
// slowness and hangs. The real ffprobe then gives the real answer.
func FakeFFprobe(t testing.TB, body string) string {
	t.Helper()
	real := testenv.FFprobe(t)
	script := fmt.Sprintf(`#!/bin/sh
for a in "$@"; do
  case "$a" in -version|-demuxers|-formats|-buildconf) exec %s "$@";; esac
done
%s
exec %s "$@"
`, real, body, real)
	path := filepath.Join(t.TempDir(), "ffprobe")
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// WaitFor polls cond every 20 ms until it holds, failing the test when it
// does not within the time given.
func WaitFor(t testing.TB, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Metric reads one sample from GET /metrics, e.g.
// `ffprobe_api_probes_total{result="ok"}`; 0 when it is absent.
func (c *Client) Metric(name string) float64 {
	c.t.Helper()
	res := c.Get("/metrics")
	if res.StatusCode != 200 {
		c.t.Fatalf("GET /metrics = %d", res.StatusCode)
	}
	for _, line := range strings.Split(string(res.Body), "\n") {
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			var v float64
			if _, err := fmt.Sscan(rest, &v); err == nil {
				return v
			}
		}
	}
	return 0
}
