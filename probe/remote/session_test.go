package remote

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestRangedOriginReadsOnlyWhatIsAsked(t *testing.T) {
	content := pattern(3 << 20)
	o := newOrigin(t, "127.0.0.1:0", rangeHandler(content))
	srv, _ := newTestServer(t, Config{}, o)
	s := openSession(t, srv, Request{URL: o.URL + "/media/clip.mp4?sig=secret"})

	if !strings.HasSuffix(s.URL(), "/clip.mp4") || strings.Contains(s.URL(), "secret") {
		t.Errorf("session URL %s: want the file name and no query", s.URL())
	}
	afterOpen := s.BytesFetched()
	if afterOpen != firstFetch {
		t.Errorf("Open fetched %d bytes, want the first %d", afterOpen, firstFetch)
	}
	tail := fmt.Sprintf("bytes=%d-", len(content)-1000)
	resp, body, err := fetch(t, s.URL(), tail)
	if err != nil || resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, content[len(content)-1000:]) {
		t.Fatalf("GET the last 1000 bytes: %v, status %v, %d bytes", err, resp.StatusCode, len(body))
	}
	if got := resp.Header.Get("Content-Range"); got != fmt.Sprintf("bytes %d-%d/%d", len(content)-1000, len(content)-1, len(content)) {
		t.Errorf("Content-Range = %q", got)
	}
	if fetched := s.BytesFetched() - afterOpen; fetched != 1000 {
		t.Errorf("reading the last 1000 bytes fetched %d from the origin", fetched)
	}
	_, body, err = fetch(t, s.URL(), "")
	if err != nil || !bytes.Equal(body, content) {
		t.Fatalf("GET the whole file: %v, %d bytes", err, len(body))
	}
	whole := s.BytesFetched()
	if whole != int64(len(content)) {
		t.Errorf("reading everything fetched %d bytes, want each byte once: %d", whole, len(content))
	}
	if _, body, _ = fetch(t, s.URL(), "bytes=100-199"); !bytes.Equal(body, content[100:200]) || s.BytesFetched() != whole {
		t.Errorf("a repeated read fetched %d more bytes, want 0", s.BytesFetched()-whole)
	}
	if o.sent.Load() != s.BytesFetched() {
		t.Errorf("the origin sent %d body bytes, the session counted %d", o.sent.Load(), s.BytesFetched())
	}
}

func TestOriginWithoutRangeSupport(t *testing.T) {
	content := pattern(1 << 20)
	o := newOrigin(t, "127.0.0.1:0", wholeHandler(content))
	srv, _ := newTestServer(t, Config{}, o)
	s := openSession(t, srv, Request{URL: o.URL + "/a.bin"})
	resp, body, err := fetch(t, s.URL(), "bytes=524288-")
	if err != nil || resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, content[524288:]) {
		t.Fatalf("range from an origin without Range: %v, status %d, %d bytes", err, resp.StatusCode, len(body))
	}
	if _, body, _ := fetch(t, s.URL(), "bytes=0-99"); !bytes.Equal(body, content[:100]) {
		t.Error("reading back the start after the sequential read failed")
	}
	if s.BytesFetched() != int64(len(content)) || o.requests.Load() != 1 {
		t.Errorf("fetched %d bytes in %d requests, want %d in 1", s.BytesFetched(), o.requests.Load(), len(content))
	}
}

func TestBudget(t *testing.T) {
	content := pattern(2 << 20)
	endless := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := pattern(32 << 10)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	tests := []struct {
		name    string
		handler http.Handler
	}{
		{"ranged", rangeHandler(content)},
		{"no Range support", wholeHandler(content)},
		{"endless body", endless},
	}
	const budget = 512 << 10
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOrigin(t, "127.0.0.1:0", tt.handler)
			srv, _ := newTestServer(t, Config{MaxBytes: budget}, o)
			s := openSession(t, srv, Request{URL: o.URL + "/big"})
			_, _, err := fetch(t, s.URL(), "")
			if err == nil {
				t.Error("reading past the budget ended cleanly; want a broken transfer")
			}
			if !errors.Is(s.Err(), ErrBudgetExceeded) {
				t.Fatalf("session error %v, want ErrBudgetExceeded", s.Err())
			}
			if s.BytesFetched() > budget+1 {
				t.Errorf("fetched %d bytes with a budget of %d", s.BytesFetched(), budget)
			}
		})
	}
}

// TestCallerHeaders: the caller's headers reach the origin, except those
// the content server sets itself.
func TestCallerHeaders(t *testing.T) {
	content := pattern(200_000)
	o := newOrigin(t, "127.0.0.1:0", rangeHandler(content))
	srv, _ := newTestServer(t, Config{}, o)
	s := openSession(t, srv, Request{URL: o.URL + "/x", Headers: http.Header{
		"authorization": {"Bearer t"}, "X-Amz-Security-Token": {"tok"}, "Range": {"bytes=0-0"}, "Accept-Encoding": {"gzip"}}})
	if _, body, err := fetch(t, s.URL(), "bytes=100000-"); err != nil || !bytes.Equal(body, content[100000:]) {
		t.Fatalf("read: %v, %d bytes", err, len(body))
	}
	for _, h := range o.requestHeaders() {
		if h.Get("Authorization") != "Bearer t" || h.Get("X-Amz-Security-Token") != "tok" {
			t.Errorf("caller headers missing: %v", h)
		}
		if h.Get("Range") == "bytes=0-0" || h.Get("Accept-Encoding") == "gzip" {
			t.Errorf("a caller header overrode the server's own: %v", h)
		}
	}
}
