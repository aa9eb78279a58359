//go:build unix

package server_test

import (
	"fmt"
	"net/http"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Remote URLs that must reach nothing but the test's own public-looking
// origin. Every destination the server must not fetch is a loopback
// listener that counts connections (silent) or a private address the
// test network never routes; the test network records every connection
// it is asked for without a route. Nothing leaves the machine.

// hostileOrigin is media.example's behaviour, by path.
func hostileOrigin(loopback, canaryPath string, stop <-chan struct{}) http.Handler {
	mux := http.NewServeMux()
	redirect := func(path, target string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", target)
			w.WriteHeader(http.StatusFound)
		})
	}
	redirect("/to-loopback", "http://"+loopback+"/x.mp4")
	redirect("/to-localhost", "http://localhost:"+portOf(loopback)+"/x.mp4")
	redirect("/to-mapped", "http://[::ffff:127.0.0.1]:"+portOf(loopback)+"/x.mp4")
	redirect("/to-decimal", "http://2130706433:"+portOf(loopback)+"/x.mp4")
	redirect("/to-userinfo", "http://media.example@"+loopback+"/x.mp4")
	redirect("/to-file", "file:///etc/passwd")
	redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
	mux.HandleFunc("/endless.mp4", func(w http.ResponseWriter, r *http.Request) {
		zeros := make([]byte, 32<<10)
		for r.Context().Err() == nil {
			if _, err := w.Write(zeros); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/lying.mp4", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10000000")
		_, _ = w.Write(make([]byte, 1000)) // and the connection ends
	})
	mux.HandleFunc("/silent.mp4", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	})
	mux.HandleFunc("/loopback-segment.m3u8", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, hlsNaming("http://"+loopback+"/seg.ts"))
	})
	mux.HandleFunc("/file-segment.m3u8", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, hlsNaming("file://"+canaryPath))
	})
	return mux
}

func portOf(hostport string) string { return hostport[strings.LastIndexByte(hostport, ':')+1:] }

