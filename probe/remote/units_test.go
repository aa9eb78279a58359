package remote

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestFFprobeInput(t *testing.T) {
	u := "http://127.0.0.1:4567/0123abcd/0/clip.mp4"
	got := FFprobeInput(u, 30*time.Second)
	want := []string{"-protocol_whitelist", "http,tcp", "-http_proxy", "http://127.0.0.1:4567",
		"-rw_timeout", "30000000", "-recv_buffer_size", "32768", u}
	if !slices.Equal(got, want) {
		t.Errorf("FFprobeInput = %q,\nwant %q", got, want)
	}
}

func TestFFprobeEnv(t *testing.T) {
	env := []string{"PATH=/usr/bin", "no_proxy=*", "NO_PROXY=internal.example", "http_proxy=http://p:3128", "HTTPS_PROXY=x", "LANG=C"}
	if got := FFprobeEnv(env); !slices.Equal(got, []string{"PATH=/usr/bin", "LANG=C"}) {
		t.Errorf("FFprobeEnv = %q", got)
	}
}

func TestSniffKind(t *testing.T) {
	tests := []struct {
		name string
		head string
		want contentKind
	}{
		{"HLS", "#EXTM3U\n#EXT-X-VERSION:3\n", hlsPlaylist},
		{"HLS after a byte-order mark and blank lines", "\xef\xbb\xbf\r\n#EXTM3U\n", hlsPlaylist},
		{"DASH", `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011">`, dashManifest},
		{"DASH in lower case", `<mpd>`, dashManifest},
		{"MP4", "\x00\x00\x00\x20ftypisom", media},
		{"EXTM3U later in the file", "ID3\x03#EXTM3U", media},
		{"text", "hello", media},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sniffKind([]byte(tt.head)); got != tt.want {
				t.Errorf("sniffKind(%q) = %v, want %v", tt.head, got, tt.want)
			}
		})
	}
}

func TestDisplayName(t *testing.T) {
	tests := map[string]string{
		"https://h/a/b/clip.mp4?sig=1":          "clip.mp4",
		"https://h/a/b/":                        "input",
		"https://h":                             "input",
		"https://h/%2e%2e":                      "input",
		"https://h/x/-show_data%20.mp4":         "-show_data.mp4",
		"https://h/x/a%3Bb|c.ts":                "abc.ts",
		"https://h/" + strings.Repeat("a", 200): strings.Repeat("a", 80),
	}
	for raw, want := range tests {
		if got := displayName(mustParse(t, raw)); got != want {
			t.Errorf("displayName(%s) = %q, want %q", raw, got, want)
		}
	}
}

func TestBudgetReader(t *testing.T) {
	b := &budget{max: 10}
	got, err := io.ReadAll(b.reader(strings.NewReader("0123456789")))
	if err != nil || string(got) != "0123456789" || b.used.Load() != 10 {
		t.Fatalf("reading exactly the budget: %q, %v, used %d", got, err, b.used.Load())
	}
	got, err = io.ReadAll(b.reader(strings.NewReader("more")))
	if !errors.Is(err, ErrBudgetExceeded) || len(got) > 1 {
		t.Fatalf("reading past the budget: %q, %v", got, err)
	}
	if err := b.reserve(1); !errors.Is(err, ErrBudgetExceeded) {
		t.Errorf("reserve past the budget: %v", err)
	}
}

func TestPrefixRoutesStayOnTheirOrigin(t *testing.T) {
	s := bareSession(nil)
	served := s.prefixURL("https://cdn.example")
	id := strings.TrimPrefix(served, s.srv.base+"/TOKEN/")
	for _, rest := range []string{"a/b.m4s", "/evil.example/x", "..%2f..%2fx", "@evil.example/x", "%2F%2Fevil.example/x"} {
		target, err := s.resolve(id, rest, "q=1")
		if err != nil || !strings.HasPrefix(target, "https://cdn.example/") {
			t.Errorf("resolve(%q) = %q, %v; want a URL on https://cdn.example", rest, target, err)
		}
	}
	if _, err := s.resolve("99", "x", ""); err == nil {
		t.Error("an unknown route resolved")
	}
}
