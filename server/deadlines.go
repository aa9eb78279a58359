package server

import (
	"io"
	"net/http"
	"time"
)

// How the connection deadlines work (see docs/api.md, "Timeouts"):
//
//   - http.Server's ReadHeaderTimeout, ReadTimeout, WriteTimeout and
//     IdleTimeout bound every ordinary request.
//   - An upload moves its read deadline forward as bytes arrive: at most
//     UploadIdleTimeout without a byte, and never past UploadTimeout after
//     it began. A client that trickles or stalls loses its slot.
//   - Once the body is read, the analysis gets QueueTimeout + ProbeTimeout
//     (plus a margin) to write its answer, and the read deadline is lifted
//     so that the server's background read cannot cancel a running probe;
//     a client that hangs up still cancels it.

// writeMargin is time beyond queue wait and probe for the store and the
// answer itself.
const writeMargin = 30 * time.Second

// uploadBody moves the connection's read deadline forward while an upload
// makes progress.
type uploadBody struct {
	io.ReadCloser
	rc       *http.ResponseController
	idle     time.Duration
	end      time.Time
	extended time.Time // when the deadline was last moved
}

func (s *Server) uploadBody(w http.ResponseWriter, r *http.Request) {
	b := &uploadBody{ReadCloser: r.Body, rc: http.NewResponseController(w), idle: s.cfg.UploadIdleTimeout, end: time.Now().Add(s.cfg.UploadTimeout)}
	b.extend(time.Now())
	r.Body = b
}

func (b *uploadBody) Read(p []byte) (int, error) {
	if now := time.Now(); now.Sub(b.extended) >= time.Second {
		b.extend(now)
	}
	return b.ReadCloser.Read(p)
}

func (b *uploadBody) extend(now time.Time) {
	b.extended = now
	deadline := now.Add(b.idle)
	if deadline.After(b.end) {
		deadline = b.end
	}
	_ = b.rc.SetReadDeadline(deadline) // fails only on writers without deadlines (tests)
}

// analysisDeadlines gives a request whose body has been read the time its
// analysis may take.
func (s *Server) analysisDeadlines(w http.ResponseWriter) {
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Now().Add(s.cfg.QueueTimeout + s.cfg.ProbeTimeout + writeMargin))
}