func TestHostileURLsReachNothing(t *testing.T) {
	silent := newSilentListener(t, "tcp", "127.0.0.1:0")
	loop := "127.0.0.1:" + strconv.Itoa(silent.port())
	silent6 := newSilentListener(t, "tcp6", "[::1]:0")
	stop := make(chan struct{})
	defer close(stop)
	internet := newFakeInternet()
	fileCanary := newCanary(t, filepath.Join(t.TempDir(), "canary.ts"))
	internet.host(t, "media.example", "93.184.216.34", hostileOrigin(loop, fileCanary.Path(), stop))
	internet.names["loopback.example"] = []netip.Addr{netip.MustParseAddr("127.0.0.1")}
	internet.names["mixed.example"] = []netip.Addr{netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("10.0.0.1")}
	s := startServer(t, withFakeInternet(internet), func(c *serverSetup) {
		c.cfg.Remote.MaxBytes, c.cfg.Remote.Timeout = 2<<20, time.Second
	})
	tests := []struct {
		name, url       string
		manifests       bool
		wantStatus      int
		wantCode, wantM string // wantM: part of the message
	}{
		{"loopback address", "http://" + loop + "/a.mp4", false, 422, "url_blocked", "loopback address"},
		{"localhost", "http://localhost:" + portOf(loop) + "/a.mp4", false, 422, "url_blocked", "loopback address"},
		{"IPv6 loopback", "http://[::1]:" + strconv.Itoa(silent6.port()) + "/a.mp4", false, 422, "url_blocked", "loopback address"},
		{"0.0.0.0", "http://0.0.0.0:" + portOf(loop) + "/a.mp4", false, 422, "url_blocked", `"this network" address`},
		{"decimal IPv4", "http://2130706433:" + portOf(loop) + "/a.mp4", false, 422, "url_blocked", "numeric form of an IPv4 address"},
		{"hexadecimal IPv4", "http://0x7f000001:" + portOf(loop) + "/a.mp4", false, 422, "url_blocked", "numeric form of an IPv4 address"},
		{"IPv4-mapped IPv6 loopback", "http://[::ffff:127.0.0.1]:" + portOf(loop) + "/a.mp4", false, 422, "url_blocked", "loopback address"},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/", false, 422, "url_blocked", "link-local address"},
		{"carrier-grade NAT", "http://100.64.0.1/a.mp4", false, 422, "url_blocked", "carrier-grade NAT"},
		{"private network", "http://10.0.0.1/a.mp4", false, 422, "url_blocked", "private network address"},
		{"unique-local IPv6", "http://[fd00::1]/a.mp4", false, 422, "url_blocked", "unique-local address"},
		{"a name resolving to loopback", "http://loopback.example:" + portOf(loop) + "/a.mp4", false, 422, "url_blocked", "resolves to an address that is not allowed"},
		{"a name with one private address among public ones", "http://mixed.example/a.mp4", false, 422, "url_blocked", "resolves to an address that is not allowed"},
		{"public host redirecting to loopback", "http://media.example/to-loopback", false, 422, "url_blocked", "redirected"},
		{"redirect to localhost", "http://media.example/to-localhost", false, 422, "url_blocked", "redirected"},
		{"redirect to a mapped loopback", "http://media.example/to-mapped", false, 422, "url_blocked", "redirected"},
		{"redirect to a decimal loopback", "http://media.example/to-decimal", false, 422, "url_blocked", "redirected"},
		{"redirect with user-info", "http://media.example/to-userinfo", false, 422, "url_blocked", "redirected"},
		{"redirect to file:", "http://media.example/to-file", false, 422, "url_blocked", "redirected"},
		{"redirect to cloud metadata", "http://media.example/to-metadata", false, 422, "url_blocked", "redirected"},
		{"file: scheme", "file:///etc/passwd", false, 422, "url_blocked", `scheme "file" is not allowed`},
		{"gopher: scheme", "gopher://" + loop + "/_x", false, 422, "url_blocked", `scheme "gopher" is not allowed`},
		{"ftp: scheme", "ftp://" + loop + "/a.mp4", false, 422, "url_blocked", `scheme "ftp" is not allowed`},
		{"user-info naming a public host before loopback", "http://media.example@" + loop + "/a.mp4", false, 422, "url_blocked", "user-info"},
		{"user and password", "http://user:pass@media.example/a.mp4", false, 422, "url_blocked", "user-info"},
		{"fragment trick", "http://" + loop + "#@media.example/a.mp4", false, 422, "url_blocked", "loopback address"},
		{"endless body", "http://media.example/endless.mp4", false, 422, "url_budget_exceeded", "budget of 2097152 bytes"},
		{"lying Content-Length", "http://media.example/lying.mp4", false, 502, "url_fetch_failed", "origin"},
		{"origin that never answers", "http://media.example/silent.mp4", false, 504, "url_timeout", "within the server's limit of 1s"},
		{"playlist without allow_manifests", "http://media.example/loopback-segment.m3u8", false, 422, "not_media", "allow_manifests"},
		{"playlist whose segment is on loopback", "http://media.example/loopback-segment.m3u8", true, 422, "url_blocked", "does not fetch"},
		{"playlist whose segment is a file: URL", "http://media.example/file-segment.m3u8", true, 422, "url_blocked", "does not fetch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.Client.PostJSON("/api/v1/analyses", map[string]any{"url": tt.url, "allow_manifests": tt.manifests})
			var body struct {
				Error struct{ Message string } `json:"error"`
			}
			res.JSON(t, &body)
			if res.StatusCode != tt.wantStatus || res.ErrorCode() != tt.wantCode || !strings.Contains(body.Error.Message, tt.wantM) {
				t.Errorf("= %d %s %q, want %d %s saying %q", res.StatusCode, res.ErrorCode(), body.Error.Message, tt.wantStatus, tt.wantCode, tt.wantM)
			}
			if !strings.Contains(tt.url, "127.0.0.1") && !strings.Contains(tt.url, "::1") && strings.Contains(body.Error.Message, "127.0.0.1") {
				t.Errorf("the message names an address the client did not send: %s", body.Error.Message)
			}
		})
	}
	if n := silent.accepted.Load() + silent6.accepted.Load(); n != 0 {
		t.Errorf("the loopback listeners accepted %d connections", n)
	}
	if fileCanary.WasOpened() {
		t.Errorf("the file a playlist segment named was opened")
	}
	if strays := internet.strays(); len(strays) != 0 {
		t.Errorf("the server asked the test network for %v", strays)
	}
	if n := s.countAnalyses(t); n != 0 {
		t.Errorf("%d analyses stored", n)
	}
}
