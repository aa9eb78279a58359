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

// TestOriginThatCapsRanges: an origin that answers at most 10 000 bytes
// per range request (as some CDNs do) still serves the whole file.
func TestOriginThatCapsRanges(t *testing.T) {
	content := pattern(100_000)
	o := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var first, asked int
		fmt.Sscanf(r.Header.Get("Range"), "bytes=%d-%d", &first, &asked)
		last := min(first+9_999, asked, len(content)-1)
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", first, last, len(content)))
		w.Header().Set("Content-Length", fmt.Sprint(last-first+1))
		w.WriteHeader(http.StatusPartialContent)
		_, _ = w.Write(content[first : last+1])
	}))
	srv, _ := newTestServer(t, Config{}, o)
	s := openSession(t, srv, Request{URL: o.URL + "/x"})
	_, body, err := fetch(t, s.URL(), "")
	if err != nil || !bytes.Equal(body, content) {
		t.Fatalf("reading through an origin that caps ranges: %v, %d bytes, session %v", err, len(body), s.Err())
	}
	if s.BytesFetched() != int64(len(content)) || o.requests.Load() < 10 {
		t.Errorf("%d requests fetched %d bytes; want each of the %d bytes once, 10 000 at most per request",
			o.requests.Load(), s.BytesFetched(), len(content))
	}
}

// TestRedirectedOrigin: the request's URL redirects to another origin.
// Range requests then go to the redirect target directly, and the
// caller's headers reach only the first origin (the guard drops them on
// the redirect; the session does not send them to the target).
func TestRedirectedOrigin(t *testing.T) {
	content := pattern(500_000)
	target := newOrigin(t, "127.0.0.1:0", rangeHandler(content))
	first := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/signed/x.mp4?sig=1", http.StatusFound)
	}))
	stub := &guardStub{}
	stub.allow(first.addr())
	stub.allow(target.addr())
	client := stub.client()
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !sameOrigin(req.URL, via[0].URL) {
			req.Header.Del("Authorization") // what the guard does, among more
		}
		return nil
	}
	srv, _ := newTestServer(t, Config{Client: client})
	s := openSession(t, srv, Request{URL: first.URL + "/x.mp4", Headers: http.Header{"Authorization": {"Bearer t"}}})
	_, body, err := fetch(t, s.URL(), "")
	if err != nil || !bytes.Equal(body, content) {
		t.Fatalf("reading a redirected source: %v, %d bytes, session %v", err, len(body), s.Err())
	}
	if first.requests.Load() != 1 || target.requests.Load() < 2 {
		t.Errorf("first origin saw %d requests (want 1), target %d (want the ranges)", first.requests.Load(), target.requests.Load())
	}
	if first.requestHeaders()[0].Get("Authorization") == "" {
		t.Error("the first origin did not get the caller's Authorization")
	}
	for _, h := range target.requestHeaders() {
		if h.Get("Authorization") != "" {
			t.Error("the redirect target got the caller's Authorization")
		}
	}
}
