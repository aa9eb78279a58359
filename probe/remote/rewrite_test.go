package remote

import (
	"bytes"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/rewrite")

// marked shows which parts of a manifest the rewriter takes for URIs.
func marked(ref string) string { return "[[" + ref + "]]" }

func TestRewriteGolden(t *testing.T) {
	tests := []struct {
		input   string
		rewrite func([]byte, func(string) string) []byte
	}{
		{"master.m3u8", rewriteHLS},
		{"media.m3u8", rewriteHLS},
		{"manifest.mpd", rewriteDASH},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", "rewrite", tt.input))
			if err != nil {
				t.Fatal(err)
			}
			got := tt.rewrite(in, marked)
			golden := filepath.Join("testdata", "rewrite", tt.input+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("rewrite of %s differs from %s:\n%s", tt.input, golden, got)
			}
			if identity := tt.rewrite(in, func(s string) string { return s }); tt.input != "media.m3u8" && tt.input != "master.m3u8" && !bytes.Equal(identity, in) {
				t.Errorf("an identity rewrite of %s changed it", tt.input)
			}
		})
	}
}

// bareSession is a session with a fixed token on a server that does not
// listen, for tests of the URL mapping.
func bareSession(checkURL func(string) (*url.URL, error)) *Session {
	srv := &Server{base: "http://127.0.0.1:1", cfg: Config{CheckURL: checkURL}}
	return &Session{srv: srv, token: "TOKEN", routes: map[string]route{}, routeIDs: map[string]string{}, aliases: map[string]string{}}
}

// routeOf returns the route a content-server URL of s stands for.
func routeOf(t *testing.T, s *Session, served string) route {
	t.Helper()
	rest, ok := strings.CutPrefix(served, s.srv.base+"/TOKEN/")
	if !ok {
		t.Fatalf("%q is not a URL of the session", served)
	}
	id, _, _ := strings.Cut(rest, "/")
	return s.routes[id]
}

func TestHLSReferences(t *testing.T) {
	denyOther := func(raw string) (*url.URL, error) {
		u, err := bareSession(nil).srv.checkURL(raw)
		if err == nil && u.Hostname() == "denied.example" {
			return nil, ErrInvalidURL
		}
		return u, err
	}
	s := bareSession(denyOther)
	base := mustParse(t, "https://cdn.example/a/b/master.m3u8?sig=1")
	tests := []struct {
		ref, target string // target "" means refused
	}{
		{"media.m3u8", "https://cdn.example/a/b/media.m3u8"},
		{"../x/seg.ts?t=2", "https://cdn.example/a/x/seg.ts?t=2"},
		{"/root.ts", "https://cdn.example/root.ts"},
		{"//other.example/s.ts", "https://other.example/s.ts"},
		{"http://other.example:8080/s.ts", "http://other.example:8080/s.ts"},
		{"https://denied.example/s.ts", ""},
		{"file:///etc/passwd", ""},
		{"data:video/mp2t;base64,AAAA", ""},
		{"skd://key", ""},
		{"http://user@other.example/s.ts", ""},
	}
	mapRef := s.hlsReference(base)
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			served := mapRef(tt.ref)
			rt := routeOf(t, s, served)
			switch {
			case tt.target == "" && rt.kind != refusedRoute:
				t.Errorf("%q maps to %v, want refused", tt.ref, rt)
			case tt.target != "" && (rt.kind != exactRoute || rt.target != tt.target):
				t.Errorf("%q maps to %v, want %s", tt.ref, rt, tt.target)
			case strings.Contains(served, "sig") || strings.Contains(served, "t=2"):
				t.Errorf("%q is served as %s, which shows the query", tt.ref, served)
			}
		})
	}
}

func TestDASHReferences(t *testing.T) {
	s := bareSession(nil)
	base := mustParse(t, "https://origin.example/live/manifest.mpd?x=1")
	tests := []struct {
		ref    string
		origin string // prefix route target; "" refused; "=" unchanged
		rest   string // what follows the route in the served URL
	}{
		{"chunk-$Number$.m4s", "=", ""},
		{"../up/x.m4s", "=", ""},
		{"/root/init.mp4", "https://origin.example", "/root/init.mp4"},
		{"//cdn3.example/a/1.m4s", "https://cdn3.example", "/a/1.m4s"},
		{"https://cdn2.example/v/$RepresentationID$/$Number%05d$.m4s?a=1&b=2", "https://cdn2.example", "/v/$RepresentationID$/$Number%05d$.m4s?a=1&b=2"},
		{"HTTP://CDN4.example:8080", "http://cdn4.example:8080", "/"},
		{"ftp://files.example/a/2.m4s", "", ""},
		{"javascript:alert(1)", "", ""},
	}
	mapRef := s.dashReference(base)
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			served := mapRef(tt.ref)
			if tt.origin == "=" {
				if served != tt.ref {
					t.Errorf("%q became %q, want it unchanged", tt.ref, served)
				}
				return
			}
			rt := routeOf(t, s, served)
			switch {
			case tt.origin == "" && rt.kind != refusedRoute:
				t.Errorf("%q maps to %v, want refused", tt.ref, rt)
			case tt.origin != "" && (rt.kind != prefixRoute || !strings.EqualFold(rt.target, tt.origin) || !strings.HasSuffix(served, tt.rest)):
				t.Errorf("%q maps to %v as %s, want a prefix route for %s ending in %s", tt.ref, rt, served, tt.origin, tt.rest)
			}
		})
	}
}
