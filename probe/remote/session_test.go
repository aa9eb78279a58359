package remote

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
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

func TestBadOrigins(t *testing.T) {
	lying := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", "1000000")
		_, _ = w.Write(pattern(100_000)) // then the connection closes
	})
	shortRange := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Range", "bytes 0-65535/1000000")
		w.Header().Set("Content-Length", "65536")
		w.WriteHeader(http.StatusPartialContent)
		_, _ = w.Write(pattern(1000))
	})
	badRange := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Range", "bytes 9-1/10")
		w.WriteHeader(http.StatusPartialContent)
	})
	tests := []struct {
		name    string
		handler http.Handler
		atOpen  bool // Open fails; else reading does
		want    error
		message string
	}{
		{"not found", http.NotFoundHandler(), true, ErrOrigin, "404 Not Found"},
		{"server error", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) }), true, ErrOrigin, "503"},
		{"empty file", wholeHandler(nil), true, probe.ErrNotMedia, "empty"},
		{"empty file with Range support", rangeHandler(nil), true, probe.ErrNotMedia, "empty"},
		{"lying Content-Length", lying, false, ErrOrigin, "ended"},
		{"range shorter than announced", shortRange, true, ErrOrigin, "sent 1000 of the 65536 bytes"},
		{"nonsense Content-Range", badRange, true, ErrOrigin, "Content-Range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOrigin(t, "127.0.0.1:0", tt.handler)
			srv, _ := newTestServer(t, Config{}, o)
			s, err := srv.Open(context.Background(), Request{URL: o.URL + "/x.mp4"})
			if !tt.atOpen {
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				defer s.Close()
				_, _, _ = fetch(t, s.URL(), "")
				err = s.Err()
			}
			if !errors.Is(err, tt.want) || !strings.Contains(fmt.Sprint(err), tt.message) {
				t.Fatalf("error %v, want %v mentioning %q", err, tt.want, tt.message)
			}
		})
	}
}

func TestTimeLimits(t *testing.T) {
	never := make(chan struct{})
	t.Cleanup(func() { close(never) })
	silent := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-never:
		case <-r.Context().Done():
		}
	})
	stalls := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10000000")
		_, _ = w.Write(pattern(firstFetch))
		w.(http.Flusher).Flush()
		select {
		case <-never:
		case <-r.Context().Done():
		}
	})
	t.Run("origin never answers", func(t *testing.T) {
		o := newOrigin(t, "127.0.0.1:0", silent)
		srv, _ := newTestServer(t, Config{Timeout: 300 * time.Millisecond}, o)
		_, err := srv.Open(context.Background(), Request{URL: o.URL + "/x"})
		if !errors.Is(err, ErrTimeout) {
			t.Fatalf("Open: %v, want ErrTimeout", err)
		}
	})
	t.Run("origin stalls in the body", func(t *testing.T) {
		o := newOrigin(t, "127.0.0.1:0", stalls)
		srv, _ := newTestServer(t, Config{Timeout: 500 * time.Millisecond}, o)
		s := openSession(t, srv, Request{URL: o.URL + "/x"})
		_, _, _ = fetch(t, s.URL(), "")
		if !errors.Is(s.Err(), ErrTimeout) {
			t.Fatalf("session error %v, want ErrTimeout", s.Err())
		}
	})
}

func TestRefusedRequests(t *testing.T) {
	o := newOrigin(t, "127.0.0.1:0", rangeHandler(pattern(1000)))
	other := newOrigin(t, "127.0.0.1:0", rangeHandler(pattern(1000)))
	srv, stub := newTestServer(t, Config{}, o)
	for _, raw := range []string{"file:///etc/passwd", "ftp://" + o.addr() + "/x", "http://user@" + o.addr() + "/x", "http:///x", "gopher://x/"} {
		if _, err := srv.Open(context.Background(), Request{URL: raw}); !errors.Is(err, ErrInvalidURL) {
			t.Errorf("Open(%q) = %v, want ErrInvalidURL", raw, err)
		}
	}
	if _, err := srv.Open(context.Background(), Request{URL: other.URL + "/x"}); !errors.Is(err, errStubRefused) {
		t.Errorf("Open of an address the client refuses: %v, want the client's error", err)
	}
	if other.conns.Load() != 0 || len(stub.refusedDials()) != 1 {
		t.Errorf("refused origin saw %d connections; stub refused %v", other.conns.Load(), stub.refusedDials())
	}
	s := openSession(t, srv, Request{URL: o.URL + "/x"})
	base := "http://" + srv.Addr()
	for _, u := range []string{base + "/", base + "/nosuchtoken/0/x", strings.Replace(s.URL(), "/0/", "/99/", 1)} {
		if resp, _, err := fetch(t, u, ""); err != nil || resp.StatusCode/100 != 4 {
			t.Errorf("GET %s: %v, want a 4xx", u, err)
		}
	}
	dir := s.dir
	s.Close()
	if resp, _, _ := fetch(t, s.URL(), ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("after Close the session URL answers %d", resp.StatusCode)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after Close the cache folder is still there: %v", err)
	}
}

func TestProxyRequestsForOtherHostsAreRefused(t *testing.T) {
	o := newOrigin(t, "127.0.0.1:0", rangeHandler(pattern(1000)))
	srv, _ := newTestServer(t, Config{}, o)
	openSession(t, srv, Request{URL: o.URL + "/x"})
	proxied := &http.Transport{Proxy: http.ProxyURL(mustParse(t, "http://"+srv.Addr()))}
	req, _ := http.NewRequest(http.MethodGet, o.URL+"/x", nil) // as if a manifest named it directly
	resp, err := proxied.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || srv.strays.Load() != 1 || o.requests.Load() != 1 {
		t.Errorf("proxied request for the origin: status %d, strays %d, origin requests %d; want 403, 1, 1 (Open's)",
			resp.StatusCode, srv.strays.Load(), o.requests.Load())
	}
}

func TestFileChangedBetweenRanges(t *testing.T) {
	version := 1
	o := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", fmt.Sprintf(`"v%d"`, version))
		version++
		http.ServeContent(w, r, "", time.Time{}, readSeeker(pattern(1<<20)))
	}))
	srv, _ := newTestServer(t, Config{}, o)
	s := openSession(t, srv, Request{URL: o.URL + "/x"})
	_, _, _ = fetch(t, s.URL(), "bytes=900000-")
	if !errors.Is(s.Err(), ErrOrigin) || !strings.Contains(s.Err().Error(), "changed") {
		t.Fatalf("session error %v, want the file reported as changed", s.Err())
	}
}
