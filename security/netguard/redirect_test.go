package netguard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// TestRedirectFromPublicHostToLoopback: public.example resolves to a
// public-looking address (routed by the test to a loopback origin); its
// redirects to loopback, however written, are refused and the loopback
// target sees no connection.
func TestRedirectFromPublicHostToLoopback(t *testing.T) {
	target := newCountingServer(t, "127.0.0.1:0", okHandler)
	tp := target.port()
	redirects := map[string]string{
		"/to-literal":  "http://127.0.0.1:" + tp + "/secret",
		"/to-name":     "http://loopback.example:" + tp + "/secret",
		"/to-mapped":   "http://[::ffff:127.0.0.1]:" + tp + "/secret",
		"/to-decimal":  "http://2130706433:" + tp + "/secret",
		"/to-userinfo": "http://public.example@127.0.0.1:" + tp + "/secret",
		"/to-file":     "file:///etc/passwd",
	}
	origin := newCountingServer(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if to, ok := redirects[r.URL.Path]; ok {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		fmt.Fprint(w, "public content")
	}))
	op := origin.port()
	client := newTestClient(t, Config{
		LookupIP: testResolver{"public.example": {publicIP}, "loopback.example": {"127.0.0.1"}}.lookup,
		Connect:  routedConnect(t, map[string]string{publicIP + ":" + op: "127.0.0.1:" + op}),
	})

	resp, err := get(context.Background(), client, "http://public.example:"+op+"/", nil)
	if err != nil {
		t.Fatalf("GET the routed public host: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "public content" {
		t.Fatalf("GET the routed public host = %q", body)
	}
	for path := range redirects {
		t.Run(path, func(t *testing.T) {
			resp, err := get(context.Background(), client, "http://public.example:"+op+path, nil)
			if err == nil {
				resp.Body.Close()
				t.Fatalf("redirect %s was followed", path)
			}
			if !errors.Is(err, ErrBlocked) && !errors.Is(err, ErrInvalidURL) {
				t.Errorf("redirect %s: %v, want ErrBlocked or ErrInvalidURL", path, err)
			}
		})
	}
	if n := target.conns.Load(); n != 0 {
		t.Errorf("the loopback target accepted %d connections, want 0", n)
	}
}

// TestDNSRebinding: the first lookup of rebind.example answers a public
// address, every later one loopback. The second connection is refused
// when it is dialled.
func TestDNSRebinding(t *testing.T) {
	origin := newCountingServer(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Connection", "close") // the next request must dial again
		fmt.Fprint(w, "first answer")
	}))
	op := origin.port()
	var lookups atomic.Int64
	client := newTestClient(t, Config{
		LookupIP: func(ctx context.Context, host string) ([]netip.Addr, error) {
			if host != "rebind.example" {
				return nil, fmt.Errorf("no such host %s", host)
			}
			if lookups.Add(1) == 1 {
				return testResolver{host: {publicIP}}.lookup(ctx, host)
			}
			return testResolver{host: {"127.0.0.1"}}.lookup(ctx, host)
		},
		Connect: routedConnect(t, map[string]string{publicIP + ":" + op: "127.0.0.1:" + op}),
	})
	resp, err := get(context.Background(), client, "http://rebind.example:"+op+"/a", nil)
	if err != nil {
		t.Fatalf("first request: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	_, err = get(context.Background(), client, "http://rebind.example:"+op+"/b", nil)
	var blocked *BlockedError
	if !errors.As(err, &blocked) || blocked.IP.String() != "127.0.0.1" {
		t.Fatalf("second request after rebinding: %v, want refused at 127.0.0.1", err)
	}
	if n := origin.conns.Load(); n != 1 {
		t.Errorf("origin accepted %d connections, want only the first", n)
	}
}

func TestRedirectLimit(t *testing.T) {
	var requests atomic.Int64
	srv := newCountingServer(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		hop, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
		if r.URL.Path == "/loop" {
			http.Redirect(w, r, "/loop", http.StatusFound)
			return
		}
		if hop > 0 {
			http.Redirect(w, r, "/hop/"+strconv.Itoa(hop-1), http.StatusFound)
			return
		}
		fmt.Fprint(w, "arrived")
	}))
	tests := []struct {
		name         string
		maxRedirects int
		path         string
		wantRequests int64
		wantErr      error
	}{
		{"loop stops after the default 5", 0, "/loop", 6, ErrTooManyRedirects},
		{"five redirects are followed", 0, "/hop/5", 6, nil},
		{"six are not", 0, "/hop/6", 6, ErrTooManyRedirects},
		{"none when -1", -1, "/hop/1", 1, ErrTooManyRedirects},
		{"a lower limit", 2, "/hop/3", 3, ErrTooManyRedirects},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requests.Store(0)
			client := newTestClient(t, Config{AllowPrivate: loopbackOnly(), MaxRedirects: tt.maxRedirects})
			resp, err := get(context.Background(), client, srv.URL+tt.path, nil)
			if err == nil {
				resp.Body.Close()
			}
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("GET %s: %v, want %v", tt.path, err, tt.wantErr)
			}
			if n := requests.Load(); n != tt.wantRequests {
				t.Errorf("origin saw %d requests, want %d", n, tt.wantRequests)
			}
		})
	}
}

// TestRedirectHeaders: headers the caller set reach only the first
// request's origin; Range survives; Referer is never sent.
func TestRedirectHeaders(t *testing.T) {
	echo := func(w http.ResponseWriter, r *http.Request) {
		seen := map[string]string{}
		for _, name := range []string{"Authorization", "Cookie", "X-Api-Key", "Range", "Referer"} {
			if v := r.Header.Get(name); v != "" {
				seen[name] = v
			}
		}
		_ = json.NewEncoder(w).Encode(seen)
	}
	var a, b *countingServer
	a = newCountingServer(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/same":
			http.Redirect(w, r, "/echo", http.StatusFound)
		case "/cross":
			http.Redirect(w, r, b.URL+"/echo", http.StatusFound)
		case "/bounce":
			http.Redirect(w, r, b.URL+"/back", http.StatusTemporaryRedirect)
		default:
			echo(w, r)
		}
	}))
	b = newCountingServer(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/back" {
			http.Redirect(w, r, a.URL+"/echo", http.StatusFound)
			return
		}
		echo(w, r)
	}))
	caller := http.Header{"Authorization": {"Bearer t0ken"}, "Cookie": {"s=1"}, "X-Api-Key": {"k"}, "Range": {"bytes=0-99"}}
	credentials := []string{"Authorization", "Cookie", "X-Api-Key"}
	tests := []struct {
		path      string
		wantCreds bool
	}{
		{"/echo", true},
		{"/same", true},
		{"/cross", false},
		{"/bounce", false}, // A → B → A: B chose the path on A
	}
	client := newTestClient(t, Config{AllowPrivate: loopbackOnly()})
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := get(context.Background(), client, a.URL+tt.path, caller)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var seen map[string]string
			if err := json.NewDecoder(resp.Body).Decode(&seen); err != nil {
				t.Fatal(err)
			}
			for _, name := range credentials {
				if _, got := seen[name]; got != tt.wantCreds {
					t.Errorf("%s reached the final hop: %v, want %v", name, got, tt.wantCreds)
				}
			}
			if seen["Range"] != "bytes=0-99" {
				t.Errorf("Range at the final hop = %q, want bytes=0-99", seen["Range"])
			}
			if seen["Referer"] != "" {
				t.Errorf("Referer %q was sent", seen["Referer"])
			}
		})
	}
}
