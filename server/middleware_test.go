package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// chain is the outer middleware of the server around h, logging to buf.
func chain(h http.Handler, buf *bytes.Buffer, cfg Config) http.Handler {
	log := slog.New(slog.NewJSONHandler(buf, nil))
	m := newMetrics(func() float64 { return 0 })
	for _, mw := range []func(http.Handler) http.Handler{
		withCORS(cfg.CORSOrigins), withSecurityHeaders(cfg.TLS()), withRecovery(log), withAccessLog(log, m), withRequestID,
	} {
		h = mw(h)
	}
	return h
}

var okHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]string{"status": "ok"}) })

func TestRequestID(t *testing.T) {
	tests := []struct {
		name     string
		incoming string
		kept     bool
	}{
		{"sane id is kept", "abc-123_x.y:z", true},
		{"absent is made", "", false},
		{"too long is replaced", strings.Repeat("a", 65), false},
		{"64 characters is kept", strings.Repeat("a", 64), true},
		{"space is replaced", "a b", false},
		{"newline is replaced", "a\nb", false},
		{"non-ascii is replaced", "é", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			r := httptest.NewRequest(http.MethodGet, "/x", nil)
			r.Header.Set(RequestIDHeader, tt.incoming)
			w := httptest.NewRecorder()
			chain(okHandler, &buf, Config{}).ServeHTTP(w, r)
			got := w.Header().Get(RequestIDHeader)
			if tt.kept && got != tt.incoming {
				t.Errorf("X-Request-ID = %q, want the incoming %q", got, tt.incoming)
			}
			if !tt.kept && (got == tt.incoming || !validRequestID(got) || len(got) != 32) {
				t.Errorf("X-Request-ID = %q, want a new 32-character id", got)
			}
			var line map[string]any
			if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
				t.Fatalf("access log line is not JSON: %v: %s", err, buf.String())
			}
			if line[logKeyRequestID] != got {
				t.Errorf("access log request_id = %v, want %q", line[logKeyRequestID], got)
			}
		})
	}
}

func TestAccessLogLine(t *testing.T) {
	var buf bytes.Buffer
	h := chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, wrapError(CodeNotMedia, errors.New("ffprobe stderr: moov atom not found"), "not media"))
	}), &buf, Config{})
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/nowhere", nil))
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("not JSON: %v: %s", err, buf.String())
	}
	for key, want := range map[string]any{
		logKeyMethod: "POST", logKeyRoute: unmatchedRoute, logKeyStatus: float64(422), logKeyCode: "not_media",
		logKeyError: "ffprobe stderr: moov atom not found", "msg": "request", logKeyPath: "/nowhere",
	} {
		if line[key] != want {
			t.Errorf("log %s = %v, want %v", key, line[key], want)
		}
	}
	for _, key := range []string{logKeyBytes, logKeyDuration, logKeyPrincipal, logKeyRequestID} {
		if _, ok := line[key]; !ok {
			t.Errorf("log line has no %s: %s", key, buf.String())
		}
	}
}

func TestPanicBecomes500WithStackOnlyInTheLog(t *testing.T) {
	var buf bytes.Buffer
	h := chain(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret internal state 42") }), &buf, Config{})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/boom", nil))
	if w.Code != 500 {
		t.Fatalf("status = %d, want 500", w.Code)
	}
	var body errorBody
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || body.Error.Code != CodeInternal {
		t.Fatalf("body = %s (%v), want the error shape with code internal", w.Body, err)
	}
	if strings.Contains(w.Body.String(), "secret") || strings.Contains(w.Body.String(), "goroutine") {
		t.Errorf("the answer leaks the panic: %s", w.Body)
	}
	id := w.Header().Get(RequestIDHeader)
	if body.Error.RequestID != id {
		t.Errorf("request_id = %q, header %q", body.Error.RequestID, id)
	}
	log := buf.String()
	if !strings.Contains(log, "secret internal state 42") || !strings.Contains(log, "middleware_test.go") || !strings.Contains(log, id) {
		t.Errorf("the log lacks the panic, its stack or the request id:\n%s", log)
	}
}

func TestSecurityHeaders(t *testing.T) {
	for _, tls := range []bool{false, true} {
		cfg := Config{}
		if tls {
			cfg.TLSCert, cfg.TLSKey = "c", "k"
		}
		w := httptest.NewRecorder()
		chain(okHandler, &bytes.Buffer{}, cfg).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
		for h, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
			"Content-Security-Policy": contentSecurityPolicy, "Referrer-Policy": "no-referrer",
		} {
			if got := w.Header().Get(h); got != want {
				t.Errorf("tls=%v: %s = %q, want %q", tls, h, got, want)
			}
		}
		if got := w.Header().Get("Strict-Transport-Security"); (got != "") != tls {
			t.Errorf("tls=%v: Strict-Transport-Security = %q", tls, got)
		}
	}
}

func TestCORS(t *testing.T) {
	cfg := Config{CORSOrigins: []string{"https://app.example.com"}}
	tests := []struct {
		name       string
		method     string
		origin     string
		preflight  bool
		wantStatus int
		wantAllow  string
	}{
		{"allowed simple", http.MethodGet, "https://app.example.com", false, 200, "https://app.example.com"},
		{"other origin simple gets no header", http.MethodGet, "https://evil.example", false, 200, ""},
		{"no origin", http.MethodGet, "", false, 200, ""},
		{"allowed preflight", http.MethodOptions, "https://app.example.com", true, 204, "https://app.example.com"},
		{"other origin preflight refused", http.MethodOptions, "https://evil.example", true, 403, ""},
		{"scheme matters", http.MethodGet, "http://app.example.com", false, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/api/v1/analyses", nil)
			if tt.origin != "" {
				r.Header.Set("Origin", tt.origin)
			}
			if tt.preflight {
				r.Header.Set("Access-Control-Request-Method", "POST")
			}
			w := httptest.NewRecorder()
			chain(okHandler, &bytes.Buffer{}, cfg).ServeHTTP(w, r)
			if w.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", w.Code, tt.wantStatus)
			}
			if got := w.Header().Get("Access-Control-Allow-Origin"); got != tt.wantAllow {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tt.wantAllow)
			}
			if tt.wantStatus == 204 && w.Header().Get("Access-Control-Allow-Methods") == "" {
				t.Error("preflight answer has no Access-Control-Allow-Methods")
			}
		})
	}
}

func TestBodyLimit(t *testing.T) {
	var read int64
	var readErr error
	h := withBodyLimit(10, "the body")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		read, readErr = io.Copy(io.Discard, r.Body)
		if readErr != nil {
			writeError(w, r, describeBodyError(readErr))
			return
		}
		w.WriteHeader(204)
	}))
	tests := []struct {
		name        string
		body        string
		announce    bool
		wantStatus  int
		wantReached bool
	}{
		{"within the limit", "0123456789", true, 204, true},
		{"announced too big: refused before reading", "0123456789A", true, 413, false},
		{"chunked too big: cut while reading", "0123456789ABCDEF", false, 413, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			read, readErr = -1, nil
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.body))
			if !tt.announce {
				r.ContentLength = -1
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d (%s)", w.Code, tt.wantStatus, w.Body)
			}
			if reached := read >= 0; reached != tt.wantReached {
				t.Errorf("handler reached = %v, want %v", reached, tt.wantReached)
			}
		})
	}
}
